// The symmetric eigensolver (Householder tridiagonalisation, blocked Q, implicit QL) against its
// plain-TypeScript reference at awkward sizes (1, 2, 3, 17, 64, 129 and 300: one, several and a
// partial block of 32 reflectors), and on structured matrices where the eigenvectors are not
// unique (repeated or clustered eigenvalues, zero, diagonal, rank-deficient, blocks with vanishing
// reflectors between others): there the contract is checked
// instead, residual |A v - w v| and orthogonality |V V^T - I| against n eps |A|. Divide and conquer
// (float64) against the QL path's eigenvalues and the same contract, on random, Wilkinson, glued,
// decoupled and heavily deflating matrices.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { DTypeError, ShapeError } from '../errors.ts';
import { assertClose, referenceOf, wasmBackends } from '../testing.ts';
import { freeTyped, putTyped, randomTyped, readTyped } from './dtype-testing.ts';
import { jacobiEigh } from './linalg.ts';
import { symmetricEigh } from './linalg-eigh.ts';

const backends = await wasmBackends();
const EPS = { f32: 2 ** -23, f64: 2 ** -52 } as const;
const DTYPE = { f32: 'float32', f64: 'float64' } as const;

/** Symmetric [n, n] with entries from a seeded uniform draw (upper triangle mirrored). */
function randomSymmetric(n: number, seed: number): Float64Array {
  const r = randomTyped('f64', n * n, seed), a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = r[i * n + j]!;
  return a;
}

/** H diag(w) H with H = I - 2 u u^T (|u| = 1) from a seeded u: eigenvalues w exactly, eigenvectors H's columns. */
function withSpectrum(w: number[], seed: number): Float64Array {
  const n = w.length, u = randomTyped('f64', n, seed);
  const norm = Math.hypot(...u);
  const h = (i: number, j: number) => (i === j ? 1 : 0) - (2 * u[i]! * u[j]!) / (norm * norm);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j] += h(i, k) * w[k]! * h(k, j);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[j * n + i] = a[i * n + j]!;
  return a;
}

interface Eigen {
  values: Float32Array | Float64Array;
  vectors: Float32Array | Float64Array;
  iterations: number;
}

function eigh(backend: Backend, dtype: 'f32' | 'f64', a: ArrayLike<number>, n: number, offset = 0, maxIterations?: number, method?: 'ql' | 'divide'): Eigen {
  const ptr = putTyped(backend, dtype, a, offset);
  const r = symmetricEigh(backend, { dtype: DTYPE[dtype], n, a: ptr, maxIterations, method });
  const out = { values: readTyped(backend, dtype, r.values, n) as Float32Array | Float64Array, vectors: readTyped(backend, dtype, r.vectors, n * n) as Float32Array | Float64Array, iterations: r.iterations };
  backend.heap.free(r.values);
  backend.heap.free(r.vectors);
  freeTyped(backend, dtype, ptr, offset);
  return out;
}

/** Largest |A v_i - w_i v_i| and |V V^T - I| entries, and |A|'s largest entry. */
function contract(a: ArrayLike<number>, n: number, e: Eigen): { residual: number; orthogonality: number; scale: number } {
  let residual = 0, orthogonality = 0, scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]!));
  const v = e.vectors;
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j]! * v[r * n + j]!;
      residual = Math.max(residual, Math.abs(s - e.values[r]! * v[r * n + i]!));
    }
    for (let q = r; q < n; q++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += v[r * n + j]! * v[q * n + j]!;
      orthogonality = Math.max(orthogonality, Math.abs(s - (r === q ? 1 : 0)));
    }
  }
  return { residual, orthogonality, scale };
}

