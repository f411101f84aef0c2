import { beforeAll, describe, expect, it } from 'vitest';
import { cast, grad, gt, indexSelect, init, oneHot, rand, scatterAdd, scope, ShapeError, sum, tensor, where, zeros } from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';

beforeAll(async () => {
  await init();
});

const idx = (v: number[]) => tensor(new Int32Array(v));

describe('gather family', () => {
  it('indexSelect picks rows along any axis with any index shape', () => {
    expectNoLeak(() => scope(() => {
      const x = tensor([[1, 2], [3, 4], [5, 6]]);
      expect(indexSelect(x, 0, idx([2, 0, 2])).toNested()).toEqual([[5, 6], [1, 2], [5, 6]]);
      expect(indexSelect(x, 1, idx([1])).toNested()).toEqual([[2], [4], [6]]);
      expect(indexSelect(x, 0, tensor(new Int32Array([0, 1, 1, 2]), [2, 2])).shape).toEqual([2, 2, 2]);
      expect(indexSelect(cast(x, 'int32'), 0, idx([1])).toNested()).toEqual([[3, 4]]);
      expect(() => indexSelect(x, 0, idx([3]))).toThrow(/indices\[0\] is 3, expected an index in \[0, 3\)/);
      expect(() => indexSelect(x, 0, tensor([0]))).toThrow(/int32/);
      const x64 = cast(x, 'float64');
      expectClose(indexSelect(x64, 0, idx([1, 1])), cast(tensor([[3, 4], [3, 4]]), 'float64'));
    }));
  });

  it('indexSelect gradient accumulates repeated rows (gradCheck)', () => {
    expectNoLeak(() => scope(() => {
      gradCheck((t) => indexSelect(t, 0, idx([1, 0, 1, 3])), [rand([4, 3], { seed: 1 })]);
      gradCheck((t) => indexSelect(t, 1, idx([2, 2])), [rand([2, 3, 2], { seed: 2 })]);
    }));
  });

  it('scatterAdd adds rows and differentiates both target and source', () => {
    expectNoLeak(() => scope(() => {
      const out = scatterAdd(zeros([3, 2]), 0, idx([2, 2, 0]), tensor([[1, 1], [2, 2], [5, 5]]));
      expect(out.toNested()).toEqual([[5, 5], [0, 0], [3, 3]]);
      gradCheck((t, s) => scatterAdd(t, 1, idx([0, 0, 2]), s), [rand([2, 3], { seed: 3 }), rand([2, 3], { seed: 4 })]);
      expect(() => scatterAdd(zeros([3]), 0, idx([0]), zeros([2]))).toThrow(ShapeError);
    }));
  });

  it('scatterAdd and indexSelect backward in float64 match plain loops at awkward row sizes', () => {
    expectNoLeak(() => scope(() => {
      for (const inner of [0, 1, 3, 4, 5, 7, 8, 15, 16, 17, 63, 64, 65, 812, 1029]) {
        const ix = [2, 0, 2, 1];
        const target = cast(rand([2, 3, inner], { seed: inner + 1, low: -1 }), 'float64');
        const source = cast(rand([2, ix.length, inner], { seed: inner + 2, low: -1 }), 'float64');
        const out = scatterAdd(target, 1, idx(ix), source);
        expect(out.dtype).toBe('float64');
        const want = Float64Array.from(target.toArray());
        const s = source.toArray();
        for (let o = 0; o < 2; o++) for (let j = 0; j < ix.length; j++) for (let i = 0; i < inner; i++) want[(o * 3 + ix[j]!) * inner + i]! += s[(o * ix.length + j) * inner + i]!;
        expect(out.toArray()).toEqual(want);
        // indexSelect's gradient is the same row addition into zeros: row r collects one per use.
        const x = cast(rand([3, inner], { seed: inner + 3 }), 'float64');
        const [g] = grad((t) => sum(indexSelect(t, 0, idx(ix))))(x);
        expect(g!.dtype).toBe('float64');
        expect(Array.from(g!.toArray())).toEqual(Array.from({ length: 3 * inner }, (_, k) => ix.filter((r) => r === Math.floor(k / inner)).length));
      }
      expect(() => scatterAdd(cast(zeros([3]), 'float64'), 0, idx([3]), cast(zeros([1]), 'float64'))).toThrow(ShapeError);
      expect(() => scatterAdd(zeros([3]), 0, idx([0]), cast(zeros([1]), 'float64'))).toThrow(/share a float dtype/);
    }));
  });

  it('oneHot encodes int32 labels', () => {
    scope(() => {
      expect(oneHot(idx([2, 0]), 3).toNested()).toEqual([[0, 0, 1], [1, 0, 0]]);
      expect(oneHot(tensor(new Int32Array([1, 0]), [2, 1]), 2).shape).toEqual([2, 1, 2]);
      expect(() => oneHot(idx([3]), 3)).toThrow(ShapeError);
    });
  });

  it('where broadcasts and routes gradients to the chosen side', () => {
    expectNoLeak(() => scope(() => {
      const c = tensor([[1], [0]]);
      expect(where(c, tensor([1, 2, 3]), -1).toNested()).toEqual([[1, 2, 3], [-1, -1, -1]]);
      const x = rand([3, 4], { seed: 5, low: -1 });
      const cond = gt(x, 0);
      gradCheck((a, b) => where(cond, a, b), [rand([3, 4], { seed: 6 }), rand([4], { seed: 7 })]);
      expectClose(where(cast(cond, 'float64'), cast(x, 'float64'), 0), cast(where(cond, x, 0), 'float64'));
    }));
  });
});
