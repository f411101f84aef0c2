// Elementwise kernels on contiguous f32 data (binary ops: binary.ts).
// Op codes must match src/ops/op-codes.ts. Pointers are byte addresses; n counts elements.
// Each exported loop switches on the op once, outside the loop; the per-op body is inlined with a
// constant op, so the optimizer folds the branch away.
import { exp1, exp4, madd, sigmoid4, tanh4 } from './math';
import {
  ABS, CEIL, COS, EXP, EXPM1, FLOOR, GELU, LEAKY_RELU, LOG, LOG1P, NEG, RECIPROCAL, RELU, ROUND, RSQRT, SIGMOID,
  SIGN, SIN, SOFTPLUS, SQRT, SQUARE, TANH, UNARY_COUNT,
} from './op-codes';

// ---- unary ----

const GELU_C: f32 = 0.7978845608028654; // sqrt(2/pi)
const GELU_K: f32 = 0.044715;

/** Ops with a SIMD body; the rest run scalar Mathf per lane. */
@inline function unaryHasSimd(op: i32): bool {
  return op != LOG && op != LOG1P && op != SOFTPLUS && op != EXPM1 && op != SIN && op != COS && op != SIGN;
}

@inline function unary4(op: i32, x: v128, alpha: f32): v128 {
  const zero = f32x4.splat(0.0);
  const one = f32x4.splat(1.0);
  switch (op) {
    case NEG: return f32x4.neg(x);
    case ABS: return f32x4.abs(x);
    case EXP: return exp4(x);
    case SQRT: return f32x4.sqrt(x);
    case RSQRT: return f32x4.div(one, f32x4.sqrt(x));
    case SQUARE: return f32x4.mul(x, x);
    case RELU: return f32x4.pmax(x, zero); // x < 0 ? 0 : x (NaN stays NaN)
    case LEAKY_RELU: return v128.bitselect(f32x4.mul(x, f32x4.splat(alpha)), x, f32x4.lt(x, zero));
    case SIGMOID: return sigmoid4(x);
    case TANH: return tanh4(x);
    case GELU: {
      const inner = f32x4.mul(f32x4.splat(GELU_C), madd(f32x4.mul(f32x4.splat(GELU_K), x), f32x4.mul(x, x), x));
      return f32x4.mul(f32x4.mul(f32x4.splat(0.5), x), f32x4.add(one, tanh4(inner)));
    }
    case RECIPROCAL: return f32x4.div(one, x);
    case FLOOR: return f32x4.floor(x);
    case CEIL: return f32x4.ceil(x);
    case ROUND: return f32x4.nearest(x);
    default: return x;
  }
}

@inline function unary1(op: i32, x: f32, alpha: f32): f32 {
  switch (op) {
    case SIGN: return x > 0 ? 1.0 : x < 0 ? -1.0 : x; // keeps +-0 and NaN
    case LOG: return Mathf.log(x);
    case LOG1P: return <f32>Math.log1p(<f64>x);
    case SOFTPLUS: { // max(x, 0) + log1p(e^-|x|): no overflow at large |x|
      const m: f32 = x > 0 ? x : 0;
      return m + <f32>Math.log1p(<f64>exp1(-Mathf.abs(x)));
    }
    case EXPM1: return <f32>Math.expm1(<f64>x);
    case SIN: return Mathf.sin(x);
    case COS: return Mathf.cos(x);
    default: return f32x4.extract_lane(unary4(op, f32x4.splat(x), alpha), 0);
  }
}

@inline function unaryLoop(op: i32, n: i32, x: usize, y: usize, alpha: f32): void {
  let i = 0;
  if (unaryHasSimd(op)) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(y + o, unary4(op, v128.load(x + o), alpha));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, unary1(op, load<f32>(x + o), alpha));
  }
}

