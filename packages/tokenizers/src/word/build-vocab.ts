/**
 * Vocabulary building for word-level and character-level tokenizers: count units, keep those seen
 * at least `minFrequency` times, most frequent first (ties in code-point order), after the
 * special tokens, up to `maxSize` entries.
 */
import { TokenizerArgumentError } from '../errors.ts';
import { compareCodePoints } from '../train/code-point-order.ts';

export interface BuildVocabOptions {
  /** Default 1. */
  minFrequency?: number;
  /** Largest vocabulary, special tokens included. Default unlimited. */
  maxSize?: number;
  /** First ids, in this order (include the unknown token). Default ['[UNK]']. */
  specialTokens?: readonly string[];
}

export function buildVocab(counts: ReadonlyMap<string, number>, options: BuildVocabOptions = {}): Map<string, number> {
  const minFrequency = options.minFrequency ?? 1;
  const maxSize = options.maxSize ?? Number.POSITIVE_INFINITY;
  if (!(minFrequency >= 0)) throw new TokenizerArgumentError('minFrequency', `is ${minFrequency}; expected a number >= 0`);
  if (!(maxSize >= 0)) throw new TokenizerArgumentError('maxSize', `is ${maxSize}; expected a number >= 0`);
  const vocab = new Map<string, number>();
  for (const token of options.specialTokens ?? ['[UNK]']) if (!vocab.has(token) && vocab.size < maxSize) vocab.set(token, vocab.size);
  const entries = [...counts].filter(([, c]) => c >= minFrequency);
  entries.sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0]));
  for (const [token] of entries) {
    if (vocab.size >= maxSize) break;
    if (!vocab.has(token)) vocab.set(token, vocab.size);
  }
  return vocab;
}

/** Adds one to counts[unit] for each unit `split` yields from each text. */
export function countUnits(texts: string | Iterable<string>, split: (text: string) => Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of typeof texts === 'string' ? [texts] : texts) for (const unit of split(text)) counts.set(unit, (counts.get(unit) ?? 0) + 1);
  return counts;
}
