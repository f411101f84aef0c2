import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, cast, DTypeError, Generator, init, manualSeed, scope, ShapeError, tensor } from '../index.ts';
import { expectNoLeak } from '../testing.ts';
import { multinomial } from './multinomial.ts';

beforeAll(async () => {
  await init();
});

function counts(values: ArrayLike<number>, n: number): number[] {
  const c = new Array<number>(n).fill(0);
  for (let i = 0; i < values.length; i++) c[values[i]!]!++;
  return c;
}

describe('multinomial', () => {
  it('with replacement follows the weights (seeded; 40,000 draws within 4 standard errors)', () => {
    expectNoLeak(() => scope(() => {
      const p = tensor([1, 0, 3, 4]);
      const s = multinomial(p, 40000, { replacement: true, generator: new Generator(7) });
      expect(s.dtype).toBe('int32');
      expect(s.shape).toEqual([40000]);
      const c = counts(s.toArray(), 4);
      expect(c[1]).toBe(0);
      for (const [i, q] of [[0, 1 / 8], [2, 3 / 8], [3, 4 / 8]] as const) {
        const se = Math.sqrt((q * (1 - q)) / 40000);
        expect(Math.abs(c[i]! / 40000 - q)).toBeLessThan(4 * se);
      }
    }));
  });

  it('without replacement draws distinct positive-weight categories per row; reproducible by generator', () => {
    expectNoLeak(() => scope(() => {
      const p = cast(tensor([[0.1, 0.2, 0, 0.7], [5, 5, 5, 5]]), 'float64');
      const a = multinomial(p, 3, { generator: new Generator(3) });
      const b = multinomial(p, 3, { generator: new Generator(3) });
      expect(a.shape).toEqual([2, 3]);
      expect(a.toNested()).toEqual(b.toNested());
      const rows = a.toNested() as number[][];
      for (const row of rows) expect(new Set(row).size).toBe(3);
      expect(rows[0]).not.toContain(2);
      // The heaviest category is drawn first most often: P(first = 3) = 0.7.
      const g = new Generator(11);
      let first3 = 0;
      for (let t = 0; t < 2000; t++) scope(() => { if (multinomial(tensor([0.1, 0.2, 0, 0.7]), 1, { generator: g }).item() === 3) first3++; });
      expect(Math.abs(first3 / 2000 - 0.7)).toBeLessThan(4 * Math.sqrt(0.21 / 2000));
      manualSeed(5);
      const d1 = multinomial(tensor([1, 1]), 2).toNested();
      manualSeed(5);
      expect(multinomial(tensor([1, 1]), 2).toNested()).toEqual(d1);
    }));
  });

  it('rejects invalid distributions and counts before drawing', () => {
    expectNoLeak(() => scope(() => {
      expect(() => multinomial(tensor([0, 0]), 1)).toThrow(ArgumentError);
      expect(() => multinomial(tensor([1, -1]), 1)).toThrow(ArgumentError);
      expect(() => multinomial(tensor([1, NaN]), 1)).toThrow(ArgumentError);
      expect(() => multinomial(tensor([1, Infinity]), 1)).toThrow(ArgumentError);
      expect(() => multinomial(tensor([1, 0, 1]), 3)).toThrow(ShapeError);
      expect(() => multinomial(tensor([1, 1]), 0)).toThrow(ShapeError);
      expect(() => multinomial(tensor([[[1]]]), 1)).toThrow(ShapeError);
      expect(() => multinomial(cast(tensor([1, 1]), 'int32'), 1)).toThrow(DTypeError);
      expect(() => multinomial(tensor([1, 1]), 1, { generator: 3 as unknown as Generator })).toThrow(ArgumentError);
    }));
  });
});
