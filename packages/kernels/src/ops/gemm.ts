// Checked wrappers of assembly/gemm.ts: validate sizes, leading dimensions, strides and pointer
// ranges, allocate C unless given, keep the packing workspace cached per heap, make one call.
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { unaryReference } from '../reference/elementwise.ts';
import { checkCount } from './checks.ts';
import { type FloatDType, type KernelTable, kernelTable, type RawKernel, resolveKernel } from './dtype.ts';
import { gemmWorkspaceBytes, gemmWorkspaceFloats } from './gemm-workspace.ts';
import { type Activation, activationCode } from './op-codes.ts';

export { gemmWorkspaceFloats };

const GEMM: KernelTable = kernelTable({ float32: 'gemm_f32', float64: 'gemm_f64' });

export type { Activation };

export interface GemmParams {
  /** Element type of A, B, C and bias (default float32). */
  dtype?: FloatDType;
  /** Rows of op(A) and C. */
  m: number;
  /** Columns of op(B) and C. */
  n: number;
  /** Columns of op(A), rows of op(B). */
  k: number;
  /** A: [m, k] row-major, or [k, m] when transA. */
  a: number;
  /** B: [k, n] row-major, or [n, k] when transB. */
  b: number;
  /** C: [m, n] with row stride ldc; allocated (and returned) when absent, which needs beta = 0. */
  c?: number;
  transA?: boolean;
  transB?: boolean;
  /** Row stride of A in elements (default: its row length, k or m with transA). */
  lda?: number;
  /** Row stride of B in elements (default: n, or k with transB). */
  ldb?: number;
  /** Row stride of C in elements (default n). */
  ldc?: number;
  /** Default 1. */
  alpha?: number;
  /** Default 0: C's old contents are ignored (NaN included). */
  beta?: number;
  /** Pointer to n elements (of `dtype`) added to every row. */
  bias?: number;
  /** Activation fused into the store of C (default none). */
  activation?: Activation;
  /** Leaky relu's slope (default 0.01). */
  activationAlpha?: number;
}

export interface GemmBatchedParams extends GemmParams {
  batch: number;
  /** Element offsets between consecutive problems; 0 broadcasts one operand to every problem. */
  strideA: number;
  strideB: number;
  /** Must keep the outputs apart: at least (m - 1) * ldc + n when batch > 1. */
  strideC: number;
}

const workspaces = new WeakMap<object, { ptr: number; bytes: number }>();

/** The per-heap packing block (GEMM, pairwise distances), grown (never shrunk) to `bytes`. The next call overwrites it. */
export function gemmWorkspace(backend: Backend, bytes: number): number {
  let block = workspaces.get(backend.heap);
  if (block === undefined || block.bytes < bytes) {
    if (block !== undefined) {
      backend.heap.free(block.ptr);
      workspaces.delete(backend.heap); // a failed allocation below must not leave the freed pointer cached
    }
    block = { ptr: backend.heap.alloc(bytes), bytes };
    workspaces.set(backend.heap, block);
  }
  return block.ptr;
}

export function leading(value: number | undefined, minimum: number, what: string): number {
  if (value === undefined) return minimum;
  checkCount(value, what);
  if (value < minimum) throw new ShapeError(`${what} = ${value} is smaller than the row length ${minimum}`);
  return value;
}

/** Elements spanned by `rows` rows of `cols` at row stride `ld` (0 if empty). */
export function span(rows: number, cols: number, ld: number): number {
  return rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
}

/** Elements spanned by `batch` operands of `each` elements `stride` apart. */
function batchSpan(batch: number, each: number, stride: number): number {
  return batch === 0 || each === 0 ? 0 : (batch - 1) * stride + each;
}

function checkNumber(v: unknown, name: string, what: string): void {
  if (typeof v !== 'number') throw new ShapeError(`${name}: ${what} must be a number, got ${typeof v}`);
}

export function overlaps(p: number, pn: number, q: number, qn: number, bytes: number): boolean {
  return pn > 0 && qn > 0 && p < q + qn * bytes && q < p + pn * bytes;
}

