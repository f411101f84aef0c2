import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { DTypeError, ShapeError } from '../errors.ts';
import { putTyped, randomTyped, readTyped } from './dtype-testing.ts';
import { assertClose, putF32, randomArray, readF32, referenceOf, wasmBackends } from '../testing.ts';
import { gruCell, gruCellBackward, lstmCell, lstmCellBackward, rnnCell, rnnCellBackward } from './recurrent.ts';

const backends = await wasmBackends();

// exp-based sigmoid4/tanh4 are ~1e-7 absolute; backward products of a few such factors stay within 1e-5.
const TOL = { atol: 1e-5, rtol: 1e-5 };
const ROWS = [0, 1, 3] as const;
const HIDDEN = [0, 1, 3, 4, 5, 7, 8, 17, 65] as const;

/** Puts `count` seeded values in [lo, hi) at an element offset off 16-byte alignment when offset = 1. */
function put(backend: Backend, count: number, seed: number, offset: number, lo = -3, hi = 3): number {
  return putF32(backend, randomArray(count, seed, lo, hi), offset);
}

/** Copies the values at `ptr` into a fresh block (both backends must start from the same in-place input). */
function dup(backend: Backend, ptr: number, count: number): number {
  return putF32(backend, readF32(backend, ptr, count));
}

