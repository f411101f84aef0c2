import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError } from '../errors.ts';
import { putTyped, randomTyped, readTyped } from './dtype-testing.ts';
import { AWKWARD_SIZES, assertClose, ELEMENTWISE_TOLERANCE, putF32, randomArray, readF32, referenceOf, testRandom, wasmBackends } from '../testing.ts';
import { indexAdd, indexSelect32, oneHot, where } from './gather.ts';

const backends = await wasmBackends();

function putI32(backend: { heap: { alloc(n: number): number; i32(p: number, n: number): Int32Array } }, values: ArrayLike<number>): number {
  const p = backend.heap.alloc(Math.max(values.length, 1) * 4);
  backend.heap.i32(p, values.length).set(values);
  return p;
}

function randomIndices(k: number, limit: number, seed: number): Int32Array {
  const next = testRandom(seed);
  return Int32Array.from({ length: k }, () => Math.floor(next() * limit));
}

describe.each(backends.map((b) => [b.variant, b] as const))('gather (%s)', (_, backend) => {
  const ref = referenceOf(backend);

  it('indexSelect and indexAdd match the reference at awkward row sizes', () => {
    for (const inner of AWKWARD_SIZES) {
      for (const [outer, axis, k] of [[1, 5, 7], [3, 4, 2], [2, 1, 3]] as const) {
        const src = putF32(backend, randomArray(outer * axis * inner, inner + 1), inner % 2);
        const idx = putI32(backend, randomIndices(k, axis, inner + axis));
        const got = indexSelect32(backend, { src, outer, axis, inner, indices: idx, count: k });
        const want = indexSelect32(ref, { src, outer, axis, inner, indices: idx, count: k });
        assertClose(readF32(backend, got, outer * k * inner), readF32(backend, want, outer * k * inner), { atol: 0, rtol: 0 }, `select inner=${inner}`);
        const upd = putF32(backend, randomArray(outer * k * inner, inner + 2));
        const d1 = putF32(backend, randomArray(outer * axis * inner, 9));
        const d2 = putF32(backend, readF32(backend, d1, outer * axis * inner));
        indexAdd(backend, { dst: d1, outer, axis, inner, indices: idx, count: k, src: upd });
        indexAdd(ref, { dst: d2, outer, axis, inner, indices: idx, count: k, src: upd });
        assertClose(readF32(backend, d1, outer * axis * inner), readF32(backend, d2, outer * axis * inner), ELEMENTWISE_TOLERANCE, `add inner=${inner}`);
      }
    }
  });

  it('indexAdd in float64 matches the reference at awkward row sizes and unaligned starts', () => {
    for (const inner of AWKWARD_SIZES) {
      for (const [outer, axis, k] of [[1, 5, 7], [3, 4, 2], [2, 1, 3], [2, 3, 0]] as const) {
        const offset = inner % 2;
        const idx = putI32(backend, randomIndices(k, axis, inner + axis));
        const upd = putTyped(backend, 'f64', randomTyped('f64', outer * k * inner, inner + 2), offset);
        const d1 = putTyped(backend, 'f64', randomTyped('f64', outer * axis * inner, 9), offset);
        const d2 = putTyped(backend, 'f64', readTyped(backend, 'f64', d1, outer * axis * inner));
        indexAdd(backend, { dst: d1, outer, axis, inner, indices: idx, count: k, src: upd, dtype: 'float64' });
        indexAdd(ref, { dst: d2, outer, axis, inner, indices: idx, count: k, src: upd, dtype: 'float64' });
        assertClose(readTyped(backend, 'f64', d1, outer * axis * inner), readTyped(backend, 'f64', d2, outer * axis * inner), { atol: 0, rtol: 0 }, `add f64 inner=${inner} k=${k}`);
      }
    }
  });

  it('indexAdd in float64 accumulates repeats and rejects bad indices and int32 before writing', () => {
    const dst = putTyped(backend, 'f64', [0, 0, 0]), src = putTyped(backend, 'f64', [1e-17, 1, 2]);
    indexAdd(backend, { dst, outer: 1, axis: 3, inner: 1, indices: putI32(backend, [1, 1, 2]), count: 3, src, dtype: 'float64' });
    expect(Array.from(readTyped(backend, 'f64', dst, 3))).toEqual([0, 1e-17 + 1, 2]);
    expect(() => indexAdd(backend, { dst, outer: 1, axis: 3, inner: 1, indices: putI32(backend, [0, 3]), count: 2, src, dtype: 'float64' })).toThrow(/indices\[1\] is 3/);
    expect(Array.from(readTyped(backend, 'f64', dst, 3))).toEqual([0, 1e-17 + 1, 2]);
    expect(() => indexAdd(backend, { dst, outer: 1, axis: 3, inner: 1, indices: putI32(backend, [0]), count: 1, src, dtype: 'int32' })).toThrow(DTypeError);
    expect(() => indexAdd(backend, { dst: dst + 4, outer: 1, axis: 3, inner: 1, indices: putI32(backend, [0]), count: 1, src, dtype: 'float64' })).toThrow(ShapeError);
  });

  it('repeated indices accumulate in indexAdd', () => {
    const dst = putF32(backend, [0, 0, 0]);
    const src = putF32(backend, [1, 2, 4]);
    indexAdd(backend, { dst, outer: 1, axis: 3, inner: 1, indices: putI32(backend, [1, 1, 2]), count: 3, src });
    expect(Array.from(readF32(backend, dst, 3))).toEqual([0, 3, 4]);
  });

  it('a bad index is a ShapeError naming its position, and nothing is written', () => {
    const src = putF32(backend, [1, 2, 3, 4]);
    const idx = putI32(backend, [0, 5]);
    expect(() => indexSelect32(backend, { src, outer: 1, axis: 4, inner: 1, indices: idx, count: 2 })).toThrow(/indices\[1\] is 5, expected an index in \[0, 4\)/);
    const dst = putF32(backend, [9, 9, 9, 9]);
    expect(() => indexAdd(backend, { dst, outer: 1, axis: 4, inner: 1, indices: putI32(backend, [2, -1]), count: 2, src })).toThrow(ShapeError);
    expect(Array.from(readF32(backend, dst, 4))).toEqual([9, 9, 9, 9]);
    expect(() => oneHot(backend, putI32(backend, [3]), 1, 3)).toThrow(/indices\[0\] is 3/);
  });

  it('oneHot matches the reference', () => {
    for (const n of [0, 1, 5, 17]) {
      const idx = putI32(backend, randomIndices(n, 7, n));
      const got = oneHot(backend, idx, n, 7, { on: 0.9, off: 0.1 / 6 });
      const want = oneHot(ref, idx, n, 7, { on: 0.9, off: 0.1 / 6 });
      assertClose(readF32(backend, got, n * 7), readF32(backend, want, n * 7), { atol: 0, rtol: 0 }, `oneHot n=${n}`);
    }
  });

  it('where broadcasts like NumPy and treats NaN as true', () => {
    const cases: [number[], number[], number[]][] = [[[17], [17], [17]], [[3, 1], [1, 4], [3, 4]], [[], [5], [1]], [[2, 3, 4], [4], [2, 1, 4]], [[0, 3], [3], [1]]];
    for (const [sc, sa, sb] of cases) {
      const n = (s: number[]) => s.reduce((p, d) => p * d, 1);
      const condData = randomArray(n(sc), 3).map((v, i) => (i % 5 === 0 ? NaN : v > 0 ? 1 : 0));
      const c = putF32(backend, condData), a = putF32(backend, randomArray(n(sa), 4)), b = putF32(backend, randomArray(n(sb), 5));
      const got = where(backend, c, sc, a, sa, b, sb);
      const want = where(ref, c, sc, a, sa, b, sb);
      expect(got.shape).toEqual(want.shape);
      assertClose(readF32(backend, got.ptr, n(got.shape)), readF32(backend, want.ptr, n(want.shape)), { atol: 0, rtol: 0 }, `where ${sc}`);
    }
  });
});
