// unary_f64, unary_backward_f64, binary(_same)_f64, fill/copy/axpby_f64, and the int32 ops
// (unary_i32, binary(_same)_i32, fill_i32): raw exports against the dtype-generic references.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { AWKWARD_SIZES, assertClose, referenceOf, type Tolerance, wasmBackends } from '../testing.ts';
import { type DType, freeTyped, putTyped, randomTyped, readTyped } from './dtype-testing.ts';
import { BinaryOp, type BinaryOpName, UnaryOp, type UnaryOpName } from './op-codes.ts';

const backends = await wasmBackends();
const unaryOps = Object.keys(UnaryOp) as UnaryOpName[];
const binaryOps = Object.keys(BinaryOp) as BinaryOpName[];

/** +0, -0, smallest subnormal, smallest normal, largest finite, +-Inf, NaN, and a few ordinary values (float64). */
const SPECIAL_F64 = [0, -0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308, Infinity, -Infinity, NaN, 0.5, -2.5, 3];
const I32_EXTREMES = [0, 1, -1, 2, -3, 2147483647, -2147483648, 46341, -46341, 65536];

/** AssemblyScript's Math (musl) against V8's: both within about 1 ulp; pow and the trig functions 2. */
const F64_TOL: Tolerance = { atol: 1e-300, rtol: 4e-16 * 4 };

function inputFor(op: UnaryOpName, n: number, seed: number): Float64Array {
  const r = (lo: number, hi: number) => randomTyped('f64', n, seed, lo, hi) as Float64Array;
  if (op === 'log' || op === 'sqrt' || op === 'rsqrt' || op === 'reciprocal') return r(0.1, 4);
  if (op === 'log1p') return r(-0.9, 4);
  if (op === 'exp' || op === 'expm1') return r(-20, 20);
  if (op === 'round') return r(-6, 6).map((v, i) => (i % 4 === 0 ? Math.floor(v) + 0.5 : v)); // ties to even
  return r(-6, 6);
}

/** Output shape and element strides (0 on broadcast dimensions) of a NumPy broadcast; rank >= 1. */
function broadcast(sa: number[], sb: number[]): { shape: number[]; stridesA: number[]; stridesB: number[] } {
  const rank = Math.max(sa.length, sb.length, 1);
  const pad = (s: number[]) => [...new Array<number>(rank - s.length).fill(1), ...s];
  const a = pad(sa), b = pad(sb);
  const shape = a.map((d, i) => Math.max(d, b[i]!));
  const strides = (s: number[]) => {
    const out = new Array<number>(rank);
    let step = 1;
    for (let d = rank - 1; d >= 0; d--) {
      out[d] = s[d] === 1 ? 0 : step;
      step *= s[d]!;
    }
    return out;
  };
  return { shape, stridesA: strides(a), stridesB: strides(b) };
}

function runBinary(impl: Backend, dtype: 'f64' | 'i32', op: number, sa: number[], sb: number[], a: number, b: number, out: number): void {
  const { shape, stridesA, stridesB } = broadcast(sa, sb);
  const meta = putTyped(impl, 'i32', [...shape, ...stridesA, ...stridesB]);
  const r = shape.length;
  impl.kernels[dtype === 'f64' ? 'binary_f64' : 'binary_i32'](op, r, meta, meta + 4 * r, meta + 8 * r, a, b, out);
  impl.heap.free(meta);
}

const SHAPES: [number[], number[]][] = [
  [[1029], [1029]], [[17], []], [[], [17]], [[3, 4], [3, 1]], [[3, 4], [1, 4]], [[2, 3, 4], [2, 1, 4]],
  [[5, 1, 7], [1, 6, 1]], [[], []], [[64, 65], [65]],
];

