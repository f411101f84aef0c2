// float64 and int32 tensor ops against the kernels' TypeScript references: each op family runs on
// the loaded (wasm) backend through the tensor API, and the same kernel wrapper runs on a
// reference backend (createReferenceBackend) over the same data. Sizes cover SIMD bodies, tails
// and several blocks. Moves (strided copies, gathers, fills) must be bit-exact.
import {
  type Backend, binary, createReferenceBackend, cumsum as cumsumKernel, gemm, moments, pairwiseSquaredDistances as pairwiseKernel, reduce,
  softmax as softmaxKernel, softmaxCrossEntropy as sceKernel, unary, type UnaryOpName,
} from '@neurite/kernels';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  add, argmax, cumsum, exp, full, gelu, indexSelect, init, linear, log1p, logSoftmax, matmul, max, maximum, mean, mul, pairwiseSquaredDistances, permute,
  rand, randint, scope, sigmoid, slice, softmaxCrossEntropy, sub, sum, type Tensor, tensor, tanh, variance, where,
} from '../index.ts';
import { expectClose, expectNoLeak } from '../testing.ts';

const F64 = { atol: 1e-13, rtol: 1e-12 };
const SIZES = [1, 3, 4, 5, 7, 8, 15, 16, 17, 63, 64, 65, 812, 1029];
let ref: Backend;

beforeAll(async () => {
  await init();
  ref = createReferenceBackend();
});

type Data = Float64Array | Int32Array;

/** Runs `call` on the reference backend with `inputs` copied into its heap; returns `n` outputs of the inputs' dtype. */
function onReference(inputs: readonly Data[], n: number, call: (backend: Backend, ptrs: number[], out: number) => void, outInt = false): Data {
  const heap = ref.heap;
  const ptrs = inputs.map((data) => {
    const p = heap.alloc(Math.max(data.length, 1) * data.BYTES_PER_ELEMENT);
    (data instanceof Float64Array ? heap.f64(p, data.length) : heap.i32(p, data.length)).set(data);
    return p;
  });
  const f64 = inputs[0] instanceof Float64Array && !outInt;
  const out = heap.alloc(Math.max(n, 1) * (f64 ? 8 : 4));
  call(ref, ptrs, out);
  const result = f64 ? heap.f64(out, n).slice() : heap.i32(out, n).slice();
  for (const p of [...ptrs, out]) heap.free(p);
  return result;
}

const f64 = (t: Tensor) => t.toArray() as Float64Array;
const randF64 = (shape: number[], seed: number, low = -2, high = 2) => rand(shape, { seed, low, high, dtype: 'float64' });

