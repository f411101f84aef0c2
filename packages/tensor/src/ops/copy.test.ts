import { beforeAll, describe, expect, it } from 'vitest';
import { cast, clone, type DType, grad, init, mul, scope, sum, tensor } from '../index.ts';
import { expectNoLeak } from '../testing.ts';

beforeAll(async () => {
  await init();
});

const SIZES = [0, 1, 3, 4, 5, 7, 8, 15, 16, 17, 63, 64, 65, 812, 1029] as const;
const DTYPES: readonly DType[] = ['float32', 'float64', 'int32'];
const ARRAY = { float32: Float32Array, float64: Float64Array, int32: Int32Array } as const;

/** Seeded values across the int32 range and beyond it, with fractions of both signs. */
function values(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648 - 0.5) * 6e9 + (s % 7) / 8;
  });
}

/** What a cast must give: truncation toward zero into int32 with NaN -> 0 and saturation; else rounding to the target. */
function expected(v: number, to: DType): number {
  if (to !== 'int32') return to === 'float32' ? Math.fround(v) : v;
  return Number.isNaN(v) ? 0 : Math.min(2147483647, Math.max(-2147483648, Math.trunc(v))) | 0;
}

describe('cast', () => {
  it('converts between every pair of dtypes at awkward sizes (one kernel call each)', () => {
    expectNoLeak(() => scope(() => {
      for (const from of DTYPES) {
        for (const to of DTYPES) {
          for (const n of SIZES) {
            const x = tensor(ARRAY[from].from(values(n, n + 1)));
            const y = cast(x, to);
            expect(y.dtype).toBe(to);
            const src = x.toArray(), got = y.toArray();
            for (let i = 0; i < n; i++) if (got[i] !== expected(src[i]!, to)) throw new Error(`${from} -> ${to} n=${n} [${i}]: ${src[i]} gave ${got[i]}`);
          }
        }
      }
    }));
  });

  it('float -> int32 truncates toward zero; NaN is 0 and out-of-range values saturate', () => {
    expectNoLeak(() => scope(() => {
      const special = [0.5, -0.5, 1.9, -1.9, -0, NaN, Infinity, -Infinity, 2147483647.5, 2147483648, -2147483648.5, -2147483649, 1e300, -1e300, 5e-324];
      const want = [0, 0, 1, -1, 0, 0, 2147483647, -2147483648, 2147483647, 2147483647, -2147483648, -2147483648, 2147483647, -2147483648, 0];
      expect(Array.from(cast(tensor(new Float64Array(special)), 'int32').toArray())).toEqual(want);
      const f32 = special.filter((v) => !Number.isFinite(v) || Math.abs(v) < 3.4e38);
      expect(Array.from(cast(tensor(new Float32Array(f32)), 'int32').toArray())).toEqual(f32.map((v) => expected(Math.fround(v), 'int32')));
      // float64 -> float32 rounds to nearest and overflows to infinity; -0 keeps its sign.
      const narrowed = cast(tensor(new Float64Array([1 + 2 ** -24, 1 + 3 * 2 ** -24, 1e39, -0])), 'float32').toArray();
      expect(Array.from(narrowed)).toEqual([1, Math.fround(1 + 3 * 2 ** -24), Infinity, -0]);
      expect(Object.is(narrowed[3], -0)).toBe(true);
    }));
  });

  it('passes the gradient through float casts and stops it at int32', () => {
    expectNoLeak(() => scope(() => {
      const x = tensor(new Float64Array([1.25, -2, 3]));
      const [g] = grad((t) => sum(mul(cast(t, 'float32'), tensor([2, 3, 4]))))(x);
      expect(g!.dtype).toBe('float64');
      expect(Array.from(g!.toArray())).toEqual([2, 3, 4]);
      const c = clone(x);
      expect(c.storage.ptr).not.toBe(x.storage.ptr);
      expect(Array.from(c.toArray())).toEqual([1.25, -2, 3]);
      expect(cast(x, 'int32').requiresGrad).toBe(false);
    }));
  });

  it('rejects an unknown dtype before allocating', () => {
    expectNoLeak(() => scope(() => {
      expect(() => cast(tensor([1]), 'float16' as DType)).toThrow(/dtype/);
    }));
  });
});
