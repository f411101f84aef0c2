// Plain-TypeScript reference of assembly/elementwise.ts, elementwise-f64.ts, elementwise-i32.ts and
// binary.ts: one formula per op for every dtype, float64 maths, one element at a time, rounded
// once at the store (int32 ops wrap).
import type { KernelExports } from '../generated/kernel-exports.ts';
import { ArgumentError, DTypeError } from '../errors.ts';
import type { Heap } from '../heap.ts';
import { BinaryOp, UnaryOp } from '../ops/op-codes.ts';

type ElementwiseKernels = Pick<
  KernelExports,
  | 'unary_op_count'
  | `${'unary' | 'binary' | 'binary_same' | 'fill'}_${'f32' | 'f64' | 'i32'}`
  | `${'unary_backward' | 'copy' | 'axpby'}_${'f32' | 'f64'}`
>;

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_K = 0.044715;
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erf by a different route than the kernels' (an independent oracle): the Maclaurin series below
 * |x| = 1.5 (terms stay below 1.2, so no cancellation to speak of), and above it 1 - erfc(|x|) with
 * erfc's continued fraction e^-x^2 / sqrt(pi) / (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...))))
 * evaluated from 400 levels down (converged to double precision for x >= 1.5).
 */
export function erfReference(x: number): number {
  const a = Math.abs(x);
  if (Number.isNaN(x) || x === 0) return x; // keeps -0
  if (a < 1.5) {
    let term = x, sum = x;
    for (let k = 1; k < 60; k++) {
      term *= (-x * x) / k;
      sum += term / (2 * k + 1);
    }
    return TWO_OVER_SQRT_PI * sum;
  }
  if (a === Infinity) return Math.sign(x);
  let fraction = a;
  for (let k = 400; k >= 1; k--) fraction = a + k / 2 / fraction;
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / fraction;
  return Math.sign(x) * (1 - erfc);
}

export function unaryReference(op: number, x: number, alpha: number): number {
  switch (op) {
    case UnaryOp.neg: return -x;
    case UnaryOp.abs: return Math.abs(x);
    case UnaryOp.sign: return x > 0 ? 1 : x < 0 ? -1 : x;
    case UnaryOp.exp: return Math.exp(x);
    case UnaryOp.log: return Math.log(x);
    case UnaryOp.log1p: return Math.log1p(x);
    case UnaryOp.sqrt: return Math.sqrt(x);
    case UnaryOp.rsqrt: return 1 / Math.sqrt(x);
    case UnaryOp.square: return x * x;
    case UnaryOp.relu: return x < 0 ? 0 : x;
    case UnaryOp.leakyRelu: return x < 0 ? alpha * x : x;
    case UnaryOp.sigmoid: return sigmoid(x);
    case UnaryOp.tanh: return Math.tanh(x);
    case UnaryOp.gelu: return 0.5 * x * (1 + erfReference(x * Math.SQRT1_2));
    case UnaryOp.geluTanh: return 0.5 * x * (1 + Math.tanh(GELU_C * (x + GELU_K * x * x * x)));
    case UnaryOp.softplus: return softplus(x);
    case UnaryOp.reciprocal: return 1 / x;
    case UnaryOp.expm1: return Math.expm1(x);
    case UnaryOp.sin: return Math.sin(x);
    case UnaryOp.cos: return Math.cos(x);
    case UnaryOp.floor: return Math.floor(x);
    case UnaryOp.ceil: return Math.ceil(x);
    case UnaryOp.round: return roundHalfEven(x);
    case UnaryOp.silu: return x * sigmoid(x);
    case UnaryOp.mish: return x * Math.tanh(softplus(x));
    case UnaryOp.erf: return erfReference(x);
    default: throw new ArgumentError(`unknown unary op ${op}`);
  }
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function unaryGradReference(op: number, x: number, y: number, dy: number, alpha: number): number {
  switch (op) {
    case UnaryOp.neg: return -dy;
    case UnaryOp.abs: return x > 0 ? dy : x < 0 ? -dy : 0;
    case UnaryOp.exp: return dy * Math.exp(x);
    case UnaryOp.log: return dy / x;
    case UnaryOp.log1p: return dy / (1 + x);
    case UnaryOp.sqrt: return (dy * 0.5) / Math.sqrt(x);
    case UnaryOp.rsqrt: return dy * -0.5 * Math.pow(x, -1.5);
    case UnaryOp.square: return dy * 2 * x;
    case UnaryOp.relu: return x > 0 ? dy : 0;
    case UnaryOp.leakyRelu: return x > 0 ? dy : dy * alpha;
    case UnaryOp.sigmoid: { const s = sigmoid(x); return dy * s * (1 - s); }
    case UnaryOp.tanh: { const t = Math.tanh(x); return dy * (1 - t * t); }
    case UnaryOp.gelu: return dy * (0.5 * (1 + erfReference(x * Math.SQRT1_2)) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI));
    case UnaryOp.geluTanh: {
      const t = Math.tanh(GELU_C * (x + GELU_K * x * x * x));
      return dy * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * GELU_K * x * x));
    }
    case UnaryOp.softplus: return dy * sigmoid(x);
    case UnaryOp.reciprocal: return -dy / (x * x);
    case UnaryOp.expm1: return dy * Math.exp(x);
    case UnaryOp.sin: return dy * Math.cos(x);
    case UnaryOp.cos: return -dy * Math.sin(x);
    case UnaryOp.silu: { const s = sigmoid(x); return dy * s * (1 + x * (1 - s)); }
    case UnaryOp.mish: { const t = Math.tanh(softplus(x)); return dy * (t + x * (1 - t * t) * sigmoid(x)); }
    case UnaryOp.erf: return dy * TWO_OVER_SQRT_PI * Math.exp(-x * x);
    default: return 0;
  }
}

