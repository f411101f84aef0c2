// Checked wrappers of the linear-algebra kernels (assembly/linalg-*.ts), float32 or float64, on
// row-major matrices in the heap: validate sizes, leading dimensions and pointer ranges, allocate
// what is missing, make one kernel call. The factorizations work in place.
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { checkCount } from './checks.ts';
import { type FloatDType, type KernelTable, kernelTable, type RawKernel, resolveKernel } from './dtype.ts';
import { gemmWorkspace, leading, overlaps, span } from './gemm.ts';
import { gemmWorkspaceBytes } from './gemm-workspace.ts';

const CHOLESKY: KernelTable = kernelTable({ float32: 'cholesky_f32', float64: 'cholesky_f64' });
const LU: KernelTable = kernelTable({ float32: 'lu_f32', float64: 'lu_f64' });
const TRIANGULAR: KernelTable = kernelTable({ float32: 'triangular_solve_f32', float64: 'triangular_solve_f64' });
const QR: KernelTable = kernelTable({ float32: 'qr_f32', float64: 'qr_f64' });
const QR_Q: KernelTable = kernelTable({ float32: 'qr_q_f32', float64: 'qr_q_f64' });
const EIGH: KernelTable = kernelTable({ float32: 'jacobi_eigh_f32', float64: 'jacobi_eigh_f64' });
const SVD: KernelTable = kernelTable({ float32: 'jacobi_svd_f32', float64: 'jacobi_svd_f64' });

/** The blocking of assembly/linalg-factor.ts: panel width NB and trailing-update rows MB. */
const NB = 64, MB = 96;

/** GEMM workspace for every [m <= maxRows, n, k] update a blocked kernel makes (the few-rows path included). */
function blockWorkspaceBytes(bytes: 4 | 8, maxRows: number, n: number, k: number): number {
  let most = 0;
  for (const m of [maxRows, Math.min(maxRows, 4), Math.min(maxRows, 8)]) if (m > 0) most = Math.max(most, gemmWorkspaceBytes(bytes, m, n, k));
  return most;
}

function checkSquare(backend: Backend, what: string, bytes: number, n: number, a: number, lda: number | undefined, name = 'a'): number {
  checkCount(n, `${what}: n`);
  const ld = leading(lda, n, `${what}: lda`);
  const count = span(n, n, ld);
  checkCount(count, `${what}: elements spanned by ${name}`);
  backend.heap.checkRange(a, count, bytes, () => `${what}: ${name} (n x n, lda ${ld})`);
  return ld;
}

function checkOptions(what: string, tolerance: number, maxSweeps: number): void {
  if (typeof tolerance !== 'number' || !(tolerance >= 0) || !Number.isFinite(tolerance)) throw new ShapeError(`${what}: tolerance must be a finite number >= 0, got ${String(tolerance)}`);
  checkCount(maxSweeps, `${what}: maxSweeps`);
}

export interface SquareParams {
  /** Element type (default float64: these kernels serve classical ML). */
  dtype?: FloatDType;
  /** Rows and columns of A. */
  n: number;
  /** A: [n, n] row-major. */
  a: number;
  /** Row stride of A in elements (default n). */
  lda?: number;
}

/**
 * Lower Cholesky factor in place (A = L L^T; only A's lower triangle is read; the upper is zeroed).
 * Returns -1, or the first column whose pivot is not positive (A is not positive definite): A is
 * then partly factored and holds that pivot on the diagonal.
 */
export function cholesky(backend: Backend, p: SquareParams): number {
  const what = 'cholesky';
  const { info, name } = resolveKernel(CHOLESKY, p.dtype ?? 'float64', what);
  const lda = checkSquare(backend, what, info.bytes, p.n, p.a, p.lda);
  if (p.n === 0) return -1;
  const work = gemmWorkspace(backend, blockWorkspaceBytes(info.bytes, Math.min(MB, p.n), p.n, Math.min(NB, p.n)));
  return (backend.kernels[name] as unknown as RawKernel)(p.n, p.a, lda, work);
}

export interface LuResult {
  /** n int32: row i of P A is row perm[i] of A (allocated when not given; the caller frees it). */
  perm: number;
  /** Parity of the row swaps (the determinant's sign is (-1)^parity). */
  parity: 0 | 1;
  /** True when a column had no nonzero pivot (A is singular; U has a zero on its diagonal). */
  singular: boolean;
}

/** LU with partial pivoting in place: P A = L U (L unit lower below the diagonal, U upper). */
export function luFactor(backend: Backend, p: SquareParams & { perm?: number }): LuResult {
  const what = 'luFactor';
  const { info, name } = resolveKernel(LU, p.dtype ?? 'float64', what);
  const lda = checkSquare(backend, what, info.bytes, p.n, p.a, p.lda);
  if (p.perm !== undefined) {
    backend.heap.checkRange(p.perm, p.n, 4, () => `${what}: perm (n int32)`);
    if (overlaps(p.perm, p.n, p.a, span(p.n, p.n, lda) * (info.bytes / 4), 4)) throw new ShapeError(`${what}: perm overlaps a`);
  }
  const perm = p.perm ?? backend.heap.alloc(Math.max(p.n, 1) * 4);
  const r = p.n === 0 ? 0 : (backend.kernels[name] as unknown as RawKernel)(p.n, p.a, lda, perm);
  return { perm, parity: (r & 1) as 0 | 1, singular: (r & 2) !== 0 };
}

