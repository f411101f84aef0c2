// Elementwise primitives with NumPy broadcasting, forward and backward side by side.
// Every dtype makes one kernel call (unary, unary backward, binary with its dtype option).
// dtypes: mixed operands promote (float64 > float32 > int32); unary maths on int32 returns float32;
// int32 (+, -, *, maximum, minimum) stays int32; division and comparisons of int32 give float32.
// Comparisons return 0/1 in the float dtype and carry no gradient.
import { type BinaryOpName, binary, binaryScalar, broadcastShapes, unary, unaryBackward, type UnaryOpName } from '@neurite/kernels';
import { needsGrad, record } from '../autograd/record.ts';
import { atomic } from '../scope.ts';
import { scalar } from '../creation.ts';
import { type DType, promoteTypes } from '../dtype.ts';
import { runtime, runtimeUnchecked } from '../runtime.ts';
import { ArgumentError } from '../errors.ts';
import { checkTensor, emptyLike, emptyTensor, Tensor } from '../tensor.ts';
import { checkNumber, describeValue, INT32_MAX, INT32_MIN } from '../validate.ts';
import { cast } from './copy.ts';
import { sumToShape } from './reduce-kernels.ts';

export type Operand = Tensor | number;

/** One unary kernel call with its recorded gradient (exported for the ops that live in their own files, e.g. erf). */
export function unaryOp(op: UnaryOpName, x: Tensor, alpha = 0.01): Tensor {
  checkTensor(x, op);
  checkNumber(alpha, `${op}: alpha`);
  if (x.dtype === 'int32') {
    return atomic(() => {
      const f = cast(x, 'float32');
      const out = unaryOp(op, f, alpha);
      f.dispose();
      return out;
    });
  }
  const out = emptyLike(x);
  unary(runtimeUnchecked().backend, op, x.storage.ptr, x.size, { out: out.storage.ptr, alpha, dtype: x.dtype });
  if (op === 'sign' || op === 'floor' || op === 'ceil' || op === 'round') return out;
  return record(op, [x], out, [x, out], (g, [xs, ys]) => [unaryGrad(op, xs!, ys!, g, alpha)]);
}

/** dx = g * f'(x) (not recorded: backward runs without grad). */
function unaryGrad(op: UnaryOpName, x: Tensor, y: Tensor, g: Tensor, alpha: number): Tensor {
  const dx = emptyTensor(x.shape, x.dtype, `${op} backward`);
  unaryBackward(runtimeUnchecked().backend, op, x.storage.ptr, y.storage.ptr, g.storage.ptr, x.size, { alpha, out: dx.storage.ptr, dtype: x.dtype });
  return dx;
}

export const neg = (x: Tensor) => unaryOp('neg', x);
export const abs = (x: Tensor) => unaryOp('abs', x);
export const sign = (x: Tensor) => unaryOp('sign', x);
export const exp = (x: Tensor) => unaryOp('exp', x);
export const expm1 = (x: Tensor) => unaryOp('expm1', x);
export const log = (x: Tensor) => unaryOp('log', x);
export const log1p = (x: Tensor) => unaryOp('log1p', x);
export const sqrt = (x: Tensor) => unaryOp('sqrt', x);
export const rsqrt = (x: Tensor) => unaryOp('rsqrt', x);
export const square = (x: Tensor) => unaryOp('square', x);
export const reciprocal = (x: Tensor) => unaryOp('reciprocal', x);
export const relu = (x: Tensor) => unaryOp('relu', x);
/** x for x > 0, alpha x otherwise (alpha 0.01 by default). */
export const leakyRelu = (x: Tensor, alpha = 0.01) => unaryOp('leakyRelu', x, alpha);
export const sigmoid = (x: Tensor) => unaryOp('sigmoid', x);
export const tanh = (x: Tensor) => unaryOp('tanh', x);
/** GELU, exact (PyTorch's default): x Phi(x) = 0.5 x (1 + erf(x / sqrt(2))). */
export const gelu = (x: Tensor) => unaryOp('gelu', x);
/** GELU, tanh approximation (PyTorch's approximate='tanh'): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
export const geluTanh = (x: Tensor) => unaryOp('geluTanh', x);
/** log(1 + e^x), computed without overflow. */
export const softplus = (x: Tensor) => unaryOp('softplus', x);
/** SiLU (swish): x sigmoid(x), as torch.nn.functional.silu; SwiGLU's gate. */
export const silu = (x: Tensor) => unaryOp('silu', x);
/** Mish: x tanh(softplus(x)) (Misra 2019), as torch.nn.functional.mish. */
export const mish = (x: Tensor) => unaryOp('mish', x);
export const sin = (x: Tensor) => unaryOp('sin', x);
export const cos = (x: Tensor) => unaryOp('cos', x);
export const floor = (x: Tensor) => unaryOp('floor', x);
export const ceil = (x: Tensor) => unaryOp('ceil', x);
/** Round half to even. */
export const round = (x: Tensor) => unaryOp('round', x);

const COMPARISON = new Set<BinaryOpName>(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);

