// Dense linear algebra on row-major Float64Arrays: the algorithms behind `linalg`. Matrices are
// { rows, cols, data } with data[i * cols + j]. The factorizations and the products run on the
// float64 kernels of @neurite/kernels (copied into heap blocks, see heap-matrix.ts); sorting,
// signs and the completion of rank-deficient bases stay here.
// Sources: Golub & Van Loan, Matrix Computations (4th ed.): Cholesky 4.2, Householder QR 5.2,
// LU with partial pivoting 3.4, Householder tridiagonalisation + implicit QL for symmetric
// eigenproblems 8.3 (cyclic Jacobi 8.5 on request), one-sided (Hestenes) Jacobi SVD 8.6.
import {
  cholesky as choleskyKernel, gemm, jacobiEigh, jacobiSvd, luFactor, qrFactor, qrFormQ, symmetricEigh, triangularSolve,
} from '@neurite/kernels';
import { ArgumentError, ShapeError } from '../errors.ts';
import { type HeapMatrices, withHeap } from './heap-matrix.ts';
import { checkNumber, checkSize, describeValue, MAX_ELEMENTS, optionsOf } from '../validate.ts';

export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A matrix is singular or not positive definite where a factorization or solve needs it to be. */
export class LinalgError extends ShapeError {
  override readonly name: string = 'LinalgError';
}

/** `a` is a Matrix: integer rows and cols and a Float64Array of rows * cols values. */
function checkMatrix(a: unknown, what: string): Matrix {
  const m = a as Matrix;
  if (m === null || typeof m !== 'object' || !(m.data instanceof Float64Array)) throw new ArgumentError(`${what}: expected a Matrix { rows, cols, data: Float64Array }, got ${describeValue(a)}`);
  checkSize(m.rows, `${what}: rows`);
  checkSize(m.cols, `${what}: cols`);
  if (m.rows * m.cols !== m.data.length) throw new ShapeError(`${what}: ${m.rows}x${m.cols} matrix has ${m.data.length} values`);
  return m;
}

/** Options of the Jacobi iterations: a positive tolerance and a sweep count. */
function checkIterations(options: unknown, what: string): void {
  const o = optionsOf(options as object, what) as { tolerance?: unknown; maxSweeps?: unknown };
  if (o.tolerance !== undefined) checkNumber(o.tolerance, `${what}: tolerance`, { finite: true, min: 0 });
  if (o.maxSweeps !== undefined) checkSize(o.maxSweeps, `${what}: maxSweeps`, 1 << 20);
}

export function matrix(rows: number, cols: number, data?: ArrayLike<number>): Matrix {
  checkSize(rows, 'matrix: rows');
  checkSize(cols, 'matrix: cols');
  if (rows * cols > MAX_ELEMENTS) throw new ShapeError(`matrix: ${rows}x${cols} is more than ${MAX_ELEMENTS} values`);
  if (data !== undefined && (data === null || typeof data !== 'object' || typeof data.length !== 'number')) throw new ArgumentError(`matrix: data must be an array of numbers, got ${describeValue(data)}`);
  const d = new Float64Array(rows * cols);
  if (data) {
    if (data.length !== rows * cols) throw new ShapeError(`matrix: ${data.length} values for ${rows}x${cols}`);
    d.set(data);
  }
  return { rows, cols, data: d };
}