export interface TriangularSolveParams {
  dtype?: FloatDType;
  /** Order of T (rows of B). */
  n: number;
  /** Columns of B (right-hand sides). */
  k: number;
  /** T: [n, n] row-major; only the triangle `upper` names (and the diagonal unless unitDiagonal) is read. */
  t: number;
  ldt?: number;
  /** B: [n, k] row-major, overwritten by X. */
  b: number;
  ldb?: number;
  /** T is upper triangular (default false: lower). */
  upper?: boolean;
  /** Solve with T^T (default false). */
  transpose?: boolean;
  /** T's diagonal is taken as ones (default false). */
  unitDiagonal?: boolean;
}

/** Solves op(T) X = B in place (B becomes X); T triangular. A zero on T's diagonal gives Inf/NaN, as division does. */
export function triangularSolve(backend: Backend, p: TriangularSolveParams): void {
  const what = 'triangularSolve';
  const { info, name } = resolveKernel(TRIANGULAR, p.dtype ?? 'float64', what);
  const ldt = checkSquare(backend, what, info.bytes, p.n, p.t, p.ldt, 't');
  checkCount(p.k, `${what}: k`);
  const ldb = leading(p.ldb, p.k, `${what}: ldb`);
  const countB = span(p.n, p.k, ldb);
  checkCount(countB, `${what}: elements spanned by b`);
  backend.heap.checkRange(p.b, countB, info.bytes, () => `${what}: b (n x k, ldb ${ldb})`);
  if (overlaps(p.b, countB, p.t, span(p.n, p.n, ldt), info.bytes)) throw new ShapeError(`${what}: b overlaps t; the right-hand sides must be a separate block`);
  if (p.n === 0 || p.k === 0) return;
  const work = gemmWorkspace(backend, blockWorkspaceBytes(info.bytes, Math.min(NB, p.n), p.k, p.n));
  (backend.kernels[name] as unknown as RawKernel)(p.n, p.k, p.t, ldt, p.b, ldb, p.upper ? 1 : 0, p.transpose ? 1 : 0, p.unitDiagonal ? 1 : 0, work);
}

export interface QrParams {
  dtype?: FloatDType;
  m: number;
  n: number;
  /** A: [m, n] row-major; becomes R in its upper triangle (below it: scratch). */
  a: number;
  lda?: number;
  /** The reflectors out: [min(m, n), m], row j = v_j (allocated when absent; the caller frees it). */
  reflectors?: number;
}

/** Householder QR in place; returns the reflectors (H_j = I - 2 v_j v_j^T, Q = H_0 ... H_{k-1}). */
export function qrFactor(backend: Backend, p: QrParams): number {
  const what = 'qrFactor';
  const { info, name } = resolveKernel(QR, p.dtype ?? 'float64', what);
  checkCount(p.m, `${what}: m`);
  checkCount(p.n, `${what}: n`);
  const lda = leading(p.lda, p.n, `${what}: lda`);
  const countA = span(p.m, p.n, lda), k = Math.min(p.m, p.n);
  checkCount(countA, `${what}: elements spanned by a`);
  checkCount(k * p.m, `${what}: reflector elements`);
  const heap = backend.heap;
  heap.checkRange(p.a, countA, info.bytes, () => `${what}: a (m x n, lda ${lda})`);
  if (p.reflectors !== undefined) {
    heap.checkRange(p.reflectors, k * p.m, info.bytes, () => `${what}: reflectors (min(m, n) x m)`);
    if (overlaps(p.reflectors, k * p.m, p.a, countA, info.bytes)) throw new ShapeError(`${what}: reflectors overlap a`);
  }
  const v = p.reflectors ?? heap.alloc(Math.max(k * p.m, 1) * info.bytes);
  if (k === 0) return v;
  let w: number;
  try {
    w = heap.alloc(p.n * info.bytes);
  } catch (error) {
    if (p.reflectors === undefined) heap.free(v);
    throw error;
  }
  (backend.kernels[name] as unknown as RawKernel)(p.m, p.n, p.a, lda, v, w);
  heap.free(w);
  return v;
}

export interface QrQParams {
  dtype?: FloatDType;
  m: number;
  /** Reflectors (columns of Q): min(m, n) of the factorization. */
  k: number;
  /** qrFactor's reflectors [k, m]. */
  reflectors: number;
  /** Q out: [m, k] row-major (allocated when absent). */
  q?: number;
  ldq?: number;
}

