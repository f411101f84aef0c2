// Checked wrapper of the symmetric eigensolver (assembly/linalg-eigh.ts): Householder
// tridiagonalisation, Q in blocks of EIGH_BLOCK reflectors on the packed GEMM, then the tridiagonal
// eigenproblem by implicit QL with Wilkinson shifts or (float64, n >= DIVIDE_FROM) by divide and
// conquer (assembly/linalg-dc.ts); eigenvalues ascending, eigenvectors as rows, each signed so that
// its largest-magnitude entry is positive.
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { checkCount, freeOnFailure, outputsF32 } from './checks.ts';
import { type FloatDType, type KernelTable, kernelTable, type RawKernel, resolveKernel } from './dtype.ts';
import { gemmWorkspace, overlaps } from './gemm.ts';
import { gemmWorkspaceBytes } from './gemm-workspace.ts';

const EIGH: KernelTable = kernelTable({ float32: 'symmetric_eigh_f32', float64: 'symmetric_eigh_f64' });

/** Reflectors per block of Q's accumulation (EIGH_BLOCK of assembly/linalg-eigh.ts). */
const BLOCK = 32;

/** Smallest n for which 'auto' takes divide and conquer (float64). */
export const DIVIDE_FROM = 64;

/** Reflectors per block of the divide-and-conquer vectors' product with Q^T (APPLY_BLOCK of assembly/linalg-eigh.ts). */
const APPLY_BLOCK = 64;

/** Doubles of divide and conquer's work: dcWorkDoubles of assembly/linalg-dc.ts, then applyQTransposed's panels in the same space. */
function divideWorkDoubles(n: number): number {
  return Math.max(3 * n * n + 16 * n, 4 * APPLY_BLOCK * n + APPLY_BLOCK * APPLY_BLOCK);
}

export interface SymmetricEighParams {
  /** Element type (default float64). */
  dtype?: FloatDType;
  n: number;
  /** A: [n, n] contiguous, symmetric; only its upper triangle is read, and A is overwritten (scratch). */
  a: number;
  /** Eigenvalues out: n elements, ascending (allocated when absent; the caller frees it). */
  values?: number;
  /** Eigenvectors out: [n, n], row i the unit eigenvector of values[i] (allocated when absent). */
  vectors?: number;
  /** Most QL iterations for one eigenvalue (default 60; LAPACK's dsteqr allows 30 per eigenvalue on average). */
  maxIterations?: number;
  /**
   * The tridiagonal eigenproblem's method: 'ql' (implicit QL), 'divide' (divide and conquer, float64
   * only: float32 always takes QL) or 'auto' (default: divide for float64 when n >= DIVIDE_FROM).
   */
  method?: 'auto' | 'ql' | 'divide';
}

export interface SymmetricEighResult {
  values: number;
  vectors: number;
  /** QL iterations made in all, or -1 when an eigenvalue did not converge (values and vectors are then meaningless). */
  iterations: number;
}

/** The GEMM workspace of Q's block updates: [BLOCK, n, n] and [n, n, BLOCK] products (and the few-rows paths of a short last block); divide: [n, n, n]. */
function eighGemmBytes(bytes: 4 | 8, n: number, divide: boolean): number {
  let most = gemmWorkspaceBytes(bytes, n, n, divide ? n : Math.min(BLOCK, n));
  if (divide) most = Math.max(most, gemmWorkspaceBytes(bytes, n, Math.min(APPLY_BLOCK, n), n));
  for (const rows of [BLOCK, 8, 4, 1]) most = Math.max(most, gemmWorkspaceBytes(bytes, Math.min(rows, n), n, n));
  return most;
}

/** Symmetric eigendecomposition, A overwritten: returns the eigenvalues (ascending) and eigenvector rows. */
export function symmetricEigh(backend: Backend, p: SymmetricEighParams): SymmetricEighResult {
  const what = 'symmetricEigh';
  const { info, name } = resolveKernel(EIGH, p.dtype ?? 'float64', what);
  const bytes = info.bytes as 4 | 8;
  checkCount(p.n, `${what}: n`);
  const n = p.n, count = n * n;
  checkCount(count, `${what}: elements of a`);
  const maxIterations = p.maxIterations ?? 60;
  checkCount(maxIterations, `${what}: maxIterations`);
  if (maxIterations === 0) throw new ShapeError(`${what}: maxIterations must be at least 1`);
  const method = p.method ?? 'auto';
  if (method !== 'auto' && method !== 'ql' && method !== 'divide') throw new ShapeError(`${what}: method must be 'auto', 'ql' or 'divide', got ${String(method)}`);
  const divide = bytes === 8 && (method === 'divide' || (method === 'auto' && n >= DIVIDE_FROM));
  const heap = backend.heap;
  heap.checkRange(p.a, count, bytes, () => `${what}: a (n x n)`);
  if (p.values !== undefined) {
    heap.checkRange(p.values, n, bytes, () => `${what}: values (n)`);
    if (overlaps(p.values, n, p.a, count, bytes)) throw new ShapeError(`${what}: values overlap a`);
  }
  if (p.vectors !== undefined) {
    heap.checkRange(p.vectors, count, bytes, () => `${what}: vectors (n x n)`);
    if (overlaps(p.vectors, count, p.a, count, bytes)) throw new ShapeError(`${what}: vectors overlap a`);
    if (p.values !== undefined && overlaps(p.vectors, count, p.values, n, bytes)) throw new ShapeError(`${what}: vectors overlap values`);
  }
  const [values, vectors] = outputsF32(backend, [[n, p.values, `${what}: values (n)`, bytes], [count, p.vectors, `${what}: vectors (n x n)`, bytes]]);
  if (n === 0) return { values, vectors, iterations: 0 };
  let iterations = 0;
  freeOnFailure(backend, [[values, p.values], [vectors, p.vectors]], () => {
    const work = heap.alloc(4 * n * 8 + (3 * BLOCK * n + BLOCK * BLOCK) * bytes + (divide ? divideWorkDoubles(n) * 8 : 0));
    try {
      const gemmWork = gemmWorkspace(backend, eighGemmBytes(bytes, n, divide));
      iterations = (backend.kernels[name] as unknown as RawKernel)(n, p.a, values!, vectors!, work, gemmWork, maxIterations, divide ? 1 : 0);
    } finally {
      heap.free(work);
    }
  });
  return { values: values!, vectors: vectors!, iterations };
}
