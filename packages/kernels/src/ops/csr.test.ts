// csrMatmul (assembly/csr-f64.ts) against the plain-TypeScript reference: both forms at awkward
// sizes (k across the 8- and 2-column chunks, empty rows, rows of one stored value, odd counts),
// unaligned operands, and the checks of indptr and the column indices.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { assertClose, referenceOf, testRandom, wasmBackends } from '../testing.ts';
import { freeTyped, putTyped, readTyped } from './dtype-testing.ts';
import { csrMatmul } from './csr.ts';

const backends = await wasmBackends();

/** A seeded CSR matrix [m, d] with about `density` of its entries stored (some rows empty). */
function sparse(m: number, d: number, density: number, seed: number): { indptr: number[]; indices: number[]; values: number[] } {
  const r = testRandom(seed), indptr = [0], indices: number[] = [], values: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < d; j++) if (r() < density) { indices.push(j); values.push(2 * r() - 1); }
    indptr.push(indices.length);
  }
  return { indptr, indices, values };
}

function check(backend: Backend, m: number, d: number, k: number, transpose: boolean, density: number, offset = 0): void {
  const a = sparse(m, d, density, m * 131 + d * 7 + k);
  const r = testRandom(k + 17), rowsB = transpose ? m : d, rowsOut = transpose ? d : m;
  const indptr = putTyped(backend, 'i32', a.indptr, offset), indices = putTyped(backend, 'i32', a.indices.length ? a.indices : [0], offset);
  const values = putTyped(backend, 'f64', a.values.length ? a.values : [0], offset);
  const b = putTyped(backend, 'f64', Array.from({ length: Math.max(rowsB * k, 1) }, () => 2 * r() - 1), offset);
  const got = putTyped(backend, 'f64', new Array(Math.max(rowsOut * k, 1)).fill(NaN), offset), want = putTyped(backend, 'f64', new Array(Math.max(rowsOut * k, 1)).fill(NaN), offset);
  const p = { transpose, m, d, k, indptr, indices, values, b };
  csrMatmul(backend, { ...p, out: got });
  csrMatmul(referenceOf(backend), { ...p, out: want });
  const label = `${backend.variant} m ${m} d ${d} k ${k} transpose ${transpose} density ${density}`;
  assertClose(readTyped(backend, 'f64', got, rowsOut * k), readTyped(backend, 'f64', want, rowsOut * k), { atol: 1e-13, rtol: 1e-12 }, label);
  freeTyped(backend, 'i32', indptr, offset);
  freeTyped(backend, 'i32', indices, offset);
  for (const q of [values, b, got, want]) freeTyped(backend, 'f64', q, offset);
}

describe.each(backends.map((b) => [b.variant, b] as const))('csrMatmul (%s)', (_, backend) => {
  it.each([false, true])('matches the reference at awkward sizes (transpose %s)', (transpose) => {
    for (const k of [1, 2, 3, 7, 8, 9, 10, 16, 17]) {
      for (const [m, d] of [[1, 1], [3, 5], [17, 4], [65, 31], [8, 812]] as const) check(backend, m, d, k, transpose, 0.3);
    }
    check(backend, 40, 13, 10, transpose, 0); // no stored values: zeros
    check(backend, 9, 7, 10, transpose, 1); // dense
    check(backend, 33, 29, 11, transpose, 0.2, 1); // unaligned
  });

  it('checks indptr and the column indices, leaving out unchanged', () => {
    const indptr = putTyped(backend, 'i32', [0, 1, 2]), indices = putTyped(backend, 'i32', [0, 3]), values = putTyped(backend, 'f64', [1, 2]);
    const b = putTyped(backend, 'f64', [1, 2, 3, 4]), out = putTyped(backend, 'f64', [7, 7]);
    for (const impl of [backend, referenceOf(backend)]) {
      expect(() => csrMatmul(impl, { transpose: false, m: 2, d: 3, k: 1, indptr, indices, values, b, out })).toThrow(ArgumentError);
      expect(Array.from(readTyped(backend, 'f64', out, 2))).toEqual([7, 7]);
    }
    const live = backend.heap.stats().liveBlocks;
    expect(() => csrMatmul(backend, { transpose: true, m: 2, d: 3, k: 1, indptr, indices, values, b })).toThrow(ArgumentError);
    expect(backend.heap.stats().liveBlocks).toBe(live);
    const bad = putTyped(backend, 'i32', [0, 2, 1]);
    expect(() => csrMatmul(backend, { transpose: false, m: 2, d: 4, k: 1, indptr: bad, indices, values, b, out })).toThrow(/non-decreasing/);
    expect(() => csrMatmul(backend, { transpose: false, m: 2, d: 4, k: 1, indptr, indices, values, b, out: b })).toThrow(ShapeError);
    expect(csrMatmul(backend, { transpose: false, m: 2, d: 4, k: 1, indptr, indices, values, b, out })).toBe(out);
    expect(Array.from(readTyped(backend, 'f64', out, 2))).toEqual([1, 8]);
    for (const q of [indptr, indices, values, b, out, bad]) backend.heap.free(q);
  });
});
