// SAGA (Defazio, Bach & Lacoste-Julien, "SAGA: A Fast Incremental Gradient Method With Support for
// Non-Strongly Convex Composite Objectives", NIPS 2014) for the logistic objective of
// ./logistic-loss.ts with sample means instead of weighted means:
//   F = (1/n) sum_i s_i l_i + alpha/2 ||W||^2 + beta ||W||_1,  alpha = (1 - rho)/(C n), beta = rho/(C n)
// (the same minimiser as scikit-learn's C sum_i s_i l_i + penalty). A table keeps each sample's
// last gradient with respect to its scores; a step on sample j is
//   w <- prox_{gamma beta ||.||_1}(w - gamma (g_j - g_j^old) x_j - gamma (mean of the table) - gamma alpha w)
// with step gamma = 1 / (3 L), L = max_i s_i (||x_i||^2 + [fitIntercept]) / 4 (binary) or / 2
// (multinomial) + alpha. Each epoch visits the samples in a seeded random order. It stops, as
// scikit-learn's sag solvers do, when an epoch changes no parameter by more than tol times the largest.
import type { Generator, Matrix } from '@neurite/tensor';
import { sigmoid } from './logistic-loss.ts';

export interface SagaProblem {
  x: Matrix;
  targets: Int32Array;
  sampleWeights: Float64Array;
  rows: number;
  fitIntercept: boolean;
  alpha: number;
  beta: number;
}

export interface SagaOptions {
  maxIter: number;
  tol: number;
  random: Generator;
  onEpoch?: (epoch: number) => void;
}

/** Runs SAGA from `params` (updated in place, laid out as in ./logistic-loss.ts); returns epochs run and convergence. */
export function saga(problem: SagaProblem, params: Float64Array, options: SagaOptions): { nIter: number; converged: boolean } {
  const { x, targets, sampleWeights, rows, fitIntercept, alpha, beta } = problem;
  const n = x.rows, d = x.cols, X = x.data, stride = d + (fitIntercept ? 1 : 0);
  let maxSquared = 0;
  for (let i = 0; i < n; i++) {
    let s = fitIntercept ? 1 : 0;
    for (let p = 0; p < d; p++) s += X[i * d + p]! ** 2;
    maxSquared = Math.max(maxSquared, s * sampleWeights[i]!);
  }
  const lipschitz = maxSquared * (rows === 1 ? 0.25 : 0.5) + alpha;
  const step = 1 / (3 * lipschitz), threshold = step * beta;
  const table = new Float64Array(n * rows), mean = new Float64Array(rows * stride);
  const scores = new Float64Array(rows), fresh = new Float64Array(rows);

  /** The gradient of s_j l_j with respect to sample j's scores, into `fresh`. */
  const sampleGradient = (j: number): void => {
    for (let c = 0; c < rows; c++) {
      let z = fitIntercept ? params[c * stride + d]! : 0;
      for (let p = 0; p < d; p++) z += X[j * d + p]! * params[c * stride + p]!;
      scores[c] = z;
    }
    const s = sampleWeights[j]!, y = targets[j]!;
    if (rows === 1) {
      fresh[0] = s * (sigmoid(scores[0]!) - y);
      return;
    }
    let max = -Infinity;
    for (let c = 0; c < rows; c++) max = Math.max(max, scores[c]!);
    let sum = 0;
    for (let c = 0; c < rows; c++) sum += Math.exp(scores[c]! - max);
    for (let c = 0; c < rows; c++) fresh[c] = s * (Math.exp(scores[c]! - max) / sum - (c === y ? 1 : 0));
  };

  // The table starts at the gradients of the starting point.
  for (let j = 0; j < n; j++) {
    sampleGradient(j);
    for (let c = 0; c < rows; c++) {
      const g = fresh[c]!;
      table[j * rows + c] = g;
      for (let p = 0; p < d; p++) mean[c * stride + p]! += (g * X[j * d + p]!) / n;
      if (fitIntercept) mean[c * stride + d]! += g / n;
    }
  }
  const before = new Float64Array(params.length);
  for (let epoch = 1; epoch <= options.maxIter; epoch++) {
    before.set(params);
    const order = options.random.permutation(n);
    for (let t = 0; t < n; t++) {
      const j = order[t]!;
      sampleGradient(j);
      for (let c = 0; c < rows; c++) {
        const delta = fresh[c]! - table[j * rows + c]!, base = c * stride;
        for (let p = 0; p < d; p++) {
          const xp = X[j * d + p]!;
          let w = params[base + p]! - step * (delta * xp + mean[base + p]! + alpha * params[base + p]!);
          if (threshold > 0) w = w > threshold ? w - threshold : w < -threshold ? w + threshold : 0;
          params[base + p] = w;
          mean[base + p]! += (delta * xp) / n;
        }
        if (fitIntercept) {
          params[base + d]! -= step * (delta + mean[base + d]!);
          mean[base + d]! += delta / n;
        }
        table[j * rows + c] = fresh[c]!;
      }
    }
    options.onEpoch?.(epoch);
    let change = 0, largest = 0;
    for (let i = 0; i < params.length; i++) {
      change = Math.max(change, Math.abs(params[i]! - before[i]!));
      largest = Math.max(largest, Math.abs(params[i]!));
    }
    if (largest > 0 ? change / largest <= options.tol : change === 0) return { nIter: epoch, converged: true };
  }
  return { nIter: options.maxIter, converged: false };
}
