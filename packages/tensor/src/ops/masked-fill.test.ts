import { beforeAll, describe, expect, it } from 'vitest';
import { cast, DTypeError, gt, init, rand, scope, ShapeError, tensor } from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';
import { maskedFill } from './masked-fill.ts';

beforeAll(async () => {
  await init();
});

describe('maskedFill', () => {
  it('fills where the mask is nonzero, broadcasting the mask to x (values as torch masked_fill)', () => {
    expectNoLeak(() => scope(() => {
      const x = tensor([[1, 2, 3], [4, 5, 6]]);
      const rowMask = tensor(new Int32Array([1, 0, 1]));
      expect(maskedFill(x, rowMask, -1).toNested()).toEqual([[-1, 2, -1], [-1, 5, -1]]);
      expectClose(maskedFill(x, tensor([[0], [1]]), -Infinity), [[1, 2, 3], [-Infinity, -Infinity, -Infinity]]);
      const xi = cast(x, 'int32');
      const yi = maskedFill(xi, gt(x, 3), 2147483647);
      expect(yi.dtype).toBe('int32');
      expect(yi.toNested()).toEqual([[1, 2, 3], [2147483647, 2147483647, 2147483647]]);
      expect(maskedFill(cast(x, 'float64'), rowMask, 0).dtype).toBe('float64');
      expect(() => maskedFill(tensor([1, 2]), tensor([[1], [0]]), 0)).toThrow(ShapeError);
      expect(() => maskedFill(xi, rowMask, 0.5)).toThrow(DTypeError);
    }));
  });

  it('gradient reaches x where the mask is false (gradCheck)', () => {
    expectNoLeak(() => scope(() => {
      const mask = tensor(new Int32Array([0, 1, 1, 0, 1, 0]), [2, 3]);
      gradCheck((t) => maskedFill(t, mask, 5), [rand([2, 3], { seed: 1 })]);
      gradCheck((t) => maskedFill(t, tensor(new Int32Array([1, 0, 0]), [3, 1]), 0), [rand([2, 3, 2], { seed: 2 })]);
    }));
  });
});
