// Tensor-facing linear algebra and statistics. Inputs: float tensors (or nested arrays); every
// result is a float64 tensor (the algorithms run in float64 on the kernels, see dense.ts), which
// the caller owns like any other op result.
import { tensor } from '../creation.ts';
import { atomic } from '../scope.ts';
import { ShapeError } from '../errors.ts';
import { adoptPointer, checkTensor, emptyTensor, type NestedArray, Tensor } from '../tensor.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { scatterMatrix, scatterMatrixInt32 } from '@neurite/kernels';
import { checkNumber } from '../validate.ts';
import {
  choleskyDense, determinantDense, eighDense, inverseDense, lstsqDense, type Matrix, qrDense, solveDense, svdDense,
} from './dense.ts';

type MatrixLike = Tensor | NestedArray;

function toMatrix(x: MatrixLike, what: string, allowVector = false): Matrix & { vector: boolean } {
  const t = x instanceof Tensor ? x : null;
  const temp = t ?? tensor(x as NestedArray, undefined, { dtype: 'float64' });
  try {
    checkTensor(temp, what);
    if (temp.rank === 1 && allowVector) return { rows: temp.shape[0]!, cols: 1, data: Float64Array.from(temp.view()), vector: true };
    if (temp.rank !== 2) throw new ShapeError(`${what}: expected a 2-D matrix, got shape [${temp.shape}]`);
    return { rows: temp.shape[0]!, cols: temp.shape[1]!, data: Float64Array.from(temp.view()), vector: false };
  } finally {
    if (t === null) temp.dispose();
  }
}

function toTensor(m: Matrix, vector = false): Tensor {
  const t = emptyTensor(vector ? [m.rows] : [m.rows, m.cols], 'float64', 'linalg');
  t.view().set(m.data);
  return t;
}

function vectorTensor(v: Float64Array): Tensor {
  const t = emptyTensor([v.length], 'float64', 'linalg');
  t.view().set(v);
  return t;
}

/** Lower-triangular L with A = L L^T (A symmetric positive definite; else LinalgError). */
export function cholesky(a: MatrixLike): Tensor {
  return toTensor(choleskyDense(toMatrix(a, 'cholesky')));
}

/** Reduced Householder QR: A [m, n] = Q [m, k] R [k, n], k = min(m, n). */
export function qr(a: MatrixLike): { q: Tensor; r: Tensor } {
  return atomic(() => {
    const { q, r } = qrDense(toMatrix(a, 'qr'));
    return { q: toTensor(q), r: toTensor(r) };
  });
}

/** Thin SVD: A [m, n] = U [m, k] diag(S [k]) V[n, k]^T, singular values descending. */
export function svd(a: MatrixLike): { u: Tensor; s: Tensor; v: Tensor } {
  return atomic(() => {
    const { u, s, v } = svdDense(toMatrix(a, 'svd'));
    return { u: toTensor(u), s: vectorTensor(s), v: toTensor(v) };
  });
}

/**
 * Symmetric eigendecomposition: A V = V diag(w), eigenvalues ascending, unit eigenvectors in V's
 * columns, each with its largest-magnitude entry positive (Householder + implicit QL, see eighDense).
 */
export function eigh(a: MatrixLike): { values: Tensor; vectors: Tensor } {
  return atomic(() => {
    const { values, vectors } = eighDense(toMatrix(a, 'eigh'));
    return { values: vectorTensor(values), vectors: toTensor(vectors) };
  });
}

/** x with A x = b (b a vector [n] or a matrix [n, k]). */
export function solve(a: MatrixLike, b: MatrixLike): Tensor {
  const mb = toMatrix(b, 'solve: b', true);
  return toTensor(solveDense(toMatrix(a, 'solve: A'), mb), mb.vector);
}

