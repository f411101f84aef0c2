// The penalised log-loss of logistic regression (scikit-learn's objective divided by C S):
//   F(W, b) = (1/S) sum_i s_i l_i + (1 - rho) / (2 C S) ||W||^2 + rho / (C S) ||W||_1,
// S = sum_i s_i (sample weights from classWeight), rho the L1 share. Binary problems have one
// weight row and l_i = log(1 + e^z) - y z with z = x.w + b; multinomial problems one row per class
// and l_i = logsumexp(z) - z_{y_i} (scikit-learn's symmetric softmax parametrisation; the penalty
// makes it identifiable). The intercept is never penalised. The smooth part (L2 only) is what
// L-BFGS minimises here; the L1 part is SAGA's proximal step (./saga.ts).
// Parameters are laid out row by row: row c is [w_c (d values), b_c (when fitIntercept)].
import type { ResidentMatrix } from '../base/dense-products.ts';

export interface LogisticProblem {
  x: ResidentMatrix;
  /** Class index of each sample (binary: 0 or 1). */
  targets: Int32Array;
  /** s_i (1 without class weights). */
  sampleWeights: Float64Array;
  /** Rows of W: 1 for binary problems, the number of classes otherwise. */
  rows: number;
  fitIntercept: boolean;
  /** The L2 coefficient of the scaled objective, (1 - rho) / (C S). */
  l2: number;
}

/** Splits a parameter vector into W (rows x d) and b (rows). */
export function splitParameters(params: Float64Array, rows: number, d: number, fitIntercept: boolean): { w: Float64Array; b: Float64Array } {
  const stride = d + (fitIntercept ? 1 : 0), w = new Float64Array(rows * d), b = new Float64Array(rows);
  for (let c = 0; c < rows; c++) {
    w.set(params.subarray(c * stride, c * stride + d), c * d);
    if (fitIntercept) b[c] = params[c * stride + d]!;
  }
  return { w, b };
}

/** log(1 + e^z) without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Softmax of each row of k scores, in place (max-subtracted). */
export function softmaxRows(scores: Float64Array, k: number): void {
  const n = scores.length / k;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, scores[i * k + c]!);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(scores[i * k + c]! - max);
      scores[i * k + c] = e;
      sum += e;
    }
    for (let c = 0; c < k; c++) scores[i * k + c]! /= sum;
  }
}

/**
 * Value and gradient of the smooth objective (log-loss plus L2) at `params`: one product X W^T for
 * the scores, one pass over them (softmax with one exponential per score, the loss, the residuals
 * p - y scaled by s_i / S and their column sums, the intercept gradient), and one product G^T X.
 */
export function logisticObjective(problem: LogisticProblem, params: Float64Array): { value: number; gradient: Float64Array } {
  const { x, targets, sampleWeights, rows, fitIntercept, l2 } = problem;
  const n = x.rows, d = x.cols, stride = d + (fitIntercept ? 1 : 0);
  const { w, b } = splitParameters(params, rows, d, fitIntercept);
  const scores = x.timesTransposed(w, rows);
  let total = 0;
  for (let i = 0; i < n; i++) total += sampleWeights[i]!;
  let loss = 0;
  const gb = new Float64Array(rows);
  // scores become the per-sample gradient of the loss wrt the scores, scaled by s_i / S.
  if (rows === 1) {
    for (let i = 0; i < n; i++) {
      const z = scores[i]! + b[0]!, y = targets[i]!, s = sampleWeights[i]! / total;
      loss += s * (softplus(z) - y * z);
      const r = s * (sigmoid(z) - y);
      scores[i] = r;
      gb[0]! += r;
    }
  } else {
    for (let i = 0, at = 0; i < n; i++, at += rows) {
      let max = -Infinity;
      for (let c = 0; c < rows; c++) {
        const z = (scores[at + c]! += b[c]!);
        if (z > max) max = z;
      }
      const y = targets[i]!, zy = scores[at + y]!;
      let sum = 0;
      for (let c = 0; c < rows; c++) {
        const e = Math.exp(scores[at + c]! - max);
        scores[at + c] = e;
        sum += e;
      }
      const s = sampleWeights[i]! / total, scale = s / sum;
      loss += s * (max + Math.log(sum) - zy);
      for (let c = 0; c < rows; c++) {
        const r = scores[at + c]! * scale - (c === y ? s : 0);
        scores[at + c] = r;
        gb[c]! += r;
      }
    }
  }
  const gw = x.transposedTimes(scores, rows);
  const gradient = new Float64Array(params.length);
  let penalty = 0;
  for (let c = 0; c < rows; c++) {
    for (let j = 0; j < d; j++) {
      const wv = w[c * d + j]!;
      penalty += wv * wv;
      gradient[c * stride + j] = gw[c * d + j]! + l2 * wv;
    }
    if (fitIntercept) gradient[c * stride + d] = gb[c]!;
  }
  return { value: loss + 0.5 * l2 * penalty, gradient };
}