function run(backend: Backend, p: GemmParams, batch: number, strides: [number, number, number] | undefined, name: string): number {
  const { info, name: kernel } = p.dtype === undefined ? GEMM.float32! : resolveKernel(GEMM, p.dtype, name);
  const bytes = info.bytes;
  const { m, n, k } = p;
  checkCount(m, `${name}: m`);
  checkCount(n, `${name}: n`);
  checkCount(k, `${name}: k`);
  checkCount(batch, `${name}: batch`);
  const transA = p.transA ?? false, transB = p.transB ?? false;
  const lda = leading(p.lda, transA ? m : k, `${name}: lda`);
  const ldb = leading(p.ldb, transB ? k : n, `${name}: ldb`);
  const ldc = leading(p.ldc, n, `${name}: ldc`);
  const alpha = p.alpha ?? 1, beta = p.beta ?? 0, slope = p.activationAlpha ?? 0.01;
  checkNumber(alpha, name, 'alpha');
  checkNumber(beta, name, 'beta');
  checkNumber(slope, name, 'activationAlpha');
  const act = activationCode(p.activation, name);
  const [strideA, strideB, strideC] = strides ?? [0, 0, 0];
  checkCount(strideA, `${name}: strideA`);
  checkCount(strideB, `${name}: strideB`);
  checkCount(strideC, `${name}: strideC`);
  const eachA = span(transA ? k : m, transA ? m : k, lda);
  const eachB = span(transB ? n : k, transB ? k : n, ldb);
  const eachC = span(m, n, ldc);
  if (batch > 1 && eachC > 0 && strideC < eachC) {
    throw new ShapeError(`${name}: strideC = ${strideC} makes the ${batch} outputs overlap; expected at least (m - 1) * ldc + n = ${eachC}`);
  }
  const countA = batchSpan(batch, eachA, strideA);
  const countB = batchSpan(batch, eachB, strideB);
  const countC = batchSpan(batch, eachC, strideC);
  checkCount(countC, `${name}: elements spanned by c`);
  const heap = backend.heap;
  heap.checkRange(p.a, countA, bytes, () => `${name}: a (${transA ? 'k x m' : 'm x k'}, lda ${lda}, ${batch} problem(s))`);
  heap.checkRange(p.b, countB, bytes, () => `${name}: b (${transB ? 'n x k' : 'k x n'}, ldb ${ldb}, ${batch} problem(s))`);
  if (p.bias !== undefined) heap.checkRange(p.bias, n, bytes, () => `${name}: bias (n = ${n} values)`);
  let c = p.c;
  const ownC = c === undefined;
  if (c === undefined) {
    if (beta !== 0) throw new ShapeError(`${name}: beta = ${beta} reads C, but no c was given; pass c or beta = 0`);
    c = heap.alloc(countC * bytes);
  } else {
    heap.checkRange(c, countC, bytes, () => `${name}: c (m x n, ldc ${ldc}, ${batch} problem(s))`);
  }
  if (overlaps(c, countC, p.a, countA, bytes)) throw new ShapeError(`${name}: c overlaps a; the output must be a separate block`);
  if (overlaps(c, countC, p.b, countB, bytes)) throw new ShapeError(`${name}: c overlaps b; the output must be a separate block`);
  if (p.bias !== undefined && overlaps(c, countC, p.bias, n, bytes)) throw new ShapeError(`${name}: c overlaps bias`);
  if (m === 0 || n === 0 || batch === 0) return c;
  if (k === 0) {
    // No products: C = act(beta C + bias), computed here (no kernel call for empty inputs).
    const f = bytes === 8 ? new Float64Array(heap.memory.buffer) : new Float32Array(heap.memory.buffer);
    const round = bytes === 8 ? (x: number) => x : Math.fround;
    const betaT = round(beta), slopeT = round(slope), shift = bytes === 8 ? 3 : 2;
    for (let t = 0; t < batch; t++) {
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const at = (c >>> shift) + t * strideC + i * ldc + j;
          let v = betaT === 0 ? 0 : betaT * f[at]!;
          if (p.bias !== undefined) v += f[(p.bias >>> shift) + j]!;
          f[at] = act >= 0 ? unaryReference(act, v, slopeT) : v;
        }
      }
    }
    return c;
  }
  let work: number;
  try {
    // Threaded backends split large products across their pool (src/threads/); the rest runs here.
    if (backend.pool !== undefined && backend.pool.gemm(backend, [batch, transA ? 1 : 0, transB ? 1 : 0, m, n, k,
      alpha, p.a, lda, strideA, p.b, ldb, strideB, beta, c, ldc, strideC, p.bias ?? 0, act, slope], bytes)) return c;
    work = gemmWorkspace(backend, gemmWorkspaceBytes(bytes, m, n, k));
  } catch (error) {
    if (ownC) heap.free(c); // out of memory or a failed worker: do not leak the output block
    throw error;
  }
  // A threaded backend times the call when its split gate declined it (the gate weighs splits against it).
  const token = backend.pool?.singleStart() ?? -1;
  (backend.kernels[kernel] as unknown as RawKernel)(batch, transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, p.a, lda, strideA, p.b, ldb, strideB,
    beta, c, ldc, strideC, p.bias ?? 0, act, slope, work);
  if (token >= 0) backend.pool!.singleEnd(token);
  return c;
}

/**
 * C[m, n] = act(alpha op(A) op(B) + beta C + bias), float32 or float64 (`dtype`), row-major with
 * leading dimensions.
 * Returns C (allocated when `c` is absent). Empty sizes make no kernel call.
 */
export function gemm(backend: Backend, p: GemmParams): number {
  return run(backend, p, 1, undefined, 'gemm');
}

/** `batch` GEMMs with operands `stride` elements apart (0 broadcasts A or B). Returns C. */
export function gemmBatched(backend: Backend, p: GemmBatchedParams): number {
  return run(backend, p, p.batch, [p.strideA, p.strideB, p.strideC], 'gemmBatched');
}
