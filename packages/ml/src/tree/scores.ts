// The default scores of scikit-learn's ClassifierMixin and RegressorMixin.
import { ArgumentError } from '@neurite/tensor';
import type { Labels } from '../base/protocol.ts';

/** Fraction of predictions equal to the labels. */
export function accuracy(predicted: ArrayLike<number | string>, y: Labels): number {
  if (y.length !== predicted.length) throw new ArgumentError(`score: ${y.length} labels for ${predicted.length} samples`);
  let hits = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === y[i]) hits++;
  return hits / predicted.length;
}

/** Coefficient of determination R^2 = 1 - SS_res / SS_tot (1 for a perfect fit; 0 when SS_tot is 0 and the fit is not perfect, as scikit-learn's r2_score). */
export function r2Score(predicted: ArrayLike<number>, y: ArrayLike<number>): number {
  if (y.length !== predicted.length) throw new ArgumentError(`score: ${y.length} targets for ${predicted.length} samples`);
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i]!;
  mean /= y.length;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < y.length; i++) {
    res += (y[i]! - predicted[i]!) ** 2;
    tot += (y[i]! - mean) ** 2;
  }
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}
