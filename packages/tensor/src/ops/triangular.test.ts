import { beforeAll, describe, expect, it } from 'vitest';
import { cast, init, rand, scope, ShapeError, tensor } from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';
import { tril, triu } from './triangular.ts';

beforeAll(async () => {
  await init();
});

describe('tril and triu', () => {
  const x = () => tensor([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);

  it('keep the triangle at any diagonal offset (values as torch.tril / torch.triu)', () => {
    expectNoLeak(() => scope(() => {
      expect(tril(x()).toNested()).toEqual([[1, 0, 0, 0], [5, 6, 0, 0], [9, 10, 11, 0]]);
      expect(tril(x(), 1).toNested()).toEqual([[1, 2, 0, 0], [5, 6, 7, 0], [9, 10, 11, 12]]);
      expect(tril(x(), -1).toNested()).toEqual([[0, 0, 0, 0], [5, 0, 0, 0], [9, 10, 0, 0]]);
      expect(triu(x()).toNested()).toEqual([[1, 2, 3, 4], [0, 6, 7, 8], [0, 0, 11, 12]]);
      expect(triu(x(), 2).toNested()).toEqual([[0, 0, 3, 4], [0, 0, 0, 8], [0, 0, 0, 0]]);
      expect(triu(x(), -1).toNested()).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [0, 10, 11, 12]]);
      expect(triu(x(), 10).toNested()).toEqual([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    }));
  });

  it('batch over leading dims, keep int32 and float64, zero NaN outside the triangle', () => {
    expectNoLeak(() => scope(() => {
      const b = rand([2, 3, 3], { seed: 1 });
      const t = tril(b).toNested() as number[][][];
      expect(t[1]![0]![2]).toBe(0);
      expect(t[1]![2]![0]).toBe((b.toNested() as number[][][])[1]![2]![0]);
      const i = triu(cast(x(), 'int32'));
      expect(i.dtype).toBe('int32');
      expect(i.toNested()).toEqual([[1, 2, 3, 4], [0, 6, 7, 8], [0, 0, 11, 12]]);
      expect(tril(cast(x(), 'float64')).dtype).toBe('float64');
      expectClose(tril(tensor([[1, NaN], [Infinity, 2]])), [[1, 0], [Infinity, 2]]);
      expect(tril(tensor([[], []])).shape).toEqual([2, 0]);
      expect(() => tril(tensor([1, 2]))).toThrow(ShapeError);
      expect(() => triu(x(), 0.5)).toThrow(ShapeError);
    }));
  });

  it('gradient is the same mask (gradCheck)', () => {
    expectNoLeak(() => scope(() => {
      gradCheck((t) => tril(t, 1), [rand([2, 3, 4], { seed: 2 })]);
      gradCheck((t) => triu(t, -1), [rand([4, 3], { seed: 3 })]);
    }));
  });
});
