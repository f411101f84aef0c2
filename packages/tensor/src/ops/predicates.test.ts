import { beforeAll, describe, expect, it } from 'vitest';
import { cast, init, rand, scope, ShapeError, tensor, zeros } from '../index.ts';
import { expectNoLeak } from '../testing.ts';
import { all, any, isfinite, isinf, isnan } from './predicates.ts';

beforeAll(async () => {
  await init();
});

const special = [0, -0, 1.5, -2, NaN, Infinity, -Infinity, 3.4e38, 1e-45];

describe('isnan, isinf, isfinite, any, all', () => {
  it('classify special values as int32 0/1 (as torch, with int32 for bool)', () => {
    expectNoLeak(() => scope(() => {
      for (const dtype of ['float32', 'float64'] as const) {
        const x = cast(tensor(special), dtype);
        const n = isnan(x);
        expect(n.dtype).toBe('int32');
        expect(Array.from(n.toArray())).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
        expect(Array.from(isinf(x).toArray())).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0]);
        expect(Array.from(isfinite(x).toArray())).toEqual([1, 1, 1, 1, 0, 0, 0, 1, 1]);
      }
      const i = cast(tensor([[1, 2], [3, 4]]), 'int32');
      expect(isnan(i).toNested()).toEqual([[0, 0], [0, 0]]);
      expect(isfinite(i).toNested()).toEqual([[1, 1], [1, 1]]);
      expect(isinf(zeros([0, 3])).shape).toEqual([0, 3]);
    }));
  });

  it('any and all over dims with keepdim; NaN is true; empty sets give 0 and 1', () => {
    expectNoLeak(() => scope(() => {
      const x = tensor([[0, 0, 1], [0, 2, 3]]);
      expect(any(x).item()).toBe(1);
      expect(all(x).item()).toBe(0);
      expect(Array.from(any(x, 0).toArray())).toEqual([0, 1, 1]);
      expect(Array.from(all(x, 0).toArray())).toEqual([0, 0, 1]);
      expect(all(x, 1, true).toNested()).toEqual([[0], [0]]);
      expect(any(x, [0, 1], true).shape).toEqual([1, 1]);
      expect(all(tensor([NaN, 1])).item()).toBe(1);
      expect(any(tensor([NaN, 0])).item()).toBe(1);
      expect(any(zeros([0])).item()).toBe(0);
      expect(all(zeros([0])).item()).toBe(1);
      expect(all(cast(tensor([1, -3]), 'int32')).dtype).toBe('int32');
      expect(any(rand([3, 4], { seed: 1 }), -1).shape).toEqual([3]);
      expect(() => any(x, 2)).toThrow(ShapeError);
    }));
  });
});
