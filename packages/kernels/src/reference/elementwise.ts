// Plain-TypeScript reference of assembly/elementwise.ts: float64 maths, one element at a time.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';
import { BinaryOp, UnaryOp } from '../ops/op-codes.ts';

type ElementwiseKernels = Pick<
  KernelExports,
  'unary_f32' | 'unary_op_count' | 'unary_backward_f32' | 'binary_f32' | 'binary_same_f32' | 'fill_f32' | 'copy_f32' | 'axpby_f32'
>;

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_K = 0.044715;
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

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
    case UnaryOp.gelu: return 0.5 * x * (1 + Math.tanh(GELU_C * (x + GELU_K * x * x * x)));
    case UnaryOp.softplus: return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    case UnaryOp.reciprocal: return 1 / x;
    case UnaryOp.expm1: return Math.expm1(x);
    case UnaryOp.sin: return Math.sin(x);
    case UnaryOp.cos: return Math.cos(x);
    case UnaryOp.floor: return Math.floor(x);
    case UnaryOp.ceil: return Math.ceil(x);
    case UnaryOp.round: return roundHalfEven(x);
    default: throw new RangeError(`unknown unary op ${op}`);
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
    case UnaryOp.gelu: {
      const t = Math.tanh(GELU_C * (x + GELU_K * x * x * x));
      return dy * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * GELU_K * x * x));
    }
    case UnaryOp.softplus: return dy * sigmoid(x);
    case UnaryOp.reciprocal: return -dy / (x * x);
    case UnaryOp.expm1: return dy * Math.exp(x);
    case UnaryOp.sin: return dy * Math.cos(x);
    case UnaryOp.cos: return -dy * Math.sin(x);
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
    default: throw new RangeError(`unknown binary op ${op}`);
  }
}

export function elementwiseReference(heap: Heap): ElementwiseKernels {
  return {
    unary_f32(op, n, x, y, alpha) {
      const xs = heap.f32(x, n), ys = heap.f32(y, n);
      for (let i = 0; i < n; i++) ys[i] = unaryReference(op, xs[i]!, Math.fround(alpha));
    },
    unary_op_count: () => Object.keys(UnaryOp).length,
    unary_backward_f32(op, n, x, y, dy, dx, alpha) {
      const xs = heap.f32(x, n), ys = heap.f32(y, n), dys = heap.f32(dy, n), dxs = heap.f32(dx, n);
      for (let i = 0; i < n; i++) dxs[i] = unaryGradReference(op, xs[i]!, ys[i]!, dys[i]!, Math.fround(alpha));
    },
    binary_f32(op, rank, shapePtr, stridesA, stridesB, a, b, out) {
      const shape = heap.i32(shapePtr, rank), sa = heap.i32(stridesA, rank), sb = heap.i32(stridesB, rank);
      let total = 1;
      for (let d = 0; d < rank; d++) total *= shape[d]!;
      const buffer = heap.memory.buffer;
      const f = new Float32Array(buffer);
      for (let i = 0; i < total; i++) {
        let rem = i, offA = 0, offB = 0;
        for (let d = rank - 1; d >= 0; d--) {
          const idx = rem % shape[d]!;
          rem = Math.floor(rem / shape[d]!);
          offA += idx * sa[d]!;
          offB += idx * sb[d]!;
        }
        f[(out >> 2) + i] = binaryReference(op, f[(a >> 2) + offA]!, f[(b >> 2) + offB]!);
      }
    },
    binary_same_f32(op, n, a, b, out) {
      const as = heap.f32(a, n), bs = heap.f32(b, n), outs = heap.f32(out, n);
      for (let i = 0; i < n; i++) outs[i] = binaryReference(op, as[i]!, bs[i]!);
    },
    fill_f32(n, x, value) {
      heap.f32(x, n).fill(value);
    },
    copy_f32(n, src, dst) {
      heap.f32(dst, n).set(heap.f32(src, n).slice());
    },
    axpby_f32(n, alpha, x, beta, y) {
      const xs = heap.f32(x, n), ys = heap.f32(y, n);
      const a = Math.fround(alpha), b = Math.fround(beta);
      for (let i = 0; i < n; i++) ys[i] = b === 0 ? a * xs[i]! : a * xs[i]! + b * ys[i]!;
    },
  };
}
