// Word tokens and word n-grams as scikit-learn's text vectorizers make them (analyzer 'word'):
// lower-case (String.prototype.toLowerCase: full Unicode case mapping, as Python's str.lower for
// all but a few characters), then the runs of two or more word characters, the default
// token_pattern (?u)\b\w\w+\b, where a word character is a letter, a number or '_' (Python's \w:
// str.isalnum() or '_'; the Unicode versions of Python and of the JS engine may differ on new
// characters). Then stop words are removed and n-grams of minN..maxN tokens are joined by a space.
import { ArgumentError } from '@neurite/tensor';
import { checkBoolean, checkInteger, describe } from '../base/validate.ts';

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

/** The hyperparameters every text vectorizer shares: its output form and how it cuts documents into tokens. */
export interface TextVectorizerParams extends Record<string, unknown> {
  /** CSR (default), or a dense Matrix (the form a Pipeline step passes on). */
  output: 'sparse' | 'dense';
  lowercase: boolean;
  ngramRange: readonly [number, number];
  stopWords: readonly string[] | null;
}

/** Checks the word-token hyperparameters every text vectorizer shares (lowercase, ngramRange, stopWords). */
export function checkWordTokenParams(p: { lowercase: unknown; ngramRange: unknown; stopWords: unknown }, what: string): void {
  checkBoolean(p.lowercase, `${what}: lowercase`);
  const r = p.ngramRange;
  if (!Array.isArray(r) || r.length !== 2) throw new ArgumentError(`${what}: ngramRange must be [minN, maxN], got ${describe(r)}`);
  checkInteger(r[0], `${what}: ngramRange[0]`, 1, 64);
  checkInteger(r[1], `${what}: ngramRange[1]`, r[0] as number, 64);
  if (p.stopWords !== null && (!Array.isArray(p.stopWords) || p.stopWords.some((w) => typeof w !== 'string'))) {
    throw new ArgumentError(`${what}: stopWords must be null or an array of strings, got ${describe(p.stopWords)}`);
  }
}

/** The documents' tokens, each checked to be a string (`what` names the caller in errors). */
export function documentTokens(documents: unknown, p: { lowercase: boolean; ngramRange: readonly [number, number]; stopWords: readonly string[] | null }, what: string): string[][] {
  if (!Array.isArray(documents)) throw new ArgumentError(`${what}: expected an array of documents (strings), got ${describe(documents)}`);
  const stopWords = p.stopWords ? new Set(p.stopWords) : null;
  return documents.map((d: unknown, i) => {
    if (typeof d !== 'string') throw new ArgumentError(`${what}: document ${i} is ${describe(d)}, expected a string`);
    return wordTokens(d, { lowercase: p.lowercase, ngramRange: p.ngramRange, stopWords });
  });
}
