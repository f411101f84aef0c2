/** Strict standard base64 (RFC 4648 section 4, '=' padding optional) without platform helpers. */

const VALUE = new Int8Array(128).fill(-1);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
for (let i = 0; i < 64; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

/** Decoded size of text[start, end), or -1 when it is not valid base64. */
export function base64Length(text: string, start: number, end: number): number {
  while (end > start && text.charCodeAt(end - 1) === 61) end--;
  const n = end - start;
  if (n % 4 === 1) return -1;
  return (n >> 2) * 3 + ((n & 3) === 0 ? 0 : (n & 3) - 1);
}

/**
 * Decodes text[start, end) into out[at..] and returns the byte count, or -1 when a character is not
 * in the alphabet or the padding is wrong.
 */
export function decodeBase64Into(text: string, start: number, end: number, out: Uint8Array, at: number): number {
  let pad = 0;
  while (end > start && text.charCodeAt(end - 1) === 61 && pad < 2) {
    end--;
    pad++;
  }
  const n = end - start;
  if (n % 4 === 1 || (pad > 0 && (n + pad) % 4 !== 0)) return -1;
  let o = at;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const a = valueAt(text, i);
    const b = valueAt(text, i + 1);
    const c = valueAt(text, i + 2);
    const d = valueAt(text, i + 3);
    if ((a | b | c | d) < 0) return -1;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 0xff;
    out[o++] = v & 0xff;
  }
  const rest = end - i;
  if (rest >= 2) {
    const a = valueAt(text, i);
    const b = valueAt(text, i + 1);
    const c = rest === 3 ? valueAt(text, i + 2) : 0;
    if ((a | b | c) < 0) return -1;
    out[o++] = (a << 2) | (b >> 4);
    if (rest === 3) out[o++] = ((b & 15) << 4) | (c >> 2);
  }
  return o - at;
}

function valueAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? VALUE[c]! : -1;
}

/** Standard base64 with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + ALPHABET[v & 63]!;
  }
  if (bytes.length - i === 1) {
    const v = bytes[i]! << 16;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + '==';
  } else if (bytes.length - i === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + '=';
  }
  return out;
}
