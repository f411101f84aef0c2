// rowDots (assembly/row-dots-f64.ts, row-dots-i32.ts) against the plain-TypeScript references: the
// awkward sizes for m, n and d (the 2 x 4 tiles, their row and column tails, d below and across the
// 8-value int16 groups), padded strides, unaligned operands, the int32 exactness bound, and int32's
// streamed form for few rows of y (x not packed).
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { ArgumentError, DTypeError, ShapeError } from '../errors.ts';
import { assertClose, referenceOf, testRandom, wasmBackends } from '../testing.ts';
import { freeTyped, putTyped, readTyped } from './dtype-testing.ts';
import { rowDots } from './row-dots.ts';

const backends = await wasmBackends();
const SIZES = [1, 3, 4, 5, 7, 8, 15, 16, 17, 65];
const DEPTHS = [0, 1, 3, 7, 8, 9, 16, 17, 63, 64, 65, 812];

interface Case { dtype: 'float64' | 'int32'; m: number; n: number; d: number; pad?: number; offset?: number; top?: number }

/** Seeded values: float64 in [-1, 1), int32 in [-top, top] with about half of them zero (sparse pixels). */
function values(c: Case, count: number, seed: number): number[] {
  const r = testRandom(seed), top = c.top ?? 255;
  return Array.from({ length: count }, () => (c.dtype === 'float64' ? 2 * r() - 1 : r() < 0.5 ? 0 : Math.round((2 * r() - 1) * top)));
}

function check(backend: Backend, c: Case): void {
  const { m, n, d } = c, pad = c.pad ?? 0, offset = c.offset ?? 0, t = c.dtype === 'float64' ? 'f64' : 'i32';
  const ldx = d + pad, ldy = d + 2 * pad, ldo = n + pad;
  const seed = m * 7919 + n * 104729 + d * 31 + pad;
  const x = putTyped(backend, t, values(c, Math.max(m * ldx, 1), seed), offset);
  const y = putTyped(backend, t, values(c, Math.max(n * ldy, 1), seed + 1), offset);
  const fill = Array.from({ length: m * ldo }, () => -7);
  const got = putTyped(backend, t, fill, offset), want = putTyped(backend, t, fill, offset);
  const p = { dtype: c.dtype, m, n, d, x, y, ldx, ldy, ldo } as const;
  rowDots(backend, { ...p, out: got });
  rowDots(referenceOf(backend), { ...p, out: want });
  const label = `${backend.variant} ${JSON.stringify(c)}`;
  const a = readTyped(backend, t, got, m * ldo), b = readTyped(backend, t, want, m * ldo);
  for (let i = 0; i < m * ldo; i++) if (i % ldo >= n) expect(a[i], `${label}: padding kept`).toBe(-7);
  if (c.dtype === 'int32') expect(Array.from(a), label).toEqual(Array.from(b));
  else assertClose(a, b, { atol: 1e-14 * Math.sqrt(Math.max(d, 1)), rtol: 1e-12 }, label);
  for (const q of [x, y, got, want]) freeTyped(backend, t, q, offset);
}

