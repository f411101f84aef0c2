// Word tokens and word n-grams as scikit-learn's text vectorizers make them (analyzer 'word'):
// lower-case (String.prototype.toLowerCase: full Unicode case mapping, as Python's str.lower for
// all but a few characters), then the runs of two or more word characters, the default
// token_pattern (?u)\b\w\w+\b, where a word character is a letter, a number or '_' (Python's \w:
// str.isalnum() or '_'; the Unicode versions of Python and of the JS engine may differ on new
// characters). Then stop words are removed and n-grams of minN..maxN tokens are joined by a space.
import { ArgumentError } from '@neurite/tensor';
import { describe } from '../base/validate.ts';

const WORD_RUN = /[\p{L}\p{N}_]{2,}/gu;

export interface WordTokenOptions {
  lowercase?: boolean;
  /** Tokens removed before n-grams are formed. */
  stopWords?: ReadonlySet<string> | null;
  /** [minN, maxN] with 1 <= minN <= maxN (default [1, 1]). */
  ngramRange?: readonly [number, number];
}

export function wordTokens(text: string, options: WordTokenOptions = {}): string[] {
  if (typeof text !== 'string') throw new ArgumentError(`wordTokens: text must be a string, got ${describe(text)}`);
  const source = options.lowercase === false ? text : text.toLowerCase();
  let tokens: string[] = source.match(WORD_RUN) ?? [];
  const stop = options.stopWords;
  if (stop) tokens = tokens.filter((t) => !stop.has(t));
  const [minN, maxN] = options.ngramRange ?? [1, 1];
  if (maxN === 1) return tokens;
  const out: string[] = minN === 1 ? tokens.slice() : [];
  const n = tokens.length;
  for (let k = Math.max(minN, 2); k <= Math.min(maxN, n); k++) {
    for (let i = 0; i + k <= n; i++) out.push(tokens.slice(i, i + k).join(' '));
  }
  return out;
}
