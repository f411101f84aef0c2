import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  add, arange, cast, clone, concat, expand, flatten, flip, init, pad, permute, rand, reshape, scope, ShapeError, slice, split, squeeze, stack,
  sub, sum, tensor, transpose, unsqueeze,
} from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';

beforeAll(async () => {
  await init();
});

const FC = { seed: 42, numRuns: 100 };

describe('shape ops', () => {
  it('reshape infers -1 and rejects size mismatches', () => {
    expectNoLeak(() => scope(() => {
      const x = arange(12);
      expect(reshape(x, [3, -1]).shape).toEqual([3, 4]);
      expect(() => reshape(x, [5, -1])).toThrow(/cannot infer/);
      expect(() => reshape(x, [5, 2])).toThrow(ShapeError);
      expect(reshape(tensor([5]), []).shape).toEqual([]);
      expect(flatten(rand([2, 3, 4])).shape).toEqual([24]);
      expect(squeeze(rand([1, 3, 1])).shape).toEqual([3]);
      expect(squeeze(rand([1, 3, 1]), 0).shape).toEqual([3, 1]);
      expect(unsqueeze(rand([3]), -1).shape).toEqual([3, 1]);
      expect(() => squeeze(rand([2, 3]), 0)).toThrow(/size 2, expected 1/);
    }));
  });

  it('storage-sharing views and copies pass gradCheck', () => {
    expectNoLeak(() => scope(() => {
      gradCheck((a) => reshape(a, [3, 2]), [rand([2, 3], { seed: 21 })]);
      gradCheck((a) => squeeze(unsqueeze(a, 1), 1), [rand([2, 3], { seed: 22 })]);
      gradCheck((a) => flatten(a), [rand([2, 2], { seed: 23 })]);
      gradCheck((a) => clone(a), [rand([3], { seed: 24 })]);
      gradCheck((a) => cast(cast(a, 'float64'), a.dtype), [rand([3], { seed: 25 })]);
      gradCheck((a) => transpose(a), [rand([2, 3], { seed: 26 })]);
    }));
  });

  it('permute and transpose move data like NumPy', () => {
    expectNoLeak(() => scope(() => {
      const x = tensor([[[0, 1, 2], [3, 4, 5]]]); // [1, 2, 3]
      expect(permute(x, [2, 0, 1]).toNested()).toEqual([[[0, 3]], [[1, 4]], [[2, 5]]]);
      expect(transpose(tensor([[1, 2], [3, 4], [5, 6]])).toNested()).toEqual([[1, 3, 5], [2, 4, 6]]);
      expect(permute(arange(6), [0]).dtype).toBe('int32');
      gradCheck((a) => permute(a, [1, 2, 0]), [rand([2, 3, 2], { seed: 1 })]);
    }));
  });

  it('slice supports steps, negative indices, reversal and integer picks', () => {
    expectNoLeak(() => scope(() => {
      const x = reshape(arange(20), [4, 5]);
      expect(slice(x, [{ start: 1, stop: 3 }, { step: 2 }]).toNested()).toEqual([[5, 7, 9], [10, 12, 14]]);
      expect(slice(x, [-1, { start: -2 }]).toNested()).toEqual([[18, 19]]);
      expect(slice(x, [null, { step: -2 }]).toNested()).toEqual([[4, 2, 0], [9, 7, 5], [14, 12, 10], [19, 17, 15]]);
      expect(slice(x, [{ start: 3, stop: 1 }]).shape).toEqual([0, 5]);
      expect(flip(tensor([[1, 2], [3, 4]]), [0, 1]).toNested()).toEqual([[4, 3], [2, 1]]);
      expect(() => slice(x, [7])).toThrow(/out of range/);
      gradCheck((a) => slice(a, [{ start: 1 }, { step: -2 }]), [rand([3, 4], { seed: 2 })]);
    }));
  });

  it('expand broadcasts by copying, and its gradient sums back', () => {
    expectNoLeak(() => scope(() => {
      expect(expand(tensor([[1], [2]]), [2, 3]).toNested()).toEqual([[1, 1, 1], [2, 2, 2]]);
      expect(expand(tensor([1, 2]), [2, -1]).toNested()).toEqual([[1, 2], [1, 2]]);
      expect(() => expand(tensor([1, 2]), [3])).toThrow(ShapeError);
      gradCheck((a) => expand(a, [3, 2, 4]), [rand([2, 1], { seed: 3 })]);
    }));
  });

  it('pad, concat, stack and split', () => {
    expectNoLeak(() => scope(() => {
      expect(pad(tensor([[1, 2]]), [[1, 0], [0, 2]], 9).toNested()).toEqual([[9, 9, 9, 9], [1, 2, 9, 9]]);
      expect(pad(tensor(new Int32Array([1])), [[1, 1]], -1).toNested()).toEqual([-1, 1, -1]);
      const a = tensor([[1, 2]]), b = tensor([[3, 4], [5, 6]]);
      expect(concat([a, b]).toNested()).toEqual([[1, 2], [3, 4], [5, 6]]);
      expect(concat([tensor([[1], [2]]), tensor([[3], [4]])], 1).toNested()).toEqual([[1, 3], [2, 4]]);
      expect(() => concat([a, tensor([[1, 2, 3]])])).toThrow(/incompatible/);
      expect(stack([tensor([1, 2]), tensor([3, 4])], 1).toNested()).toEqual([[1, 3], [2, 4]]);
      const parts = split(arange(7), [2, 5]);
      expect(parts.map((p) => Array.from(p.toArray()))).toEqual([[0, 1], [2, 3, 4, 5, 6]]);
      expect(split(rand([4, 6]), 3, 1).map((p) => p.shape)).toEqual([[4, 2], [4, 2], [4, 2]]);
      gradCheck((x) => pad(x, [[1, 2], [0, 1]], 0.5), [rand([2, 2], { seed: 4 })]);
      gradCheck((x, y) => concat([x, y], 1), [rand([2, 2], { seed: 5 }), rand([2, 3], { seed: 6 })]);
      gradCheck((x, y) => stack([x, y]), [rand([3], { seed: 7 }), rand([3], { seed: 8 })]);
      gradCheck((x) => split(x, [1, 2], 0)[1]!, [rand([3, 2], { seed: 9 })]);
    }));
  });

  it('property: reshape round-trips and transpose is an involution', () => {
    scope(() => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), (shape) => scope(() => {
          const n = shape.reduce((a, b) => a * b, 1);
          const x = reshape(cast(arange(n), 'float32'), shape);
          const back = reshape(reshape(x, [n]), shape);
          expectClose(back, x, { atol: 0, rtol: 0 });
          const perm = shape.map((_, i) => shape.length - 1 - i);
          expectClose(permute(permute(x, perm), perm), x, { atol: 0, rtol: 0 });
        })),
        FC,
      );
    });
  });

  it('property: broadcasting add matches explicit expand, and sub undoes add', () => {
    scope(() => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 3 }),
          fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
          fc.integer({ min: 0, max: 1000 }),
          (shape, ones, seed) => scope(() => {
            const bShape = shape.map((d, i) => (ones[i] ? 1 : d));
            const a = rand(shape, { seed }), b = rand(bShape, { seed: seed + 1 });
            const viaBroadcast = add(a, b);
            const viaExpand = add(a, expand(b, shape));
            expectClose(viaBroadcast, viaExpand, { atol: 0, rtol: 0 });
            expectClose(sub(viaBroadcast, b), a, { atol: 1e-6, rtol: 1e-6 });
            expect(sum(viaBroadcast).item()).toBeCloseTo(sum(a).item() + sum(expand(b, shape)).item(), 3);
          }),
        ),
        FC,
      );
    });
  });
});