export function identity(n: number): Matrix {
  checkSize(n, 'identity: n');
  const m = matrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

export function transposeMatrix(a: Matrix): Matrix {
  checkMatrix(a, 'transposeMatrix: a');
  const t = matrix(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j]!;
  return t;
}

export function multiply(a: Matrix, b: Matrix): Matrix {
  checkMatrix(a, 'multiply: a');
  checkMatrix(b, 'multiply: b');
  if (a.cols !== b.rows) throw new ShapeError(`multiply: ${a.rows}x${a.cols} times ${b.rows}x${b.cols}`);
  const m = a.rows, n = b.cols, k = a.cols;
  if (m * n === 0) return matrix(m, n);
  return withHeap((h) => {
    const c = h.own(gemm(h.backend, { dtype: 'float64', m, n, k, a: h.put(a.data), b: h.put(b.data) }));
    return { rows: m, cols: n, data: h.read(c, m * n) };
  });
}

function square(a: Matrix, what: string): number {
  if (a.rows !== a.cols) throw new ShapeError(`${what}: expected a square matrix, got ${a.rows}x${a.cols}`);
  return a.rows;
}

/** Lower-triangular L with A = L L^T; throws LinalgError unless A is symmetric positive definite. Reads A's lower triangle. */
export function choleskyDense(a: Matrix): Matrix {
  checkMatrix(a, 'choleskyDense: a');
  const n = square(a, 'cholesky');
  return withHeap((h) => {
    const p = h.put(a.data);
    const j = choleskyKernel(h.backend, { n, a: p });
    if (j >= 0) throw new LinalgError(`cholesky: the matrix is not positive definite (pivot ${j} is ${h.view(p, n * n)[j * n + j]})`);
    return { rows: n, cols: n, data: h.read(p, n * n) };
  });
}

/** Householder QR: A (m x n) = Q R with Q m x k orthonormal columns and R k x n upper triangular, k = min(m, n). */
export function qrDense(a: Matrix): { q: Matrix; r: Matrix } {
  checkMatrix(a, 'qrDense: a');
  const m = a.rows, n = a.cols, k = Math.min(m, n);
  return withHeap((h) => {
    const p = h.put(a.data);
    const v = h.own(qrFactor(h.backend, { m, n, a: p }));
    const q = h.own(qrFormQ(h.backend, { m, k, reflectors: v }));
    const r = matrix(k, n), R = h.view(p, m * n);
    for (let i = 0; i < k; i++) for (let c = i; c < n; c++) r.data[i * n + c] = R[i * n + c]!;
    return { q: { rows: m, cols: k, data: h.read(q, m * k) }, r };
  });
}

/** LU with partial pivoting of a copy of A in the heap: the factors' block, the permutation, its sign. */
function lu(h: HeapMatrices, a: Matrix, what: string): { lu: number; perm: Int32Array; sign: number; singular: boolean } {
  const n = square(a, what);
  const p = h.put(a.data);
  const r = luFactor(h.backend, { n, a: p });
  h.own(r.perm);
  return { lu: p, perm: h.backend.heap.i32(r.perm, n).slice(), sign: r.parity ? -1 : 1, singular: r.singular };
}

/** X with A X = B (A n x n, B n x k), by LU with partial pivoting. Throws LinalgError if A is singular. */
export function solveDense(a: Matrix, b: Matrix): Matrix {
  checkMatrix(a, 'solveDense: a');
  checkMatrix(b, 'solveDense: b');
  const n = square(a, 'solve');
  if (b.rows !== n) throw new ShapeError(`solve: A is ${n}x${n} but B has ${b.rows} rows`);
  return withHeap((h) => {
    const f = lu(h, a, 'solve');
    if (f.singular) throw new LinalgError('solve: the matrix is singular');
    const k = b.cols, x = h.alloc(n * k), X = h.view(x, n * k);
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) X[i * k + c] = b.data[f.perm[i]! * k + c]!;
    triangularSolve(h.backend, { n, k, t: f.lu, b: x, unitDiagonal: true });
    triangularSolve(h.backend, { n, k, t: f.lu, b: x, upper: true });
    return { rows: n, cols: k, data: h.read(x, n * k) };
  });
}

export function inverseDense(a: Matrix): Matrix {
  checkMatrix(a, 'inverseDense: a');
  return solveDense(a, identity(square(a, 'inverse')));
}

export function determinantDense(a: Matrix): number {
  checkMatrix(a, 'determinantDense: a');
  const n = square(a, 'determinant');
  if (n === 0) return 1;
  return withHeap((h) => {
    const f = lu(h, a, 'determinant');
    if (f.singular) return 0;
    const U = h.view(f.lu, n * n);
    let d = f.sign;
    for (let i = 0; i < n; i++) d *= U[i * n + i]!;
    return d;
  });
}

/**
 * Symmetric eigendecomposition A = V diag(w) V^T: w ascending, V's columns the unit eigenvectors,
 * each signed so that its largest-magnitude entry is positive (the first of equal magnitude).
 * Householder tridiagonalisation and implicit QL with Wilkinson shifts (only A's upper triangle is
 * read); with `tolerance` or `maxSweeps`, cyclic Jacobi instead (symmetrized as (A + A^T) / 2),
 * whose sweeps cost several times more but keep small eigenvalues of graded matrices to high
 * relative accuracy. Throws LinalgError if the QL iteration does not converge.
 */
export function eighDense(a: Matrix, options: { tolerance?: number; maxSweeps?: number } = {}): { values: Float64Array; vectors: Matrix } {
  checkMatrix(a, 'eighDense: a');
  checkIterations(options, 'eighDense');
  const n = square(a, 'eigh');
  const jacobi = options.tolerance !== undefined || options.maxSweeps !== undefined;
  const { values, rows } = withHeap((h) => {
    const p = h.put(a.data);
    if (!jacobi) {
      const r = symmetricEigh(h.backend, { n, a: p });
      h.own(r.values);
      h.own(r.vectors);
      if (r.iterations < 0) throw new LinalgError(`eigh: the QL iteration did not converge (${n}x${n})`);
      return { values: h.read(r.values, n), rows: h.read(r.vectors, n * n) };
    }
    const r = jacobiEigh(h.backend, { n, a: p, tolerance: options.tolerance ?? 1e-14, maxSweeps: options.maxSweeps ?? 100 });
    const VT = h.read(h.own(r.vectors), n * n), A = h.read(p, n * n);
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => A[x * n + x]! - A[y * n + y]! || x - y);
    const sorted = new Float64Array(n * n);
    order.forEach((src, dst) => {
      let best = 0;
      for (let k = 1; k < n; k++) if (Math.abs(VT[src * n + k]!) > Math.abs(VT[src * n + best]!)) best = k;
      const sign = VT[src * n + best]! < 0 ? -1 : 1;
      for (let k = 0; k < n; k++) sorted[dst * n + k] = sign * VT[src * n + k]!;
    });
    return { values: Float64Array.from(order, (i) => A[i * n + i]!), rows: sorted };
  });
  const vectors = matrix(n, n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) vectors.data[k * n + i] = rows[i * n + k]!;
  return { values, vectors };
}

