import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, DTypeError, getBackend, init, matmul, rowDots, scope, ShapeError, tensor, transpose, withInt16Rows, type Int16Rows } from '../index.ts';
import { expectClose, expectNoLeak } from '../testing.ts';

beforeAll(async () => {
  await init();
});

/** Seeded values (SplitMix32): float64 in [-1, 1), or integers in [-top, top]. */
function seeded(count: number, seed: number, top = 0): number[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = Math.imul(s ^ (s >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    const u = ((z ^ (z >>> 16)) >>> 0) / 4294967296;
    return top === 0 ? 2 * u - 1 : Math.round((2 * u - 1) * top);
  });
}

describe('rowDots', () => {
  it('equals matmul(x, transpose(y)) in float64 at awkward sizes', () => {
    expectNoLeak(() => scope(() => {
      for (const [m, n, d] of [[1, 1, 1], [7, 10, 65], [65, 3, 17], [2, 5, 0], [0, 4, 3]] as const) {
        const x = tensor(seeded(m * d, m + d), [m, d], { dtype: 'float64' }), y = tensor(seeded(n * d, n + 7 * d), [n, d], { dtype: 'float64' });
        const got = rowDots(x, y);
        expect(got.shape).toEqual([m, n]);
        expectClose(got, matmul(x, transpose(y)), { atol: 1e-13, rtol: 1e-12 });
      }
    }));
  });

  it('is exact in int32 (pixel-like values) and refuses values past the int16 bound', () => {
    expectNoLeak(() => scope(() => {
      const m = 9, n = 17, d = 784;
      const xs = seeded(m * d, 3, 255).map(Math.abs), ys = seeded(n * d, 4, 255).map(Math.abs);
      const got = rowDots(tensor(xs, [m, d], { dtype: 'int32' }), tensor(ys, [n, d], { dtype: 'int32' }));
      expect(got.dtype).toBe('int32');
      const want: number[] = [];
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) { let s = 0; for (let q = 0; q < d; q++) s += xs[i * d + q]! * ys[j * d + q]!; want.push(s); }
      expect(Array.from(got.toArray())).toEqual(want);
      expect(() => rowDots(tensor([40000], [1, 1], { dtype: 'int32' }), tensor([1], [1, 1], { dtype: 'int32' }))).toThrow(ArgumentError);
    }));
  });

  it('checks dtypes and shapes', () => {
    expectNoLeak(() => scope(() => {
      const f = tensor([1, 2], [1, 2], { dtype: 'float64' });
      expect(() => rowDots(tensor([1, 2], [1, 2]), tensor([1, 2], [1, 2]))).toThrow(DTypeError);
      expect(() => rowDots(f, tensor([1, 2], [1, 2], { dtype: 'int32' }))).toThrow(DTypeError);
      expect(() => rowDots(f, tensor([1, 2, 3], [1, 3], { dtype: 'float64' }))).toThrow(ShapeError);
      expect(() => rowDots(tensor([1, 2], [2], { dtype: 'float64' }), f)).toThrow(ShapeError);
    }));
  });

  it('withInt16Rows: int32 rows held as int16 give rowDots\' products exactly, for as many y as asked, and are freed after the call (also when it throws)', () => {
    expectNoLeak(() => scope(() => {
      for (const [m, n, d] of [[1, 1, 1], [9, 10, 65], [65, 3, 784], [2, 5, 0], [0, 4, 3]] as const) {
        const x = tensor(seeded(m * d, m + d, 1000), [m, d], { dtype: 'int32' });
        const ys = [1, 2].map((k) => tensor(seeded(n * d, k * n + 7 * d, 255), [n, d], { dtype: 'int32' }));
        const got = withInt16Rows(x, (rows) => {
          expect([rows.rows, rows.cols]).toEqual([m, d]);
          return ys.map((y) => rows.rowDots(y).toArray());
        });
        ys.forEach((y, k) => expect(got[k], `${m}x${n}x${d} y${k}`).toEqual(rowDots(x, y).toArray()));
      }
      let kept: Int16Rows | undefined;
      const x = tensor([1, 2, 3, 4], [2, 2], { dtype: 'int32' }), y = tensor([5, 6], [1, 2], { dtype: 'int32' });
      withInt16Rows(x, (rows) => { kept = rows; });
      expect(() => kept!.rowDots(y)).toThrow(ArgumentError);
      expect(() => withInt16Rows(x, () => { throw new RangeError('inside'); })).toThrow(RangeError);
      const blocks = getBackend().heap.stats().liveBlocks;
      expect(withInt16Rows(x, (rows) => rows.rows)).toBe(2);
      expect(() => withInt16Rows(x, () => { throw new RangeError('again'); })).toThrow(RangeError);
      expect(getBackend().heap.stats().liveBlocks).toBe(blocks);
      expect(() => withInt16Rows(tensor([40000, 1], [1, 2], { dtype: 'int32' }), () => 0)).toThrow(ArgumentError);
      expect(() => withInt16Rows(tensor([1, 2], [1, 2], { dtype: 'float64' }), () => 0)).toThrow(DTypeError);
      expect(() => withInt16Rows(tensor([1, 2], [2], { dtype: 'int32' }), () => 0)).toThrow(ShapeError);
      expect(() => withInt16Rows(x, (rows) => rows.rowDots(tensor([1, 2, 3], [1, 3], { dtype: 'int32' })))).toThrow(ShapeError);
    }));
  });
});
