// Newton's method with a Cholesky solve for the L2-penalised logistic loss (scikit-learn's
// 'newton-cholesky' solver; Nocedal & Wright, Numerical Optimization, 2nd ed., section 3.3 for the
// line search). Each iteration forms the exact Hessian of the objective of ./logistic-loss.ts,
//   H = Xa^T diag(s_i / S (diag(p_i) - p_i p_i^T)) Xa + l2 I (weights only, the intercepts unpenalised),
// with Xa = [X, 1] when fitIntercept (one block per pair of classes for multinomial problems), solves
// H d = -g by Cholesky and takes the largest step 2^-m satisfying Armijo's condition. It stops when
// max |g| <= tol. The null directions of the multinomial parametrisation are lifted (see hessian);
// a Hessian still not numerically positive definite (no penalty on separable data) gets the
// smallest diagonal shift 1e-12 * 10^j * trace / p that makes it so. Cost per iteration: O(n p^2) with p = classes x (features
// + 1): meant, as in scikit-learn, for many samples and few features.
import { choleskyDense, LinalgError, type Matrix } from '@neurite/tensor';
import { gemmAtB } from '../base/float64-gemm.ts';
import type { LogisticProblem } from './logistic-loss.ts';
import { logisticObjective, sigmoid, splitParameters } from './logistic-loss.ts';

export interface NewtonOptions {
  maxIter: number;
  tol: number;
  /** Called after each iteration; throwing stops the solver (e.g. an abort). */
  onIteration?: (iteration: number, value: number) => void;
}

export interface NewtonResult {
  x: Float64Array;
  nIter: number;
  converged: boolean;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** [X, 1] (or X), n x stride. */
function augmented(x: Matrix, fitIntercept: boolean): Matrix {
  if (!fitIntercept) return x;
  const n = x.rows, d = x.cols, stride = d + 1, data = new Float64Array(n * stride);
  for (let i = 0; i < n; i++) {
    data.set(x.data.subarray(i * d, (i + 1) * d), i * stride);
    data[i * stride + d] = 1;
  }
  return { rows: n, cols: stride, data };
}

/** The Hessian of the objective at `params` (p x p, p = rows x stride). */
function hessian(problem: LogisticProblem, xa: Matrix, params: Float64Array): Float64Array {
  const { sampleWeights, rows, fitIntercept, l2 } = problem;
  const n = xa.rows, stride = xa.cols, d = stride - (fitIntercept ? 1 : 0), p = rows * stride;
  const { w, b } = splitParameters(params, rows, d, fitIntercept);
  const scores = problem.x.timesTransposed(w, rows);
  let total = 0;
  for (let i = 0; i < n; i++) total += sampleWeights[i]!;
  // Probabilities: binary p_i; multinomial the softmax row.
  const k = rows === 1 ? 1 : rows, prob = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    if (rows === 1) {
      prob[i] = sigmoid(scores[i]! + b[0]!);
      continue;
    }
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, scores[i * k + c]! + b[c]!);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += (prob[i * k + c] = Math.exp(scores[i * k + c]! + b[c]! - max));
    for (let c = 0; c < k; c++) prob[i * k + c]! /= sum;
  }
  const H = new Float64Array(p * p), scaled = new Float64Array(n * stride);
  for (let c = 0; c < k; c++) {
    for (let e = c; e < k; e++) {
      for (let i = 0; i < n; i++) {
        const pc = prob[i * k + c]!, s = sampleWeights[i]! / total;
        const dii = rows === 1 ? s * pc * (1 - pc) : s * ((c === e ? pc : 0) - pc * prob[i * k + e]!);
        for (let j = 0; j < stride; j++) scaled[i * stride + j] = dii * xa.data[i * stride + j]!;
      }
      const block = gemmAtB(xa, { rows: n, cols: stride, data: scaled });
      for (let j = 0; j < stride; j++) {
        for (let l = 0; l < stride; l++) {
          const v = block[j * stride + l]!;
          H[(c * stride + j) * p + e * stride + l] = v;
          H[(e * stride + l) * p + c * stride + j] = v;
        }
      }
    }
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) H[(c * stride + j) * p + c * stride + j]! += l2;
  if (k > 1) {
    // The symmetric multinomial parametrisation leaves a null direction per unpenalised slot (the
    // intercept, and every weight without a penalty): adding one value to that slot in every class
    // changes no probability. The gradient is orthogonal to those directions, so adding mu u u^T
    // along them makes H definite without changing the step elsewhere, and keeps the slot summing to
    // 0 over the classes (the solution scikit-learn reports).
    let trace = 0;
    for (let i = 0; i < p; i++) trace += H[i * p + i]!;
    const mu = Math.max(trace / p, 1e-12) / k;
    for (let j = l2 > 0 ? d : 0; j < stride; j++) {
      for (let c = 0; c < k; c++) for (let e = 0; e < k; e++) H[(c * stride + j) * p + e * stride + j]! += mu;
    }
  }
  return H;
}

/** Solves H z = r by Cholesky, shifting the diagonal when H is not numerically positive definite. */
function solveShifted(H: Float64Array, p: number, r: Float64Array): Float64Array {
  let trace = 0;
  for (let i = 0; i < p; i++) trace += H[i * p + i]!;
  const base = Math.max(trace / p, Number.MIN_VALUE);
  for (let j = -1; j < 16; j++) {
    const a = Float64Array.from(H);
    if (j >= 0) for (let i = 0; i < p; i++) a[i * p + i]! += base * 1e-12 * 10 ** j;
    let L: Float64Array;
    try {
      L = choleskyDense({ rows: p, cols: p, data: a }).data;
    } catch (error) {
      if (error instanceof LinalgError) continue;
      throw error;
    }
    const z = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      let s = r[i]!;
      for (let q = 0; q < i; q++) s -= L[i * p + q]! * z[q]!;
      z[i] = s / L[i * p + i]!;
    }
    for (let i = p - 1; i >= 0; i--) {
      let s = z[i]!;
      for (let q = i + 1; q < p; q++) s -= L[q * p + i]! * z[q]!;
      z[i] = s / L[i * p + i]!;
    }
    return z;
  }
  throw new LinalgError('newton-cholesky: the Hessian stays singular after shifting its diagonal');
}

export function newtonCholesky(problem: LogisticProblem, host: Matrix, x0: Float64Array, options: NewtonOptions): NewtonResult {
  const xa = augmented(host, problem.fitIntercept), p = x0.length;
  let x = Float64Array.from(x0);
  let { value, gradient } = logisticObjective(problem, x);
  if (maxAbs(gradient) <= options.tol) return { x, nIter: 0, converged: true };
  for (let iter = 1; iter <= options.maxIter; iter++) {
    const step = solveShifted(hessian(problem, xa, x), p, gradient.map((g) => -g));
    let slope = 0;
    for (let i = 0; i < p; i++) slope += gradient[i]! * step[i]!;
    let t = 1, accepted = false, next = x, trial = { value, gradient };
    for (let tries = 0; tries < 40; tries++) {
      next = x.map((v, i) => v + t * step[i]!);
      trial = logisticObjective(problem, next);
      if (Number.isFinite(trial.value) && trial.value <= value + 1e-4 * t * slope) {
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted) return { x, nIter: iter, converged: maxAbs(gradient) <= options.tol };
    x = next;
    ({ value, gradient } = trial);
    options.onIteration?.(iter, value);
    if (maxAbs(gradient) <= options.tol) return { x, nIter: iter, converged: true };
  }
  return { x, nIter: options.maxIter, converged: false };
}