/**
 * Thin SVD by one-sided Jacobi: A (m x n) = U diag(s) V^T, k = min(m, n), s descending,
 * U m x k and V n x k with orthonormal columns (columns for zero singular values are completed).
 */
export function svdDense(a: Matrix, options: { tolerance?: number; maxSweeps?: number } = {}): { u: Matrix; s: Float64Array; v: Matrix } {
  checkMatrix(a, 'svdDense: a');
  checkIterations(options, 'svdDense');
  if (a.rows < a.cols) {
    const t = svdDense(transposeMatrix(a), options);
    return { u: t.v, s: t.s, v: t.u };
  }
  const m = a.rows, n = a.cols;
  const { UT, VT } = withHeap((h) => {
    // The kernel rotates rows: A's columns become the rows of ut [n, m].
    const ut = h.alloc(n * m), U = h.view(ut, n * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) U[j * m + i] = a.data[i * n + j]!;
    const r = jacobiSvd(h.backend, { m, n, ut, tolerance: options.tolerance ?? 1e-15, maxSweeps: options.maxSweeps ?? 100 });
    return { VT: h.read(h.own(r.vt), n * n), UT: h.read(ut, n * m) };
  });
  const sv = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += UT[j * m + i]! ** 2;
    sv[j] = Math.sqrt(s);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => sv[y]! - sv[x]!);
  const u = matrix(m, n), v = matrix(n, n), s = new Float64Array(n);
  const smax = sv[order[0]!] ?? 0;
  order.forEach((src, dst) => {
    s[dst] = sv[src]!;
    for (let i = 0; i < n; i++) v.data[i * n + dst] = VT[src * n + i]!;
    if (sv[src]! > smax * 1e-300 && sv[src]! > 0) for (let i = 0; i < m; i++) u.data[i * n + dst] = UT[src * m + i]! / sv[src]!;
  });
  completeColumns(u, s, smax);
  return { u, s, v };
}

/** Replaces columns of u whose singular value is ~0 with orthonormal completions (Gram-Schmidt). */
function completeColumns(u: Matrix, s: Float64Array, smax: number): void {
  const m = u.rows, k = u.cols;
  for (let j = 0; j < k; j++) {
    if (s[j]! > smax * 1e-13 && s[j]! > 0) continue;
    for (let e = 0; e < m; e++) {
      const col = new Float64Array(m);
      col[e] = 1;
      for (let c = 0; c < k; c++) {
        if (c === j || (c > j && !(s[c]! > smax * 1e-13))) continue;
        let d = 0;
        for (let i = 0; i < m; i++) d += col[i]! * u.data[i * k + c]!;
        for (let i = 0; i < m; i++) col[i] = col[i]! - d * u.data[i * k + c]!;
      }
      let norm = 0;
      for (let i = 0; i < m; i++) norm += col[i]! ** 2;
      norm = Math.sqrt(norm);
      if (norm > 1e-8) {
        for (let i = 0; i < m; i++) u.data[i * k + j] = col[i]! / norm;
        break;
      }
    }
  }
}

/** Least squares min ||A X - B|| via the SVD (minimum-norm solution; singular values below rcond * max are dropped). */
export function lstsqDense(a: Matrix, b: Matrix, rcond = 1e-12): { solution: Matrix; rank: number; singularValues: Float64Array } {
  checkMatrix(a, 'lstsqDense: a');
  checkMatrix(b, 'lstsqDense: b');
  checkNumber(rcond, 'lstsqDense: rcond', { finite: true, min: 0 });
  if (b.rows !== a.rows) throw new ShapeError(`lstsq: A has ${a.rows} rows but B has ${b.rows}`);
  const { u, s, v } = svdDense(a);
  const k = s.length, cutoff = rcond * (s[0] ?? 0);
  let rank = 0;
  const x = matrix(a.cols, b.cols);
  for (let j = 0; j < k; j++) {
    if (!(s[j]! > cutoff)) continue;
    rank++;
    for (let c = 0; c < b.cols; c++) {
      let d = 0;
      for (let i = 0; i < a.rows; i++) d += u.data[i * k + j]! * b.data[i * b.cols + c]!;
      d /= s[j]!;
      for (let i = 0; i < a.cols; i++) x.data[i * b.cols + c]! += v.data[i * k + j]! * d;
    }
  }
  return { solution: x, rank, singularValues: s };
}
