// Per-sample weights, scikit-learn's `sample_weight` argument of fit: passed here as
// `fit(X, y, { sampleWeight })` beside the signal and progress callback. Every estimator that takes
// them reads them through sampleWeightsOf, so they are checked the same way (before any work).
import { ArgumentError, ShapeError } from '@neurite/tensor';
import type { FitOptions } from './protocol.ts';

/** fit's options with per-sample weights (scikit-learn's sample_weight). */
export interface WeightedFitOptions extends FitOptions {
  /** One finite weight >= 0 per sample, not all 0 (default: all 1). */
  sampleWeight?: ArrayLike<number>;
}

/** Checked sample weights (finite, >= 0, positive sum) or all ones. */
export function sampleWeightsOf(weights: ArrayLike<number> | undefined, rows: number, what: string): Float64Array {
  const out = new Float64Array(rows);
  if (weights === undefined) return out.fill(1);
  if (weights === null || typeof weights !== 'object' || weights.length !== rows) throw new ShapeError(`${what}: sampleWeight must hold ${rows} numbers, one per sample`);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const w = weights[i];
    if (typeof w !== 'number' || !(w >= 0) || !Number.isFinite(w)) throw new ArgumentError(`${what}: sampleWeight[${i}] is ${String(w)}, expected a finite number >= 0`);
    out[i] = w;
    total += w;
  }
  if (!(total > 0)) throw new ArgumentError(`${what}: sampleWeight sums to 0`);
  return out;
}

/** The weights when given, else null (estimators whose unweighted path stays exactly as it was). */
export function optionalSampleWeights(options: WeightedFitOptions | undefined, rows: number, what: string): Float64Array | null {
  return options?.sampleWeight === undefined ? null : sampleWeightsOf(options.sampleWeight, rows, what);
}
