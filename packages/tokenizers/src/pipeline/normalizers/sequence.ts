import type { Normalizer } from './normalizer.ts';

/** Hugging Face's Sequence normalizer: each stage in turn. */
export function normalizerSequence(normalizers: readonly Normalizer[]): Normalizer {
  return (input) => normalizers.reduce((n, f) => f(n), input);
}
