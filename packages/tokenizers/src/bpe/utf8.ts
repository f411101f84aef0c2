/**
 * UTF-8 encoding of a UTF-16 string range into a caller-owned buffer, exactly as TextEncoder does:
 * a lone surrogate becomes U+FFFD (EF BF BD).
 */

/** Upper bound of the UTF-8 length of `length` UTF-16 code units. */
export function maxUtf8Length(length: number): number {
  return length * 3;
}

/**
 * Writes the UTF-8 bytes of text[start, end) to out[0..] and returns the byte count.
 * `out` must hold at least maxUtf8Length(end - start) bytes.
 */
export function encodeUtf8Into(text: string, start: number, end: number, out: Uint8Array): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
    } else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < end ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          out[n++] = 0xf0 | (cp >> 18);
          out[n++] = 0x80 | ((cp >> 12) & 0x3f);
          out[n++] = 0x80 | ((cp >> 6) & 0x3f);
          out[n++] = 0x80 | (cp & 0x3f);
          i++;
          continue;
        }
        c = 0xfffd;
      }
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return n;
}

/**
 * Byte offset -> UTF-16 offset inside text[start, end): fills `utf16At` so that utf16At[b] is the
 * UTF-16 index (absolute) of the character that contains byte b, and utf16At[byteCount] = end.
 */
export function utf16IndexOfBytes(text: string, start: number, end: number, utf16At: Uint32Array): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    let len: number;
    let units = 1;
    if (c < 0x80) len = 1;
    else if (c < 0x800) len = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        len = 4;
        units = 2;
      } else len = 3;
    } else len = 3;
    for (let k = 0; k < len; k++) utf16At[n++] = i;
    i += units - 1;
  }
  utf16At[n] = end;
  return n;
}
