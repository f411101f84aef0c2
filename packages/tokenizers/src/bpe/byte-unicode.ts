/**
 * GPT-2's reversible byte <-> unicode mapping (the `bytes_to_unicode` table of OpenAI's encoder.py,
 * also used by Hugging Face's ByteLevel pre-tokenizer): printable Latin-1 bytes ('!'..'~', '¡'..'¬',
 * '®'..'ÿ') map to the same code point; the 68 others map, in byte order, to U+0100, U+0101, ...
 * Token strings in encoder.json / vocab.bpe / tokenizer.json are written in this alphabet.
 */

function buildByteToChar(): string[] {
  const table: string[] = new Array(256);
  let next = 256;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    table[b] = String.fromCharCode(printable ? b : next++);
  }
  return table;
}

/** BYTE_TO_CHAR[b] is the one-character string that stands for byte b. */
export const BYTE_TO_CHAR: readonly string[] = buildByteToChar();

const CHAR_TO_BYTE: ReadonlyMap<number, number> = new Map(BYTE_TO_CHAR.map((ch, b) => [ch.charCodeAt(0), b]));

/** Bytes -> GPT-2 unicode token string. */
export function bytesToUnicode(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += BYTE_TO_CHAR[bytes[i]! & 0xff];
  return out;
}

/**
 * GPT-2 unicode token string -> bytes, or undefined when a character is outside the 256-character
 * alphabet (the caller reports which file and entry).
 */
export function unicodeToBytes(token: string): Uint8Array | undefined {
  const out = new Uint8Array(token.length);
  for (let i = 0; i < token.length; i++) {
    const b = CHAR_TO_BYTE.get(token.charCodeAt(i));
    if (b === undefined) return undefined;
    out[i] = b;
  }
  return out;
}
