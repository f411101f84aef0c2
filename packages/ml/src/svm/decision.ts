// Decision values of trained SVMs (libsvm's svm_predict_values): the kernel of each query row with
// every support vector, in row blocks (one GEMM per block), then per pair of classes
// sum_k coef_k K(x, sv_k) - rho over the support vectors of the two classes.
import type { Matrix } from '@neurite/tensor';
import { KernelEvaluator, type KernelSpec, rowSquaredNorms } from './kernel.ts';

const BLOCK_ROWS = 512;

/** Calls `each(firstRow, count, kernelBlock)` with K(rows, support vectors) [count, nSV] row-major. */
export function forKernelBlocks(X: Matrix, supportVectors: Matrix, spec: KernelSpec, each: (first: number, count: number, block: Float64Array) => void): void {
  const evaluator = new KernelEvaluator(spec, supportVectors.data, supportVectors.rows, supportVectors.cols);
  try {
    const norms = rowSquaredNorms(X.data, X.rows, X.cols);
    const nSV = supportVectors.rows;
    const block = new Float64Array(Math.min(BLOCK_ROWS, X.rows) * nSV);
    for (let first = 0; first < X.rows; first += BLOCK_ROWS) {
      const count = Math.min(BLOCK_ROWS, X.rows - first);
      evaluator.compute(X.data, first, count, norms, block);
      each(first, count, block);
    }
  } finally {
    evaluator.dispose();
  }
}

/** One-vs-one decision values [rows, pairs] row-major (pair (i, j), i < j: positive votes for i). */
export function ovoDecision(X: Matrix, supportVectors: Matrix, nSupport: Int32Array, dualCoef: Float64Array, rho: Float64Array, spec: KernelSpec): Float64Array {
  const nClasses = nSupport.length, nSV = supportVectors.rows, pairs = rho.length;
  const start = new Int32Array(nClasses);
  for (let c = 1; c < nClasses; c++) start[c] = start[c - 1]! + nSupport[c - 1]!;
  const out = new Float64Array(X.rows * pairs);
  forKernelBlocks(X, supportVectors, spec, (first, count, K) => {
    for (let r = 0; r < count; r++) {
      const kr = r * nSV;
      let p = 0;
      for (let i = 0; i < nClasses; i++) {
        for (let j = i + 1; j < nClasses; j++, p++) {
          let sum = 0;
          const ci = (j - 1) * nSV, cj = i * nSV;
          for (let k = start[i]!, e = k + nSupport[i]!; k < e; k++) sum += dualCoef[ci + k]! * K[kr + k]!;
          for (let k = start[j]!, e = k + nSupport[j]!; k < e; k++) sum += dualCoef[cj + k]! * K[kr + k]!;
          out[(first + r) * pairs + p] = sum - rho[p]!;
        }
      }
    }
  });
  return out;
}

/** Regression values sum_k coef_k K(x, sv_k) - rho. */
export function regressionDecision(X: Matrix, supportVectors: Matrix, dualCoef: Float64Array, rho: number, spec: KernelSpec): Float64Array {
  const nSV = supportVectors.rows;
  const out = new Float64Array(X.rows);
  if (nSV === 0) return out.fill(-rho);
  forKernelBlocks(X, supportVectors, spec, (first, count, K) => {
    for (let r = 0; r < count; r++) {
      let sum = 0;
      for (let k = 0; k < nSV; k++) sum += dualCoef[k]! * K[r * nSV + k]!;
      out[first + r] = sum - rho;
    }
  });
  return out;
}

/**
 * scikit-learn's 'ovr' shape of one-vs-one values: votes plus the summed confidences squashed into
 * (-1/3, 1/3), so the argmax follows the votes and breaks their ties by confidence.
 */
export function ovrFromOvo(ovo: Float64Array, rows: number, nClasses: number): Float64Array {
  const pairs = (nClasses * (nClasses - 1)) / 2;
  const out = new Float64Array(rows * nClasses);
  const conf = new Float64Array(nClasses);
  for (let r = 0; r < rows; r++) {
    conf.fill(0);
    const o = r * nClasses;
    let p = 0;
    for (let i = 0; i < nClasses; i++) {
      for (let j = i + 1; j < nClasses; j++, p++) {
        const d = ovo[r * pairs + p]!;
        conf[i]! += d;
        conf[j]! -= d;
        if (d < 0) out[o + j]! += 1;
        else out[o + i]! += 1;
      }
    }
    for (let c = 0; c < nClasses; c++) out[o + c]! += conf[c]! / (3 * (Math.abs(conf[c]!) + 1));
  }
  return out;
}

/** libsvm's vote: pair (i, j) votes i when its value is positive; the first class with most votes wins. */
export function ovoVotes(ovo: Float64Array, rows: number, nClasses: number): Int32Array {
  const pairs = (nClasses * (nClasses - 1)) / 2;
  const out = new Int32Array(rows);
  const votes = new Int32Array(nClasses);
  for (let r = 0; r < rows; r++) {
    votes.fill(0);
    let p = 0;
    for (let i = 0; i < nClasses; i++) for (let j = i + 1; j < nClasses; j++, p++) votes[ovo[r * pairs + p]! > 0 ? i : j]!++;
    let best = 0;
    for (let c = 1; c < nClasses; c++) if (votes[c]! > votes[best]!) best = c;
    out[r] = best;
  }
  return out;
}
