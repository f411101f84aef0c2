// Shared float64 maths: the fused multiply-add of f64x2 lanes and the scalar unary formulas
// (same op codes as elementwise.ts) that the f64 elementwise kernels and the f64 GEMM epilogue
// share. Float64 transcendental functions are AssemblyScript's scalar Math (musl ports, < 1 ulp).

/** a*b + c per f64x2 lane; fused in the relaxed-SIMD build. */
@inline export function madd2(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}

import {
  ABS, CEIL, COS, EXP, EXPM1, FLOOR, GELU, LEAKY_RELU, LOG, LOG1P, NEG, RECIPROCAL, RELU, ROUND, RSQRT, SIGMOID,
  SIGN, SIN, SOFTPLUS, SQRT, SQUARE, TANH,
} from './op-codes';

const GELU_C: f64 = 0.7978845608028654; // sqrt(2/pi)
const GELU_K: f64 = 0.044715;

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
