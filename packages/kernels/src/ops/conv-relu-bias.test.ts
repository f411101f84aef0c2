import { describe, expect, it } from 'vitest';
import { ShapeError } from '../errors.ts';
import { assertClose, putF32, randomArray, readF32, referenceOf, wasmBackends } from '../testing.ts';
import { conv2dBackwardBias } from './conv.ts';
import { conv2dReluBackwardBias } from './conv-relu-bias.ts';
import { unaryBackward } from './elementwise.ts';

const backends = await wasmBackends();
const ROWS = [0, 1, 3, 4, 5, 7, 17, 65, 1029] as const;
const COUT = [1, 3, 4, 5, 16, 17, 32] as const;

describe.each(backends.map((b) => [b.variant, b] as const))('conv2d ReLU + bias backward in one pass (%s)', (_, backend) => {
  const ref = referenceOf(backend);
  const read = (p: number, n: number) => Array.from(readF32(backend, p, n));

  it('equals unaryBackward(relu) then conv2dBackwardBias bit for bit, and the reference, at awkward sizes and unaligned starts', () => {
    for (const rows of ROWS) {
      for (const cout of COUT) {
        for (const offset of [0, 1]) {
          const count = rows * cout, label = `rows ${rows} cout ${cout} offset ${offset}`;
          const yv = Array.from(randomArray(count, rows + cout, -1, 1), (v) => (v < -0.8 ? -0 : v < -0.6 ? 0 : v));
          const dv = Array.from(randomArray(count, rows + cout + 1, -2, 2));
          for (let i = 0; i < count; i += 11) dv[i] = [-0, Number.NaN, Number.POSITIVE_INFINITY][(i / 11) % 3]!;
          const y = putF32(backend, yv, offset), dy = putF32(backend, dv, offset);
          const got = conv2dReluBackwardBias(backend, y, dy, rows, cout);
          const dz = unaryBackward(backend, 'relu', y, y, dy, count);
          const db = conv2dBackwardBias(backend, dz, [1, rows, 1, cout]);
          expect(read(got.dz, count), `dz ${label}`).toEqual(read(dz, count));
          expect(read(got.db, cout), `db ${label}`).toEqual(read(db, cout));
          const want = conv2dReluBackwardBias(ref, y, dy, rows, cout);
          expect(read(got.dz, count)).toEqual(read(want.dz, count));
          const finite = dv.slice(0, count).every(Number.isFinite);
          if (finite) assertClose(read(got.db, cout), read(want.db, cout), { atol: 1e-5 * Math.sqrt(rows + 1), rtol: 1e-4 }, `db ${label}`);
        }
      }
    }
  });

  it('writes dz over dy in place; rejects outputs over inputs', () => {
    const rows = 9, cout = 6, count = rows * cout;
    const y = putF32(backend, randomArray(count, 1, -1, 1)), dy = putF32(backend, randomArray(count, 2, -1, 1));
    const apart = conv2dReluBackwardBias(backend, y, dy, rows, cout);
    const inPlace = conv2dReluBackwardBias(backend, y, dy, rows, cout, { out: dy });
    expect(inPlace.dz).toBe(dy);
    expect(read(dy, count)).toEqual(read(apart.dz, count));
    expect(read(inPlace.db, cout)).toEqual(read(apart.db, cout));
    expect(() => conv2dReluBackwardBias(backend, y, dy, rows, cout, { out: y })).toThrow(ShapeError);
    expect(() => conv2dReluBackwardBias(backend, y, dy, rows, cout, { bias: dy })).toThrow(ShapeError);
    expect(() => conv2dReluBackwardBias(backend, y, dy, rows, -1)).toThrow();
  });
});
