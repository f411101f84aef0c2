// logitsToKeep (Hugging Face's logits_to_keep): a causal LM head projects only the last N positions
// of the hidden states [B, T, D] onto the vocabulary; 0 keeps all.
import { ArgumentError, slice, type Tensor } from '@neurite/tensor';

export function checkLogitsToKeep(value: unknown, what: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new ArgumentError(`${what}: logitsToKeep must be an integer >= 0, got ${String(value)}`);
  return value;
}

/** The last `keep` positions of hidden states [B, T, D] (all of them when keep is 0 or >= T). */
export function lastPositions(hidden: Tensor, keep: number): Tensor {
  const t = hidden.shape[1]!;
  return keep === 0 || keep >= t ? hidden : slice(hidden, [null, { start: t - keep, stop: t }]);
}
