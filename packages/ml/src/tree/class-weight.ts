// Class weights as scikit-learn's compute_class_weight / compute_sample_weight apply them: 'balanced'
// gives class k the weight n / (K * count_k); a map gives each named class its weight (others 1).
// Each sample's weight is multiplied by its class's weight.
import { ArgumentError } from '@neurite/tensor';

/** null, 'balanced', or weights by class label (numbers written as strings: { '0': 1, '1': 5 }). */
export type ClassWeight = 'balanced' | Readonly<Record<string, number>> | null;

export function checkClassWeight(value: unknown, what: string, extra: readonly string[] = []): void {
  if (value === null || value === 'balanced' || extra.includes(value as string)) return;
  if (typeof value !== 'object' || Array.isArray(value)) throw new ArgumentError(`${what} must be null, 'balanced'${extra.map((e) => `, '${e}'`).join('')} or a map from class to weight, got ${String(value)}`);
  for (const [label, w] of Object.entries(value as Record<string, unknown>)) {
    if (typeof w !== 'number' || !(w >= 0) || !Number.isFinite(w)) throw new ArgumentError(`${what}: the weight of class ${label} must be a finite number >= 0, got ${String(w)}`);
  }
}

/**
 * Multiplies `weights` in place by the class weights of `classWeight` for labels `y` (class
 * indices into `classes`). 'balanced' counts the samples given by `counts` (each sample once when
 * null): a class absent from them gets weight 0, as scikit-learn's subsample weights do.
 */
export function applyClassWeight(weights: Float64Array, y: Int32Array, classes: readonly (number | string)[], classWeight: ClassWeight, counts: Float64Array | null = null): void {
  if (classWeight === null) return;
  const K = classes.length;
  const perClass = new Float64Array(K).fill(1);
  if (classWeight === 'balanced') {
    const tally = new Float64Array(K);
    let total = 0;
    for (let i = 0; i < y.length; i++) {
      const c = counts === null ? 1 : counts[i]!;
      tally[y[i]!]! += c;
      total += c;
    }
    let present = 0;
    for (let k = 0; k < K; k++) if (tally[k]! > 0) present++;
    for (let k = 0; k < K; k++) perClass[k] = tally[k]! > 0 ? total / (present * tally[k]!) : 0;
  } else {
    classes.forEach((label, k) => {
      const w = classWeight[String(label)];
      if (w !== undefined) perClass[k] = w;
    });
  }
  for (let i = 0; i < y.length; i++) weights[i]! *= perClass[y[i]!]!;
}
