import { beforeAll, describe, expect, it } from 'vitest';
import { cast, init, permute, rand, rope, scope, ShapeError, tensor } from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';

beforeAll(async () => {
  await init();
});

/** RoPE of x [T, D] by the textbook formula (float64), for rotate-half (HF) or interleaved (Meta) pairs. */
function ropeRows(x: number[][], layout: 'interleaved' | 'rotate-half', base: number, offset: number, r: number): number[][] {
  return x.map((row, t) => {
    const y = row.slice();
    for (let i = 0; i < r / 2; i++) {
      const a = (t + offset) * base ** (-2 * i / r);
      const [p, q] = layout === 'interleaved' ? [2 * i, 2 * i + 1] : [i, i + r / 2];
      y[p] = row[p]! * Math.cos(a) - row[q]! * Math.sin(a);
      y[q] = row[p]! * Math.sin(a) + row[q]! * Math.cos(a);
    }
    return y;
  });
}

describe('rope', () => {
  it('matches the textbook rotation for both layouts, offsets and a partial rotary dim', () => {
    expectNoLeak(() => scope(() => {
      const x = rand([5, 6], { seed: 1, low: -1, high: 1, dtype: 'float64' });
      const rows = x.toNested() as number[][];
      for (const layout of ['interleaved', 'rotate-half'] as const) {
        for (const [base, offset, rotaryDim] of [[10000, 0, 6], [500, 7, 4]] as const) {
          const want = ropeRows(rows, layout, base, offset, rotaryDim);
          expectClose(rope(x, { layout, base, positionOffset: offset, rotaryDim }), tensor(want, undefined, { dtype: 'float64' }), { atol: 1e-12, rtol: 1e-12 });
          expectClose(rope(cast(x, 'float32'), { layout, base, positionOffset: offset, rotaryDim }), tensor(want), { atol: 1e-6, rtol: 1e-5 });
        }
      }
    }));
  });

  it('timeAxis 1 on [B, T, H, D] equals the default on [B, H, T, D]', () => {
    expectNoLeak(() => scope(() => {
      const x = rand([2, 5, 3, 8], { seed: 2 });
      const got = rope(x, { timeAxis: 1, positionOffset: 3 });
      const want = permute(rope(permute(x, [0, 2, 1, 3]), { positionOffset: 3 }), [0, 2, 1, 3]);
      expectClose(got, want, { atol: 1e-6, rtol: 1e-6 });
    }));
  });

  it('passes gradCheck for both layouts and preserves the norm of each pair', () => {
    expectNoLeak(() => scope(() => {
      const x = rand([2, 3, 4, 6], { seed: 3, low: -1, high: 1 });
      for (const layout of ['interleaved', 'rotate-half'] as const) {
        gradCheck((t) => rope(t, { layout, positionOffset: 2, rotaryDim: 4 }), [x]);
      }
      const n = (t: ReturnType<typeof rope>) => Array.from(t.toArray()).reduce((s, v) => s + v * v, 0);
      expect(n(rope(x))).toBeCloseTo(n(x), 3);
    }));
  });

  it('rejects an odd feature size and a bad timeAxis', () => {
    expectNoLeak(() => scope(() => {
      expect(() => rope(rand([3, 5]))).toThrow(ShapeError);
      expect(() => rope(rand([3, 4]), { rotaryDim: 3 })).toThrow(ShapeError);
      expect(() => rope(rand([3, 4]), { timeAxis: -1 })).toThrow(ShapeError);
    }));
  });
});
