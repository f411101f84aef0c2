// Dense linear algebra in float64 TypeScript on row-major Float64Arrays (no tensors, no heap):
// the algorithms behind `linalg`. Matrices are { rows, cols, data } with data[i * cols + j].
// Sources: Golub & Van Loan, Matrix Computations (4th ed.): Cholesky 4.2, Householder QR 5.2,
// LU with partial pivoting 3.4, cyclic Jacobi for symmetric eigenproblems 8.5, one-sided
// (Hestenes) Jacobi SVD 8.6.
import { ArgumentError, ShapeError } from '../errors.ts';
import { checkNumber, checkSize, describeValue, MAX_ELEMENTS, optionsOf } from '../validate.ts';

export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export class LinalgError extends ShapeError {}

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
  const c = matrix(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const v = a.data[i * a.cols + k]!;
      if (v === 0) continue;
      for (let j = 0; j < b.cols; j++) c.data[i * b.cols + j]! += v * b.data[k * b.cols + j]!;
    }
  }
  return c;
}

function square(a: Matrix, what: string): number {
  if (a.rows !== a.cols) throw new ShapeError(`${what}: expected a square matrix, got ${a.rows}x${a.cols}`);
  return a.rows;
}

/** Lower-triangular L with A = L L^T; throws LinalgError unless A is symmetric positive definite. */
export function choleskyDense(a: Matrix): Matrix {
  checkMatrix(a, 'choleskyDense: a');
  const n = square(a, 'cholesky');
  const l = matrix(n, n);
  const A = a.data, L = l.data;
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j]!;
    for (let k = 0; k < j; k++) d -= L[j * n + k]! * L[j * n + k]!;
    if (!(d > 0)) throw new LinalgError(`cholesky: the matrix is not positive definite (pivot ${j} is ${d})`);
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** Householder QR: A (m x n) = Q R with Q m x k orthonormal columns and R k x n upper triangular, k = min(m, n). */
export function qrDense(a: Matrix): { q: Matrix; r: Matrix } {
  checkMatrix(a, 'qrDense: a');
  const m = a.rows, n = a.cols, k = Math.min(m, n);
  const R = Float64Array.from(a.data);
  const vs: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    let norm = 0;
    for (let i = j; i < m; i++) norm += R[i * n + j]! ** 2;
    norm = Math.sqrt(norm);
    const v = new Float64Array(m);
    if (norm === 0) {
      vs.push(v);
      continue;
    }
    const alpha = R[j * n + j]! > 0 ? -norm : norm;
    for (let i = j; i < m; i++) v[i] = R[i * n + j]!;
    v[j] = v[j]! - alpha;
    let vn = 0;
    for (let i = j; i < m; i++) vn += v[i]! ** 2;
    vn = Math.sqrt(vn);
    if (vn === 0) {
      vs.push(new Float64Array(m));
      continue;
    }
    for (let i = j; i < m; i++) v[i] = v[i]! / vn;
    for (let c = j; c < n; c++) {
      let s = 0;
      for (let i = j; i < m; i++) s += v[i]! * R[i * n + c]!;
      for (let i = j; i < m; i++) R[i * n + c] = R[i * n + c]! - 2 * v[i]! * s;
    }
    vs.push(v);
  }
  // Q = H_0 ... H_{k-1} applied to the first k columns of the identity.
  const Q = new Float64Array(m * k);
  for (let i = 0; i < k; i++) Q[i * k + i] = 1;
  for (let j = k - 1; j >= 0; j--) {
    const v = vs[j]!;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let i = j; i < m; i++) s += v[i]! * Q[i * k + c]!;
      if (s !== 0) for (let i = j; i < m; i++) Q[i * k + c] = Q[i * k + c]! - 2 * v[i]! * s;
    }
  }
  const r = matrix(k, n);
  for (let i = 0; i < k; i++) for (let c = i; c < n; c++) r.data[i * n + c] = R[i * n + c]!;
  return { q: { rows: m, cols: k, data: Q }, r };
}