function expectContract(a: ArrayLike<number>, n: number, e: Eigen, dtype: 'f32' | 'f64', what: string): void {
  const { residual, orthogonality, scale } = contract(a, n, e);
  const bound = 8 * (n + 1) * EPS[dtype];
  expect(residual, `${what}: residual`).toBeLessThanOrEqual(bound * Math.max(scale, 1e-300));
  expect(orthogonality, `${what}: orthogonality`).toBeLessThanOrEqual(bound);
  for (let i = 1; i < n; i++) expect(e.values[i]!, `${what}: ascending`).toBeGreaterThanOrEqual(e.values[i - 1]!);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let j = 1; j < n; j++) if (Math.abs(e.vectors[r * n + j]!) > Math.abs(e.vectors[r * n + best]!)) best = j;
    expect(e.vectors[r * n + best]!, `${what}: sign of row ${r}`).toBeGreaterThan(0);
  }
}

describe.each(backends.map((b) => [b.variant, b] as const))('symmetricEigh (%s)', (_, backend) => {
  it('matches the reference on random symmetric matrices (values, signed vector rows) and meets the contract', () => {
    for (const dtype of ['f64', 'f32'] as const) {
      for (const n of dtype === 'f64' ? [1, 2, 3, 17, 64, 129, 300] : [1, 2, 3, 17, 64, 129]) {
        const a = randomSymmetric(n, 500 + n);
        const got = eigh(backend, dtype, a, n, n % 2), want = eigh(referenceOf(backend), dtype, a, n);
        expect(got.iterations, `${dtype} n=${n} iterations`).toBeGreaterThanOrEqual(0);
        expect(got.iterations).toBeLessThanOrEqual(3 * n);
        const tol = dtype === 'f64' ? { atol: 1e-12 * Math.sqrt(n), rtol: 1e-11 } : { atol: 5e-5 * Math.sqrt(n), rtol: 1e-4 };
        assertClose(got.values, want.values, tol, `${dtype} n=${n} values`);
        // Vectors: a random matrix's eigenvalue gaps are >= ~1e-3 here, so rounding moves them by ~eps / gap.
        assertClose(got.vectors, want.vectors, dtype === 'f64' ? { atol: 1e-9, rtol: 0 } : { atol: 3e-2, rtol: 0 }, `${dtype} n=${n} vectors`);
        expectContract(a, n, got, dtype, `${dtype} n=${n}`);
      }
    }
  });

  it('agrees with the Jacobi eigensolver on the eigenvalues', () => {
    const n = 40, a = randomSymmetric(n, 77);
    const ptr = putTyped(backend, 'f64', a);
    const r = jacobiEigh(backend, { n, a: ptr });
    const diagonal = readTyped(backend, 'f64', ptr, n * n).filter((_, i) => i % (n + 1) === 0).sort();
    backend.heap.free(r.vectors);
    freeTyped(backend, 'f64', ptr);
    assertClose(eigh(backend, 'f64', a, n).values, diagonal, { atol: 1e-12, rtol: 1e-12 }, 'eigenvalues against Jacobi');
  });

  it('repeated eigenvalues, rank-deficient, zero and diagonal matrices', () => {
    for (const dtype of ['f64', 'f32'] as const) {
      for (const n of [3, 17, 64, 129]) {
        // Three distinct values, each repeated: the eigenvectors of a repeated value are any basis of its space.
        const spectrum = Array.from({ length: n }, (_, i) => [-2, 0.5, 3][i % 3]!);
        const a = withSpectrum(spectrum, 900 + n), e = eigh(backend, dtype, a, n);
        assertClose(e.values, [...spectrum].sort((x, y) => x - y), { atol: 40 * n * EPS[dtype], rtol: 0 }, `${dtype} n=${n} repeated values`);
        expectContract(a, n, e, dtype, `${dtype} n=${n} repeated`);
        // B B^T with B [n, 2]: rank 2, n - 2 zero eigenvalues.
        const b = randomTyped('f64', 2 * n, 40 + n), g = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) g[i * n + j] = b[2 * i]! * b[2 * j]! + b[2 * i + 1]! * b[2 * j + 1]!;
        const low = eigh(backend, dtype, g, n);
        expectContract(g, n, low, dtype, `${dtype} n=${n} rank 2`);
        const top = Math.abs(low.values[n - 1]!);
        for (let i = 0; i < n - 2; i++) expect(Math.abs(low.values[i]!)).toBeLessThanOrEqual(8 * (n + 1) * EPS[dtype] * top);
      }
      for (const n of [1, 2, 17, 64]) {
        const zero = eigh(backend, dtype, new Float64Array(n * n), n);
        expect(Array.from(zero.values)).toEqual(new Array(n).fill(0));
        expect(Array.from(zero.vectors)).toEqual(Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0)));
        expect(zero.iterations).toBe(0);
        // Diagonal with ties: values sorted, rows the unit vectors, ties in index order (stable).
        const diagonal = Array.from({ length: n }, (_, i) => (i * 7) % 5 - 2), a = new Float64Array(n * n);
        diagonal.forEach((v, i) => { a[i * n + i] = v; });
        const d = eigh(backend, dtype, a, n);
        const order = diagonal.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        expect(Array.from(d.values)).toEqual(order.map(([v]) => v));
        expect(Array.from(d.vectors)).toEqual(Array.from({ length: n * n }, (_, i) => (i % n === order[Math.floor(i / n)]![1] ? 1 : 0)));
      }
    }
  });

  it('reflectors that vanish between others (block-diagonal, partly tridiagonal: the fused pass stops and restarts) and clustered eigenvalues', () => {
    for (const dtype of ['f64', 'f32'] as const) {
      // Rows 0-39 a random block, 40-59 tridiagonal (no reflector needed), 60-89 another random block.
      const n = 90, r = randomSymmetric(n, 77), a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const sameBlock = (i < 40 && j < 40) || (i >= 60 && j >= 60), band = i >= 40 && i < 60 && Math.abs(i - j) <= 1;
          if (sameBlock || band || (j >= 40 && j < 60 && Math.abs(i - j) <= 1)) a[i * n + j] = r[i * n + j]!;
        }
      }
      const got = eigh(backend, dtype, a, n), want = eigh(referenceOf(backend), dtype, a, n);
      assertClose(got.values, want.values, dtype === 'f64' ? { atol: 1e-12, rtol: 1e-11 } : { atol: 5e-5, rtol: 1e-4 }, `${dtype} blocks values`);
      expectContract(a, n, got, dtype, `${dtype} blocks`);
      // Ten clusters of seven eigenvalues 1e-9 apart (below float32's resolution: repeated there).
      const spectrum = Array.from({ length: 70 }, (_, i) => Math.floor(i / 7) - 4 + (i % 7) * 1e-9);
      const c = withSpectrum(spectrum, 31), e = eigh(backend, dtype, c, 70);
      assertClose(e.values, spectrum, { atol: 40 * 70 * EPS[dtype] * 6, rtol: 0 }, `${dtype} clustered values`);
      expectContract(c, 70, e, dtype, `${dtype} clustered`);
    }
  });

  describe('divide and conquer (float64)', () => {
    /** Largest |w_dc - w_ql| against max |w|, and the contract of the divide-and-conquer result. */
    function expectBoth(a: Float64Array, n: number, what: string): Eigen {
      const dc = eigh(backend, 'f64', a, n, 0, undefined, 'divide'), ql = eigh(backend, 'f64', a, n, 0, undefined, 'ql');
      let scale = 0, worst = 0;
      for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(ql.values[i]!));
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(dc.values[i]! - ql.values[i]!));
      expect(worst, `${what}: |w_dc - w_ql|`).toBeLessThanOrEqual(1e-12 * Math.max(scale, 1e-300));
      expectContract(a, n, dc, 'f64', `${what} (divide)`);
      return dc;
    }

    /** Symmetric [n, n] with diagonal d and off-diagonal e (e[i] couples i and i + 1). */
    function tridiagonal(d: number[], e: number[]): Float64Array {
      const n = d.length, a = new Float64Array(n * n);
      d.forEach((v, i) => { a[i * n + i] = v; });
      e.forEach((v, i) => { a[i * n + i + 1] = a[(i + 1) * n + i] = v; });
      return a;
    }

    /** Wilkinson's W_m^+ (m = 2h + 1): diagonal |h - i|, off-diagonal 1; pairs of eigenvalues agree to ~1e-15 and beyond. */
    function wilkinsonDiagonal(m: number): number[] {
      return Array.from({ length: m }, (_, i) => Math.abs((m - 1) / 2 - i));
    }

    it('random matrices at n = 1, 2, 3, 7, 17, 64, 129, 300: the QL path\'s eigenvalues within 1e-12 |A|, residual and orthogonality', () => {
      for (const n of [1, 2, 3, 7, 17, 64, 129, 300]) {
        const a = randomSymmetric(n, 700 + n);
        const dc = expectBoth(a, n, `n=${n}`);
        // Leaves of 25 rows or fewer are QL's own: one leaf at n <= 25, the same iterations.
        if (n <= 25) expect(dc.iterations).toBe(eigh(backend, 'f64', a, n, 0, undefined, 'ql').iterations);
      }
    });

    it('identity, Wilkinson W21+, glued Wilkinson matrices and a tridiagonal with zero couplings', () => {
      const identity = new Float64Array(100 * 100);
      for (let i = 0; i < 100; i++) identity[i * 101] = 1;
      const id = expectBoth(identity, 100, 'identity');
      expect(Array.from(id.values)).toEqual(new Array(100).fill(1));
      expect(Array.from(id.vectors)).toEqual(Array.from(identity));
      const w21 = wilkinsonDiagonal(21);
      expectBoth(tridiagonal(w21, new Array(20).fill(1)), 21, 'W21+');
      // Six (and fifteen) copies of W21+ joined by couplings of 1e-12 (and 1e-6): clusters of six
      // or fifteen eigenvalues within the coupling of each other.
      for (const [copies, glue] of [[6, 1e-12], [15, 1e-6]] as const) {
        const d = Array.from({ length: copies }, () => w21).flat();
        const e = Array.from({ length: 21 * copies - 1 }, (_, i) => ((i + 1) % 21 === 0 ? glue : 1));
        expectBoth(tridiagonal(d, e), 21 * copies, `${copies} glued W21+ (${glue})`);
      }
      // Couplings that are exactly zero every 7th (and around the halves' cut): the blocks decouple.
      const n = 90, r = randomTyped('f64', 2 * n, 55);
      const d = Array.from({ length: n }, (_, i) => r[i]!), e = Array.from({ length: n - 1 }, (_, i) => (i % 7 === 6 || i === 44 ? 0 : r[n + i]!));
      expectBoth(tridiagonal(d, e), n, 'zero couplings');
    });

    it('a rank-one change of a diagonal with repeated entries (most of it deflates) and a repeated spectrum', () => {
      // diag(d) + z z^T with d in 5 distinct values and half of z zero: all but ~5 + n/2 eigenpairs deflate.
      const n = 150, r = randomTyped('f64', n, 91), a = new Float64Array(n * n);
      const z = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 0 : r[i]!));
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) a[i * n + j] = z[i]! * z[j]! + (i === j ? Math.floor((i * 3) / n * 5) % 5 : 0);
      }
      expectBoth(a, n, 'rank one plus diagonal');
      const spectrum = Array.from({ length: 129 }, (_, i) => [-2, 0.5, 3][i % 3]!);
      const rep = expectBoth(withSpectrum(spectrum, 929), 129, 'three repeated values');
      assertClose(rep.values, [...spectrum].sort((x, y) => x - y), { atol: 40 * 129 * EPS.f64, rtol: 0 }, 'repeated values');
    });

    it("'auto' divides from n = 64 in float64 (the leaves' iterations differ from QL's) and never in float32", () => {
      const a = randomSymmetric(64, 64);
      expect(eigh(backend, 'f64', a, 64).iterations).toBe(eigh(backend, 'f64', a, 64, 0, undefined, 'divide').iterations);
      expect(eigh(backend, 'f64', a, 64, 0, undefined, 'ql').iterations).not.toBe(eigh(backend, 'f64', a, 64, 0, undefined, 'divide').iterations);
      expect(eigh(backend, 'f32', a, 64, 0, undefined, 'divide').iterations).toBe(eigh(backend, 'f32', a, 64, 0, undefined, 'ql').iterations);
    });
  });

  it('matrices whose entries are near the ends of the float64 range (1e-290, 1e290) are scaled into it: QL and divide and conquer', () => {
    for (const [n, method] of [[17, 'ql'], [100, 'divide'], [100, 'ql']] as const) {
      const a = randomSymmetric(n, 300 + n), unit = eigh(backend, 'f64', a, n, 0, undefined, method);
      for (const scale of [1e-290, 1e290]) {
        const scaled = a.map((v) => v * scale), e = eigh(backend, 'f64', scaled, n, 0, undefined, method);
        const top = Math.max(...Array.from(unit.values, Math.abs)) * scale;
        assertClose(e.values, Array.from(unit.values, (v) => v * scale), { atol: 1e-13 * n * top, rtol: 0 }, `${method} n=${n} x ${scale} values`);
        expectContract(scaled, n, e, 'f64', `${method} n=${n} x ${scale}`);
      }
    }
    // float32 from 1e-30 and 1e30 (squares past its range).
    const a = randomSymmetric(17, 5), unit = eigh(backend, 'f32', a, 17);
    const top = Math.max(...Array.from(unit.values, Math.abs));
    for (const scale of [1e-30, 1e30]) assertClose(eigh(backend, 'f32', a.map((v) => v * scale), 17).values, Array.from(unit.values, (v) => v * scale), { atol: 1e-5 * top * scale, rtol: 0 }, `f32 x ${scale}`);
  });

  it('reports -1 when an eigenvalue needs more QL iterations than allowed', () => {
    const n = 64, a = randomSymmetric(n, 3);
    expect(eigh(backend, 'f64', a, n, 0, 1).iterations).toBe(-1);
    expect(eigh(referenceOf(backend), 'f64', a, n, 0, 1).iterations).toBe(-1);
  });

  it('n = 0 makes no kernel call; bad sizes, pointers, overlaps and dtypes throw typed errors before allocating', () => {
    const a = putTyped(backend, 'f64', randomSymmetric(4, 1));
    const before = backend.heap.stats();
    const empty = symmetricEigh(backend, { n: 0, a });
    expect(empty.iterations).toBe(0);
    backend.heap.free(empty.values);
    backend.heap.free(empty.vectors);
    expect(() => symmetricEigh(backend, { n: -1, a })).toThrow(ShapeError);
    expect(() => symmetricEigh(backend, { n: 2.5, a })).toThrow(ShapeError);
    expect(() => symmetricEigh(backend, { n: 4, a: a + 4 })).toThrow(ShapeError);
    expect(() => symmetricEigh(backend, { n: 1 << 20, a })).toThrow(ShapeError);
    expect(() => symmetricEigh(backend, { n: 4, a, values: a + 8 })).toThrow(ShapeError);
    expect(() => symmetricEigh(backend, { n: 4, a, vectors: a })).toThrow(ShapeError);
    expect(() => symmetricEigh(backend, { n: 4, a, maxIterations: 0 })).toThrow(ShapeError);
    expect(() => symmetricEigh(backend, { n: 4, a, method: 'qr' as 'ql' })).toThrow(ShapeError);
    expect(() => symmetricEigh(backend, { dtype: 'int32' as 'float64', n: 4, a })).toThrow(DTypeError);
    expect(backend.heap.stats().liveBlocks).toBe(before.liveBlocks);
    freeTyped(backend, 'f64', a);
  });
});
