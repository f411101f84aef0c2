// The checked wrappers of every dtype: each call dispatches to its dtype's export with the right
// element size (pointers at odd element offsets, so 8-byte elements sit off 16-byte boundaries),
// and matches the same wrapper over the reference kernels on the same heap.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { assertClose, countingBackend, referenceOf, type Tolerance, wasmBackends } from '../testing.ts';
import { type DType, freeTyped, putTyped, randomTyped, readTyped, type TypedData } from './dtype-testing.ts';
import type { KernelDType } from './dtype.ts';
import { axpby, binary, binaryScalar, copy, fill, unary, unaryBackward } from './elementwise.ts';
import { gemm, gemmBatched } from './gemm.ts';
import { BinaryOp, type BinaryOpName, INT32_BINARY_OPS, INT32_UNARY_OPS, UnaryOp, type UnaryOpName } from './op-codes.ts';
import { pairwiseSquaredDistances } from './pairwise.ts';
import { argReduce, clipByValue, cumsum, moments, reduce, type ReduceOp, squaredNorm } from './reduce.ts';
import { softmax, softmaxBackward, softmaxCrossEntropy } from './softmax.ts';

const backends = await wasmBackends();
const SHORT: Record<KernelDType, DType> = { float32: 'f32', float64: 'f64', int32: 'i32' };
const DTYPES: KernelDType[] = ['float32', 'float64', 'int32'];
const FLOATS: ('float32' | 'float64')[] = ['float32', 'float64'];
/** Wasm against reference: float32 results may differ by a few ulps (SIMD formulas), float64 by fewer. */
const TOL: Record<KernelDType, Tolerance> = {
  float32: { atol: 1e-5, rtol: 1e-4 }, float64: { atol: 1e-13, rtol: 1e-12 }, int32: { atol: 0, rtol: 0 },
};
const OFFSET = 1; // element offset past a 16-byte boundary

/**
 * Runs `fn` on the backend and on the reference kernels over the same heap; compares what it reads
 * back; checks that the wasm run called only kernels of `dtype` (plus dtype-free ones), and at
 * least one unless `empty` (an empty axis is filled by the wrapper).
 */
function both(backend: Backend, dtype: KernelDType, label: string, fn: (b: Backend) => TypedData[], tol = TOL[dtype], empty = false): void {
  const counting = countingBackend(backend);
  const got = fn(counting.backend), want = fn(referenceOf(backend));
  if (!empty) expect(counting.calls.length, `${label}: a kernel ran`).toBeGreaterThan(0);
  const suffix = `_${SHORT[dtype]}`;
  for (const name of counting.calls) {
    const ok = name.endsWith(suffix) || (dtype === 'int32' && (name === 'copy_f32' || name === 'arg_reduce_i32'));
    expect(ok, `${label}: ${name} is not a ${dtype} kernel`).toBe(true);
  }
  got.forEach((g, i) => assertClose(g, want[i]!, tol, `${backend.variant} ${dtype} ${label} [${i}]`));
}

/** Copies data in at OFFSET; returns [pointer, free]. */
function put(b: Backend, dtype: KernelDType, data: ArrayLike<number>): number {
  return putTyped(b, SHORT[dtype], data, OFFSET);
}
const read = (b: Backend, dtype: KernelDType, ptr: number, n: number) => readTyped(b, SHORT[dtype], ptr, n);
const free = (b: Backend, dtype: KernelDType, ...ptrs: number[]) => ptrs.forEach((p) => freeTyped(b, SHORT[dtype], p, OFFSET));
const data = (dtype: KernelDType, n: number, seed: number, lo = -2, hi = 2) => randomTyped(SHORT[dtype], n, seed, lo, hi);