describe.each(backends.map((b) => [b.variant, b] as const))('float64 elementwise (%s)', (_, backend) => {
  const ref = referenceOf(backend);

  function unaryBoth(op: number, data: ArrayLike<number>, offset: number, label: string): void {
    // gelu's 1 + erf(u) and geluTanh's 1 + tanh(u) cancel for u << 0: their error is absolute (~1 ulp of 1), not relative.
    const tol = op === UnaryOp.gelu || op === UnaryOp.geluTanh ? { ...F64_TOL, atol: 1e-15 } : F64_TOL;
    const n = data.length;
    const x = putTyped(backend, 'f64', data, offset);
    const got = putTyped(backend, 'f64', new Float64Array(n), offset), want = putTyped(backend, 'f64', new Float64Array(n), offset);
    backend.kernels.unary_f64(op, n, x, got, 0.1);
    ref.kernels.unary_f64(op, n, x, want, 0.1);
    assertClose(readTyped(backend, 'f64', got, n), readTyped(backend, 'f64', want, n), tol, label);
    for (const p of [x, got, want]) freeTyped(backend, 'f64', p, offset);
  }

  it('unary_f64: every op at the awkward sizes, aligned and not, and in place', () => {
    for (const op of unaryOps) {
      for (const n of AWKWARD_SIZES) {
        for (const offset of [0, 1]) unaryBoth(UnaryOp[op], inputFor(op, n, n + 7), offset, `${op} n=${n} offset ${offset}`);
      }
      const data = inputFor(op, 17, 3);
      const x = putTyped(backend, 'f64', data), want = putTyped(backend, 'f64', new Float64Array(17));
      backend.kernels.unary_f64(UnaryOp[op], 17, x, want, 0.1);
      backend.kernels.unary_f64(UnaryOp[op], 17, x, x, 0.1); // in place: the same bits as out of place
      expect(Array.from(readTyped(backend, 'f64', x, 17)), `${op} in place`).toEqual(Array.from(readTyped(backend, 'f64', want, 17)));
      for (const p of [x, want]) backend.heap.free(p);
    }
  });

  it('unary_f64: every op on special values (zeros, subnormal, extremes, infinities, NaN)', () => {
    for (const op of unaryOps) unaryBoth(UnaryOp[op], SPECIAL_F64, 0, `${op} special values`);
  });

  it('unary_f64 keeps float64 precision', () => {
    const x = putTyped(backend, 'f64', [1 + 2 ** -40, 1e-300, 0.1]), y = putTyped(backend, 'f64', [0, 0, 0]);
    backend.kernels.unary_f64(UnaryOp.square, 3, x, y, 0);
    expect(Array.from(readTyped(backend, 'f64', y, 3))).toEqual([(1 + 2 ** -40) ** 2, 1e-300 * 1e-300, 0.1 * 0.1]);
    backend.kernels.unary_f64(UnaryOp.exp, 3, x, y, 0);
    expect(readTyped(backend, 'f64', y, 1)[0]).toBeCloseTo(Math.E * (1 + 2 ** -40), 15);
    for (const p of [x, y]) backend.heap.free(p);
  });

  it('unary_backward_f64: every op matches the reference', () => {
    for (const op of unaryOps) {
      for (const n of [1, 2, 5, 17, 1029]) {
        const x = putTyped(backend, 'f64', inputFor(op, n, 3 * n));
        const y = putTyped(backend, 'f64', new Float64Array(n));
        backend.kernels.unary_f64(UnaryOp[op], n, x, y, 0.1);
        const dy = putTyped(backend, 'f64', randomTyped('f64', n, n));
        const got = putTyped(backend, 'f64', new Float64Array(n)), want = putTyped(backend, 'f64', new Float64Array(n));
        backend.kernels.unary_backward_f64(UnaryOp[op], n, x, y, dy, got, 0.1);
        ref.kernels.unary_backward_f64(UnaryOp[op], n, x, y, dy, want, 0.1);
        // The reference recomputes f from x where the kernel reads y (sigmoid, tanh, sqrt...): a few ulp.
        assertClose(readTyped(backend, 'f64', got, n), readTyped(backend, 'f64', want, n), { atol: 1e-14, rtol: 1e-13 }, `${op}' n=${n}`);
        for (const p of [x, y, dy, got, want]) backend.heap.free(p);
      }
    }
  });

  it('binary_f64 and binary_same_f64: every op, NumPy broadcasting, special values', () => {
    for (const op of binaryOps) {
      for (const [sa, sb] of SHAPES) {
        const na = sa.reduce((p, d) => p * d, 1), nb = sb.reduce((p, d) => p * d, 1);
        const lo = op === 'pow' ? 0.1 : -3;
        const a = putTyped(backend, 'f64', randomTyped('f64', na, na + 1, lo, 3));
        const b = putTyped(backend, 'f64', Array.from(randomTyped('f64', nb, nb + 2, lo, 3), (v, i) => (i % 3 === 0 ? Math.round(v) : v)));
        const n = broadcast(sa, sb).shape.reduce((p, d) => p * d, 1);
        const got = putTyped(backend, 'f64', new Float64Array(n)), want = putTyped(backend, 'f64', new Float64Array(n));
        runBinary(backend, 'f64', BinaryOp[op], sa, sb, a, b, got);
        runBinary(ref, 'f64', BinaryOp[op], sa, sb, a, b, want);
        assertClose(readTyped(backend, 'f64', got, n), readTyped(backend, 'f64', want, n), F64_TOL, `${op} ${sa}x${sb}`);
        for (const p of [a, b, got, want]) backend.heap.free(p);
      }
      // Every pair of special values, through the same-shape kernel at an unaligned start.
      const s = SPECIAL_F64.length, n = s * s;
      const av = Array.from({ length: n }, (_, i) => SPECIAL_F64[Math.floor(i / s)]!);
      const bv = Array.from({ length: n }, (_, i) => SPECIAL_F64[i % s]!);
      const a = putTyped(backend, 'f64', av, 1), b = putTyped(backend, 'f64', bv, 1);
      const got = putTyped(backend, 'f64', new Float64Array(n), 1), want = putTyped(backend, 'f64', new Float64Array(n), 1);
      backend.kernels.binary_same_f64(BinaryOp[op], n, a, b, got);
      ref.kernels.binary_same_f64(BinaryOp[op], n, a, b, want);
      assertClose(readTyped(backend, 'f64', got, n), readTyped(backend, 'f64', want, n), F64_TOL, `${op} special values`);
      for (const p of [a, b, got, want]) freeTyped(backend, 'f64', p, 1);
    }
  });

  it('fill_f64, copy_f64 (overlapping) and axpby_f64 match the reference', () => {
    for (const n of AWKWARD_SIZES) {
      const x = putTyped(backend, 'f64', randomTyped('f64', n, 11));
      const y1 = putTyped(backend, 'f64', randomTyped('f64', n, 12)), y2 = putTyped(backend, 'f64', readTyped(backend, 'f64', y1, n));
      backend.kernels.axpby_f64(n, 0.5, x, -2, y1);
      ref.kernels.axpby_f64(n, 0.5, x, -2, y2);
      assertClose(readTyped(backend, 'f64', y1, n), readTyped(backend, 'f64', y2, n), { atol: 1e-15, rtol: 1e-15 }, `axpby n=${n}`);
      view64Fill(y1, n);
      backend.kernels.axpby_f64(n, 2, x, 0, y1); // beta 0 ignores NaN in y
      expect(Array.from(readTyped(backend, 'f64', y1, n))).toEqual(Array.from(readTyped(backend, 'f64', x, n), (v) => 2 * v));
      backend.kernels.fill_f64(n, y1, 0.1);
      expect(readTyped(backend, 'f64', y1, n).every((v) => v === 0.1)).toBe(true);
      for (const p of [x, y1, y2]) backend.heap.free(p);
    }
    const data = randomTyped('f64', 100, 5);
    const p = putTyped(backend, 'f64', data);
    backend.kernels.copy_f64(50, p, p + 8 * 10);
    expect(Array.from(readTyped(backend, 'f64', p + 80, 50))).toEqual(Array.from(data.subarray(0, 50)));
    backend.heap.free(p);
  });

  function view64Fill(ptr: number, n: number): void {
    backend.heap.f64(ptr, n).fill(NaN);
  }
});

