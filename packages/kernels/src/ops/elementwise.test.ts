import { describe, expect, it } from 'vitest';
import { ShapeError } from '../errors.ts';
import {
  AWKWARD_SIZES, ELEMENTWISE_TOLERANCE, SPECIAL_VALUES, assertClose, putF32, randomArray, readF32,
  referenceOf, wasmBackends,
} from '../testing.ts';
import { axpby, binary, copy, fill, unary, unaryBackward } from './elementwise.ts';
import { BinaryOp, type BinaryOpName, UnaryOp, type UnaryOpName } from './op-codes.ts';

const backends = await wasmBackends();

// Inputs inside each op's domain, away from non-differentiable points.
function inputFor(op: UnaryOpName, n: number, seed: number): Float32Array {
  if (op === 'log' || op === 'sqrt' || op === 'rsqrt' || op === 'reciprocal') return randomArray(n, seed, 0.1, 4);
  if (op === 'log1p') return randomArray(n, seed, -0.9, 4);
  if (op === 'exp' || op === 'expm1') return randomArray(n, seed, -20, 20);
  return randomArray(n, seed, -6, 6);
}

// Per-op tolerance where the float32 kernel is an approximation (comment says why).
function tolFor(op: UnaryOpName) {
  // exp4's polynomial is ~2 ulp; tanh = 2 sigmoid(2x) - 1 loses ~1e-7 absolute near 0.
  if (op === 'exp' || op === 'expm1') return { atol: 1e-5, rtol: 4e-7 * 8 };
  if (op === 'tanh' || op === 'geluTanh' || op === 'sigmoid') return { atol: 1e-6 * 4, rtol: 1e-6 };
  return ELEMENTWISE_TOLERANCE;
}

