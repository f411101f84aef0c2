// The formula and derivative of every unary op, once per precision: float32 (f32x4 bodies; scalar
// Mathf or float64 per lane where SIMD has no form) and float64 (scalar Math). The elementwise
// kernels of both dtypes, the GEMM epilogues and the convolution store all take them from here, so
// GEMM + activation == GEMM then unary, and a new op is written once. Op codes: op-codes.ts.
import { exp1, exp4, madd, sigmoid4, tanh4 } from './math';
import {
  ABS, CEIL, COS, EXP, EXPM1, FLOOR, GELU, LEAKY_RELU, LOG, LOG1P, NEG, RECIPROCAL, RELU, ROUND, RSQRT, SIGMOID,
  SIGN, SIN, SOFTPLUS, SQRT, SQUARE, TANH,
} from './op-codes';

const GELU_C32: f32 = 0.7978845608028654; // sqrt(2/pi)
const GELU_K32: f32 = 0.044715;
const GELU_C: f64 = 0.7978845608028654;
const GELU_K: f64 = 0.044715;

// ---- float32 ----


/** Ops with a SIMD body; the rest run scalar Mathf per lane. */
@inline export function unaryHasSimd(op: i32): bool {
  return op != LOG && op != LOG1P && op != SOFTPLUS && op != EXPM1 && op != SIN && op != COS && op != SIGN;
}

@inline export function unary4(op: i32, x: v128, alpha: f32): v128 {
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
      const inner = f32x4.mul(f32x4.splat(GELU_C32), madd(f32x4.mul(f32x4.splat(GELU_K32), x), f32x4.mul(x, x), x));
      return f32x4.mul(f32x4.mul(f32x4.splat(0.5), x), f32x4.add(one, tanh4(inner)));
    }
    case RECIPROCAL: return f32x4.div(one, x);
    case FLOOR: return f32x4.floor(x);
    case CEIL: return f32x4.ceil(x);
    case ROUND: return f32x4.nearest(x);
    default: return x;
  }
}

@inline export function unary1(op: i32, x: f32, alpha: f32): f32 {
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

/** dy f'(x) for unary op `op` in float32, from x and y = f(x); 0 for sign, floor, ceil and round. */
@inline export function unaryGrad1(op: i32, x: f32, y: f32, dy: f32, alpha: f32): f32 {
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
      const u = GELU_C32 * (x + GELU_K32 * x * x * x);
      const t = f32x4.extract_lane(tanh4(f32x4.splat(u)), 0);
      const du = GELU_C32 * (1 + 3 * GELU_K32 * x * x);
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

// ---- float64 ----

/** 1 / (1 + e^-x), without overflow for large |x|. */
@inline export function sigmoid64(x: f64): f64 {
  if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1.0 + e);
}

/** f(x) for unary op `op` in float64; alpha is leaky relu's slope. Unknown codes pass x through. */
@inline export function unary64(op: i32, x: f64, alpha: f64): f64 {
  switch (op) {
    case NEG: return -x;
    case ABS: return Math.abs(x);
    case SIGN: return x > 0 ? 1.0 : x < 0 ? -1.0 : x; // keeps +-0 and NaN
    case EXP: return Math.exp(x);
    case LOG: return Math.log(x);
    case LOG1P: return Math.log1p(x);
    case SQRT: return Math.sqrt(x);
    case RSQRT: return 1.0 / Math.sqrt(x);
    case SQUARE: return x * x;
    case RELU: return x < 0 ? 0.0 : x;
    case LEAKY_RELU: return x < 0 ? alpha * x : x;
    case SIGMOID: return sigmoid64(x);
    case TANH: return Math.tanh(x);
    case GELU: return 0.5 * x * (1.0 + Math.tanh(GELU_C * (x + GELU_K * x * x * x)));
    case SOFTPLUS: return (x > 0 ? x : 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    case RECIPROCAL: return 1.0 / x;
    case EXPM1: return Math.expm1(x);
    case SIN: return Math.sin(x);
    case COS: return Math.cos(x);
    case FLOOR: return Math.floor(x);
    case CEIL: return Math.ceil(x);
    case ROUND: return nearest<f64>(x); // half to even
    default: return x;
  }
}

/** dy f'(x) for unary op `op`, from x and y = f(x); 0 for ops without a gradient (sign, floor, ceil, round). */
@inline export function unaryGrad64(op: i32, x: f64, y: f64, dy: f64, alpha: f64): f64 {
  switch (op) {
    case NEG: return -dy;
    case ABS: return x > 0 ? dy : x < 0 ? -dy : 0.0;
    case EXP: return dy * y;
    case LOG: return dy / x;
    case LOG1P: return dy / (1.0 + x);
    case SQRT: return dy * 0.5 / y;
    case RSQRT: return dy * -0.5 * y * y * y;
    case SQUARE: return dy * 2.0 * x; // (dy * 2) * x: the f64x2 body rounds the same way
    case RELU: return x > 0 ? dy : 0.0;
    case LEAKY_RELU: return x > 0 ? dy : dy * alpha;
    case SIGMOID: return dy * y * (1.0 - y);
    case TANH: return dy * (1.0 - y * y);
    case GELU: {
      const t = Math.tanh(GELU_C * (x + GELU_K * x * x * x));
      return dy * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * GELU_C * (1.0 + 3.0 * GELU_K * x * x));
    }
    case SOFTPLUS: return dy * sigmoid64(x);
    case RECIPROCAL: return -dy * y * y;
    case EXPM1: return dy * (y + 1.0);
    case SIN: return dy * Math.cos(x);
    case COS: return -dy * Math.sin(x);
    default: return 0.0;
  }
}
