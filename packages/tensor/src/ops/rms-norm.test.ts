import { beforeAll, describe, expect, it } from 'vitest';
import { cast, init, mean, mul, rand, rmsNorm, rsqrt, add, scope, ShapeError, square } from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';

beforeAll(async () => {
  await init();
});

describe('rmsNorm', () => {
  it('equals x * rsqrt(mean(x^2) + eps) * weight (composed, float64) in float32 and float64', () => {
    expectNoLeak(() => scope(() => {
      const x = rand([3, 4, 7], { seed: 1, low: -3, high: 3, dtype: 'float64' });
      const w = rand([7], { seed: 2, low: 0.5, high: 1.5, dtype: 'float64' });
      const want = mul(mul(x, rsqrt(add(mean(square(x), -1, true), 1e-5))), w);
      expectClose(rmsNorm(x, w, { eps: 1e-5 }), want, { atol: 1e-12, rtol: 1e-12 });
      expectClose(rmsNorm(cast(x, 'float32'), cast(w, 'float32'), { eps: 1e-5 }), cast(want, 'float32'), { atol: 1e-5, rtol: 1e-5 });
      expectClose(rmsNorm(x), mul(x, rsqrt(add(mean(square(x), -1, true), 1e-6))), { atol: 1e-12, rtol: 1e-12 });
    }));
  });

  it('passes gradCheck with and without a weight', () => {
    expectNoLeak(() => scope(() => {
      const x = rand([4, 5], { seed: 3, low: -2, high: 2 }), w = rand([5], { seed: 4, low: 0.5, high: 1.5 });
      gradCheck((a, b) => rmsNorm(a, b), [x, w]);
      gradCheck((a) => rmsNorm(a, null, { eps: 1e-3 }), [x]);
    }));
  });

  it('rejects a weight of the wrong size', () => {
    expectNoLeak(() => scope(() => {
      expect(() => rmsNorm(rand([2, 3]), rand([4]))).toThrow(ShapeError);
    }));
  });
});