/** y[i] = f(x[i]) for i < n. `alpha`: the slope of leaky relu; ignored otherwise. x may equal y. */
export function unary_f32(op: i32, n: i32, x: usize, y: usize, alpha: f32): void {
  switch (op) {
    case NEG: unaryLoop(NEG, n, x, y, alpha); break;
    case ABS: unaryLoop(ABS, n, x, y, alpha); break;
    case SIGN: unaryLoop(SIGN, n, x, y, alpha); break;
    case EXP: unaryLoop(EXP, n, x, y, alpha); break;
    case LOG: unaryLoop(LOG, n, x, y, alpha); break;
    case LOG1P: unaryLoop(LOG1P, n, x, y, alpha); break;
    case SQRT: unaryLoop(SQRT, n, x, y, alpha); break;
    case RSQRT: unaryLoop(RSQRT, n, x, y, alpha); break;
    case SQUARE: unaryLoop(SQUARE, n, x, y, alpha); break;
    case RELU: unaryLoop(RELU, n, x, y, alpha); break;
    case LEAKY_RELU: unaryLoop(LEAKY_RELU, n, x, y, alpha); break;
    case SIGMOID: unaryLoop(SIGMOID, n, x, y, alpha); break;
    case TANH: unaryLoop(TANH, n, x, y, alpha); break;
    case GELU: unaryLoop(GELU, n, x, y, alpha); break;
    case SOFTPLUS: unaryLoop(SOFTPLUS, n, x, y, alpha); break;
    case RECIPROCAL: unaryLoop(RECIPROCAL, n, x, y, alpha); break;
    case EXPM1: unaryLoop(EXPM1, n, x, y, alpha); break;
    case SIN: unaryLoop(SIN, n, x, y, alpha); break;
    case COS: unaryLoop(COS, n, x, y, alpha); break;
    case FLOOR: unaryLoop(FLOOR, n, x, y, alpha); break;
    case CEIL: unaryLoop(CEIL, n, x, y, alpha); break;
    case ROUND: unaryLoop(ROUND, n, x, y, alpha); break;
    default: unreachable();
  }
}

/** Number of unary op codes (lets the TS side check its table against this build). */
export function unary_op_count(): i32 {
  return UNARY_COUNT;
}

// ---- unary backward: dx = dy * f'(x), given x, y = f(x) and dy ----
@inline function unaryGrad1(op: i32, x: f32, y: f32, dy: f32, alpha: f32): f32 {
  switch (op) {
    case NEG: return -dy;
    case ABS: return x > 0 ? dy : x < 0 ? -dy : 0;
    case EXP: return dy * y;
    case LOG: return dy / x;
    case LOG1P: return dy / (1 + x);
    case SQRT: return dy * 0.5 / y;
    case RSQRT: return dy * -0.5 * y * y * y;
    case SQUARE: return dy * 2 * x;
    case RELU: return x > 0 ? dy : 0;
    case LEAKY_RELU: return x > 0 ? dy : dy * alpha;
    case SIGMOID: return dy * y * (1 - y);
    case TANH: return dy * (1 - y * y);
    case GELU: {
      const u = GELU_C * (x + GELU_K * x * x * x);
      const t = f32x4.extract_lane(tanh4(f32x4.splat(u)), 0);
      const du = GELU_C * (1 + 3 * GELU_K * x * x);
      return dy * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du);
    }
    case SOFTPLUS: return dy * f32x4.extract_lane(sigmoid4(f32x4.splat(x)), 0);
    case RECIPROCAL: return -dy * y * y;
    case EXPM1: return dy * (y + 1);
    case SIN: return dy * Mathf.cos(x);
    case COS: return -dy * Mathf.sin(x);
    default: return 0; // sign, floor, ceil, round: zero almost everywhere
  }
}

@inline function unaryGradLoop(op: i32, n: i32, x: usize, y: usize, dy: usize, dx: usize, alpha: f32): void {
  let i = 0;
  const zero = f32x4.splat(0.0);
  const one = f32x4.splat(1.0);
  if (op == RELU || op == LEAKY_RELU || op == SIGMOID || op == TANH || op == EXP || op == SQUARE) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const g = v128.load(dy + o);
      let r: v128;
      if (op == RELU) r = v128.and(g, f32x4.gt(v128.load(x + o), zero));
      else if (op == LEAKY_RELU) r = v128.bitselect(g, f32x4.mul(g, f32x4.splat(alpha)), f32x4.gt(v128.load(x + o), zero));
      else if (op == SIGMOID) { const s = v128.load(y + o); r = f32x4.mul(g, f32x4.mul(s, f32x4.sub(one, s))); }
      else if (op == TANH) { const t = v128.load(y + o); r = f32x4.mul(g, f32x4.sub(one, f32x4.mul(t, t))); }
      else if (op == EXP) r = f32x4.mul(g, v128.load(y + o));
      else { const v = v128.load(x + o); r = f32x4.mul(g, f32x4.add(v, v)); }
      v128.store(dx + o, r);
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dx + o, unaryGrad1(op, load<f32>(x + o), load<f32>(y + o), load<f32>(dy + o), alpha));
  }
}