describe('float64 and int32 ops equal the kernels\' references', () => {
  it('unary maths and its backward (float64)', () => {
    const ops: [UnaryOpName, (x: Tensor) => Tensor][] = [['exp', exp], ['tanh', tanh], ['sigmoid', sigmoid], ['gelu', gelu], ['log1p', log1p]];
    expectNoLeak(() => scope(() => {
      for (const n of SIZES) {
        const x = randF64([n], n, -0.9, 3);
        for (const [op, fn] of ops) {
          const want = onReference([f64(x)], n, (b, [p], out) => void unary(b, op, p!, n, { out, dtype: 'float64' }));
          expectClose(fn(x), want, { ...F64, dtype: 'float64' });
        }
      }
    }));
  });

  it('binary broadcasting (float64 and int32)', () => {
    expectNoLeak(() => scope(() => {
      for (const [sa, sb] of [[[3, 4], [3, 1]], [[3, 4], [1, 4]], [[2, 3, 17], [2, 1, 17]], [[65], [65]], [[5, 7], []]] as number[][][]) {
        const n = sa!.reduce((p, d) => p * d, 1);
        const a = randF64(sa!, 1), b = randF64(sb!, 2);
        const want = onReference([f64(a), f64(b)], n, (k, [pa, pb], out) => void binary(k, 'mul', pa!, sa!, pb!, sb!, { out, dtype: 'float64' }));
        expectClose(mul(a, b), want, { ...F64, dtype: 'float64' });
        const ia = randint(-1000, 1000, sa!, { seed: 3 }), ib = randint(-1000, 1000, sb!, { seed: 4 });
        for (const [op, fn] of [['sub', sub], ['maximum', maximum], ['add', add]] as const) {
          const wantI = onReference([ia.toArray() as Int32Array, ib.toArray() as Int32Array], n,
            (k, [pa, pb], out) => void binary(k, op, pa!, sa!, pb!, sb!, { out, dtype: 'int32' }));
          const got = fn(ia, ib);
          expect(got.dtype).toBe('int32');
          expect(Array.from(got.toArray())).toEqual(Array.from(wantI));
        }
      }
    }));
  });

  it('reductions, moments and cumsum over an axis (float64)', () => {
    expectNoLeak(() => scope(() => {
      for (const n of [1, 5, 17, 65, 812]) {
        const x = randF64([3, n, 2], n);
        const sumWant = onReference([f64(x)], 6, (b, [p], out) => void reduce(b, 'sum', p!, 3, n, 2, { out, dtype: 'float64' }));
        expectClose(sum(x, 1), sumWant, { atol: 1e-13 * Math.sqrt(n), rtol: 1e-12 });
        const maxWant = onReference([f64(x)], 6, (b, [p], out) => void reduce(b, 'max', p!, 3, n, 2, { out, dtype: 'float64' }));
        expectClose(max(x, 1), maxWant, { atol: 0, rtol: 0 });
        expectClose(mean(x, 1), Float64Array.from(sumWant, (v) => v / n), F64);
        const varWant = onReference([f64(x)], 6, (b, [p], out) => void moments(b, p!, 3, n, 2, { dtype: 'float64', variance: out, mean: b.heap.alloc(48) }));
        expectClose(variance(x, 1), varWant, F64);
        const cumWant = onReference([f64(x)], x.size, (b, [p], out) => void cumsumKernel(b, p!, 3, n, 2, { out, dtype: 'float64' }));
        expectClose(cumsum(x, 1), cumWant, { atol: 1e-13 * Math.sqrt(n), rtol: 1e-12 });
        const am = argmax(x, 1);
        const amv = am.toArray(), xv = f64(x);
        for (let o = 0; o < 3; o++) for (let j = 0; j < 2; j++) expect(xv[(o * n + amv[o * 2 + j]!) * 2 + j]).toBe(maxWant[o * 2 + j]);
      }
    }));
  });

  it('matmul and linear with bias and activation run the float64 GEMM (awkward shapes)', () => {
    expectNoLeak(() => scope(() => {
      for (const [m, k, n] of [[1, 1, 1], [1, 17, 5], [7, 3, 1], [17, 65, 9], [64, 7, 63], [5, 0, 3]] as const) {
        const a = randF64([m, k], m + k), b = randF64([k, n], n), bias = randF64([n], 9);
        const want = onReference([f64(a), f64(b)], m * n, (kb, [pa, pb], c) => void gemm(kb, { dtype: 'float64', m, n, k, a: pa!, b: pb!, c }));
        expectClose(matmul(a, b), want, { atol: 1e-13 * Math.sqrt(k + 1), rtol: 1e-12 });
        const wantLinear = onReference([f64(a), f64(b), f64(bias)], m * n,
          (kb, [pa, pb, pbias], c) => void gemm(kb, { dtype: 'float64', m, n, k, a: pa!, b: pb!, c, bias: pbias!, activation: 'tanh' }));
        expectClose(linear(a, b, bias, { activation: 'tanh' }), wantLinear, { atol: 1e-13 * Math.sqrt(k + 1), rtol: 1e-12 });
      }
    }));
  });

  it('softmax, logSoftmax and cross-entropy (float64)', () => {
    expectNoLeak(() => scope(() => {
      for (const cols of [1, 3, 4, 17, 65]) {
        const x = randF64([5, cols], cols, -30, 30);
        const want = onReference([f64(x)], x.size, (b, [p], out) => void softmaxKernel(b, p!, 5, cols, { out, log: true, dtype: 'float64' }));
        expectClose(logSoftmax(x), want, F64);
        const labels = randint(0, cols, [5], { seed: cols });
        const losses = onReference([f64(x), labels.toArray() as Int32Array], 5,
          (b, [p, pl], out) => void sceKernel(b, p!, pl!, 5, cols, { dtype: 'float64', losses: out, labelSmoothing: 0.1 }));
        expectClose(softmaxCrossEntropy(x, labels, { labelSmoothing: 0.1, reduction: 'none' }), losses, F64);
      }
    }));
  });

  it('strided copies and gathers of float64 and int32 move every bit', () => {
    expectNoLeak(() => scope(() => {
      for (const n of [1, 3, 5, 17, 65]) {
        // Values whose low words differ from their high words: a swapped or dropped word shows.
        const x = add(randF64([n, 3, 2], n), 1e-9);
        const xv = f64(x);
        const moved = permute(x, [2, 0, 1]).toArray();
        for (let i = 0; i < n; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 2; k++) expect(moved[(k * n + i) * 3 + j]).toBe(xv[(i * 3 + j) * 2 + k]);
        const sliced = slice(x, [{ start: 0, step: 2 }, { start: 1 }, null]).toArray();
        let pos = 0;
        for (let i = 0; i < n; i += 2) for (let j = 1; j < 3; j++) for (let k = 0; k < 2; k++) expect(sliced[pos++]).toBe(xv[(i * 3 + j) * 2 + k]);
        const idx = tensor(new Int32Array([n - 1, 0, n - 1]), [3]);
        const picked = indexSelect(x, 0, idx).toArray();
        for (let r = 0; r < 3; r++) for (let c = 0; c < 6; c++) expect(picked[r * 6 + c]).toBe(xv[idx.toArray()[r]! * 6 + c]);
        const ints = randint(-5, 5, [n, 3], { seed: n });
        const iv = ints.toArray();
        expect(Array.from(permute(ints, [1, 0]).toArray())).toEqual([0, 1, 2].flatMap((j) => Array.from({ length: n }, (_, i) => iv[i * 3 + j]!)));
      }
      expect(Array.from(full([5], 0.1, { dtype: 'float64' }).toArray())).toEqual([0.1, 0.1, 0.1, 0.1, 0.1]);
      expect(Array.from(full([3], -7, { dtype: 'int32' }).toArray())).toEqual([-7, -7, -7]);
    }));
  });

  it('where selects float64 bits exactly, with a float32, int32 or float64 condition', () => {
    expectNoLeak(() => scope(() => {
      const special = [0, -0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, Infinity, -Infinity, NaN, 1 / 3, -1e-300];
      const a = tensor(new Float64Array(special)), b = tensor(new Float64Array(special.map((v) => -v)));
      const conds = [
        tensor(new Float64Array([1, 0, -0, 1e-300, NaN, 0, 2, 0, -5e-324, 0])),
        tensor(new Int32Array([1, 0, 0, 7, -1, 0, 2, 0, -3, 0])),
        tensor(new Float32Array([1, 0, -0, 1e-30, NaN, 0, 2, 0, -1, 0])),
      ];
      for (const c of conds) {
        const got = where(c, a, b).toArray() as Float64Array, cv = c.toArray();
        const want = special.map((v, i) => (cv[i] !== 0 ? v : -v));
        for (let i = 0; i < special.length; i++) expect(Object.is(got[i], want[i])).toBe(true);
      }
      // Broadcast: a column condition against a row of values and a scalar.
      const grid = where(tensor(new Int32Array([1, 0, 1]), [3, 1]), tensor(new Float64Array([0.1, 0.2]), [1, 2]), -2.5);
      expect(grid.dtype).toBe('float64');
      expect(grid.toNested()).toEqual([[0.1, 0.2], [-2.5, -2.5], [0.1, 0.2]]);
    }));
  });

  it('pairwise squared distances (float64)', () => {
    expectNoLeak(() => scope(() => {
      for (const [m, n, d] of [[1, 1, 1], [3, 5, 17], [17, 4, 3], [65, 7, 8]] as const) {
        const x = randF64([m, d], m), y = randF64([n, d], n + 1);
        const want = onReference([f64(x), f64(y)], m * n, (b, [px, py], out) => void pairwiseKernel(b, { dtype: 'float64', m, n, d, x: px!, y: py!, out }));
        expectClose(pairwiseSquaredDistances(x, y), want, { atol: 1e-13 * d, rtol: 1e-12 });
      }
    }));
  });
});
