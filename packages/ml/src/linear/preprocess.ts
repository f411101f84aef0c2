// Shared steps of the least-squares family: centring X and y when an intercept is fitted (the
// intercept is then y_mean - x_mean . coef, as scikit-learn's _preprocess_data), linear
// predictions and the coefficient of determination R^2.
import type { Matrix } from '@neurite/tensor';

export interface CenteredData {
  x: Matrix;
  y: Float64Array;
  xMean: Float64Array;
  yMean: number;
}

/**
 * Copies of X and y centred column-wise when `fitIntercept`, else the inputs with zero means. With
 * sample weights the means are weighted (np.average(X, weights=w)) and the centred rows are then
 * scaled by sqrt(w_i), so that least squares on the result minimises sum_i w_i r_i^2 (scikit-learn's
 * _preprocess_data followed by _rescale_data).
 */
export function centerData(x: Matrix, y: Float64Array, fitIntercept: boolean, weights: Float64Array | null = null): CenteredData {
  const n = x.rows, d = x.cols;
  const xMean = new Float64Array(d);
  if (!fitIntercept && weights === null) return { x, y, xMean, yMean: 0 };
  const X = x.data;
  let yMean = 0;
  if (fitIntercept) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights === null ? 1 : weights[i]!;
      total += w;
      for (let j = 0; j < d; j++) xMean[j]! += w * X[i * d + j]!;
      yMean += w * y[i]!;
    }
    for (let j = 0; j < d; j++) xMean[j]! /= total;
    yMean /= total;
  }
  const xc = new Float64Array(n * d), yc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const root = weights === null ? 1 : Math.sqrt(weights[i]!);
    for (let j = 0; j < d; j++) xc[i * d + j] = (X[i * d + j]! - xMean[j]!) * root;
    yc[i] = (y[i]! - yMean) * root;
  }
  return { x: { rows: n, cols: d, data: xc }, y: yc, xMean, yMean };
}

/** intercept = y_mean - x_mean . coef. */
export function interceptOf(data: CenteredData, coef: Float64Array): number {
  let s = data.yMean;
  for (let j = 0; j < coef.length; j++) s -= data.xMean[j]! * coef[j]!;
  return s;
}

/** X coef + intercept. */
export function linearPredict(x: Matrix, coef: Float64Array, intercept: number): Float64Array {
  const n = x.rows, d = x.cols, out = new Float64Array(n), X = x.data;
  for (let i = 0; i < n; i++) {
    let s = intercept;
    for (let j = 0; j < d; j++) s += X[i * d + j]! * coef[j]!;
    out[i] = s;
  }
  return out;
}

/** R^2 = 1 - SS_res / SS_tot (scikit-learn's r2_score: 1 when both are 0, 0 when only SS_tot is 0). */
export function r2(yTrue: Float64Array, yPred: Float64Array): number {
  const n = yTrue.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]!;
  mean /= n;
  let res = 0, tot = 0;
  for (let i = 0; i < n; i++) {
    res += (yTrue[i]! - yPred[i]!) ** 2;
    tot += (yTrue[i]! - mean) ** 2;
  }
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}

/** X^T v for X (n x d). */
export function transposeTimes(x: Matrix, v: Float64Array): Float64Array {
  const n = x.rows, d = x.cols, out = new Float64Array(d), X = x.data;
  for (let i = 0; i < n; i++) {
    const vi = v[i]!;
    if (vi === 0) continue;
    for (let j = 0; j < d; j++) out[j]! += X[i * d + j]! * vi;
  }
  return out;
}

/** X^T X for X (n x d): d x d. */
export function gram(x: Matrix): Matrix {
  const n = x.rows, d = x.cols, G = new Float64Array(d * d), X = x.data;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const v = X[i * d + a]!;
      if (v === 0) continue;
      for (let b = a; b < d; b++) G[a * d + b]! += v * X[i * d + b]!;
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) G[a * d + b] = G[b * d + a]!;
  return { rows: d, cols: d, data: G };
}