export function binaryReference(op: number, a: number, b: number): number {
  switch (op) {
    case BinaryOp.add: return a + b;
    case BinaryOp.sub: return a - b;
    case BinaryOp.mul: return a * b;
    case BinaryOp.div: return a / b;
    case BinaryOp.pow: return Math.pow(a, b);
    case BinaryOp.maximum: return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
    case BinaryOp.minimum: return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b);
    case BinaryOp.eq: return a === b ? 1 : 0;
    case BinaryOp.ne: return a !== b ? 1 : 0;
    case BinaryOp.lt: return a < b ? 1 : 0;
    case BinaryOp.le: return a <= b ? 1 : 0;
    case BinaryOp.gt: return a > b ? 1 : 0;
    case BinaryOp.ge: return a >= b ? 1 : 0;
    default: throw new ArgumentError(`unknown binary op ${op}`);
  }
}

/** int32 semantics of unary ops: wrapping neg, abs and square; neg abs sign square relu only. */
export function unaryIntReference(op: number, x: number): number {
  switch (op) {
    case UnaryOp.square: return Math.imul(x, x);
    case UnaryOp.neg: case UnaryOp.abs: case UnaryOp.sign: case UnaryOp.relu: return unaryReference(op, x, 0) | 0;
    default: throw new DTypeError(`unary op ${op} has no int32 form`);
  }
}

/** int32 semantics of binary ops: wrapping add, sub and mul; div and pow are not defined. */
export function binaryIntReference(op: number, a: number, b: number): number {
  if (op === BinaryOp.div || op === BinaryOp.pow) throw new DTypeError(`binary op ${op} has no int32 form`);
  return op === BinaryOp.mul ? Math.imul(a, b) : binaryReference(op, a, b) | 0;
}

type View = Float32Array | Float64Array | Int32Array;
type ViewOf = (buffer: ArrayBufferLike) => View;
const F32: ViewOf = (b) => new Float32Array(b), F64: ViewOf = (b) => new Float64Array(b), I32: ViewOf = (b) => new Int32Array(b);