/** An operand's dtype and shape, checked before anything is allocated (a number acts as a rank-0 tensor). */
function checkOperand(v: unknown, what: string): void {
  if (v instanceof Tensor) checkTensor(v, what);
  else if (typeof v !== 'number') throw new ArgumentError(`${what}: expected a Tensor or a number, got ${describeValue(v)}`);
}

/** The dtype a number takes beside a tensor of dtype `like`: int32 only for int32-range integers. */
function scalarDType(v: number, like: DType): DType {
  return like === 'int32' && !(Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX) ? 'float32' : like;
}

function toTensor(v: Operand, like: DType): Tensor {
  return v instanceof Tensor ? v : scalar(v, { dtype: scalarDType(v, like) });
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Float shortcuts: same-shape tensors of one float dtype, or a float tensor and a number (no
 * broadcasting bookkeeping, no promotion).
 */
function binaryFast(op: BinaryOpName, a: Operand, b: Operand): Tensor | undefined {
  if (a instanceof Tensor) {
    if (a.dtype === 'int32' || a.isDisposed) return undefined;
    const dtype = a.dtype;
    if (b instanceof Tensor) {
      if (b.dtype !== dtype || b.isDisposed || !sameShape(a.shape, b.shape)) return undefined;
      const out = emptyLike(a);
      binary(runtimeUnchecked().backend, op, a.storage.ptr, a.shape, b.storage.ptr, b.shape, { out: out.storage.ptr, dtype });
      return COMPARISON.has(op) ? out : recordBinary(op, a, b, out);
    }
    if (typeof b !== 'number') return undefined;
    const out = emptyLike(a);
    binaryScalar(runtimeUnchecked().backend, op, a.storage.ptr, a.size, b, { out: out.storage.ptr, dtype });
    return needsGrad(a) && !COMPARISON.has(op) ? recordScalar(op, a, b, false, out) : out;
  }
  if (typeof a === 'number' && b instanceof Tensor && b.dtype !== 'int32' && !b.isDisposed) {
    const out = emptyLike(b);
    binaryScalar(runtimeUnchecked().backend, op, b.storage.ptr, b.size, a, { out: out.storage.ptr, reversed: true, dtype: b.dtype });
    return needsGrad(b) && !COMPARISON.has(op) ? recordScalar(op, b, a, true, out) : out;
  }
  return undefined;
}

/** Backward of `x op c` (or `c op x` when reversed) for a number c: nothing saved for c. */
function recordScalar(op: BinaryOpName, x: Tensor, c: number, reversed: boolean, out: Tensor): Tensor {
  switch (op) {
    case 'add': return record(op, [x], out, [], (g) => [g]);
    case 'sub': return record(op, [x], out, [], (g) => [reversed ? neg(g) : g]);
    case 'mul': return record(op, [x], out, [], (g) => [mul(g, c)]);
    case 'div':
      if (!reversed) return record(op, [x], out, [], (g) => [div(g, c)]);
      return record(op, [x], out, [x, out], (g, [xs, ys]) => {
        const t = mul(g, ys!);
        const u = div(t, xs!);
        const r = neg(u);
        t.dispose();
        u.dispose();
        return [r];
      });
    case 'pow':
      if (!reversed) {
        return record(op, [x], out, [x], (g, [xs]) => {
          const p = pow(xs!, c - 1);
          const t = mul(p, c);
          const r = mul(g, t);
          p.dispose();
          t.dispose();
          return [r];
        });
      }
      return record(op, [x], out, [out], (g, [ys]) => {
        const t = mul(ys!, Math.log(c));
        const r = mul(g, t);
        t.dispose();
        return [r];
      });
    case 'maximum':
    case 'minimum':
      return record(op, [x], out, [x], (g, [xs]) => {
        // Ties send the gradient to the tensor operand.
        const mask = op === 'maximum' ? ge(xs!, c) : le(xs!, c);
        const r = mul(g, mask);
        mask.dispose();
        return [r];
      });
    default:
      return out;
  }
}

function binaryOp(op: BinaryOpName, a: Operand, b: Operand): Tensor {
  runtime(op);
  const fast = binaryFast(op, a, b);
  if (fast !== undefined) return fast;
  return atomic(() => {
    checkOperand(a, `${op}: a`);
    checkOperand(b, `${op}: b`);
    const likeA = a instanceof Tensor ? a.dtype : b instanceof Tensor ? b.dtype : 'float32';
    const dtypeA = a instanceof Tensor ? a.dtype : scalarDType(a, likeA);
    const dtypeB = b instanceof Tensor ? b.dtype : scalarDType(b, dtypeA);
    const shape = broadcastShapes(a instanceof Tensor ? a.shape : [], b instanceof Tensor ? b.shape : [], op);
    const ta = toTensor(a, likeA);
    const tb = toTensor(b, dtypeA);
    let dtype = promoteTypes(dtypeA, dtypeB);
    if (dtype === 'int32' && (op === 'div' || op === 'pow' || COMPARISON.has(op))) dtype = 'float32';
    const ca = ta.dtype === dtype ? ta : cast(ta, dtype);
    const cb = tb.dtype === dtype ? tb : cast(tb, dtype);
    const out = emptyTensor(shape, dtype, op);
    binary(runtimeUnchecked().backend, op, ca.storage.ptr, ca.shape, cb.storage.ptr, cb.shape, { out: out.storage.ptr, dtype });
    let result = out;
    if (!COMPARISON.has(op) && dtype !== 'int32') result = recordBinary(op, ca, cb, out);
    if (ca !== ta) ca.dispose();
    if (cb !== tb) cb.dispose();
    if (ta !== a) ta.dispose();
    if (tb !== b) tb.dispose();
    return result;
  });
}

function recordBinary(op: BinaryOpName, a: Tensor, b: Tensor, out: Tensor): Tensor {
  const aShape = a.shape, bShape = b.shape;
  switch (op) {
    case 'add':
      return record(op, [a, b], out, [], (g, _, need) => [need[0] ? sumToShape(g, aShape) : null, need[1] ? sumToShape(g, bShape) : null]);
    case 'sub':
      return record(op, [a, b], out, [], (g, _, need) => [need[0] ? sumToShape(g, aShape) : null, need[1] ? negSumTo(g, bShape) : null]);
    case 'mul':
      return record(op, [a, b], out, [a, b], (g, [x, y], need) => [
        need[0] ? mulSumTo(g, y!, aShape) : null,
        need[1] ? mulSumTo(g, x!, bShape) : null,
      ]);
    case 'div':
      return record(op, [a, b], out, [b, out], (g, [y, q], need) => {
        const ga = need[0] ? divSumTo(g, y!, aShape) : null;
        let gb: Tensor | null = null;
        if (need[1]) {
          const t = mul(g, q!);
          const u = div(t, y!);
          gb = negSumTo(u, bShape);
          t.dispose();
          u.dispose();
        }
        return [ga, gb];
      });
    case 'pow':
      return record(op, [a, b], out, [a, b, out], (g, [x, y, z], need) => {
        let ga: Tensor | null = null, gb: Tensor | null = null;
        if (need[0]) {
          const ym1 = sub(y!, 1);
          const p = pow(x!, ym1);
          const t = mul(p, y!);
          ga = mulSumTo(g, t, aShape);
          for (const v of [ym1, p, t]) v.dispose();
        }
        if (need[1]) {
          const l = log(x!);
          const t = mul(z!, l);
          gb = mulSumTo(g, t, bShape);
          l.dispose();
          t.dispose();
        }
        return [ga, gb];
      });
    case 'maximum':
    case 'minimum':
      return record(op, [a, b], out, [a, b], (g, [x, y], need) => {
        // Ties send the gradient to a (the first operand).
        const mask = op === 'maximum' ? ge(x!, y!) : le(x!, y!);
        const ga = need[0] ? mulSumTo(g, mask, aShape) : null;
        let gb: Tensor | null = null;
        if (need[1]) {
          const inv = sub(1, mask);
          gb = mulSumTo(g, inv, bShape);
          inv.dispose();
        }
        mask.dispose();
        return [ga, gb];
      });
    default:
      return out;
  }
}

function mulSumTo(g: Tensor, x: Tensor, shape: readonly number[]): Tensor {
  const t = mul(g, x);
  const r = sumToShape(t, shape);
  if (r !== t) t.dispose();
  return r;
}

function divSumTo(g: Tensor, x: Tensor, shape: readonly number[]): Tensor {
  const t = div(g, x);
  const r = sumToShape(t, shape);
  if (r !== t) t.dispose();
  return r;
}

function negSumTo(g: Tensor, shape: readonly number[]): Tensor {
  const t = sumToShape(g, shape);
  const r = neg(t);
  if (t !== g) t.dispose();
  return r;
}

export const add = (a: Operand, b: Operand) => binaryOp('add', a, b);
export const sub = (a: Operand, b: Operand) => binaryOp('sub', a, b);
export const mul = (a: Operand, b: Operand) => binaryOp('mul', a, b);
export const div = (a: Operand, b: Operand) => binaryOp('div', a, b);
export const pow = (a: Operand, b: Operand) => binaryOp('pow', a, b);
export const maximum = (a: Operand, b: Operand) => binaryOp('maximum', a, b);
export const minimum = (a: Operand, b: Operand) => binaryOp('minimum', a, b);
export const eq = (a: Operand, b: Operand) => binaryOp('eq', a, b);
export const ne = (a: Operand, b: Operand) => binaryOp('ne', a, b);
export const lt = (a: Operand, b: Operand) => binaryOp('lt', a, b);
export const le = (a: Operand, b: Operand) => binaryOp('le', a, b);
export const gt = (a: Operand, b: Operand) => binaryOp('gt', a, b);
export const ge = (a: Operand, b: Operand) => binaryOp('ge', a, b);

/** min(max(x, lo), hi); the gradient flows where lo <= x <= hi. */
export function clamp(x: Tensor, lo: number, hi: number): Tensor {
  return atomic(() => {
    checkTensor(x, 'clamp');
    checkNumber(lo, 'clamp: lo');
    checkNumber(hi, 'clamp: hi');
    const m = maximum(x, lo);
    const r = minimum(m, hi);
    m.dispose();
    return r;
  });
}
