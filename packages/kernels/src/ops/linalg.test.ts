// The linear-algebra kernels (Cholesky, LU, triangular solves, Householder QR, Jacobi eigh and
// SVD), float32 and float64, against the plain-TypeScript references over sizes that cross the
// blocks (panels of 64 columns, trailing updates of 96 rows), padded leading dimensions and
// operands that start off a 16-byte boundary; and typed errors before any allocation.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { DTypeError, ShapeError } from '../errors.ts';
import { assertClose, referenceOf, type Tolerance, wasmBackends } from '../testing.ts';
import { type DType, freeTyped, putTyped, randomTyped, readTyped } from './dtype-testing.ts';
import { cholesky, jacobiEigh, jacobiSvd, luFactor, qrFactor, qrFormQ, triangularSolve } from './linalg.ts';

const backends = await wasmBackends();
const FLOATS = ['f32', 'f64'] as const;
const DTYPE = { f32: 'float32', f64: 'float64' } as const;

/** float64: same algorithm, sums in another order. float32: f32 sums against float64 arithmetic rounded at each store. */
function tolerance(dtype: 'f32' | 'f64', n: number): Tolerance {
  return dtype === 'f64' ? { atol: 1e-12 * Math.sqrt(n + 1), rtol: 1e-11 } : { atol: 2e-5 * Math.sqrt(n + 1), rtol: 2e-4 };
}

/** SPD [n, n] with row stride ld: M M^T / n + I from seeded M (well conditioned). */
function spd(n: number, ld: number, seed: number): Float64Array {
  const m = randomTyped('f64', n * n, seed);
  const a = new Float64Array(Math.max(n * ld, 0)).fill(NaN);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? 1 : 0;
      for (let p = 0; p < n; p++) s += (m[i * n + p]! * m[j * n + p]!) / n;
      a[i * ld + j] = s;
    }
  }
  return a;
}

/** Runs `kernel` on the wasm backend and on the reference over copies of the same data; returns both outputs. */
function both(backend: Backend, dtype: DType, data: ArrayLike<number>, offset: number, kernel: (b: Backend, ptr: number) => void): [Float32Array | Float64Array, Float32Array | Float64Array] {
  const got = putTyped(backend, dtype, data, offset), want = putTyped(backend, dtype, data, offset);
  kernel(backend, got);
  kernel(referenceOf(backend), want);
  const out = [readTyped(backend, dtype, got, data.length), readTyped(backend, dtype, want, data.length)] as [Float32Array | Float64Array, Float32Array | Float64Array];
  freeTyped(backend, dtype, got, offset);
  freeTyped(backend, dtype, want, offset);
  return out;
}

const SIZES = [1, 2, 3, 5, 17, 63, 64, 65, 97, 161];

