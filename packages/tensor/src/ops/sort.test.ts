import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, cast, init, rand, scalar, scope, ShapeError, tensor } from '../index.ts';
import { argsort, sort, topk } from './sort.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';

beforeAll(async () => {
  await init();
});

const ints = (t: { toArray(): ArrayLike<number> }) => Array.from(t.toArray());

describe('sort, argsort, topk', () => {
  it('sort matches torch.sort (hand-checked) along any dim, both directions, NaN largest', () => {
    expectNoLeak(() => scope(() => {
      const x = tensor([[3, 1, 2], [0, 5, -1]]);
      const a = sort(x);
      expect(a.values.toNested()).toEqual([[1, 2, 3], [-1, 0, 5]]);
      expect(a.indices.dtype).toBe('int32');
      expect(a.indices.toNested()).toEqual([[1, 2, 0], [2, 0, 1]]);
      const d = sort(x, { dim: 0, descending: true });
      expect(d.values.toNested()).toEqual([[3, 5, 2], [0, 1, -1]]);
      expect(d.indices.toNested()).toEqual([[0, 1, 0], [1, 0, 1]]);
      const n = sort(tensor([2, NaN, -Infinity, 1]));
      expectClose(n.values, [-Infinity, 1, 2, NaN]);
      expect(ints(n.indices)).toEqual([2, 3, 0, 1]);
      expect(ints(sort(tensor([2, NaN, 1]), { descending: true }).indices)).toEqual([1, 0, 2]);
      // torch.sort(stable=True): ties keep their input order in both directions.
      expect(ints(argsort(tensor([1, 0, 1, 0, 1]), { stable: true }))).toEqual([1, 3, 0, 2, 4]);
      expect(ints(argsort(tensor([1, 0, 1, 0, 1]), { descending: true }))).toEqual([0, 2, 4, 1, 3]);
      const i = sort(cast(tensor([5, -2, 7]), 'int32'));
      expect(i.values.dtype).toBe('int32');
      expect(ints(i.values)).toEqual([-2, 5, 7]);
      const s = sort(scalar(4));
      expect(s.values.shape).toEqual([]);
      expect(s.indices.item()).toBe(0);
      expect(sort(tensor([[], []]), { dim: 1 }).values.shape).toEqual([2, 0]);
    }));
  });

  it('sort along a middle dim of a rank-3 tensor agrees with the float64 path', () => {
    expectNoLeak(() => scope(() => {
      const x = rand([2, 5, 3], { seed: 11, low: -1 });
      const a = sort(x, { dim: 1, descending: true });
      const b = sort(cast(x, 'float64'), { dim: 1, descending: true });
      expectClose(a.values, cast(b.values, 'float32'));
      expect(ints(a.indices)).toEqual(ints(b.indices));
      const v = a.values.toNested() as number[][][];
      for (const plane of v) for (let r = 1; r < 5; r++) for (let c = 0; c < 3; c++) expect(plane[r]![c]!).toBeLessThanOrEqual(plane[r - 1]![c]!);
    }));
  });

  it('topk picks the k largest or smallest, sorted, with indices', () => {
    expectNoLeak(() => scope(() => {
      const x = tensor([[1, 9, 3, 7], [4, 4, 8, 0]]);
      const t = topk(x, 2);
      expect(t.values.toNested()).toEqual([[9, 7], [8, 4]]);
      expect(t.indices.toNested()).toEqual([[1, 3], [2, 0]]);
      const s = topk(x, 1, { dim: 0, largest: false });
      expect(s.values.toNested()).toEqual([[1, 4, 3, 0]]);
      expect(s.indices.toNested()).toEqual([[0, 1, 0, 1]]);
      expect(topk(x, 0).values.shape).toEqual([2, 0]);
      expect(() => topk(x, 5)).toThrow(ShapeError);
      expect(() => topk(x, 1.5)).toThrow(ShapeError);
      expect(() => topk(x, 1, { dim: 2 })).toThrow(ShapeError);
      expect(() => sort(x, { descending: 'yes' as unknown as boolean })).toThrow(ArgumentError);
    }));
  });

  it('gradients flow to the selected values only (gradCheck)', () => {
    expectNoLeak(() => scope(() => {
      // Distinct values by construction (no ties, where the order would be discontinuous).
      const x = tensor([[0.3, -1.2, 0.8, 2.1], [1.5, 0.1, -0.7, 0.4], [-2.0, 0.9, 1.1, -0.3]]);
      gradCheck((t) => sort(t, { dim: 1 }).values, [x]);
      gradCheck((t) => sort(t, { dim: 0, descending: true }).values, [x]);
      gradCheck((t) => topk(t, 2).values, [x]);
      gradCheck((t) => topk(t, 2, { dim: 0, largest: false }).values, [x]);
      const leaf = x.detach().setRequiresGrad(true);
      topk(leaf, 1).values.backward(tensor([[1], [1], [1]]));
      expect(leaf.grad!.toNested()).toEqual([[0, 0, 0, 1], [1, 0, 0, 0], [0, 0, 1, 0]]);
    }));
  });
});
