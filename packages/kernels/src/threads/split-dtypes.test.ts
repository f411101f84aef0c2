// The float64 (and int32) kernels split over the pool like the float32 ones: GEMM by problems,
// column panels or row blocks, elementwise ops by ranges of elements, softmax by blocks of rows.
// Every split result equals the single-threaded call of the same build, bit for bit.
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../backend.ts';
import { detectFeatures, loadBackend } from '../loader.ts';
import { putTyped, randomTyped, readTyped, type TypedData } from '../ops/dtype-testing.ts';
import { binary, unary, unaryBackward } from '../ops/elementwise.ts';
import { gemmBatched } from '../ops/gemm.ts';
import { BinaryOp, type BinaryOpName, INT32_BINARY_OPS, INT32_UNARY_OPS, UnaryOp, type UnaryOpName } from '../ops/op-codes.ts';
import { softmax, softmaxBackward, softmaxCrossEntropy } from '../ops/softmax.ts';

const variants = detectFeatures().relaxedSimd ? (['simd', 'relaxed'] as const) : (['simd'] as const);
const pairs: [Backend, Backend][] = [];
for (const variant of variants) {
  pairs.push([await loadBackend({ threads: 3, variant, minParallelWork: 1 }), await loadBackend({ variant })]);
}
afterAll(async () => {
  for (const [threaded] of pairs) await threaded.dispose?.();
});

/** Bit patterns (NaN payloads and signed zeros count). */
const bits = (a: TypedData) => new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));

/** Runs `fn` on both backends and expects the same bits; `fn` frees what it allocates. */
function sameBits(threaded: Backend, single: Backend, label: string, fn: (b: Backend) => TypedData[]): void {
  const got = fn(threaded), want = fn(single);
  got.forEach((g, i) => expect(bits(g), `${label} [${i}]`).toEqual(bits(want[i]!)));
}

describe.each(pairs.map((p) => [p[0].variant, p] as const))('split float64 and int32 kernels (%s, 3 threads)', (_, [threaded, single]) => {
  it('gemm_f64: batches, column panels and row blocks, transposes, bias and activations', () => {
    const spy = vi.spyOn(threaded.pool!, 'gemm');
    try {
      const cases = [
        [1, 5, 40, 7], [1, 40, 5, 9], [1, 29, 31, 300], [1, 4, 70, 33], [1, 100, 13, 17], [6, 9, 10, 11], [4, 30, 3, 5], [1, 13, 3, 5],
      ] as const;
      for (const [batch, m, n, k] of cases) {
        for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
          sameBits(threaded, single, `gemm ${batch}x${m}x${n}x${k} ${transA} ${transB}`, (b) => {
            const a = putTyped(b, 'f64', randomTyped('f64', batch * m * k, m + k), 1), bb = putTyped(b, 'f64', randomTyped('f64', batch * k * n, n + k), 1);
            const bias = putTyped(b, 'f64', randomTyped('f64', n, n), 1);
            const c = gemmBatched(b, {
              dtype: 'float64', m, n, k, a, b: bb, transA, transB, bias, activation: 'gelu', alpha: 0.75,
              batch, strideA: m * k, strideB: k * n, strideC: m * n,
            });
            const out = [readTyped(b, 'f64', c, batch * m * n)];
            [a, bb, bias].forEach((p) => b.heap.free(p - 8));
            b.heap.free(c);
            return out;
          });
        }
      }
      // Every product but 13 x 3 (one 12-row block and one row, which joins it) was split.
      expect(spy.mock.results.filter((r) => r.value === false).length).toBe(4);
    } finally {
      spy.mockRestore();
    }
  });

  it('unary, unaryBackward and same-shape binary ops split by ranges (float64 and int32)', () => {
    for (const n of [1, 17, 33, 100, 1029]) {
      sameBits(threaded, single, `float64 elementwise n=${n}`, (b) => {
        const x = putTyped(b, 'f64', randomTyped('f64', n, n, 0.1, 3)), dy = putTyped(b, 'f64', randomTyped('f64', n, n + 1));
        const out: TypedData[] = [];
        for (const op of Object.keys(UnaryOp) as UnaryOpName[]) {
          const y = unary(b, op, x, n, { dtype: 'float64' }), dx = unaryBackward(b, op, x, y, dy, n, { dtype: 'float64' });
          out.push(readTyped(b, 'f64', y, n), readTyped(b, 'f64', dx, n));
          b.heap.free(y);
          b.heap.free(dx);
        }
        for (const op of Object.keys(BinaryOp) as BinaryOpName[]) {
          const r = binary(b, op, x, [n], dy, [n], { dtype: 'float64' });
          out.push(readTyped(b, 'f64', r.ptr, n));
          b.heap.free(r.ptr);
        }
        [x, dy].forEach((p) => b.heap.free(p));
        return out;
      });
      sameBits(threaded, single, `int32 elementwise n=${n}`, (b) => {
        const x = putTyped(b, 'i32', randomTyped('i32', n, n, -1000, 1000)), z = putTyped(b, 'i32', randomTyped('i32', n, n + 2, -1000, 1000));
        const out: TypedData[] = [];
        for (const op of (Object.keys(UnaryOp) as UnaryOpName[]).filter((o) => INT32_UNARY_OPS.has(UnaryOp[o]))) {
          const y = unary(b, op, x, n, { dtype: 'int32' });
          out.push(readTyped(b, 'i32', y, n));
          b.heap.free(y);
        }
        for (const op of (Object.keys(BinaryOp) as BinaryOpName[]).filter((o) => INT32_BINARY_OPS.has(BinaryOp[o]))) {
          const r = binary(b, op, x, [n], z, [n], { dtype: 'int32' });
          out.push(readTyped(b, 'i32', r.ptr, n));
          b.heap.free(r.ptr);
        }
        [x, z].forEach((p) => b.heap.free(p));
        return out;
      });
    }
  });

  it('softmax, log-softmax, their gradients and softmax cross-entropy split by rows (float64)', () => {
    for (const [rows, cols] of [[1, 7], [3, 5], [7, 33], [64, 129]] as const) {
      sameBits(threaded, single, `softmax f64 ${rows}x${cols}`, (b) => {
        const n = rows * cols;
        const x = putTyped(b, 'f64', randomTyped('f64', n, rows + cols, -8, 8)), dy = putTyped(b, 'f64', randomTyped('f64', n, cols));
        const w = putTyped(b, 'f64', randomTyped('f64', cols, 3, 0.5, 2));
        const labels = putTyped(b, 'i32', Int32Array.from({ length: rows }, (_, r) => (r % 4 === 3 ? -1 : (r * 5) % cols)));
        const out: TypedData[] = [];
        for (const log of [false, true]) {
          const y = softmax(b, x, rows, cols, { dtype: 'float64', log }), dx = softmaxBackward(b, y, dy, rows, cols, { dtype: 'float64', log });
          out.push(readTyped(b, 'f64', y, n), readTyped(b, 'f64', dx, n));
          b.heap.free(y);
          b.heap.free(dx);
        }
        const { losses, grad } = softmaxCrossEntropy(b, x, labels, rows, cols, { dtype: 'float64', weights: w, labelSmoothing: 0.1, ignoreIndex: -1 });
        out.push(readTyped(b, 'f64', losses, rows), readTyped(b, 'f64', grad, n));
        [x, dy, w, labels, losses, grad].forEach((p) => b.heap.free(p));
        return out;
      });
    }
  });
});
