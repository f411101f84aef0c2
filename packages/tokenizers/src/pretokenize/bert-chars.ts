/**
 * Character classes of BERT's BasicTokenizer (Google's tokenization.py, as Hugging Face's
 * BertNormalizer and BertPreTokenizer implement them). Classes of the Basic Multilingual Plane
 * come from a table built on first use; other planes ask the Unicode property regexps.
 */

// Unassigned code points (Cn) are not treated as control characters: Hugging Face keeps them.
const CONTROL_RE = /[\p{Cc}\p{Cf}\p{Co}]/u;
const WHITESPACE_RE = /\p{White_Space}/u;
const PUNCTUATION_RE = /\p{P}/u;

export const WHITESPACE = 1;
export const CONTROL = 2;
export const PUNCTUATION = 4;
export const CJK = 8;

let table: Uint8Array | undefined;

function classifySlow(cp: number): number {
  if (cp >= 0xd800 && cp <= 0xdfff) return 0; // a lone surrogate: kept as an ordinary character
  const ch = String.fromCodePoint(cp);
  let c = 0;
  // Hugging Face's BertNormalizer tests control before whitespace, so U+000B, U+000C and U+0085
  // (both) are removed; tab and line breaks are whitespace only.
  if (cp === 0x09 || cp === 0x0a || cp === 0x0d || WHITESPACE_RE.test(ch)) c |= WHITESPACE;
  if (cp !== 0x09 && cp !== 0x0a && cp !== 0x0d && CONTROL_RE.test(ch)) c |= CONTROL;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126) || PUNCTUATION_RE.test(ch)) c |= PUNCTUATION;
  if (isCjkIdeograph(cp)) c |= CJK;
  return c;
}

let ascii: Uint8Array | undefined;

/** Bit set of WHITESPACE, CONTROL, PUNCTUATION and CJK for a code point. */
export function bertClass(cp: number): number {
  if (cp < 0x80) {
    if (ascii === undefined) {
      ascii = new Uint8Array(0x80);
      for (let i = 0; i < 0x80; i++) ascii[i] = classifySlow(i);
    }
    return ascii[cp]!;
  }
  if (cp < 0x10000) {
    if (table === undefined) {
      table = new Uint8Array(0x10000);
      for (let i = 0; i < 0x10000; i++) table[i] = classifySlow(i);
    }
    return table[cp]!;
  }
  return classifySlow(cp);
}

/** Whitespace: space, tab, line breaks and the Unicode White_Space property. */
export function isBertWhitespace(cp: number): boolean {
  return (bertClass(cp) & WHITESPACE) !== 0;
}

/** Control characters (removed by clean-text); tab and line breaks count as whitespace instead. */
export function isBertControl(cp: number): boolean {
  return (bertClass(cp) & CONTROL) !== 0;
}

/** Punctuation: every non-alphanumeric printable ASCII character, and Unicode category P. */
export function isBertPunctuation(cp: number): boolean {
  return (bertClass(cp) & PUNCTUATION) !== 0;
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