describe.each(backends.map((b) => [b.variant, b] as const))('int32 elementwise (%s)', (_, backend) => {
  const ref = referenceOf(backend);
  const I32_UNARY: UnaryOpName[] = ['neg', 'abs', 'sign', 'square', 'relu'];
  const I32_BINARY = binaryOps.filter((op) => op !== 'div' && op !== 'pow');
  const ints = (n: number, seed: number) => randomTyped('i32', n, seed, -1000, 1000);
  const dtype: DType = 'i32';

  it('unary_i32: neg, abs, sign, square, relu at the awkward sizes and at the extremes (wrapping)', () => {
    for (const op of I32_UNARY) {
      for (const data of [...AWKWARD_SIZES.map((n) => ints(n, n)), I32_EXTREMES]) {
        for (const offset of [0, 1]) {
          const n = data.length;
          const x = putTyped(backend, dtype, data, offset);
          const got = putTyped(backend, dtype, new Int32Array(n), offset), want = putTyped(backend, dtype, new Int32Array(n), offset);
          backend.kernels.unary_i32(UnaryOp[op], n, x, got);
          ref.kernels.unary_i32(UnaryOp[op], n, x, want);
          expect(Array.from(readTyped(backend, dtype, got, n)), `${op} n=${n}`).toEqual(Array.from(readTyped(backend, dtype, want, n)));
          for (const p of [x, got, want]) freeTyped(backend, dtype, p, offset);
        }
      }
    }
  });

  it('binary_i32 and binary_same_i32: add, sub, mul (wrapping), maximum, minimum, comparisons', () => {
    for (const op of I32_BINARY) {
      for (const [sa, sb] of SHAPES) {
        const na = sa.reduce((p, d) => p * d, 1), nb = sb.reduce((p, d) => p * d, 1);
        const a = putTyped(backend, dtype, ints(na, na + 1)), b = putTyped(backend, dtype, ints(nb, nb + 2).map((v, i) => (i % 3 ? v : 0)));
        const n = broadcast(sa, sb).shape.reduce((p, d) => p * d, 1);
        const got = putTyped(backend, dtype, new Int32Array(n)), want = putTyped(backend, dtype, new Int32Array(n));
        runBinary(backend, 'i32', BinaryOp[op], sa, sb, a, b, got);
        runBinary(ref, 'i32', BinaryOp[op], sa, sb, a, b, want);
        expect(Array.from(readTyped(backend, dtype, got, n)), `${op} ${sa}x${sb}`).toEqual(Array.from(readTyped(backend, dtype, want, n)));
        for (const p of [a, b, got, want]) backend.heap.free(p);
      }
      const s = I32_EXTREMES.length, n = s * s;
      const a = putTyped(backend, dtype, Array.from({ length: n }, (_, i) => I32_EXTREMES[Math.floor(i / s)]!), 3);
      const b = putTyped(backend, dtype, Array.from({ length: n }, (_, i) => I32_EXTREMES[i % s]!), 3);
      const got = putTyped(backend, dtype, new Int32Array(n), 3), want = putTyped(backend, dtype, new Int32Array(n), 3);
      backend.kernels.binary_same_i32(BinaryOp[op], n, a, b, got);
      ref.kernels.binary_same_i32(BinaryOp[op], n, a, b, want);
      expect(Array.from(readTyped(backend, dtype, got, n)), `${op} extremes`).toEqual(Array.from(readTyped(backend, dtype, want, n)));
      for (const p of [a, b, got, want]) freeTyped(backend, dtype, p, 3);
    }
  });

  it('2^31 - 1 + 1 wraps to -2^31, and fill_i32 writes every element', () => {
    const a = putTyped(backend, dtype, [2147483647, -2147483648]), b = putTyped(backend, dtype, [1, -1]);
    backend.kernels.binary_same_i32(BinaryOp.add, 2, a, b, a);
    expect(Array.from(readTyped(backend, dtype, a, 2))).toEqual([-2147483648, 2147483647]);
    for (const n of AWKWARD_SIZES) {
      const x = putTyped(backend, dtype, new Int32Array(n));
      backend.kernels.fill_i32(n, x, -7);
      expect(readTyped(backend, dtype, x, n).every((v) => v === -7)).toBe(true);
      backend.heap.free(x);
    }
  });
});