/**
 * dx[i] = dy[i] * f'(x[i]). Reads x and y = f(x) (whichever the derivative needs; pass the same
 * pointer for both when one is not kept). dx may alias dy.
 */
export function unary_backward_f32(op: i32, n: i32, x: usize, y: usize, dy: usize, dx: usize, alpha: f32): void {
  switch (op) {
    case NEG: unaryGradLoop(NEG, n, x, y, dy, dx, alpha); break;
    case ABS: unaryGradLoop(ABS, n, x, y, dy, dx, alpha); break;
    case EXP: unaryGradLoop(EXP, n, x, y, dy, dx, alpha); break;
    case LOG: unaryGradLoop(LOG, n, x, y, dy, dx, alpha); break;
    case LOG1P: unaryGradLoop(LOG1P, n, x, y, dy, dx, alpha); break;
    case SQRT: unaryGradLoop(SQRT, n, x, y, dy, dx, alpha); break;
    case RSQRT: unaryGradLoop(RSQRT, n, x, y, dy, dx, alpha); break;
    case SQUARE: unaryGradLoop(SQUARE, n, x, y, dy, dx, alpha); break;
    case RELU: unaryGradLoop(RELU, n, x, y, dy, dx, alpha); break;
    case LEAKY_RELU: unaryGradLoop(LEAKY_RELU, n, x, y, dy, dx, alpha); break;
    case SIGMOID: unaryGradLoop(SIGMOID, n, x, y, dy, dx, alpha); break;
    case TANH: unaryGradLoop(TANH, n, x, y, dy, dx, alpha); break;
    case GELU: unaryGradLoop(GELU, n, x, y, dy, dx, alpha); break;
    case SOFTPLUS: unaryGradLoop(SOFTPLUS, n, x, y, dy, dx, alpha); break;
    case RECIPROCAL: unaryGradLoop(RECIPROCAL, n, x, y, dy, dx, alpha); break;
    case EXPM1: unaryGradLoop(EXPM1, n, x, y, dy, dx, alpha); break;
    case SIN: unaryGradLoop(SIN, n, x, y, dy, dx, alpha); break;
    case COS: unaryGradLoop(COS, n, x, y, dy, dx, alpha); break;
    default: unaryGradLoop(SIGN, n, x, y, dy, dx, alpha); break;
  }
}

// ---- fill, copy, scale, axpy ----

/** x[i] = value for i < n. */
export function fill_f32(n: i32, x: usize, value: f32): void {
  const v = f32x4.splat(value);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(x + (<usize>i << 2), v);
  for (; i < n; i++) store<f32>(x + (<usize>i << 2), value);
}

/** dst[i] = src[i] for i < n (memmove semantics: the ranges may overlap). */
export function copy_f32(n: i32, src: usize, dst: usize): void {
  memory.copy(dst, src, <usize>n << 2);
}

/** y[i] = alpha * x[i] + beta * y[i] (beta 0 ignores y's old contents, NaN included). */
export function axpby_f32(n: i32, alpha: f32, x: usize, beta: f32, y: usize): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  if (beta == 0) {
    for (; i + 4 <= n; i += 4) { const o = <usize>i << 2; v128.store(y + o, f32x4.mul(va, v128.load(x + o))); }
    for (; i < n; i++) { const o = <usize>i << 2; store<f32>(y + o, alpha * load<f32>(x + o)); }
    return;
  }
  const vb = f32x4.splat(beta);
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, madd(va, v128.load(x + o), f32x4.mul(vb, v128.load(y + o))));
  }
  for (; i < n; i++) { const o = <usize>i << 2; store<f32>(y + o, alpha * load<f32>(x + o) + beta * load<f32>(y + o)); }
}