describe.each(backends.map((b) => [b.variant, b] as const))('elementwise (%s)', (_, backend) => {
  const ref = referenceOf(backend);
  const unaryOps = Object.keys(UnaryOp) as UnaryOpName[];

  it('has one reference op per wasm op code', () => {
    expect(backend.kernels.unary_op_count()).toBe(unaryOps.length);
  });

  for (const op of unaryOps) {
    it(`unary ${op} matches the reference at awkward sizes and an unaligned start`, () => {
      for (const n of AWKWARD_SIZES) {
        for (const offset of [0, 1]) {
          const x = putF32(backend, inputFor(op, n, n + 7), offset);
          const got = unary(backend, op, x, n, { alpha: 0.1 });
          const want = unary(ref, op, x, n, { alpha: 0.1 });
          assertClose(readF32(backend, got, n), readF32(backend, want, n), tolFor(op), `${op} n=${n}`);
          for (const p of [got, want]) backend.heap.free(p);
          backend.heap.free(x - offset * 4);
        }
      }
    });

    it(`unary ${op} on special values matches the reference`, () => {
      const x = putF32(backend, SPECIAL_VALUES);
      const n = SPECIAL_VALUES.length;
      const got = readF32(backend, unary(backend, op, x, n), n);
      const want = readF32(backend, unary(ref, op, x, n), n);
      // Special values compare exactly in kind (NaN/Inf/zero) and closely in magnitude.
      assertClose(got, want, { atol: 1e-5, rtol: 1e-5 }, `${op} special values`);
    });

    it(`unary ${op} backward matches the reference`, () => {
      for (const n of [1, 5, 17, 1029]) {
        const xs = inputFor(op, n, 3 * n);
        const x = putF32(backend, xs);
        const y = unary(backend, op, x, n, { alpha: 0.1 });
        const dy = putF32(backend, randomArray(n, n));
        const got = unaryBackward(backend, op, x, y, dy, n, { alpha: 0.1 });
        const want = unaryBackward(ref, op, x, y, dy, n, { alpha: 0.1 });
        assertClose(readF32(backend, got, n), readF32(backend, want, n), { atol: 2e-5, rtol: 1e-4 }, `${op}' n=${n}`);
      }
    });
  }

  const binaryOps = Object.keys(BinaryOp) as BinaryOpName[];
  const shapes: [number[], number[]][] = [
    [[1029], [1029]], [[17], []], [[], [17]], [[3, 4], [3, 1]], [[3, 4], [1, 4]], [[2, 3, 4], [2, 1, 4]],
    [[5, 1, 7], [1, 6, 1]], [[0, 4], [1, 4]], [[3, 0], [3, 1]], [[], []], [[64, 65], [65]],
  ];
  for (const op of binaryOps) {
    it(`binary ${op} broadcasts like NumPy and matches the reference`, () => {
      for (const [sa, sb] of shapes) {
        const na = sa.reduce((p, d) => p * d, 1), nb = sb.reduce((p, d) => p * d, 1);
        const lo = op === 'pow' ? 0.1 : -3;
        const a = putF32(backend, randomArray(na, na + 1, lo, 3));
        // Repeat some values so the comparisons see ties.
        const bData = randomArray(nb, nb + 2, lo, 3).map((v, i) => (i % 3 === 0 ? Math.round(v) : v));
        const b = putF32(backend, bData);
        const got = binary(backend, op, a, sa, b, sb);
        const want = binary(ref, op, a, sa, b, sb);
        expect(got.shape).toEqual(want.shape);
        const n = got.shape.reduce((p, d) => p * d, 1);
        assertClose(readF32(backend, got.ptr, n), readF32(backend, want.ptr, n), op === 'pow' ? { atol: 1e-5, rtol: 4e-6 } : ELEMENTWISE_TOLERANCE, `${op} ${sa}x${sb}`);
      }
    });
  }

  it('maximum and minimum propagate NaN from either side', () => {
    const a = putF32(backend, [NaN, 1, 2, NaN, 5]);
    const b = putF32(backend, [1, NaN, 3, NaN, 4]);
    expect(Array.from(readF32(backend, binary(backend, 'maximum', a, [5], b, [5]).ptr, 5))).toEqual([NaN, NaN, 3, NaN, 5]);
    expect(Array.from(readF32(backend, binary(backend, 'minimum', a, [5], b, [5]).ptr, 5))).toEqual([NaN, NaN, 2, NaN, 4]);
  });

  it('rejects shapes that do not broadcast, naming the dimension', () => {
    const a = putF32(backend, new Float32Array(12));
    expect(() => binary(backend, 'add', a, [3, 4], a, [4, 3])).toThrow(ShapeError);
    expect(() => binary(backend, 'add', a, [3, 4], a, [4, 3])).toThrow(/dimension -2 is 3 in the first and 4/);
  });

  it('rejects pointer ranges outside the heap and misaligned pointers', () => {
    const x = putF32(backend, new Float32Array(4));
    expect(() => unary(backend, 'exp', x, 1 << 28)).toThrow(ShapeError);
    expect(() => unary(backend, 'exp', x + 2, 1)).toThrow(/not aligned/);
    expect(() => unary(backend, 'exp', x, -1)).toThrow(/non-negative integer/);
  });

  it('fill, copy (overlapping) and axpby match the reference', () => {
    for (const n of AWKWARD_SIZES) {
      const x = putF32(backend, randomArray(n, 11));
      const y1 = putF32(backend, randomArray(n, 12));
      const y2 = putF32(backend, readF32(backend, y1, n));
      axpby(backend, 0.5, x, -2, y1, n);
      axpby(ref, 0.5, x, -2, y2, n);
      assertClose(readF32(backend, y1, n), readF32(backend, y2, n), ELEMENTWISE_TOLERANCE, `axpby n=${n}`);
      fill(backend, y1, n, 3.5);
      expect(readF32(backend, y1, n).every((v) => v === 3.5)).toBe(true);
    }
    const data = randomArray(100, 5);
    const p = putF32(backend, data);
    copy(backend, p, p + 4 * 10, 50); // overlapping, forward
    expect(Array.from(readF32(backend, p + 40, 50))).toEqual(Array.from(data.subarray(0, 50)));
  });

  it('beta = 0 in axpby ignores NaN already in y', () => {
    const x = putF32(backend, [1, 2, 3, 4, 5]);
    const y = putF32(backend, [NaN, NaN, NaN, NaN, NaN]);
    axpby(backend, 2, x, 0, y, 5);
    expect(Array.from(readF32(backend, y, 5))).toEqual([2, 4, 6, 8, 10]);
  });
});
