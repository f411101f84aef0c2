// Which substrings may become unigram pieces, after sentencepiece's TrainerInterface::IsValidSentencePiece:
// at most `maxPieceLength` characters, "▁" only at the start (split by whitespace), no character
// class change inside the piece (scripts: Latin, Greek, Cyrillic, ...; Han, Hiragana and Katakana
// count as one; digits apart from everything when `splitByNumber`). Punctuation and symbols form the
// class "common" and, as in sentencepiece, do not join letters.
import { SPACE_SYMBOL } from './sentencepiece-normalizer.ts';

const SCRIPTS: [string, RegExp][] = [
  ['latin', /\p{Script=Latin}/u],
  ['greek', /\p{Script=Greek}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['cjk', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
  ['thai', /\p{Script=Thai}/u],
];
const DIGIT = /\p{Nd}/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const classCache = new Map<string, string>();

export function characterClass(ch: string, splitByNumber: boolean): string {
  const key = splitByNumber ? ch : `${ch}\u0000`;
  let c = classCache.get(key);
  if (c === undefined) {
    if (DIGIT.test(ch)) c = splitByNumber ? 'number' : 'common';
    else {
      c = 'common';
      for (const [name, re] of SCRIPTS) if (re.test(ch)) { c = name; break; }
      if (c === 'common' && LETTER_OR_MARK.test(ch)) c = 'other-letter';
    }
    classCache.set(key, c);
  }
  return c;
}

/** Whether `chars` (code points of a candidate piece) may be a piece. */
export function isValidPiece(chars: readonly string[], maxPieceLength: number, splitByNumber: boolean): boolean {
  if (chars.length === 0 || chars.length > maxPieceLength) return false;
  let previous: string | undefined;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === SPACE_SYMBOL) {
      if (i > 0) return false;
      continue;
    }
    const c = characterClass(ch, splitByNumber);
    if (previous !== undefined && c !== previous) return false;
    previous = c;
  }
  return true;
}