/** LU with partial pivoting in place on a copy: returns the factors, the permutation and its sign. */
function lu(a: Matrix, what: string): { lu: Float64Array; perm: Int32Array; sign: number; singular: boolean } {
  const n = square(a, what);
  const A = Float64Array.from(a.data);
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  let sign = 1, singular = false;
  for (let k = 0; k < n; k++) {
    let p = k, best = Math.abs(A[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(A[i * n + k]!);
      if (v > best) { best = v; p = i; }
    }
    if (best === 0) { singular = true; continue; }
    if (p !== k) {
      for (let c = 0; c < n; c++) { const t = A[k * n + c]!; A[k * n + c] = A[p * n + c]!; A[p * n + c] = t; }
      const t = perm[k]!; perm[k] = perm[p]!; perm[p] = t;
      sign = -sign;
    }
    const pivot = A[k * n + k]!;
    for (let i = k + 1; i < n; i++) {
      const f = (A[i * n + k]! /= pivot);
      if (f !== 0) for (let c = k + 1; c < n; c++) A[i * n + c] = A[i * n + c]! - f * A[k * n + c]!;
    }
  }
  return { lu: A, perm, sign, singular };
}

/** X with A X = B (A n x n, B n x k), by LU with partial pivoting. Throws LinalgError if A is singular. */
export function solveDense(a: Matrix, b: Matrix): Matrix {
  checkMatrix(a, 'solveDense: a');
  checkMatrix(b, 'solveDense: b');
  const n = square(a, 'solve');
  if (b.rows !== n) throw new ShapeError(`solve: A is ${n}x${n} but B has ${b.rows} rows`);
  const f = lu(a, 'solve');
  if (f.singular) throw new LinalgError('solve: the matrix is singular');
  const k = b.cols, X = new Float64Array(n * k), A = f.lu;
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) X[i * k + c] = b.data[f.perm[i]! * k + c]!;
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) { let s = X[i * k + c]!; for (let j = 0; j < i; j++) s -= A[i * n + j]! * X[j * k + c]!; X[i * k + c] = s; }
    for (let i = n - 1; i >= 0; i--) { let s = X[i * k + c]!; for (let j = i + 1; j < n; j++) s -= A[i * n + j]! * X[j * k + c]!; X[i * k + c] = s / A[i * n + i]!; }
  }
  return { rows: n, cols: k, data: X };
}

export function inverseDense(a: Matrix): Matrix {
  checkMatrix(a, 'inverseDense: a');
  return solveDense(a, identity(square(a, 'inverse')));
}

export function determinantDense(a: Matrix): number {
  checkMatrix(a, 'determinantDense: a');
  const n = square(a, 'determinant');
  if (n === 0) return 1;
  const f = lu(a, 'determinant');
  if (f.singular) return 0;
  let d = f.sign;
  for (let i = 0; i < n; i++) d *= f.lu[i * n + i]!;
  return d;
}

/** Symmetric eigendecomposition by cyclic Jacobi: A = V diag(w) V^T, w ascending, V's columns the eigenvectors. */
export function eighDense(a: Matrix, options: { tolerance?: number; maxSweeps?: number } = {}): { values: Float64Array; vectors: Matrix } {
  checkMatrix(a, 'eighDense: a');
  checkIterations(options, 'eighDense');
  const n = square(a, 'eigh');
  const A = Float64Array.from(a.data);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const s = (A[i * n + j]! + A[j * n + i]!) / 2;
    A[i * n + j] = s;
    A[j * n + i] = s;
  }
  const V = identity(n).data;
  const tol = options.tolerance ?? 1e-14;
  const maxSweeps = options.maxSweeps ?? 100;
  let frob = 0;
  for (let i = 0; i < n * n; i++) frob += A[i]! ** 2;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += A[i * n + j]! ** 2;
    if (off <= tol * tol * frob || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q]!;
        if (apq === 0) continue;
        const theta = (A[q * n + q]! - A[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        rotateColumns(A, n, n, p, q, c, s);
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k]!, aqk = A[q * n + k]!;
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        rotateColumns(V, n, n, p, q, c, s);
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => A[x * n + x]! - A[y * n + y]!);
  const values = Float64Array.from(order, (i) => A[i * n + i]!);
  const vectors = matrix(n, n);
  order.forEach((src, dst) => { for (let k = 0; k < n; k++) vectors.data[k * n + dst] = V[k * n + src]!; });
  return { values, vectors };
}

/** Givens rotation of columns p and q of a row-major rows x cols matrix: (x_p, x_q) <- (c x_p - s x_q, s x_p + c x_q). */
function rotateColumns(M: Float64Array, rows: number, cols: number, p: number, q: number, c: number, s: number): void {
  for (let i = 0; i < rows; i++) {
    const xp = M[i * cols + p]!, xq = M[i * cols + q]!;
    M[i * cols + p] = c * xp - s * xq;
    M[i * cols + q] = s * xp + c * xq;
  }
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
  const U = Float64Array.from(a.data); // columns are orthogonalized in place
  const V = identity(n).data;
  const tol = options.tolerance ?? 1e-15;
  const maxSweeps = options.maxSweeps ?? 100;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let rotated = false;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < m; i++) {
          const up = U[i * n + p]!, uq = U[i * n + q]!;
          alpha += up * up;
          beta += uq * uq;
          gamma += up * uq;
        }
        if (Math.abs(gamma) <= tol * Math.sqrt(alpha * beta) || gamma === 0) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        rotateColumns(U, m, n, p, q, c, s);
        rotateColumns(V, n, n, p, q, c, s);
      }
    }
    if (!rotated) break;
  }
  const sv = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += U[i * n + j]! ** 2;
    sv[j] = Math.sqrt(s);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => sv[y]! - sv[x]!);
  const u = matrix(m, n), v = matrix(n, n), s = new Float64Array(n);
  const smax = sv[order[0]!] ?? 0;
  order.forEach((src, dst) => {
    s[dst] = sv[src]!;
    for (let i = 0; i < n; i++) v.data[i * n + dst] = V[i * n + src]!;
    if (sv[src]! > smax * 1e-300 && sv[src]! > 0) for (let i = 0; i < m; i++) u.data[i * n + dst] = U[i * n + src]! / sv[src]!;
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