describe.each(backends.map((b) => [b.variant, b] as const))('rowDots (%s)', (_, backend) => {
  it.each(['float64', 'int32'] as const)('matches the reference over the awkward sizes (%s)', (dtype) => {
    let i = 0;
    for (const m of SIZES) for (const n of SIZES) check(backend, { dtype, m, n, d: DEPTHS[i++ % DEPTHS.length]! });
    for (const d of DEPTHS) check(backend, { dtype, m: 5, n: 9, d });
  });

  it.each(['float64', 'int32'] as const)('runs padded strides, unaligned operands and blocks of many rows (%s)', (dtype) => {
    check(backend, { dtype, m: 7, n: 13, d: 17, pad: 3, offset: 1 });
    check(backend, { dtype, m: 6, n: 301, d: 65, pad: 1 }); // int32: three blocks of Y rows (128, 128, 45)
    check(backend, { dtype, m: 65, n: 10, d: 812, offset: 1 });
    check(backend, { dtype, m: 1, n: 1, d: 1029 });
  });

  it('int32 is exact at the bound and refuses values past it, leaving out unchanged', () => {
    // d * 32767^2 < 2^31 for d = 2: the largest products, exact.
    check(backend, { dtype: 'int32', m: 3, n: 5, d: 2, top: 32767 });
    const x = putTyped(backend, 'i32', [32767, -32767]), y = putTyped(backend, 'i32', [-32767, -32767]), out = putTyped(backend, 'i32', [5]);
    rowDots(backend, { dtype: 'int32', m: 1, n: 1, d: 2, x, y, out });
    expect(readTyped(backend, 'i32', out, 1)[0]).toBe(0);
    for (const [bad, dd] of [[[32768, 0, 0], 3], [[-2147483648, 0, 0], 3], [[30000, 30000, 30000], 3]] as const) {
      const xb = putTyped(backend, 'i32', bad), yb = putTyped(backend, 'i32', [30000, 30000, 30000]);
      for (const impl of [backend, referenceOf(backend)]) {
        expect(() => rowDots(impl, { dtype: 'int32', m: 1, n: 1, d: dd, x: xb, y: yb, out }), `${impl.variant} ${bad}`).toThrow(ArgumentError);
        expect(readTyped(backend, 'i32', out, 1)[0]).toBe(0);
      }
      for (const q of [xb, yb]) backend.heap.free(q);
    }
    const live = backend.heap.stats().liveBlocks;
    const xb = putTyped(backend, 'i32', [40000]), yb = putTyped(backend, 'i32', [1]);
    expect(() => rowDots(backend, { dtype: 'int32', m: 1, n: 1, d: 1, x: xb, y: yb })).toThrow(ArgumentError);
    for (const q of [x, y, out, xb, yb]) backend.heap.free(q);
    expect(backend.heap.stats().liveBlocks).toBe(live - 3);
  });

  it('int32 with up to 16 rows of y reads x in place (the streamed form) and is exact on both sides of that form; values past int16 refused in either', () => {
    for (const n of [1, 4, 10, 16, 17]) check(backend, { dtype: 'int32', m: 33, n, d: 23, offset: 1, pad: 2 });
    check(backend, { dtype: 'int32', m: 9, n: 10, d: 784, top: 1000 });
    for (const [n, at] of [[10, 2], [10, 9 * 5 + 8], [17, 2]] as const) {
      // A misfit in the 8-value body (at 2) or in the scalar tail of a later row (9 * 5 + 8).
      const xs = new Array(9 * 6).fill(3), ys = new Array(9 * n).fill(2);
      xs[at] = 32768;
      const xb = putTyped(backend, 'i32', xs), yb = putTyped(backend, 'i32', ys), out = putTyped(backend, 'i32', new Array(6 * n).fill(-1));
      for (const impl of [backend, referenceOf(backend)]) {
        expect(() => rowDots(impl, { dtype: 'int32', m: 6, n, d: 9, x: xb, y: yb, out }), `${impl.variant} n ${n} at ${at}`).toThrow(ArgumentError);
        expect(Array.from(readTyped(backend, 'i32', out, 6 * n))).toEqual(new Array(6 * n).fill(-1));
      }
      for (const q of [xb, yb, out]) backend.heap.free(q);
    }
  });

  it('checks its arguments', () => {
    const x = putTyped(backend, 'f64', [1, 2, 3, 4]);
    expect(() => rowDots(backend, { dtype: 'float32' as 'float64', m: 1, n: 1, d: 2, x, y: x })).toThrow(DTypeError);
    expect(() => rowDots(backend, { dtype: 'float64', m: 1, n: 1, d: 2, x, y: x, ldx: 1 })).toThrow(ShapeError);
    expect(() => rowDots(backend, { dtype: 'float64', m: 1, n: 1, d: 2, x, y: x, out: x })).toThrow(ShapeError);
    expect(() => rowDots(backend, { dtype: 'float64', m: 1, n: 1, d: 2, x: backend.heap.memory.buffer.byteLength, y: x })).toThrow();
    backend.heap.free(x);
  });
});
