/**
 * Splits a long text into chunks that every tokenizer of this worker encodes (and counts words of)
 * exactly as it does the whole text, so the tokenizer jobs can check for cancellation between
 * chunks instead of running one unbounded synchronous call.
 *
 * A chunk ends only just before an ASCII space that sits between an ASCII letter or digit and an
 * ASCII letter ("word| word"). No pre-tokenizer match crosses that point: the GPT-2 (r50k), cl100k
 * and o200k split patterns end a letter, digit or contraction run at a space and start the next
 * match with " word" (none of them has a lookbehind, and the only lookahead, `\s+(?!\S)`, is not
 * involved next to a letter or digit); BERT's pre-tokenizer splits at every space. Special tokens of
 * the shipped and trained tokenizers contain no spaces, so none is cut either. A text without such a
 * point for a long stretch (one giant word, text without spaces) stays in one longer chunk.
 */

/** UTF-16 code units a chunk reaches before it looks for its end. */
export const CHUNK_CHARS = 1 << 16;

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The first safe split point at or after `from` (a space's index), or text.length. */
export function nextSplit(text: string, from: number): number {
  for (let i = Math.max(from, 1); i + 1 < text.length; i++) {
    if (text.charCodeAt(i) !== 0x20) continue;
    const before = text.charCodeAt(i - 1);
    if ((isAsciiLetter(before) || isAsciiDigit(before)) && isAsciiLetter(text.charCodeAt(i + 1))) return i;
  }
  return text.length;
}

/** [start, end) of each chunk, in order; at least CHUNK_CHARS long except the last. */
export function* textChunks(text: string, chunkChars: number = CHUNK_CHARS): Generator<[number, number]> {
  let start = 0;
  while (start < text.length) {
    const end = nextSplit(text, start + chunkChars);
    yield [start, end];
    start = end;
  }
}
