// TypeScript implementations of the elementwise primitives over typed arrays. They run the
// float64 path (gradCheck's reference, float64 tensors) and int32 data; float32 goes to the kernels.
import type { BinaryOpName, UnaryOpName } from '@neurite/kernels';

export type Floats = Float32Array | Float64Array;
export type Numbers = Float32Array | Float64Array | Int32Array;

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_K = 0.044715;
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export function unaryValue(op: UnaryOpName, x: number, alpha: number): number {
  switch (op) {
    case 'neg': return -x;
    case 'abs': return Math.abs(x);
    case 'sign': return x > 0 ? 1 : x < 0 ? -1 : x;
    case 'exp': return Math.exp(x);
    case 'log': return Math.log(x);
    case 'log1p': return Math.log1p(x);
    case 'sqrt': return Math.sqrt(x);
    case 'rsqrt': return 1 / Math.sqrt(x);
    case 'square': return x * x;
    case 'relu': return x < 0 ? 0 : x;
    case 'leakyRelu': return x < 0 ? alpha * x : x;
    case 'sigmoid': return sigmoid(x);
    case 'tanh': return Math.tanh(x);
    case 'gelu': return 0.5 * x * (1 + Math.tanh(GELU_C * (x + GELU_K * x * x * x)));
    case 'softplus': return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    case 'reciprocal': return 1 / x;
    case 'expm1': return Math.expm1(x);
    case 'sin': return Math.sin(x);
    case 'cos': return Math.cos(x);
    case 'floor': return Math.floor(x);
    case 'ceil': return Math.ceil(x);
    case 'round': { const r = Math.round(x); return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r; }
  }
}

/** dy * f'(x), with y = f(x). */
export function unaryGradValue(op: UnaryOpName, x: number, y: number, dy: number, alpha: number): number {
  switch (op) {
    case 'neg': return -dy;
    case 'abs': return x > 0 ? dy : x < 0 ? -dy : 0;
    case 'exp': return dy * y;
    case 'log': return dy / x;
    case 'log1p': return dy / (1 + x);
    case 'sqrt': return (dy * 0.5) / y;
    case 'rsqrt': return dy * -0.5 * y * y * y;
    case 'square': return dy * 2 * x;
    case 'relu': return x > 0 ? dy : 0;
    case 'leakyRelu': return x > 0 ? dy : dy * alpha;
    case 'sigmoid': return dy * y * (1 - y);
    case 'tanh': return dy * (1 - y * y);
    case 'gelu': {
      const t = Math.tanh(GELU_C * (x + GELU_K * x * x * x));
      return dy * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * GELU_K * x * x));
    }
    case 'softplus': return dy * sigmoid(x);
    case 'reciprocal': return -dy * y * y;
    case 'expm1': return dy * (y + 1);
    case 'sin': return dy * Math.cos(x);
    case 'cos': return -dy * Math.sin(x);
    default: return 0;
  }
}

export function binaryValue(op: BinaryOpName, a: number, b: number): number {
  switch (op) {
    case 'add': return a + b;
    case 'sub': return a - b;
    case 'mul': return a * b;
    case 'div': return a / b;
    case 'pow': return Math.pow(a, b);
    case 'maximum': return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
    case 'minimum': return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b);
    case 'eq': return a === b ? 1 : 0;
    case 'ne': return a !== b ? 1 : 0;
    case 'lt': return a < b ? 1 : 0;
    case 'le': return a <= b ? 1 : 0;
    case 'gt': return a > b ? 1 : 0;
    case 'ge': return a >= b ? 1 : 0;
  }
}

export function unaryJs(op: UnaryOpName, x: Numbers, y: Numbers, alpha: number): void {
  for (let i = 0; i < x.length; i++) y[i] = unaryValue(op, x[i]!, alpha);
}

export function unaryBackwardJs(op: UnaryOpName, x: Numbers, y: Numbers, dy: Numbers, dx: Numbers, alpha: number): void {
  for (let i = 0; i < x.length; i++) dx[i] = unaryGradValue(op, x[i]!, y[i]!, dy[i]!, alpha);
}

/** Visits every index of `shape` in row-major order, calling fn with the running offsets. */
export function forEachOffset(shape: readonly number[], strides: readonly (readonly number[])[], fn: (i: number, offsets: number[]) => void): void {
  const rank = shape.length;
  let total = 1;
  for (const d of shape) total *= d;
  if (total === 0) return;
  const idx = new Array<number>(rank).fill(0);
  const off = strides.map(() => 0);
  for (let i = 0; i < total; i++) {
    fn(i, off);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]!++;
      for (let k = 0; k < strides.length; k++) off[k]! += strides[k]![d]!;
      if (idx[d]! < shape[d]!) break;
      for (let k = 0; k < strides.length; k++) off[k]! -= strides[k]![d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}

/** out (contiguous) = a op b, operands read with broadcast strides. */
export function binaryJs(op: BinaryOpName, shape: readonly number[], a: Numbers, sa: readonly number[], b: Numbers, sb: readonly number[], out: Numbers): void {
  forEachOffset(shape, [sa, sb], (i, [oa, ob]) => {
    out[i] = binaryValue(op, a[oa!]!, b[ob!]!);
  });
}
