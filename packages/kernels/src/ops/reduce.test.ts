import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import {
  AWKWARD_SIZES, assertClose, putF32, randomArray, readF32, reductionTolerance, referenceOf, testRandom, wasmBackends,
} from '../testing.ts';
import { argReduce, clipByValue, cumsum, moments, reduce, type ReduceOp, ReduceOpCode, squaredNorm } from './reduce.ts';

const backends = await wasmBackends();
const OPS = Object.keys(ReduceOpCode) as ReduceOp[];

/** [outer, axis, inner] views: the last axis and a strided one, awkward in every size. */
const VIEWS: [number, number, number][] = [
  ...AWKWARD_SIZES.map((a) => [3, a, 1] as [number, number, number]),
  ...AWKWARD_SIZES.map((o) => [o, 7, 1] as [number, number, number]),
  ...AWKWARD_SIZES.map((i) => [2, 5, i] as [number, number, number]),
  ...AWKWARD_SIZES.filter((a) => a <= 65).map((a) => [2, a, 6] as [number, number, number]),
  [1, 1029, 17], [2, 3, 1029],
];

function dataFor(op: ReduceOp, n: number, seed: number): Float32Array {
  return op === 'prod' ? randomArray(n, seed, 0.5, 1.5) : randomArray(n, seed, -3, 3);
}