describe.each(backends.map((b) => [b.variant, b] as const))('recurrent cells (%s)', (_, backend) => {
  const ref = referenceOf(backend);
  const read = (p: number, c: number) => readF32(backend, p, c);

  it('rnnCell and its backward match the reference at awkward sizes and unaligned starts', () => {
    for (const count of [0, 1, 3, 4, 5, 17, 1029]) {
      for (const offset of [0, 1]) {
        const pre = put(backend, count, count + 1, offset, -5, 5);
        const got = rnnCell(backend, pre, count), want = rnnCell(ref, pre, count);
        assertClose(read(got, count), read(want, count), TOL, `rnnCell count=${count}`);
        const dh = put(backend, count, count + 2, offset);
        const dGot = rnnCellBackward(backend, want, dh, count), dWant = rnnCellBackward(ref, want, dh, count);
        assertClose(read(dGot, count), read(dWant, count), TOL, `rnnCellBackward count=${count}`);
      }
    }
  });

  it('lstmCell and its backward match the reference at awkward sizes and unaligned starts', () => {
    for (const n of ROWS) {
      for (const h of HIDDEN) {
        for (const offset of [0, 1]) {
          const s = n * h, g = 4 * s, label = `n=${n} h=${h} offset=${offset}`;
          const pre = put(backend, g, h + 11, offset, -4, 4), cPrev = put(backend, s, h + 12, offset);
          const got = lstmCell(backend, { n, h, pre, cPrev });
          const want = lstmCell(ref, { n, h, pre, cPrev });
          for (const k of ['gates', 'cNext', 'tanhC', 'hNext'] as const) assertClose(read(got[k], k === 'gates' ? g : s), read(want[k], k === 'gates' ? g : s), TOL, `lstmCell ${k} ${label}`);
          const dh = put(backend, s, h + 13, offset), dc = put(backend, s, h + 14, offset);
          const dc2 = dup(backend, dc, s);
          const dGot = lstmCellBackward(backend, { n, h, gates: want.gates, cPrev, tanhC: want.tanhC, dh, dc });
          const dWant = lstmCellBackward(ref, { n, h, gates: want.gates, cPrev, tanhC: want.tanhC, dh, dc: dc2 });
          assertClose(read(dGot, g), read(dWant, g), TOL, `lstmCellBackward dPre ${label}`);
          assertClose(read(dc, s), read(dc2, s), TOL, `lstmCellBackward dc ${label}`);
        }
      }
    }
  });

  it('lstmCell writes its gates in place over pre', () => {
    const n = 3, h = 9, g = 4 * n * h;
    const pre = put(backend, g, 5, 0, -4, 4), cPrev = put(backend, n * h, 6, 0);
    const want = lstmCell(backend, { n, h, pre, cPrev });
    const inPlace = lstmCell(backend, { n, h, pre, cPrev, gates: pre });
    expect(inPlace.gates).toBe(pre);
    expect(read(pre, g)).toEqual(read(want.gates, g));
    expect(read(inPlace.hNext, n * h)).toEqual(read(want.hNext, n * h));
  });

  it('gruCell and its backward match the reference at awkward sizes and unaligned starts', () => {
    for (const n of ROWS) {
      for (const h of HIDDEN) {
        for (const offset of [0, 1]) {
          const s = n * h, g = 3 * s, label = `n=${n} h=${h} offset=${offset}`;
          const xp = put(backend, g, h + 21, offset), hp = put(backend, g, h + 22, offset), hPrev = put(backend, s, h + 23, offset, -1, 1);
          const got = gruCell(backend, { n, h, xp, hp, hPrev });
          const want = gruCell(ref, { n, h, xp, hp, hPrev });
          for (const k of ['gates', 'hn', 'hNext'] as const) assertClose(read(got[k], k === 'gates' ? g : s), read(want[k], k === 'gates' ? g : s), TOL, `gruCell ${k} ${label}`);
          const dh = put(backend, s, h + 24, offset), dhPrev = put(backend, s, h + 25, offset);
          const dhPrev2 = dup(backend, dhPrev, s);
          const dGot = gruCellBackward(backend, { n, h, gates: want.gates, hn: want.hn, hPrev, dh, dhPrev });
          const dWant = gruCellBackward(ref, { n, h, gates: want.gates, hn: want.hn, hPrev, dh, dhPrev: dhPrev2 });
          assertClose(read(dGot.dXp, g), read(dWant.dXp, g), TOL, `gruCellBackward dXp ${label}`);
          assertClose(read(dGot.dHp, g), read(dWant.dHp, g), TOL, `gruCellBackward dHp ${label}`);
          assertClose(read(dhPrev, s), read(dhPrev2, s), TOL, `gruCellBackward dhPrev ${label}`);
        }
      }
    }
  });

  it('gruCell writes its gates in place over xp', () => {
    const n = 2, h = 6, g = 3 * n * h;
    const xp = put(backend, g, 7, 0), hp = put(backend, g, 8, 0), hPrev = put(backend, n * h, 9, 0);
    const want = gruCell(backend, { n, h, xp, hp, hPrev });
    const inPlace = gruCell(backend, { n, h, xp, hp, hPrev, gates: xp });
    expect(read(xp, g)).toEqual(read(want.gates, g));
    expect(read(inPlace.hNext, n * h)).toEqual(read(want.hNext, n * h));
  });

  it('saturates cleanly at large pre-activations (no NaN from exp overflow)', () => {
    const n = 1, h = 5;
    const pre = putF32(backend, [100, -100, 1e4, -1e4, 0, 100, -100, 1e4, -1e4, 0, 100, -100, 1e4, -1e4, 0, 100, -100, 1e4, -1e4, 0]);
    const cPrev = putF32(backend, [1, 1, 1, 1, 1]);
    const got = lstmCell(backend, { n, h, pre, cPrev }), want = lstmCell(ref, { n, h, pre, cPrev });
    assertClose(read(got.hNext, h), read(want.hNext, h), TOL, 'saturated hNext');
    assertClose(read(got.gates, 4 * h), read(want.gates, 4 * h), TOL, 'saturated gates');
  });

  it('float64 cells and their backwards match the reference at awkward sizes and unaligned starts', () => {
    // Math.tanh and exp in wasm and in V8 may differ by an ulp or two; products of a few factors stay well within 1e-13.
    const tol = { atol: 1e-14, rtol: 1e-13 };
    const p64 = (count: number, seed: number, offset: number, lo = -3, hi = 3) => putTyped(backend, 'f64', randomTyped('f64', count, seed, lo, hi), offset);
    const r64 = (p: number, c: number) => readTyped(backend, 'f64', p, c);
    const dtype = 'float64' as const;
    for (const count of [0, 1, 3, 17, 1029]) {
      const pre = p64(count, count + 1, count % 2, -5, 5);
      const got = rnnCell(backend, pre, count, { dtype }), want = rnnCell(ref, pre, count, { dtype });
      assertClose(r64(got, count), r64(want, count), tol, `rnnCell f64 count=${count}`);
      const dh = p64(count, count + 2, 1);
      assertClose(r64(rnnCellBackward(backend, want, dh, count, { dtype }), count), r64(rnnCellBackward(ref, want, dh, count, { dtype }), count), tol, `rnnCellBackward f64 count=${count}`);
    }
    for (const n of ROWS) {
      for (const h of HIDDEN) {
        const offset = h % 2, s = n * h, label = `f64 n=${n} h=${h}`;
        const pre = p64(4 * s, h + 11, offset, -4, 4), cPrev = p64(s, h + 12, offset);
        const got = lstmCell(backend, { n, h, pre, cPrev, dtype }), want = lstmCell(ref, { n, h, pre, cPrev, dtype });
        for (const k of ['gates', 'cNext', 'tanhC', 'hNext'] as const) assertClose(r64(got[k], k === 'gates' ? 4 * s : s), r64(want[k], k === 'gates' ? 4 * s : s), tol, `lstmCell ${k} ${label}`);
        const dh = p64(s, h + 13, offset), dc = p64(s, h + 14, offset), dc2 = putTyped(backend, 'f64', r64(dc, s));
        const dGot = lstmCellBackward(backend, { n, h, gates: want.gates, cPrev, tanhC: want.tanhC, dh, dc, dtype });
        const dWant = lstmCellBackward(ref, { n, h, gates: want.gates, cPrev, tanhC: want.tanhC, dh, dc: dc2, dtype });
        assertClose(r64(dGot, 4 * s), r64(dWant, 4 * s), tol, `lstmCellBackward dPre ${label}`);
        assertClose(r64(dc, s), r64(dc2, s), tol, `lstmCellBackward dc ${label}`);
        const xp = p64(3 * s, h + 21, offset), hp = p64(3 * s, h + 22, offset), hPrev = p64(s, h + 23, offset, -1, 1);
        const gGot = gruCell(backend, { n, h, xp, hp, hPrev, dtype }), gWant = gruCell(ref, { n, h, xp, hp, hPrev, dtype });
        for (const k of ['gates', 'hn', 'hNext'] as const) assertClose(r64(gGot[k], k === 'gates' ? 3 * s : s), r64(gWant[k], k === 'gates' ? 3 * s : s), tol, `gruCell ${k} ${label}`);
        const dhPrev = p64(s, h + 25, offset), dhPrev2 = putTyped(backend, 'f64', r64(dhPrev, s));
        const bGot = gruCellBackward(backend, { n, h, gates: gWant.gates, hn: gWant.hn, hPrev, dh, dhPrev, dtype });
        const bWant = gruCellBackward(ref, { n, h, gates: gWant.gates, hn: gWant.hn, hPrev, dh, dhPrev: dhPrev2, dtype });
        assertClose(r64(bGot.dXp, 3 * s), r64(bWant.dXp, 3 * s), tol, `gruCellBackward dXp ${label}`);
        assertClose(r64(bGot.dHp, 3 * s), r64(bWant.dHp, 3 * s), tol, `gruCellBackward dHp ${label}`);
        assertClose(r64(dhPrev, s), r64(dhPrev2, s), tol, `gruCellBackward dhPrev ${label}`);
      }
    }
  });

  it('float64 cells saturate without NaN; int32 is a DTypeError; ranges count 8-byte elements', () => {
    const dtype = 'float64' as const;
    const pre = putTyped(backend, 'f64', [800, -800, 1e300, -1e300, 0, 40, -40, 1e4]), cPrev = putTyped(backend, 'f64', [1, -1]);
    const got = lstmCell(backend, { n: 1, h: 2, pre, cPrev, dtype }), want = lstmCell(ref, { n: 1, h: 2, pre, cPrev, dtype });
    assertClose(readTyped(backend, 'f64', got.gates, 8), readTyped(backend, 'f64', want.gates, 8), { atol: 1e-15, rtol: 1e-15 }, 'saturated f64 gates');
    expect(readTyped(backend, 'f64', got.hNext, 2).every((v) => Number.isFinite(v))).toBe(true);
    expect(() => rnnCell(backend, pre, 2, { dtype: 'int32' })).toThrow(DTypeError);
    expect(() => lstmCell(backend, { n: 1, h: 2, pre, cPrev, dtype: 'int32' })).toThrow(DTypeError);
    // 8 f64 at pre: an output 4 bytes in overlaps, and an f64 pointer off 8-byte alignment is rejected.
    expect(() => rnnCell(backend, pre, 8, { dtype, out: pre + 56 })).toThrow(/overlaps/);
    expect(() => rnnCell(backend, pre + 4, 2, { dtype })).toThrow(ShapeError);
  });

  it('rejects out-of-range pointers and overlapping outputs with ShapeError', () => {
    const n = 2, h = 4;
    const pre = put(backend, 4 * n * h, 1, 0), cPrev = put(backend, n * h, 2, 0);
    expect(() => lstmCell(backend, { n, h: -1, pre, cPrev })).toThrow(ShapeError);
    expect(() => lstmCell(backend, { n, h, pre, cPrev, hNext: cPrev })).toThrow(/hNext/);
    expect(() => lstmCell(backend, { n, h, pre, cPrev, cNext: pre + 4 })).toThrow(ShapeError);
    expect(() => lstmCell(backend, { n, h, pre: backend.heap.memory.buffer.byteLength - 8, cPrev })).toThrow(ShapeError);
    const dh = put(backend, n * h, 3, 0);
    expect(() => lstmCellBackward(backend, { n, h, gates: pre, cPrev, tanhC: cPrev, dh, dc: dh })).toThrow(/dc overlaps dh/);
    expect(() => gruCellBackward(backend, { n, h, gates: pre, hn: cPrev, hPrev: cPrev, dh, dhPrev: dh })).toThrow(ShapeError);
    expect(() => rnnCellBackward(backend, pre, dh, n * h, { out: pre })).toThrow(/hNext overlaps out/);
  });
});