describe.each(backends.map((b) => [b.variant, b] as const))('checked wrappers of every dtype (%s)', (_, backend) => {
  it.each(DTYPES)('unary and unaryBackward (%s)', (dtype) => {
    const n = 37;
    const ops = (Object.keys(UnaryOp) as UnaryOpName[]).filter((op) => dtype !== 'int32' || INT32_UNARY_OPS.has(UnaryOp[op]));
    expect(ops.length).toBe(dtype === 'int32' ? 5 : Object.keys(UnaryOp).length);
    const lo = dtype === 'int32' ? -40 : 0.1, hi = dtype === 'int32' ? 40 : 2;
    for (const op of ops) {
      both(backend, dtype, `unary ${op}`, (b) => {
        const x = put(b, dtype, data(dtype, n, 3, lo, hi));
        const y = unary(b, op, x, n, { dtype, alpha: 0.2 });
        const out = [read(b, dtype, y, n)];
        if (dtype !== 'int32') {
          const dy = put(b, dtype, data(dtype, n, 4));
          const dx = unaryBackward(b, op, x, y, dy, n, { dtype, alpha: 0.2 });
          out.push(read(b, dtype, dx, n));
          free(b, dtype, dy);
          b.heap.free(dx);
        }
        free(b, dtype, x);
        b.heap.free(y);
        return out;
      });
    }
  });

  it.each(DTYPES)('binary: same shape, broadcast, a scalar operand and binaryScalar (%s)', (dtype) => {
    const ops = (Object.keys(BinaryOp) as BinaryOpName[]).filter((op) => dtype !== 'int32' || INT32_BINARY_OPS.has(BinaryOp[op]));
    expect(ops.length).toBe(dtype === 'int32' ? Object.keys(BinaryOp).length - 2 : Object.keys(BinaryOp).length);
    const lo = dtype === 'int32' ? -9 : 0.5, hi = dtype === 'int32' ? 9 : 2;
    for (const op of ops) {
      both(backend, dtype, `binary ${op}`, (b) => {
        const a = put(b, dtype, data(dtype, 12, 5, lo, hi)), row = put(b, dtype, data(dtype, 4, 6, lo, hi));
        const one = put(b, dtype, data(dtype, 1, 7, lo, hi));
        const same = binary(b, op, a, [3, 4], a, [3, 4], { dtype });
        const broadcast = binary(b, op, a, [3, 4], row, [1, 4], { dtype });
        const scalar = binary(b, op, one, [], a, [3, 4], { dtype });
        const bs = binaryScalar(b, op, a, 12, 3, { dtype, reversed: true });
        const out = [same.ptr, broadcast.ptr, scalar.ptr].map((p) => read(b, dtype, p, 12));
        out.push(read(b, dtype, bs, 12));
        free(b, dtype, a, row, one);
        [same.ptr, broadcast.ptr, scalar.ptr, bs].forEach((p) => b.heap.free(p));
        return out;
      });
    }
  });

  it.each(DTYPES)('fill, copy and axpby (%s)', (dtype) => {
    const n = 19;
    both(backend, dtype, 'fill copy axpby', (b) => {
      const x = put(b, dtype, data(dtype, n, 8)), y = put(b, dtype, data(dtype, n, 9));
      fill(b, x, 5, -3, { dtype });
      copy(b, x, y, 11, { dtype });
      const out = [read(b, dtype, x, n), read(b, dtype, y, n)];
      if (dtype !== 'int32') {
        axpby(b, 0.5, x, -2, y, n, { dtype });
        out.push(read(b, dtype, y, n));
      }
      free(b, dtype, x, y);
      return out;
    });
  });

  it.each(DTYPES)('reduce, argReduce, cumsum, moments, squaredNorm and clipByValue (%s)', (dtype) => {
    const ops: ReduceOp[] = dtype === 'int32' ? ['sum', 'max', 'min', 'prod', 'sumSquares'] : ['sum', 'mean', 'max', 'min', 'prod', 'sumSquares', 'logSumExp'];
    const lo = dtype === 'int32' ? -3 : -2, hi = dtype === 'int32' ? 4 : 2;
    for (const [outer, axis, inner] of [[2, 5, 3], [3, 7, 1], [2, 0, 3]] as const) {
      const n = outer * axis * inner, m = outer * inner;
      both(backend, dtype, `reductions ${outer}x${axis}x${inner}`, (b) => {
        const x = put(b, dtype, data(dtype, Math.max(n, 1), 10 + n, lo, hi));
        const out: TypedData[] = [];
        for (const op of ops) {
          if (axis === 0 && dtype === 'int32' && (op === 'max' || op === 'min')) continue;
          const r = reduce(b, op, x, outer, axis, inner, { dtype });
          out.push(read(b, dtype, r, m));
          b.heap.free(r);
        }
        const c = cumsum(b, x, outer, axis, inner, { dtype, reverse: true });
        out.push(read(b, dtype, c, n));
        b.heap.free(c);
        if (axis > 0) {
          const i = argReduce(b, 'argmax', x, outer, axis, inner, { dtype });
          out.push(readTyped(b, 'i32', i, m));
          b.heap.free(i);
        }
        if (dtype !== 'int32') {
          const mv = moments(b, x, outer, axis, inner, { dtype, correction: 1 });
          out.push(read(b, dtype, mv.mean, m), read(b, dtype, mv.variance, m));
          b.heap.free(mv.mean);
          b.heap.free(mv.variance);
          out.push(new Float64Array([squaredNorm(b, x, n, { dtype })]));
          clipByValue(b, x, n, -0.5, 0.75, { dtype });
          out.push(read(b, dtype, x, n));
        }
        free(b, dtype, x);
        return out;
      }, TOL[dtype], axis === 0);
    }
  });

  it.each(FLOATS)('softmax, log-softmax, their gradients and softmax cross-entropy (%s)', (dtype) => {
    const rows = 5, cols = 9, n = rows * cols;
    both(backend, dtype, 'softmax family', (b) => {
      const x = put(b, dtype, data(dtype, n, 11, -6, 6)), dy = put(b, dtype, data(dtype, n, 12));
      const w = put(b, dtype, data(dtype, cols, 13, 0.5, 2));
      const labels = putTyped(b, 'i32', [0, 8, -100, 3, 4], OFFSET);
      const out: TypedData[] = [];
      for (const log of [false, true]) {
        const y = softmax(b, x, rows, cols, { dtype, log });
        const dx = softmaxBackward(b, y, dy, rows, cols, { dtype, log });
        out.push(read(b, dtype, y, n), read(b, dtype, dx, n));
        b.heap.free(y);
        b.heap.free(dx);
      }
      const { losses, grad } = softmaxCrossEntropy(b, x, labels, rows, cols, { dtype, weights: w, labelSmoothing: 0.1, ignoreIndex: -100 });
      out.push(read(b, dtype, losses, rows), read(b, dtype, grad, n));
      [losses, grad].forEach((p) => b.heap.free(p));
      free(b, dtype, x, dy, w);
      freeTyped(b, 'i32', labels, OFFSET);
      return out;
    });
  });

  it.each(FLOATS)('gemm and gemmBatched: transposes, leading dimensions, bias and activations (%s)', (dtype) => {
    const tol = dtype === 'float32' ? { atol: 1e-4, rtol: 1e-4 } : { atol: 1e-12, rtol: 1e-12 };
    for (const [m, n, k] of [[1, 9, 5], [7, 13, 11], [33, 17, 70]] as const) {
      for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        both(backend, dtype, `gemm ${m}x${n}x${k} ${transA} ${transB}`, (b) => {
          const lda = (transA ? m : k) + 2, ldb = (transB ? k : n) + 1;
          const a = put(b, dtype, data(dtype, 2 * (transA ? k : m) * lda, m)), bb = put(b, dtype, data(dtype, (transB ? n : k) * ldb, n));
          const bias = put(b, dtype, data(dtype, n, k));
          const c = gemm(b, { dtype, m, n, k, a, b: bb, transA, transB, lda, ldb, bias, activation: 'gelu', alpha: 0.5 });
          const cb = gemmBatched(b, { dtype, m, n, k, a, b: bb, transA, transB, lda, ldb, batch: 2, strideA: (transA ? k : m) * lda, strideB: 0, strideC: m * n, activation: 'leakyRelu' });
          const out = [read(b, dtype, c, m * n), read(b, dtype, cb, 2 * m * n)];
          free(b, dtype, a, bb, bias);
          b.heap.free(c);
          b.heap.free(cb);
          return out;
        }, tol);
      }
    }
  });

  it.each(FLOATS)('pairwiseSquaredDistances with row strides (%s)', (dtype) => {
    for (const [m, n, d] of [[1, 1, 1], [5, 3, 7], [13, 21, 34], [3, 2, 0]] as const) {
      // The kernel's GEMM form cancels: an absolute error of about eps (||x||^2 + ||y||^2) <= eps * 2d.
      const eps = dtype === 'float32' ? 2 ** -23 : 2 ** -52;
      both(backend, dtype, `pairwise ${m}x${n}x${d}`, (b) => {
        const x = put(b, dtype, data(dtype, m * (d + 1), m + d)), y = put(b, dtype, data(dtype, n * (d + 3), n + d));
        const o = pairwiseSquaredDistances(b, { dtype, m, n, d, x, ldx: d + 1, y, ldy: d + 3 });
        const out = [read(b, dtype, o, m * n)];
        free(b, dtype, x, y);
        b.heap.free(o);
        return out;
      }, { atol: 16 * eps * 2 * d * 4, rtol: dtype === 'float32' ? 1e-5 : 1e-12 });
    }
  });
});
