// The exact integer scatter matrix against its plain-TypeScript reference and against the float64
// scatter: awkward sizes (n, d = 1, 2, 7, 17, 129; d past one int32 tile of 64 rows and one block of
// 128 columns), chunks at the int32 bound (max |x| = 32767: two rows per chunk; 1000: 2144 rows),
// the 2^53 bound on (n max|x|)^2 on both sides of it, values out of int16 range (the fallback).
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../errors.ts';
import { assertClose, referenceOf, testRandom, wasmBackends } from '../testing.ts';
import { freeTyped, putTyped, readTyped } from './dtype-testing.ts';
import { scatterMatrix, scatterMatrixInt32 } from './linalg-scatter.ts';
import type { Backend } from '../backend.ts';

const backends = await wasmBackends();

/** n x d seeded integers in [-top, top] (row stride ldx), some at exactly +-top. */
function integers(n: number, d: number, ldx: number, top: number, seed: number): Int32Array {
  const next = testRandom(seed), out = new Int32Array(n * ldx);
  for (let i = 0; i < out.length; i++) {
    const u = next();
    out[i] = u < 0.1 ? top : u < 0.2 ? -top : Math.round((2 * next() - 1) * top);
  }
  return out;
}

/** { mean, c } of scatterMatrixInt32 on `backend` (null when it declined), its own blocks freed. */
function run(backend: Backend, x: Int32Array, n: number, d: number, ldx: number, offset = 0): { mean: Float64Array; c: Float64Array } | null {
  const ptr = putTyped(backend, 'i32', x, offset);
  try {
    const r = scatterMatrixInt32(backend, { n, d, x: ptr, ldx });
    if (r === null) return null;
    const out = { mean: readTyped(backend, 'f64', r.mean, d) as Float64Array, c: readTyped(backend, 'f64', r.c, d * d) as Float64Array };
    backend.heap.free(r.mean);
    backend.heap.free(r.c);
    return out;
  } finally {
    freeTyped(backend, 'i32', ptr, offset);
  }
}

describe.each(backends.map((b) => [b.variant, b] as const))('scatterMatrixInt32 (%s)', (_, backend) => {
  const reference = referenceOf(backend);

  it('equals the reference exactly at awkward sizes (C exactly symmetric) and the float64 scatter to rounding', () => {
    for (const n of [1, 2, 7, 17, 129]) {
      for (const d of [1, 2, 7, 17, 129]) {
        const ldx = d + (n % 2), top = 255;
        const x = integers(n, d, ldx, top, 7 * n + d);
        const got = run(backend, x, n, d, ldx, n % 3)!, want = run(reference, x, n, d, ldx)!;
        expect(Array.from(got.c), `C ${n}x${d}`).toEqual(Array.from(want.c));
        expect(Array.from(got.mean), `mean ${n}x${d}`).toEqual(Array.from(want.mean));
        const xf = putTyped(backend, 'f64', x);
        const f = scatterMatrix(backend, { n, d, x: xf, ldx });
        assertClose(got.c, readTyped(backend, 'f64', f.c, d * d), { atol: 1e-9 * n * top * top, rtol: 1e-12 }, `float64 C ${n}x${d}`);
        backend.heap.free(f.c);
        backend.heap.free(f.mean);
        freeTyped(backend, 'f64', xf);
      }
    }
  });

  it('chunks at the int32 bound: max |x| = 32767 (two rows per chunk) and 1000 (2144 rows, 3 chunks) stay exact', () => {
    for (const [n, d, top] of [[9, 5, 32767], [5000, 3, 1000], [2145, 2, 1000]] as const) {
      // Rows of one sign at the top value: every chunk's int32 sums reach L t^2, just below 2^31.
      const x = integers(n, d, d, top, n + d);
      for (let i = 0; i < Math.min(n, 2200); i++) for (let j = 0; j < d; j++) x[i * d + j] = top;
      const got = run(backend, x, n, d, d)!, want = run(reference, x, n, d, d)!;
      expect(Array.from(got.c), `C ${n}x${d} top ${top}`).toEqual(Array.from(want.c));
      expect(Array.from(got.mean)).toEqual(Array.from(want.mean));
    }
  });

  it('declines (null, outputs untouched, nothing leaked) outside the exact bounds; the float64 scatter takes over', () => {
    // (n max|x|)^2 < 2^53 needs n max|x| <= 94906265: 2896 rows at 32767 pass, 2897 do not.
    const pass = new Int32Array(2896 * 2).fill(32767), fail = new Int32Array(2897 * 2).fill(32767);
    pass[1] = fail[1] = -32767;
    expect(run(backend, pass, 2896, 2, 2)).toEqual(run(reference, pass, 2896, 2, 2));
    expect(run(backend, pass, 2896, 2, 2)).not.toBeNull();
    const before = backend.heap.stats().liveBlocks;
    expect(run(backend, fail, 2897, 2, 2)).toBeNull();
    expect(run(reference, fail, 2897, 2, 2)).toBeNull();
    for (const big of [32768, -32768, -(2 ** 31)]) {
      const x = integers(20, 3, 3, 100, 5);
      x[31] = big;
      const ptr = putTyped(backend, 'i32', x);
      const c = putTyped(backend, 'f64', new Float64Array(9).fill(7)), mean = putTyped(backend, 'f64', new Float64Array(3).fill(7));
      expect(scatterMatrixInt32(backend, { n: 20, d: 3, x: ptr, c, mean })).toBeNull();
      expect(Array.from(readTyped(backend, 'f64', c, 9))).toEqual(new Array(9).fill(7));
      expect(Array.from(readTyped(backend, 'f64', mean, 3))).toEqual(new Array(3).fill(7));
      expect(run(reference, x, 20, 3, 3)).toBeNull();
      for (const p of [ptr, c, mean]) backend.heap.free(p);
    }
    expect(backend.heap.stats().liveBlocks).toBe(before);
  });

  it('n = 0 gives a zero C and NaN means; bad operands throw typed errors before allocating', () => {
    const x = putTyped(backend, 'i32', new Int32Array(12));
    const empty = scatterMatrixInt32(backend, { n: 0, d: 3, x })!;
    expect(Array.from(readTyped(backend, 'f64', empty.c, 9))).toEqual(new Array(9).fill(0));
    expect(Array.from(readTyped(backend, 'f64', empty.mean, 3)).every(Number.isNaN)).toBe(true);
    backend.heap.free(empty.c);
    backend.heap.free(empty.mean);
    const before = backend.heap.stats().liveBlocks;
    expect(() => scatterMatrixInt32(backend, { n: 4, d: 3, x, ldx: 2 })).toThrow(ShapeError);
    expect(() => scatterMatrixInt32(backend, { n: 1 << 20, d: 3, x })).toThrow(ShapeError);
    expect(() => scatterMatrixInt32(backend, { n: 2, d: 3, x, c: x })).toThrow(ShapeError);
    expect(() => scatterMatrixInt32(backend, { n: 2, d: 3, x, mean: x + 4 })).toThrow(ShapeError);
    expect(backend.heap.stats().liveBlocks).toBe(before);
    freeTyped(backend, 'i32', x);
  });
});