/** Q [m, k] with orthonormal columns from qrFactor's reflectors. Returns q. */
export function qrFormQ(backend: Backend, p: QrQParams): number {
  const what = 'qrFormQ';
  const { info, name } = resolveKernel(QR_Q, p.dtype ?? 'float64', what);
  checkCount(p.m, `${what}: m`);
  checkCount(p.k, `${what}: k`);
  if (p.k > p.m) throw new ShapeError(`${what}: k = ${p.k} reflectors for m = ${p.m} rows; expected k <= m`);
  const ldq = leading(p.ldq, p.k, `${what}: ldq`);
  const countQ = span(p.m, p.k, ldq);
  checkCount(countQ, `${what}: elements spanned by q`);
  const heap = backend.heap;
  heap.checkRange(p.reflectors, p.k * p.m, info.bytes, () => `${what}: reflectors (k x m)`);
  if (p.q !== undefined) {
    heap.checkRange(p.q, countQ, info.bytes, () => `${what}: q (m x k, ldq ${ldq})`);
    if (overlaps(p.q, countQ, p.reflectors, p.k * p.m, info.bytes)) throw new ShapeError(`${what}: q overlaps the reflectors`);
  }
  const q = p.q ?? heap.alloc(Math.max(countQ, 1) * info.bytes);
  if (countQ === 0) return q;
  let w: number;
  try {
    w = heap.alloc(p.k * info.bytes);
  } catch (error) {
    if (p.q === undefined) heap.free(q);
    throw error;
  }
  (backend.kernels[name] as unknown as RawKernel)(p.m, p.k, p.reflectors, q, ldq, w);
  heap.free(w);
  return q;
}

export interface JacobiOptions {
  /** Convergence threshold (default 1e-14 for eigh, 1e-15 for svd in float64; 1e-6 in float32). */
  tolerance?: number;
  /** Most sweeps over all pairs (default 100). */
  maxSweeps?: number;
}

/**
 * Symmetric eigendecomposition by cyclic Jacobi, in place: A [n, n] (contiguous; symmetrized as
 * (A + A^T) / 2) becomes diag(eigenvalues) (unsorted); vectors [n, n] (allocated when absent)
 * holds the eigenvectors as rows. Returns the vectors and the sweeps made.
 */
export function jacobiEigh(backend: Backend, p: { dtype?: FloatDType; n: number; a: number; vectors?: number } & JacobiOptions): { vectors: number; sweeps: number } {
  const what = 'jacobiEigh';
  const dtype = p.dtype ?? 'float64';
  const { info, name } = resolveKernel(EIGH, dtype, what);
  const tol = p.tolerance ?? (dtype === 'float64' ? 1e-14 : 1e-6), sweeps = p.maxSweeps ?? 100;
  checkOptions(what, tol, sweeps);
  checkSquare(backend, what, info.bytes, p.n, p.a, undefined);
  const count = p.n * p.n;
  if (p.vectors !== undefined) {
    backend.heap.checkRange(p.vectors, count, info.bytes, () => `${what}: vectors (n x n)`);
    if (overlaps(p.vectors, count, p.a, count, info.bytes)) throw new ShapeError(`${what}: vectors overlap a`);
  }
  const vectors = p.vectors ?? backend.heap.alloc(Math.max(count, 1) * info.bytes);
  if (p.n === 0) return { vectors, sweeps: 0 };
  return { vectors, sweeps: (backend.kernels[name] as unknown as RawKernel)(p.n, p.a, vectors, tol, sweeps) };
}

/**
 * One-sided Jacobi SVD core: ut [n, m] holds A's columns as rows (contiguous) and is rotated in
 * place until its rows are pairwise orthogonal; vt [n, n] (allocated when absent) takes the same
 * rotations from the identity. Then A = U diag(s) V^T with s_j = |ut_j|, u_j = ut_j / s_j, V = vt^T.
 */
export function jacobiSvd(backend: Backend, p: { dtype?: FloatDType; m: number; n: number; ut: number; vt?: number } & JacobiOptions): { vt: number; sweeps: number } {
  const what = 'jacobiSvd';
  const dtype = p.dtype ?? 'float64';
  const { info, name } = resolveKernel(SVD, dtype, what);
  const tol = p.tolerance ?? (dtype === 'float64' ? 1e-15 : 1e-6), sweeps = p.maxSweeps ?? 100;
  checkOptions(what, tol, sweeps);
  checkCount(p.m, `${what}: m`);
  checkCount(p.n, `${what}: n`);
  const countU = p.m * p.n, countV = p.n * p.n;
  checkCount(countU, `${what}: elements of ut`);
  checkCount(countV, `${what}: elements of vt`);
  backend.heap.checkRange(p.ut, countU, info.bytes, () => `${what}: ut (n x m)`);
  if (p.vt !== undefined) {
    backend.heap.checkRange(p.vt, countV, info.bytes, () => `${what}: vt (n x n)`);
    if (overlaps(p.vt, countV, p.ut, countU, info.bytes)) throw new ShapeError(`${what}: vt overlaps ut`);
  }
  const vt = p.vt ?? backend.heap.alloc(Math.max(countV, 1) * info.bytes);
  if (p.n === 0) return { vt, sweeps: 0 };
  return { vt, sweeps: (backend.kernels[name] as unknown as RawKernel)(p.m, p.n, p.ut, vt, tol, sweeps) };
}
