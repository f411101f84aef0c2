import { beforeAll, describe, expect, it } from 'vitest';
import { cast, init, rand, scalar, scope, ShapeError, tensor } from '../index.ts';
import { expectNoLeak, gradCheck } from '../testing.ts';
import { repeat, tile } from './repeat.ts';

beforeAll(async () => {
  await init();
});

describe('repeat and tile', () => {
  it('repeat lays copies side by side and may add leading dims (values as torch repeat)', () => {
    expectNoLeak(() => scope(() => {
      const x = tensor([[1, 2], [3, 4]]);
      expect(repeat(x, [2, 3]).toNested()).toEqual([
        [1, 2, 1, 2, 1, 2], [3, 4, 3, 4, 3, 4], [1, 2, 1, 2, 1, 2], [3, 4, 3, 4, 3, 4],
      ]);
      expect(repeat(tensor([1, 2, 3]), [2, 2]).toNested()).toEqual([[1, 2, 3, 1, 2, 3], [1, 2, 3, 1, 2, 3]]);
      expect(repeat(x, [1, 0]).shape).toEqual([2, 0]);
      expect(repeat(scalar(7), [3]).toNested()).toEqual([7, 7, 7]);
      expect(repeat(cast(x, 'int32'), [1, 2]).dtype).toBe('int32');
      expect(() => repeat(x, [2])).toThrow(ShapeError);
      expect(() => repeat(x, [2, -1])).toThrow(ShapeError);
    }));
  });

  it('tile pads short reps with leading ones (values as torch.tile)', () => {
    expectNoLeak(() => scope(() => {
      const x = tensor([[1, 2], [3, 4]]);
      expect(tile(x, [2]).toNested()).toEqual([[1, 2, 1, 2], [3, 4, 3, 4]]);
      expect(tile(tensor([5, 6]), [2, 1, 2]).toNested()).toEqual([[[5, 6, 5, 6]], [[5, 6, 5, 6]]]);
    }));
  });

  it('gradient sums over the copies (gradCheck)', () => {
    expectNoLeak(() => scope(() => {
      gradCheck((t) => repeat(t, [2, 1, 3]), [rand([2, 3], { seed: 1 })]);
      gradCheck((t) => tile(t, [3]), [rand([2, 2], { seed: 2 })]);
      const leaf = tensor([1, 2]).setRequiresGrad(true);
      repeat(leaf, [3]).backward(tensor([1, 1, 1, 1, 1, 1]));
      expect(leaf.grad!.toNested()).toEqual([3, 3]);
    }));
  });
});
