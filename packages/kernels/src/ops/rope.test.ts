import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { createReferenceBackend } from '../loader.ts';
import { assertClose, expectCleanRejection, putF32, randomArray, readF32, referenceOf, wasmBackends } from '../testing.ts';
import { rope } from './rope.ts';

const backends = await wasmBackends();
// [outer, length, inner, dim, rotaryDim]
const SHAPES: [number, number, number, number, number][] = [
  [1, 1, 1, 2, 2], [2, 3, 1, 4, 4], [1, 17, 3, 6, 6], [3, 5, 2, 10, 4], [1, 65, 1, 64, 64], [2, 7, 4, 18, 18],
];

describe.each(backends.map((b) => [b.variant, b] as const))('rope (%s)', (_, backend: Backend) => {
  const ref = referenceOf(backend);
  it('matches the reference for both layouts, offsets, partial rotation, and inverse undoes forward', () => {
    for (const [outer, length, inner, dim, rotaryDim] of SHAPES) {
      const n = outer * length * inner * dim;
      const x = putF32(backend, randomArray(n, n, -2, 2), 1);
      for (const layout of ['interleaved', 'rotate-half'] as const) {
        for (const positionOffset of [0, 37]) {
          const p = { outer, length, inner, dim, rotaryDim, layout, positionOffset, base: 10000 };
          const label = `rope ${outer}x${length}x${inner}x${dim} r${rotaryDim} ${layout} +${positionOffset}`;
          const got = rope(backend, x, p), want = rope(ref, x, p);
          // Angles up to ~100 rad: f32 cos/sin of an f64 angle, then one f32 rotation.
          assertClose(readF32(backend, got, n), readF32(backend, want, n), { atol: 1e-5, rtol: 1e-5 }, label);
          const back = rope(backend, got, { ...p, inverse: true });
          assertClose(readF32(backend, back, n), readF32(backend, x, n), { atol: 2e-5, rtol: 1e-5 }, `${label} inverse`);
          for (const ptr of [got, want, back]) backend.heap.free(ptr);
        }
      }
    }
  });

  it('position 0 is the identity and the two layouts are permutations of each other', () => {
    const x = putF32(backend, randomArray(2 * 8, 3));
    const p = { outer: 2, length: 1, inner: 1, dim: 8, layout: 'interleaved' as const };
    expect(Array.from(readF32(backend, rope(backend, x, p), 16))).toEqual(Array.from(readF32(backend, x, 16)));
    // Interleaved on x equals rotate-half on x with features reordered (0, 2, 4, 6, 1, 3, 5, 7).
    const t = putF32(backend, randomArray(4 * 8, 4));
    const xs = readF32(backend, t, 32), order = [0, 2, 4, 6, 1, 3, 5, 7];
    const perm = putF32(backend, Array.from({ length: 32 }, (_, i) => xs[Math.floor(i / 8) * 8 + order[i % 8]!]!));
    const a = readF32(backend, rope(backend, t, { outer: 1, length: 4, inner: 1, dim: 8, layout: 'interleaved' }), 32);
    const b = readF32(backend, rope(backend, perm, { outer: 1, length: 4, inner: 1, dim: 8, layout: 'rotate-half' }), 32);
    for (let i = 0; i < 32; i++) expect(b[i]).toBeCloseTo(a[Math.floor(i / 8) * 8 + order[i % 8]!]!, 6);
  });
});

describe('rope misuse', () => {
  it('rejects an odd rotary dim, a bad layout or base before allocating', () => {
    const backend = createReferenceBackend({ initialPages: 2 });
    const x = putF32(backend, new Array(12).fill(1));
    const p = { outer: 1, length: 2, inner: 1, dim: 6, layout: 'rotate-half' as const };
    expectCleanRejection(backend, (b) => rope(b, x, { ...p, rotaryDim: 3 }), ShapeError, 'odd rotaryDim');
    expectCleanRejection(backend, (b) => rope(b, x, { ...p, rotaryDim: 8 }), ShapeError, 'rotaryDim > dim');
    expectCleanRejection(backend, (b) => rope(b, x, { ...p, base: 0 }), Error, 'base 0');
    expectCleanRejection(backend, (b) => rope(b, x, { ...p, layout: 'pairs' as never }), Error, 'bad layout');
    expectCleanRejection(backend, (b) => rope(b, x, { ...p, length: 3 }), ShapeError, 'x too small');
  });
});
