import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError } from '../errors.ts';
import { AWKWARD_SIZES, assertClose, referenceOf, SPECIAL_VALUES, wasmBackends } from '../testing.ts';
import { cast } from './cast.ts';
import { type DType, putTyped, randomTyped, readTyped } from './dtype-testing.ts';
import type { KernelDType } from './dtype.ts';

const backends = await wasmBackends();
const SHORT: Record<KernelDType, DType> = { float32: 'f32', float64: 'f64', int32: 'i32' };
const DTYPES = ['float32', 'float64', 'int32'] as const;
const EXACT = { atol: 0, rtol: 0 };

/** Values every cast must handle: the special floats, halves and the edges of the int32 range. */
const AWKWARD_VALUES = [
  ...SPECIAL_VALUES, -1.401298464324817e-45, 4.9e-324, -1.7976931348623157e308, 1.7976931348623157e308, 0.5, -0.5, 1.5, -1.5, 2.5, -2.9999,
  2147483647, 2147483647.9, 2147483648, -2147483648, -2147483648.9, -2147483649, 1e10, -1e10, 16777217, 3.4028235677973366e38, 1e-300,
];

describe.each(backends.map((b) => [b.variant, b] as const))('cast (%s)', (_, backend) => {
  const ref = referenceOf(backend);

  for (const from of DTYPES) {
    for (const to of DTYPES) {
      it(`${from} -> ${to} matches the reference at awkward sizes and unaligned starts`, () => {
        for (const n of AWKWARD_SIZES) {
          for (const offset of [0, 1]) {
            // Wide enough to cross the int32 range (saturation) from float64.
            const x = putTyped(backend, SHORT[from], randomTyped(SHORT[from], n, n + 3, -3e9, 3e9), offset);
            const got = cast(backend, x, n, { from, to }), want = cast(ref, x, n, { from, to });
            assertClose(readTyped(backend, SHORT[to], got, n), readTyped(backend, SHORT[to], want, n), EXACT, `${from}->${to} n=${n} offset=${offset}`);
          }
        }
      });
    }
  }

  for (const from of ['float32', 'float64'] as const) {
    for (const to of DTYPES) {
      it(`${from} -> ${to} of special values: exact, truncation toward zero, NaN -> 0, saturation`, () => {
        const x = putTyped(backend, SHORT[from], AWKWARD_VALUES, 1);
        const n = AWKWARD_VALUES.length;
        const got = readTyped(backend, SHORT[to], cast(backend, x, n, { from, to }), n);
        const want = readTyped(backend, SHORT[to], cast(ref, x, n, { from, to }), n);
        assertClose(got, want, EXACT, `${from}->${to} specials`);
        // -0 keeps its sign through float casts (assertClose treats 0 and -0 alike).
        if (to !== 'int32') expect(Object.is(got[1], -0)).toBe(true);
        if (to === 'int32') {
          const input = readTyped(backend, SHORT[from], x, n);
          for (let i = 0; i < n; i++) {
            const v = input[i]!;
            const expected = Number.isNaN(v) ? 0 : Math.min(2147483647, Math.max(-2147483648, Math.trunc(v))) | 0;
            expect(got[i], `${from} ${v}`).toBe(expected);
          }
        }
      });
    }
  }

  it('float64 -> float32 rounds to nearest and overflows to infinity', () => {
    const values = [1 + 2 ** -24, 1 + 3 * 2 ** -24, 1e39, -1e39, 1e-46];
    const got = readTyped(backend, 'f32', cast(backend, putTyped(backend, 'f64', values), values.length, { from: 'float64', to: 'float32' }), values.length);
    expect(Array.from(got)).toEqual(values.map((v) => Math.fround(v)));
  });

  it('casts in place between dtypes of one size, and rejects overlap across sizes', () => {
    const x = putTyped(backend, 'f32', [1.5, -2.5, 7.9]);
    expect(cast(backend, x, 3, { from: 'float32', to: 'int32', out: x })).toBe(x);
    expect(Array.from(readTyped(backend, 'i32', x, 3))).toEqual([1, -2, 7]);
    const y = putTyped(backend, 'f64', [1, 2, 3, 4]);
    expect(() => cast(backend, y, 4, { from: 'float64', to: 'float32', out: y })).toThrow(ShapeError);
    expect(() => cast(backend, y, 2, { from: 'float64', to: 'float32', out: y + 4 })).toThrow(/overlaps/);
  });

  it('rejects unknown dtypes with DTypeError and bad ranges with ShapeError before allocating', () => {
    const x = putTyped(backend, 'f64', [1, 2]);
    const before = backend.heap.stats().liveBlocks;
    expect(() => cast(backend, x, 2, { from: 'float16' as KernelDType, to: 'float32' })).toThrow(DTypeError);
    expect(() => cast(backend, x, 2, { from: 'float64', to: 'int64' as KernelDType })).toThrow(DTypeError);
    expect(() => cast(backend, x + 4, 2, { from: 'float64', to: 'float32' })).toThrow(ShapeError);
    expect(() => cast(backend, x, -1, { from: 'float64', to: 'float32' })).toThrow(ShapeError);
    expect(() => cast(backend, backend.heap.memory.buffer.byteLength - 8, 2, { from: 'float64', to: 'float32' })).toThrow(ShapeError);
    expect(backend.heap.stats().liveBlocks).toBe(before);
  });
});