/** Minimum-norm least-squares solution of A x ~ b, with the numerical rank and singular values. */
export function lstsq(a: MatrixLike, b: MatrixLike, rcond = 1e-12): { solution: Tensor; rank: number; singularValues: Tensor } {
  return atomic(() => {
    const mb = toMatrix(b, 'lstsq: b', true);
    const r = lstsqDense(toMatrix(a, 'lstsq: A'), mb, rcond);
    return { solution: toTensor(r.solution, mb.vector), rank: r.rank, singularValues: vectorTensor(r.singularValues) };
  });
}

/** A^-1 (LinalgError if singular). */
export function inverse(a: MatrixLike): Tensor {
  return toTensor(inverseDense(toMatrix(a, 'inverse')));
}

/** det(A) by LU. */
export function determinant(a: MatrixLike): number {
  return determinantDense(toMatrix(a, 'determinant'));
}

/**
 * Covariance matrix of the columns of X [observations, variables]:
 * C = (X - mean)^T (X - mean) / (n - correction), correction 1 by default (sample covariance); with
 * correction = n - 1 the divisor is 1 and C is the scatter matrix itself. On the kernels' scatter
 * kernel: a float64 tensor is read in place, the data centred in panels (never E[x x^T] - mean
 * mean^T), only the upper triangle computed, C exactly symmetric. An int32 tensor whose values fit
 * int16 (|x| <= 32767, and (n max|x|)^2 < 2^53) takes the exact integer route: the scatter matrix
 * from exact integer sums, (n S - s s^T) / n, rounded once; other int32 data goes the float64 way.
 */
export function covariance(x: MatrixLike, correction = 1): Tensor {
  checkNumber(correction, 'covariance: correction', { finite: true });
  const given = x instanceof Tensor ? checkTensor(x, 'covariance') : null;
  if (given !== null && given.rank !== 2) throw new ShapeError(`covariance: expected a 2-D matrix, got shape [${given.shape}]`);
  if (given?.dtype === 'int32' && given.shape[1]! > 0) {
    const n = given.shape[0]!, p = given.shape[1]!, backend = runtimeUnchecked().backend;
    const exact = scatterMatrixInt32(backend, { n, d: p, x: given.storage.ptr });
    if (exact !== null) {
      backend.heap.free(exact.mean);
      return scaled(adoptPointer(exact.c, [p, p], 'float64'), n - correction);
    }
  }
  const t = given?.dtype === 'float64' ? given
    : given !== null ? tensor(Float64Array.from(given.view()), given.shape as number[], { dtype: 'float64' }) : tensor(x as NestedArray, undefined, { dtype: 'float64' });
  try {
    if (t.rank !== 2) throw new ShapeError(`covariance: expected a 2-D matrix, got shape [${t.shape}]`);
    const n = t.shape[0]!, p = t.shape[1]!;
    if (p === 0) return emptyTensor([0, 0], 'float64', 'covariance');
    const backend = runtimeUnchecked().backend;
    const { mean, c } = scatterMatrix(backend, { n, d: p, x: t.storage.ptr });
    backend.heap.free(mean);
    return scaled(adoptPointer(c, [p, p], 'float64'), n - correction);
  } finally {
    if (t !== given) t.dispose();
  }
}

/** out / divisor in place (nothing when the divisor is 1); returns out. */
function scaled(out: Tensor, divisor: number): Tensor {
  if (divisor !== 1) {
    const v = out.view();
    for (let i = 0; i < v.length; i++) v[i] = v[i]! / divisor;
  }
  return out;
}

/** Pearson correlation matrix of the columns of X: Cov(X_a, X_b) / (sigma_a sigma_b). A constant column gives NaN. */
export function correlation(x: MatrixLike): Tensor {
  const cov = covariance(x, 1);
  const v = cov.view();
  const p = cov.shape[0]!;
  const sd = Float64Array.from({ length: p }, (_, i) => Math.sqrt(v[i * p + i]!));
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) v[a * p + b] = a === b && sd[a]! > 0 ? 1 : v[a * p + b]! / (sd[a]! * sd[b]!);
  return cov;
}
