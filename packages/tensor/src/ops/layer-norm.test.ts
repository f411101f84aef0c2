import { beforeAll, describe, expect, it } from 'vitest';
import { add, cast, grad, init, layerNorm, mean, mul, rand, rsqrt, scope, ShapeError, sub, sum, type Tensor, variance } from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';

beforeAll(async () => {
  await init();
});

/** The float64 reference: (x - mean) rsqrt(var + eps) weight + bias over the last `k` axes, composed. */
function composed(x: Tensor, k: number, w: Tensor | null, b: Tensor | null, eps: number): Tensor {
  const axes = Array.from({ length: k }, (_, i) => x.rank - k + i);
  const n = mul(sub(x, mean(x, axes, true)), rsqrt(add(variance(x, axes, true), eps)));
  const s = w === null ? n : mul(n, w);
  return b === null ? s : add(s, b);
}

describe('layerNorm', () => {
  it('float32 (fused kernel) matches the float64 composition at awkward sizes, with and without weight and bias', () => {
    expectNoLeak(() => scope(() => {
      for (const [rows, cols] of [[1, 1], [1, 3], [5, 4], [7, 17], [3, 64], [2, 65], [33, 8]] as const) {
        const x = rand([rows, cols], { seed: rows * 100 + cols, low: -3, high: 3, dtype: 'float64' });
        const w = rand([cols], { seed: cols, low: 0.5, high: 1.5, dtype: 'float64' }), b = rand([cols], { seed: cols + 1, dtype: 'float64' });
        for (const [ww, bb] of [[w, b], [null, null], [w, null], [null, b]] as const) {
          const want = composed(x, 1, ww, bb, 1e-5);
          const f32 = (t: Tensor | null) => (t === null ? null : cast(t, 'float32'));
          const got = layerNorm(cast(x, 'float32'), cols, f32(ww), f32(bb));
          expectClose(got, cast(want, 'float32'), { atol: 1e-5, rtol: 1e-5 });
        }
      }
    }));
  });

  it('float64 is the composition itself; several normalized axes', () => {
    expectNoLeak(() => scope(() => {
      const x = rand([2, 3, 4, 5], { seed: 7, low: -2, high: 2, dtype: 'float64' });
      const w = rand([4, 5], { seed: 8, low: 0.5, high: 1.5, dtype: 'float64' }), b = rand([4, 5], { seed: 9, dtype: 'float64' });
      expectClose(layerNorm(x, [4, 5], w, b, { eps: 1e-3 }), composed(x, 2, w, b, 1e-3), { atol: 0, rtol: 0 });
      expectClose(layerNorm(cast(x, 'float32'), [4, 5], cast(w, 'float32'), cast(b, 'float32'), { eps: 1e-3 }),
        cast(composed(x, 2, w, b, 1e-3), 'float32'), { atol: 1e-5, rtol: 1e-5 });
    }));
  });

  it('float32 gradients of x, weight and bias match the float64 composition; gradCheck in float64', () => {
    expectNoLeak(() => scope(() => {
      for (const [rows, cols] of [[1, 1], [3, 7], [9, 64], [4, 65]] as const) {
        const x = rand([rows, cols], { seed: cols, low: -2, high: 2, dtype: 'float64' });
        const w = rand([cols], { seed: cols + 1, low: 0.5, high: 1.5, dtype: 'float64' }), b = rand([cols], { seed: cols + 2, dtype: 'float64' });
        const up = rand([rows, cols], { seed: cols + 3, dtype: 'float64' });
        const loss = (f: (a: Tensor, c: Tensor, d: Tensor) => Tensor) => (a: Tensor, c: Tensor, d: Tensor) => sum(mul(f(a, c, d), cast(up, a.dtype)));
        const want = grad(loss((a, c, d) => composed(a, 1, c, d, 1e-5)))(x, w, b);
        const got = grad(loss((a, c, d) => layerNorm(a, cols, c, d)))(cast(x, 'float32'), cast(w, 'float32'), cast(b, 'float32'));
        for (let i = 0; i < 3; i++) expectClose(got[i]!, cast(want[i]!, 'float32'), { atol: 1e-4 * Math.sqrt(rows), rtol: 1e-3 });
      }
      const x = rand([3, 6], { seed: 20, low: -2, high: 2, dtype: 'float64' }), w = rand([6], { seed: 21, low: 0.5, high: 1.5, dtype: 'float64' });
      // gradCheck's float32 path runs the fused kernel, its float64 path the composition.
      gradCheck((a, c) => layerNorm(a, 6, c, null), [x, w]);
      gradCheck((a, c) => layerNorm(a, 6, null, c, { eps: 1e-3 }), [x, w]);
    }));
  });

  it('rejects a normalizedShape that is not x\'s tail and affine terms of the wrong shape or dtype', () => {
    expectNoLeak(() => scope(() => {
      expect(() => layerNorm(rand([2, 3]), 4)).toThrow(ShapeError);
      expect(() => layerNorm(rand([2, 3]), [2, 3, 1])).toThrow(ShapeError);
      expect(() => layerNorm(rand([2, 3]), [])).toThrow(ShapeError);
      expect(() => layerNorm(rand([2, 3]), 3, rand([4]))).toThrow(ShapeError);
      expect(() => layerNorm(rand([2, 3]), 3, null, rand([3], { dtype: 'float64' }))).toThrow(ShapeError);
    }));
  });
});
