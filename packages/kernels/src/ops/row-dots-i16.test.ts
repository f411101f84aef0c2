// packRowsInt16 / rowDotsInt16 (assembly/row-dots-i16.ts) against int32 rowDots and the plain-TypeScript
// reference: awkward m, n and d (the 2 x 4 tiles and their tails, d across the 8-value groups, more
// than one block of 128 rows of y), padded strides, the exactness bound and values past int16.
import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from '../errors.ts';
import { referenceOf, testRandom, wasmBackends } from '../testing.ts';
import { putTyped, readTyped } from './dtype-testing.ts';
import { rowDots } from './row-dots.ts';
import { packRowsInt16, rowDotsInt16 } from './row-dots-i16.ts';

const backends = await wasmBackends();

/** Seeded int32 values in [-top, top], about half of them zero. */
function values(count: number, seed: number, top: number): number[] {
  const r = testRandom(seed);
  return Array.from({ length: count }, () => (r() < 0.5 ? 0 : Math.round((2 * r() - 1) * top)));
}

describe.each(backends.map((b) => [b.variant, b] as const))('rowDotsInt16 (%s)', (_, backend) => {
  it('equals int32 rowDots and the reference at awkward sizes and strides', () => {
    for (const [m, n, d, pad] of [[1, 1, 1, 0], [3, 5, 7, 1], [5, 10, 17, 0], [8, 4, 8, 2], [17, 16, 63, 0], [65, 3, 784, 3], [2, 130, 9, 0], [7, 2, 0, 0]] as const) {
      const ldx = d + pad, ldy = d + 2 * pad, seed = m * 31 + n * 7 + d;
      const x = putTyped(backend, 'i32', values(Math.max(m * ldx, 1), seed, 1000), 0);
      const y = putTyped(backend, 'i32', values(Math.max(n * ldy, 1), seed + 1, 255), 0);
      const label = `m=${m} n=${n} d=${d} pad=${pad}`;
      const want = rowDots(backend, { dtype: 'int32', m, n, d, x, y, ldx, ldy });
      for (const b of [backend, referenceOf(backend)]) {
        const packed = packRowsInt16(b, { m, d, x, ldx });
        const got = rowDotsInt16(b, { x: packed, n, y, ldy, ldo: n + pad });
        const a = readTyped(backend, 'i32', got, m * (n + pad)), w = readTyped(backend, 'i32', want, m * n);
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) expect(a[i * (n + pad) + j], `${label} (${b.variant})`).toBe(w[i * n + j]);
        backend.heap.free(got);
        backend.heap.free(packed.ptr);
      }
      for (const p of [x, y, want]) backend.heap.free(p);
    }
  });

  it('refuses values past int16 and products past the int32 bound, leaving nothing allocated', () => {
    const before = backend.heap.stats().liveBlocks;
    const big = putTyped(backend, 'i32', [1, 40000, 3, 4], 0), y = putTyped(backend, 'i32', [1, 2, 3, 32767, 32767, 32767], 0);
    expect(() => packRowsInt16(backend, { m: 2, d: 2, x: big })).toThrow(ArgumentError);
    const packed = packRowsInt16(backend, { m: 1, d: 3, x: y + 12 });
    expect(packed.top).toBe(32767);
    // 3 * 32767 * 32767 >= 2^31: not exact in int32.
    expect(() => rowDotsInt16(backend, { x: packed, n: 1, y: y + 12 })).toThrow(ArgumentError);
    const one = rowDotsInt16(backend, { x: packed, n: 1, y });
    expect(Array.from(readTyped(backend, 'i32', one, 1))).toEqual([6 * 32767]);
    backend.heap.free(one);
    expect(() => rowDotsInt16(backend, { x: packed, n: 1, y, out: y })).toThrow(ShapeError);
    expect(() => rowDotsInt16(backend, { x: packed, n: -1, y })).toThrow(ShapeError);
    backend.heap.free(packed.ptr);
    for (const p of [big, y]) backend.heap.free(p);
    expect(backend.heap.stats().liveBlocks).toBe(before);
  });
});