/** The element loops of every dtype: one formula, float64 maths, one rounding at the store. */
function loops(heap: Heap, viewOf: ViewOf, round: (v: number) => number) {
  const at = (ptr: number, f: View) => ptr / f.BYTES_PER_ELEMENT;
  return {
    unary(op: number, n: number, x: number, y: number, alpha: number, fn = unaryReference): void {
      const f = viewOf(heap.memory.buffer), X = at(x, f), Y = at(y, f), a = round(alpha);
      for (let i = 0; i < n; i++) f[Y + i] = fn(op, f[X + i]!, a);
    },
    unaryBackward(op: number, n: number, x: number, y: number, dy: number, dx: number, alpha: number): void {
      const f = viewOf(heap.memory.buffer), X = at(x, f), Y = at(y, f), DY = at(dy, f), DX = at(dx, f), a = round(alpha);
      for (let i = 0; i < n; i++) f[DX + i] = unaryGradReference(op, f[X + i]!, f[Y + i]!, f[DY + i]!, a);
    },
    binary(op: number, rank: number, shapePtr: number, stridesA: number, stridesB: number, a: number, b: number, out: number, fn = binaryReference): void {
      const shape = heap.i32(shapePtr, rank), sa = heap.i32(stridesA, rank), sb = heap.i32(stridesB, rank);
      let total = 1;
      for (let d = 0; d < rank; d++) total *= shape[d]!;
      const f = viewOf(heap.memory.buffer), A = at(a, f), B = at(b, f), O = at(out, f);
      for (let i = 0; i < total; i++) {
        let rem = i, offA = 0, offB = 0;
        for (let d = rank - 1; d >= 0; d--) {
          const idx = rem % shape[d]!;
          rem = Math.floor(rem / shape[d]!);
          offA += idx * sa[d]!;
          offB += idx * sb[d]!;
        }
        f[O + i] = fn(op, f[A + offA]!, f[B + offB]!);
      }
    },
    binarySame(op: number, n: number, a: number, b: number, out: number, fn = binaryReference): void {
      const f = viewOf(heap.memory.buffer), A = at(a, f), B = at(b, f), O = at(out, f);
      for (let i = 0; i < n; i++) f[O + i] = fn(op, f[A + i]!, f[B + i]!);
    },
    fill(n: number, x: number, value: number): void {
      const f = viewOf(heap.memory.buffer);
      f.fill(value, at(x, f), at(x, f) + n);
    },
    copy(n: number, src: number, dst: number): void {
      const f = viewOf(heap.memory.buffer);
      f.copyWithin(at(dst, f), at(src, f), at(src, f) + n);
    },
    axpby(n: number, alpha: number, x: number, beta: number, y: number): void {
      const f = viewOf(heap.memory.buffer), X = at(x, f), Y = at(y, f), a = round(alpha), b = round(beta);
      for (let i = 0; i < n; i++) f[Y + i] = b === 0 ? a * f[X + i]! : a * f[X + i]! + b * f[Y + i]!;
    },
  };
}

export function elementwiseReference(heap: Heap): ElementwiseKernels {
  const f32 = loops(heap, F32, Math.fround), f64 = loops(heap, F64, (v) => v), i32 = loops(heap, I32, (v) => v | 0);
  return {
    unary_f32: (op, n, x, y, alpha) => f32.unary(op, n, x, y, alpha),
    unary_f64: (op, n, x, y, alpha) => f64.unary(op, n, x, y, alpha),
    unary_i32: (op, n, x, y) => i32.unary(op, n, x, y, 0, unaryIntReference),
    unary_op_count: () => Object.keys(UnaryOp).length,
    unary_backward_f32: f32.unaryBackward,
    unary_backward_f64: f64.unaryBackward,
    binary_f32: (...args) => f32.binary(...args),
    binary_f64: (...args) => f64.binary(...args),
    binary_i32: (...args) => i32.binary(...args, binaryIntReference),
    binary_same_f32: (...args) => f32.binarySame(...args),
    binary_same_f64: (...args) => f64.binarySame(...args),
    binary_same_i32: (...args) => i32.binarySame(...args, binaryIntReference),
    fill_f32: f32.fill,
    fill_f64: f64.fill,
    fill_i32: i32.fill,
    copy_f32: f32.copy,
    copy_f64: f64.copy,
    axpby_f32: f32.axpby,
    axpby_f64: f64.axpby,
  };
}