describe.each(backends.map((b) => [b.variant, b] as const))('reduce family (%s)', (_, backend: Backend) => {
  const ref = referenceOf(backend);
  const heap = backend.heap;

  for (const op of OPS) {
    it(`reduce ${op} matches the reference on last and strided axes, unaligned too`, () => {
      for (const [outer, axis, inner] of VIEWS) {
        const n = outer * axis * inner;
        for (const offset of [0, 1]) {
          const x = putF32(backend, dataFor(op, n, n + offset), offset);
          const got = reduce(backend, op, x, outer, axis, inner);
          const want = reduce(ref, op, x, outer, axis, inner);
          assertClose(readF32(backend, got, outer * inner), readF32(backend, want, outer * inner), reductionTolerance(axis), `${op} [${outer},${axis},${inner}]`);
          heap.free(got); heap.free(want); heap.free(x - offset * 4);
        }
      }
    });
  }

  it('an empty axis gives sum 0, mean NaN, max -Inf, min +Inf, prod 1, logSumExp -Inf', () => {
    const x = putF32(backend, []);
    const expected: Record<ReduceOp, number> = { sum: 0, mean: NaN, max: -Infinity, min: Infinity, prod: 1, sumSquares: 0, logSumExp: -Infinity };
    for (const op of OPS) {
      for (const [outer, inner] of [[3, 1], [2, 4]]) {
        const out = reduce(backend, op, x, outer!, 0, inner!);
        expect(Array.from(readF32(backend, out, outer! * inner!))).toEqual(new Array(outer! * inner!).fill(expected[op]));
      }
      expect(readF32(backend, reduce(backend, op, x, 0, 5, 3), 0).length).toBe(0);
    }
    const mv = moments(backend, x, 2, 0, 1);
    expect(Array.from(readF32(backend, mv.mean, 2))).toEqual([NaN, NaN]);
  });

  it('NaN propagates through max, min, sum and logSumExp; infinities give the IEEE answer', () => {
    for (const inner of [1, 4]) {
      // Rows: a NaN late in a long row, +Inf, all -Inf, mixed +-Inf.
      const rows = [
        Array.from(randomArray(40, 1)).map((v, i) => (i === 37 ? NaN : v)),
        Array.from(randomArray(40, 2)).map((v, i) => (i === 3 ? Infinity : v)),
        new Array(40).fill(-Infinity),
        Array.from(randomArray(40, 3)).map((v, i) => (i === 5 ? Infinity : i === 30 ? -Infinity : v)),
      ];
      // inner = 4: a [1, 40, 4] view whose column j holds row j.
      const flat: number[] = [];
      if (inner === 1) flat.push(...rows.flat());
      else for (let a = 0; a < 40; a++) for (let j = 0; j < 4; j++) flat.push(rows[j]![a]!);
      const outer = inner === 1 ? 4 : 1;
      const x = putF32(backend, flat);
      for (const op of ['sum', 'max', 'min', 'logSumExp', 'mean'] as ReduceOp[]) {
        const got = readF32(backend, reduce(backend, op, x, outer, 40, inner), 4);
        const want = readF32(backend, reduce(ref, op, x, outer, 40, inner), 4);
        assertClose(got, want, reductionTolerance(40), `${op} special rows, inner ${inner}`);
        expect(Number.isNaN(got[0]!)).toBe(true);
      }
    }
  });

  it('argmax and argmin return the first occurrence, and the first NaN wins', () => {
    for (const [outer, axis, inner] of VIEWS.filter(([, a]) => a > 0)) {
      const n = outer * axis * inner;
      // Few distinct values so ties are common.
      const data = randomArray(n, n + 3, 0, 4).map((v) => Math.floor(v));
      const x = putF32(backend, data, 1);
      for (const op of ['argmax', 'argmin'] as const) {
        const got = argReduce(backend, op, x, outer, axis, inner);
        const want = argReduce(ref, op, x, outer, axis, inner);
        expect(Array.from(heap.i32(got, outer * inner)), `${op} [${outer},${axis},${inner}]`).toEqual(Array.from(heap.i32(want, outer * inner)));
      }
    }
    // Long rows with NaNs in different SIMD lanes, and rows without any.
    for (const [outer, axis, inner] of [[6, 41, 1], [3, 1029, 1], [2, 37, 5]] as const) {
      const n = outer * axis * inner;
      const data = randomArray(n, n, 0, 3).map((v, i) => (i % 97 === 13 || i % 89 === 50 ? NaN : Math.floor(v)));
      const x = putF32(backend, data);
      for (const op of ['argmax', 'argmin'] as const) {
        const got = argReduce(backend, op, x, outer, axis, inner), want = argReduce(ref, op, x, outer, axis, inner);
        expect(Array.from(heap.i32(got, outer * inner)), `${op} NaN [${outer},${axis},${inner}]`).toEqual(Array.from(heap.i32(want, outer * inner)));
      }
    }
    const x = putF32(backend, [1, 5, NaN, 5, NaN, -1, 3, -1, 3, 2]);
    expect(Array.from(heap.i32(argReduce(backend, 'argmax', x, 2, 5, 1), 2))).toEqual([2, 1]);
    expect(Array.from(heap.i32(argReduce(backend, 'argmin', x, 2, 5, 1), 2))).toEqual([2, 0]);
    expect(() => argReduce(backend, 'argmax', x, 2, 0, 1)).toThrow(/axis is empty/);
  });

  it('moments match the reference (two-pass, correction 0 and 1) on last and strided axes', () => {
    for (const [outer, axis, inner] of VIEWS.filter(([, a]) => a > 1)) {
      const n = outer * axis * inner;
      const x = putF32(backend, randomArray(n, n + 5, -2, 5), 1);
      for (const correction of [0, 1]) {
        const got = moments(backend, x, outer, axis, inner, { correction });
        const want = moments(ref, x, outer, axis, inner, { correction });
        const label = `moments [${outer},${axis},${inner}] correction ${correction}`;
        assertClose(readF32(backend, got.mean, outer * inner), readF32(backend, want.mean, outer * inner), reductionTolerance(axis), label);
        assertClose(readF32(backend, got.variance, outer * inner), readF32(backend, want.variance, outer * inner), reductionTolerance(axis), label);
      }
    }
  });

  it('variance of 1e4 + U(0,1) is within 1e-3 relative (no cancellation)', () => {
    for (const [outer, axis, inner] of [[1, 100000, 1], [1, 20000, 5]] as const) {
      const next = testRandom(42);
      const data = new Float32Array(outer * axis * inner).map(() => 1e4 + next());
      const x = putF32(backend, data);
      const { variance } = moments(backend, x, outer, axis, inner);
      const got = readF32(backend, variance, inner);
      for (let j = 0; j < inner; j++) {
        // float64 two-pass variance of column j
        let s = 0;
        for (let a = 0; a < axis; a++) s += data[a * inner + j]!;
        const mu = s / axis;
        let d2 = 0;
        for (let a = 0; a < axis; a++) d2 += (data[a * inner + j]! - mu) ** 2;
        const v = got[j]!;
        expect(Math.abs(v - d2 / axis) / (d2 / axis)).toBeLessThan(1e-3);
        expect(Math.abs(v - 1 / 12) / (1 / 12)).toBeLessThan(0.05);
      }
    }
  });

  it('cumsum (forward and reverse) matches the reference; in place works', () => {
    for (const [outer, axis, inner] of VIEWS) {
      const n = outer * axis * inner;
      const x = putF32(backend, randomArray(n, n + 9), 1);
      for (const reverse of [false, true]) {
        const got = cumsum(backend, x, outer, axis, inner, { reverse });
        const want = cumsum(ref, x, outer, axis, inner, { reverse });
        assertClose(readF32(backend, got, n), readF32(backend, want, n), reductionTolerance(axis), `cumsum [${outer},${axis},${inner}] reverse ${reverse}`);
      }
    }
    const x = putF32(backend, [1, 2, 3, 4, 5]);
    cumsum(backend, x, 1, 5, 1, { out: x, reverse: true });
    expect(Array.from(readF32(backend, x, 5))).toEqual([15, 14, 12, 9, 5]);
  });

  it('squaredNorm and clipByValue match the reference at awkward sizes', () => {
    for (const n of AWKWARD_SIZES) {
      const data = randomArray(n, n + 11, -2, 2);
      const x = putF32(backend, data, 1);
      const want = squaredNorm(ref, x, n);
      expect(Math.abs(squaredNorm(backend, x, n) - want)).toBeLessThanOrEqual(1e-4 * want + 1e-5 * Math.sqrt(n));
      const y = putF32(backend, data, 1);
      clipByValue(backend, x, n, -0.5, 1);
      clipByValue(ref, y, n, -0.5, 1);
      expect(Array.from(readF32(backend, x, n))).toEqual(Array.from(readF32(backend, y, n)));
    }
    const z = putF32(backend, [NaN, -Infinity, Infinity, 0.25, -3, 7, NaN, 2, -0.75]);
    clipByValue(backend, z, 9, -1, 1);
    expect(Array.from(readF32(backend, z, 9))).toEqual([NaN, -1, 1, 0.25, -1, 1, NaN, 1, -0.75]);
  });

  it('rejects bad sizes, ops and ranges with a ShapeError naming the argument', () => {
    const x = putF32(backend, new Float32Array(12));
    expect(() => reduce(backend, 'sum', x, 3, 5, 1)).toThrow(/reduce sum: x/);
    expect(() => reduce(backend, 'sum', x, -1, 4, 1)).toThrow(/reduce sum: outer/);
    expect(() => reduce(backend, 'sum', x, 3, 4.5, 1)).toThrow(ShapeError);
    expect(() => reduce(backend, 'median' as ReduceOp, x, 3, 4, 1)).toThrow(/op must be one of/);
    expect(() => moments(backend, x, 3, 4, 2)).toThrow(/moments: x/);
    expect(() => cumsum(backend, x, 1, 12, 1, { out: x + 2 })).toThrow(/cumsum: out/);
    expect(() => clipByValue(backend, x, 12, 1, -1)).toThrow(/lo <= hi/);
    expect(() => squaredNorm(backend, x, 13)).toThrow(/squaredNorm: x/);
  });
});
