import { describe, expect, it } from 'vitest';
import { ShapeError } from '../errors.ts';
import { type DType, putTyped, randomTyped, readTyped } from './dtype-testing.ts';
import { assertClose, referenceOf, wasmBackends } from '../testing.ts';
import { lstmCell, lstmCellBackward } from './recurrent.ts';
import { lstmCellBackwardRows, lstmCellRows } from './recurrent-lstm-rows.ts';

const backends = await wasmBackends();

// As recurrent.test.ts: exp-based sigmoid/tanh ~1e-7 absolute in f32 (2 ulp in f64).
const TOL = { f32: { atol: 1e-5, rtol: 1e-5 }, f64: { atol: 1e-13, rtol: 1e-13 } };
const ROWS = [0, 1, 3, 5] as const;
const HIDDEN = [1, 3, 4, 5, 7, 17, 65] as const;
const FLOAT = { f32: 'float32', f64: 'float64' } as const;

describe.each(backends.map((b) => [b.variant, b] as const))('LSTM steps on rows of a sequence (%s)', (_, backend) => {
  const ref = referenceOf(backend);

  for (const dt of ['f32', 'f64'] as DType[]) {
    const dtype = FLOAT[dt as 'f32' | 'f64'], tol = TOL[dt as 'f32' | 'f64'];
    const put = (data: ArrayLike<number>, offset = 0) => putTyped(backend, dt, data, offset);
    const rnd = (count: number, seed: number, offset: number, lo = -3, hi = 3) => put(randomTyped(dt, count, seed, lo, hi), offset);
    const read = (p: number, c: number) => Array.from(readTyped(backend, dt, p, c));
    const round = dt === 'f32' ? Math.fround : (x: number) => x;

    it(`${dtype}: forward and backward match the reference and the contiguous cells, at awkward sizes, strides and starts`, () => {
      for (const n of ROWS) {
        for (const h of HIDDEN) {
          for (const offset of [0, 1]) {
            const s = n * h, g = 4 * s, ldx = 4 * h * 3 + offset, span = n === 0 ? 0 : (n - 1) * ldx + 4 * h;
            const label = `${dtype} n=${n} h=${h} offset=${offset}`;
            const xp = rnd(span, h + 31, offset, -3, 3), hp = rnd(g, h + 32, offset), bias = rnd(4 * h, h + 33, offset, -1, 1);
            const cPrev = rnd(s, h + 34, offset);
            const got = lstmCellRows(backend, { n, h, xp, ldx, hp, bias, cPrev, dtype });
            const want = lstmCellRows(ref, { n, h, xp, ldx, hp, bias, cPrev, dtype });
            for (const k of ['gates', 'cNext', 'tanhC', 'hNext'] as const) assertClose(read(got[k], k === 'gates' ? g : s), read(want[k], k === 'gates' ? g : s), tol, `${k} ${label}`);
            // Bit for bit the contiguous cell on pre = (xp + hp) + bias rounded as the kernel rounds.
            const x = read(xp, span), p = read(hp, g), bv = read(bias, 4 * h), pre = new Array<number>(g);
            for (let b = 0; b < n; b++) for (let j = 0; j < 4 * h; j++) pre[b * 4 * h + j] = round(round(x[b * ldx + j]! + p[b * 4 * h + j]!) + bv[j]!);
            const cell = lstmCell(backend, { n, h, pre: put(pre), cPrev, dtype });
            expect(read(got.gates, g)).toEqual(read(cell.gates, g));
            expect(read(got.hNext, s)).toEqual(read(cell.hNext, s));

            const dh = rnd(s, h + 35, offset), dcStart = randomTyped(dt, s, h + 36, -1, 1);
            const dc = put(dcStart, offset), dcRef = put(dcStart), dcCell = put(dcStart);
            const canary = randomTyped(dt, span, h + 37, 5, 6), sums = randomTyped('f64', 4 * h, h + 38, -1, 1);
            const dx = put(canary, offset), dxRef = put(canary), dBias = putTyped(backend, 'f64', sums, offset), dBiasRef = putTyped(backend, 'f64', sums);
            const args = { n, h, gates: want.gates, cPrev, tanhC: want.tanhC, dh, ldx, dtype };
            const dGot = lstmCellBackwardRows(backend, { ...args, dc, dx, dBias });
            const dWant = lstmCellBackwardRows(ref, { ...args, dc: dcRef, dx: dxRef, dBias: dBiasRef });
            assertClose(read(dGot, g), read(dWant, g), tol, `dPre ${label}`);
            assertClose(read(dc, s), read(dcRef, s), tol, `dc ${label}`);
            assertClose(read(dx, span), read(dxRef, span), tol, `dx rows ${label}`);
            assertClose(Array.from(readTyped(backend, 'f64', dBias, 4 * h)), Array.from(readTyped(backend, 'f64', dBiasRef, 4 * h)), { atol: 1e-5 * Math.sqrt(n + 1), rtol: 1e-5 }, `dBias ${label}`);
            // dx holds dPre's rows and nothing else changed; dPre and dc are the contiguous cell's bit for bit.
            const rows = read(dx, span), dPre = read(dGot, g);
            for (let i = 0; i < span; i++) {
              const b = Math.floor(i / ldx), j = i - b * ldx;
              expect(rows[i]).toBe(j < 4 * h ? dPre[b * 4 * h + j] : canary[i]);
            }
            const dCell = lstmCellBackward(backend, { n, h, gates: want.gates, cPrev, tanhC: want.tanhC, dh, dc: dcCell, dtype });
            expect(dPre).toEqual(read(dCell, g));
            expect(read(dc, s)).toEqual(read(dcCell, s));
          }
        }
      }
    });
  }

  it('gates in place over hp; without bias, dx or dBias the steps equal the full ones', () => {
    const n = 3, h = 9, g = 4 * n * h, ldx = 4 * h * 2;
    const xp = putTyped(backend, 'f32', randomTyped('f32', (n - 1) * ldx + 4 * h, 1, -3, 3)), hp = putTyped(backend, 'f32', randomTyped('f32', g, 2));
    const cPrev = putTyped(backend, 'f32', randomTyped('f32', n * h, 3));
    const want = lstmCellRows(backend, { n, h, xp, ldx, hp, cPrev });
    const inPlace = lstmCellRows(backend, { n, h, xp, ldx, hp, cPrev, gates: hp });
    expect(inPlace.gates).toBe(hp);
    expect(readTyped(backend, 'f32', hp, g)).toEqual(readTyped(backend, 'f32', want.gates, g));
    const dh = putTyped(backend, 'f32', randomTyped('f32', n * h, 4)), dc = putTyped(backend, 'f32', randomTyped('f32', n * h, 5));
    const dc2 = putTyped(backend, 'f32', readTyped(backend, 'f32', dc, n * h));
    const plain = lstmCellBackwardRows(backend, { n, h, gates: hp, cPrev, tanhC: want.tanhC, dh, dc });
    const cell = lstmCellBackward(backend, { n, h, gates: hp, cPrev, tanhC: want.tanhC, dh, dc: dc2 });
    expect(readTyped(backend, 'f32', plain, g)).toEqual(readTyped(backend, 'f32', cell, g));
  });

  it('rejects short strides, a dx without its stride, and outputs over inputs', () => {
    const n = 2, h = 4, g = 4 * n * h;
    const block = (count: number) => putTyped(backend, 'f32', new Float32Array(count));
    const xp = block(64), hp = block(g), cPrev = block(n * h), gates = block(g), tanhC = block(n * h), dh = block(n * h), dc = block(n * h);
    expect(() => lstmCellRows(backend, { n, h, xp, ldx: 4 * h - 1, hp, cPrev })).toThrow(ShapeError);
    expect(() => lstmCellRows(backend, { n, h, xp, ldx: 4 * h, hp, cPrev, cNext: xp })).toThrow(ShapeError);
    expect(() => lstmCellBackwardRows(backend, { n, h, gates, cPrev, tanhC, dh, dc, dx: block(64) })).toThrow(ShapeError);
    expect(() => lstmCellBackwardRows(backend, { n, h, gates, cPrev, tanhC, dh, dc, dx: gates, ldx: 4 * h })).toThrow(ShapeError);
    expect(() => lstmCellBackwardRows(backend, { n, h, gates, cPrev, tanhC, dh, dc, dBias: dh })).toThrow(ShapeError);
  });
});
