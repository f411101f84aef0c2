/**
 * Whitespace pre-tokenization as Hugging Face's `Whitespace` and `WhitespaceSplit` define it, with
 * Rust regex's Unicode classes: a word character (`\w`) is Alphabetic, a mark, a decimal digit, a
 * connector punctuation or a join control; whitespace (`\s`) is the White_Space property.
 */

/** Runs of word characters, or runs of characters that are neither word characters nor spaces. */
export const WHITESPACE_WORDS = '[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]+|[^\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}\\p{White_Space}]+';

/** Runs of non-whitespace characters. */
export const WHITESPACE_SPLIT = '[^\\p{White_Space}]+';

/** A fresh global Unicode RegExp for WHITESPACE_WORDS (callers own its lastIndex). */
export function whitespaceRegExp(): RegExp {
  return new RegExp(WHITESPACE_WORDS, 'gu');
}

/** A fresh global Unicode RegExp for WHITESPACE_SPLIT. */
export function whitespaceSplitRegExp(): RegExp {
  return new RegExp(WHITESPACE_SPLIT, 'gu');
}

/** Splits `text` into pieces with their UTF-16 [start, end) offsets. */
export function splitWithOffsets(text: string, regex: RegExp): Array<{ piece: string; start: number; end: number }> {
  const out: Array<{ piece: string; start: number; end: number }> = [];
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) out.push({ piece: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}
