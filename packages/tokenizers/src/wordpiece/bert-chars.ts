/**
 * Character classes of BERT's BasicTokenizer (Google's tokenization.py, as Hugging Face's
 * BertNormalizer and BertPreTokenizer implement them).
 */

const CONTROL = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/u;
const WHITESPACE = /\p{White_Space}/u;
const PUNCTUATION = /\p{P}/u;

/** Whitespace: space, tab, line breaks and the Unicode White_Space property. */
export function isBertWhitespace(cp: number): boolean {
  if (cp === 0x20 || cp === 0x09 || cp === 0x0a || cp === 0x0d) return true;
  if (cp < 0x80) return false;
  return WHITESPACE.test(String.fromCodePoint(cp));
}

/** Control characters (removed by clean-text); tab and line breaks count as whitespace instead. */
export function isBertControl(cp: number): boolean {
  if (cp === 0x09 || cp === 0x0a || cp === 0x0d) return false;
  if (cp < 0x20 || cp === 0x7f) return true;
  if (cp < 0x80) return false;
  return CONTROL.test(String.fromCodePoint(cp));
}

/** Punctuation: every non-alphanumeric printable ASCII character, and Unicode category P. */
export function isBertPunctuation(cp: number): boolean {
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
  if (cp < 0x80) return false;
  return PUNCTUATION.test(String.fromCodePoint(cp));
}

/** CJK Unified Ideographs (the blocks BERT surrounds with spaces; not Hiragana, Katakana or Hangul). */
export function isCjkIdeograph(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}
