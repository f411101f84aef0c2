import { beforeAll, describe, expect, it } from 'vitest';
import { cast, init, mul, rand, scope, ShapeError, silu, split, swiglu } from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';

beforeAll(async () => {
  await init();
});

describe('swiglu', () => {
  it('equals silu(gate) * up, for two tensors and for the halves of one', () => {
    expectNoLeak(() => scope(() => {
      const x = rand([3, 2, 10], { seed: 1, low: -5, high: 5, dtype: 'float64' });
      const [gate, up] = split(x, 2, -1) as [ReturnType<typeof rand>, ReturnType<typeof rand>];
      const want = mul(silu(gate), up);
      expectClose(swiglu(x), want, { atol: 1e-12, rtol: 1e-12 });
      expectClose(swiglu(gate, up), want, { atol: 1e-12, rtol: 1e-12 });
      expectClose(swiglu(cast(x, 'float32')), cast(want, 'float32'), { atol: 1e-5, rtol: 1e-5 });
    }));
  });

  it('passes gradCheck in both forms', () => {
    expectNoLeak(() => scope(() => {
      gradCheck((t) => swiglu(t), [rand([3, 8], { seed: 2, low: -3, high: 3 })]);
      gradCheck((a, b) => swiglu(a, b), [rand([2, 5], { seed: 3, low: -3, high: 3 }), rand([2, 5], { seed: 4 })]);
    }));
  });

  it('rejects an odd last dimension and mismatched shapes', () => {
    expectNoLeak(() => scope(() => {
      expect(() => swiglu(rand([2, 5]))).toThrow(ShapeError);
      expect(() => swiglu(rand([2, 4]), rand([2, 3]))).toThrow(ShapeError);
    }));
  });
});