describe.each(backends.map((b) => [b.variant, b] as const))('linear-algebra kernels (%s)', (_, backend) => {
  it('cholesky matches the reference across panel and update blocks (padded rows, unaligned start)', () => {
    for (const dtype of FLOATS) {
      for (const n of SIZES) {
        const pad = n % 3, offset = n % 2, ld = n + pad;
        const a = spd(n, ld, 11 + n);
        const results: number[] = [];
        const [got, want] = both(backend, dtype, a, offset, (b, ptr) => results.push(cholesky(b, { dtype: DTYPE[dtype], n, a: ptr, lda: ld })));
        expect(results, `${dtype} n=${n}`).toEqual([-1, -1]);
        let upper = 0, padding = 0;
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (got[i * ld + j] !== 0) upper++;
        for (let i = 0; i < n * ld; i++) if (i % ld >= n && !Number.isNaN(got[i]!)) padding++;
        expect([upper, padding], 'upper triangle zeroed, padding untouched').toEqual([0, 0]);
        assertClose(got, want, tolerance(dtype, n), `cholesky ${dtype} n=${n}`);
      }
    }
  });

  it('cholesky reports the first non-positive pivot and leaves it on the diagonal', () => {
    for (const dtype of FLOATS) {
      for (const [n, bad] of [[1, 0], [5, 3], [70, 66], [130, 100]] as const) {
        const a = spd(n, n, 5 + n);
        a[bad * n + bad] = -50;
        const results: number[] = [];
        const [got, want] = both(backend, dtype, a, 0, (b, ptr) => results.push(cholesky(b, { dtype: DTYPE[dtype], n, a: ptr })));
        expect(results).toEqual([bad, bad]);
        expect(got[bad * n + bad]).toBeLessThan(0);
        assertClose([got[bad * n + bad]!], [want[bad * n + bad]!], tolerance(dtype, n), 'pivot');
      }
    }
  });

  it('luFactor matches the reference (float64) and reconstructs P A = L U (both)', () => {
    for (const dtype of FLOATS) {
      for (const n of [1, 2, 3, 5, 17, 64, 65, 100]) {
        const a = randomTyped('f64', n * n, 300 + n);
        const perms: Int32Array[] = [], flags: [number, boolean][] = [];
        const [got, want] = both(backend, dtype, a, 1, (b, ptr) => {
          const r = luFactor(b, { dtype: DTYPE[dtype], n, a: ptr });
          perms.push(b.heap.i32(r.perm, n).slice());
          flags.push([r.parity, r.singular]);
          b.heap.free(r.perm);
        });
        expect(flags[0]![1]).toBe(false);
        if (dtype === 'f64') {
          expect(perms[0]).toEqual(perms[1]);
          expect(flags[0]).toEqual(flags[1]);
          assertClose(got, want, tolerance(dtype, n), `lu n=${n}`);
        }
        const perm = perms[0]!, x = dtype === 'f32' ? Float32Array.from(a) : a;
        const lu = Array.from({ length: n * n }, (_, idx) => {
          const i = Math.floor(idx / n), j = idx % n;
          let s = 0;
          for (let p = 0; p <= Math.min(i, j); p++) s += (p === i ? 1 : got[i * n + p]!) * got[p * n + j]!;
          return s;
        });
        const pa = Array.from({ length: n * n }, (_, idx) => x[perm[Math.floor(idx / n)]! * n + (idx % n)]!);
        assertClose(lu, pa, dtype === 'f64' ? { atol: 1e-12 * n, rtol: 1e-12 } : { atol: 1e-5 * n, rtol: 1e-5 }, `P A = L U ${dtype} n=${n}`);
      }
    }
  });

  it('luFactor flags a singular matrix and the swap parity', () => {
    const n = 4;
    const a = [0, 1, 2, 0, 1, 0, 0, 0, 0, 3, 1, 0, 0, 0, 5, 0]; // column 3 is zero
    const ptr = putTyped(backend, 'f64', a);
    const r = luFactor(backend, { n, a: ptr });
    expect(r.singular).toBe(true);
    expect(r.parity).toBe(1); // rows 0 and 1 swap at column 0, then nothing
    backend.heap.free(r.perm);
    freeTyped(backend, 'f64', ptr);
  });

  it('triangularSolve matches the reference in every form (lower/upper, transposed, unit diagonal) across blocks', () => {
    for (const dtype of FLOATS) {
      for (const n of [1, 3, 17, 65, 150]) {
        for (const k of [1, 3, 70]) {
          const ldt = n + 1, ldb = k + 2;
          const tData = randomTyped('f64', n * ldt, 7 * n + k).map((v, i) => (Math.floor(i / ldt) === i % ldt ? 2 + Math.abs(v) : v / n));
          const t = putTyped(backend, dtype, tData, 1);
          for (let form = 0; form < 8; form++) {
            const upper = (form & 1) !== 0, transpose = (form & 2) !== 0, unitDiagonal = (form & 4) !== 0;
            const b = randomTyped('f64', n * ldb, 99 + form);
            const [got, want] = both(backend, dtype, b, 1, (be, ptr) => triangularSolve(be, { dtype: DTYPE[dtype], n, k, t, ldt, b: ptr, ldb, upper, transpose, unitDiagonal }));
            let touched = 0;
            for (let i = 0; i < n * ldb; i++) if (i % ldb >= k && got[i] !== (dtype === 'f32' ? Math.fround(b[i]!) : b[i])) touched++;
            expect(touched, 'padding untouched').toBe(0);
            assertClose(got, want, tolerance(dtype, n * 4), `trsm ${dtype} n=${n} k=${k} form=${form}`);
          }
          freeTyped(backend, dtype, t, 1);
        }
      }
    }
  });

  it('qrFactor and qrFormQ match the reference (R, reflectors, Q) for tall, square and wide matrices', () => {
    for (const dtype of FLOATS) {
      for (const [m, n] of [[1, 1], [5, 3], [3, 5], [17, 17], [70, 9], [40, 65], [130, 70]] as const) {
        const k = Math.min(m, n);
        const a = randomTyped('f64', m * n, 13 * m + n);
        const outs: (Float32Array | Float64Array)[][] = [];
        both(backend, dtype, a, 1, (b, ptr) => {
          const v = qrFactor(b, { dtype: DTYPE[dtype], m, n, a: ptr });
          const q = qrFormQ(b, { dtype: DTYPE[dtype], m, k, reflectors: v });
          const r = readTyped(b, dtype, ptr, m * n).map((x, i) => (i % n >= Math.floor(i / n) ? x : 0));
          outs.push([r, readTyped(b, dtype, v, k * m), readTyped(b, dtype, q, m * k)]);
          b.heap.free(v);
          b.heap.free(q);
        });
        const tol = tolerance(dtype, m);
        for (let part = 0; part < 3; part++) assertClose(outs[0]![part]!, outs[1]![part]!, tol, `qr ${dtype} ${m}x${n} part ${part}`);
      }
    }
  });

  it('jacobiEigh matches the reference (eigenvalues, eigenvector rows) and diagonalizes', () => {
    for (const dtype of FLOATS) {
      for (const n of [1, 2, 5, 17, 40]) {
        const a = randomTyped('f64', n * n, 70 + n);
        const vectors: (Float32Array | Float64Array)[] = [];
        const [got, want] = both(backend, dtype, a, 1, (b, ptr) => {
          const r = jacobiEigh(b, { dtype: DTYPE[dtype], n, a: ptr });
          expect(r.sweeps).toBeLessThan(30);
          vectors.push(readTyped(b, dtype, r.vectors, n * n));
          b.heap.free(r.vectors);
        });
        const tol = dtype === 'f64' ? { atol: 1e-11, rtol: 1e-10 } : { atol: 2e-4, rtol: 2e-3 };
        assertClose(Array.from({ length: n }, (_, i) => got[i * n + i]!), Array.from({ length: n }, (_, i) => want[i * n + i]!), tol, `eigenvalues ${dtype} n=${n}`);
        assertClose(vectors[0]!, vectors[1]!, tol, `eigenvectors ${dtype} n=${n}`);
        let off = 0;
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) off = Math.max(off, Math.abs(got[i * n + j]!));
        expect(off).toBeLessThan(dtype === 'f64' ? 1e-12 : 1e-4);
      }
    }
  });

  it('jacobiSvd matches the reference and leaves orthogonal rows', () => {
    for (const dtype of FLOATS) {
      for (const [m, n] of [[1, 1], [5, 3], [17, 17], [70, 9], [65, 40]] as const) {
        const ut = randomTyped('f64', n * m, 40 * m + n);
        const vts: (Float32Array | Float64Array)[] = [];
        const [got, want] = both(backend, dtype, ut, 1, (b, ptr) => {
          const r = jacobiSvd(b, { dtype: DTYPE[dtype], m, n, ut: ptr });
          vts.push(readTyped(b, dtype, r.vt, n * n));
          b.heap.free(r.vt);
        });
        const tol = dtype === 'f64' ? { atol: 1e-11, rtol: 1e-10 } : { atol: 2e-4, rtol: 2e-3 };
        assertClose(got, want, tol, `svd ut ${dtype} ${m}x${n}`);
        assertClose(vts[0]!, vts[1]!, tol, `svd vt ${dtype} ${m}x${n}`);
        for (let p = 0; p < n; p++) {
          for (let q = p + 1; q < n; q++) {
            let d = 0, np = 0, nq = 0;
            for (let i = 0; i < m; i++) {
              d += got[p * m + i]! * got[q * m + i]!;
              np += got[p * m + i]! ** 2;
              nq += got[q * m + i]! ** 2;
            }
            expect(Math.abs(d)).toBeLessThanOrEqual((dtype === 'f64' ? 1e-13 : 1e-5) * Math.sqrt(np * nq) + 1e-300);
          }
        }
      }
    }
  });

  it('empty matrices make no kernel call; bad sizes, strides, pointers and dtypes throw typed errors before allocating', () => {
    const empty = backend.heap.alloc(16);
    expect(cholesky(backend, { n: 0, a: empty })).toBe(-1);
    backend.heap.free(empty);
    const a = putTyped(backend, 'f64', spd(4, 4, 1));
    const before = backend.heap.stats();
    expect(() => cholesky(backend, { n: 4, a, lda: 3 })).toThrow(ShapeError);
    expect(() => cholesky(backend, { n: -1, a })).toThrow(ShapeError);
    expect(() => cholesky(backend, { n: 1.5, a })).toThrow(ShapeError);
    expect(() => cholesky(backend, { n: 4, a: a + 4 })).toThrow(ShapeError);
    expect(() => cholesky(backend, { n: 1 << 20, a })).toThrow(ShapeError);
    expect(() => cholesky(backend, { dtype: 'int32' as 'float64', n: 4, a })).toThrow(DTypeError);
    expect(() => luFactor(backend, { n: 4, a, perm: a })).toThrow(ShapeError);
    expect(() => triangularSolve(backend, { n: 4, k: 1, t: a, b: a })).toThrow(ShapeError);
    expect(() => triangularSolve(backend, { n: 4, k: 2, t: a, b: a + 8 * 16, ldb: 1 })).toThrow(ShapeError);
    expect(() => qrFactor(backend, { m: 2, n: 2, a, reflectors: a })).toThrow(ShapeError);
    expect(() => qrFormQ(backend, { m: 2, k: 3, reflectors: a })).toThrow(ShapeError);
    expect(() => jacobiEigh(backend, { n: 4, a, tolerance: -1 })).toThrow(ShapeError);
    expect(() => jacobiEigh(backend, { n: 4, a, maxSweeps: 0.5 })).toThrow(ShapeError);
    expect(() => jacobiSvd(backend, { m: 4, n: 4, ut: a, vt: a })).toThrow(ShapeError);
    expect(backend.heap.stats().liveBlocks).toBe(before.liveBlocks);
    freeTyped(backend, 'f64', a);
  });
});
