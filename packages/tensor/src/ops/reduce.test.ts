import { beforeAll, describe, expect, it } from 'vitest';
import {
  argmax, argmin, cast, cumsum, init, logsumexp, max, mean, min, rand, scope, ShapeError, std, sum, sumTo, tensor, type Tensor, variance, zeros,
} from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';

beforeAll(async () => {
  await init();
});

const TOL = { atol: 1e-5 * Math.sqrt(24), rtol: 1e-4 };

describe('reductions', () => {
  const axesCases: (number | number[] | undefined)[] = [undefined, 0, 1, 2, -1, [0, 2], [1, 2], [0, 1, 2]];
  const ops: [string, (x: Tensor, axes?: number | number[], keep?: boolean) => Tensor][] = [
    ['sum', sum], ['mean', mean], ['max', max], ['min', min], ['logsumexp', logsumexp],
    ['var', (x, a, k) => variance(x, a, k, 1)], ['std', (x, a, k) => std(x, a, k)],
  ];
  for (const [name, fn] of ops) {
    it(`${name} over any axes with keepdims: float32 kernels match float64, gradCheck passes`, () => {
      expectNoLeak(() => scope(() => {
        const x = rand([2, 3, 4], { seed: 3, low: -2, high: 2 });
        const x64 = cast(x, 'float64');
        for (const axes of axesCases) {
          for (const keep of [false, true]) {
            const y = fn(x, axes, keep);
            const y64 = fn(x64, axes, keep);
            expectClose(y, cast(y64, 'float32'), TOL);
          }
        }
        expect(fn(x, [0, 2], true).shape).toEqual([1, 3, 1]);
        expect(fn(x, [0, 2]).shape).toEqual([3]);
        gradCheck((t) => fn(t, [0, 2]), [rand([2, 3, 2], { seed: 4 })]);
        gradCheck((t) => fn(t, -1, true), [rand([3, 3], { seed: 5 })]);
      }));
    });
  }

  it('empty axes: sum 0, mean NaN, max -Inf (documented)', () => {
    scope(() => {
      const e = zeros([3, 0]);
      expectClose(sum(e, 1), [0, 0, 0]);
      expectClose(mean(e, 1), [NaN, NaN, NaN]);
      expectClose(max(e, 1), [-Infinity, -Infinity, -Infinity]);
      expect(sum(zeros([0, 4]), 0).shape).toEqual([4]);
    });
  });

  it('variance is stable for 1e4 + U(0, 1) (two-pass)', () => {
    scope(() => {
      const u = rand([10000], { seed: 7 });
      const shifted = rand([10000], { seed: 7, low: 1e4, high: 1e4 + 1 });
      const v0 = variance(u).item(), v1 = variance(shifted).item();
      expect(Math.abs(v1 - v0) / v0).toBeLessThan(1e-3 * 50); // float32 storage of 1e4 + u keeps ~3 decimal digits
      expect(Math.abs(v0 - 1 / 12) / (1 / 12)).toBeLessThan(0.02);
    });
  });

  it('argmax/argmin return int32 first occurrences', () => {
    scope(() => {
      const x = tensor([[1, 5, 5], [7, 0, 7]]);
      const a = argmax(x, 1);
      expect(a.dtype).toBe('int32');
      expect(Array.from(a.toArray())).toEqual([1, 0]);
      expect(Array.from(argmin(x, 0).toArray())).toEqual([0, 1, 0]);
      expect(argmax(x).item()).toBe(3);
      expect(argmax(x, 1, true).shape).toEqual([2, 1]);
    });
  });

  it('cumsum forward, reverse and gradient', () => {
    expectNoLeak(() => scope(() => {
      expectClose(cumsum(tensor([[1, 2, 3], [4, 5, 6]]), 1), [[1, 3, 6], [4, 9, 15]]);
      expectClose(cumsum(tensor([[1, 2, 3], [4, 5, 6]]), 0, { reverse: true }), [[5, 7, 9], [4, 5, 6]]);
      gradCheck((t) => cumsum(t, 1), [rand([2, 4], { seed: 9 })]);
      gradCheck((t) => cumsum(t, 0, { reverse: true }), [rand([3, 2], { seed: 10 })]);
    }));
  });

  it('logsumexp is stable for large logits', () => {
    scope(() => {
      expectClose(logsumexp(tensor([1e4, 1e4])), Math.fround(1e4 + Math.log(2)), { atol: 1e-2, rtol: 0 });
      expectClose(logsumexp(tensor([-1e9, -1e9])), -1e9 + Math.log(2), { atol: 64, rtol: 0 });
    });
  });

  it('sumTo sums a broadcast back to its shape (float64, int32 as float32), differentiably; a non-broadcast is a ShapeError', () => {
    expectNoLeak(() => scope(() => {
      const g = tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
      expectClose(sumTo(g, [1, 3]), tensor(new Float64Array([5, 7, 9]), [1, 3]), { atol: 0, rtol: 0 });
      expectClose(sumTo(g, [2, 1]), tensor(new Float64Array([6, 15]), [2, 1]), { atol: 0, rtol: 0 });
      expectClose(sumTo(g, [3]), tensor(new Float64Array([5, 7, 9])), { atol: 0, rtol: 0 });
      expect(sumTo(g, [2, 3])).toBe(g);
      const ints = sumTo(tensor(new Int32Array([1, 2, 3, 4]), [2, 2]), [2]);
      expect(ints.dtype).toBe('float32');
      expect(Array.from(ints.toArray())).toEqual([4, 6]);
      gradCheck((t) => sumTo(t, [1, 3]), [rand([4, 2, 3], { seed: 31, dtype: 'float64' })]);
      expect(() => sumTo(g, [3, 3])).toThrow(ShapeError);
      expect(() => sumTo(g, [1, 2, 3, 4])).toThrow(ShapeError);
    }));
  });
});
