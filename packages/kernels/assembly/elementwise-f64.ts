// Elementwise kernels on contiguous float64 data: unary ops and their backward (op codes of
// elementwise.ts), fill, copy, axpby. The formulas are unary-math.ts's scalar ones (shared with the
// f64 GEMM epilogue); ops that are one or two instructions also get an f64x2 body, which gives
// the same bits as the scalar formula.
import { madd2 } from './math-f64';
import { unary64, unaryGrad64 } from './unary-math';
import {
  ABS, CEIL, COS, EXP, EXPM1, FLOOR, GELU, LEAKY_RELU, LOG, LOG1P, NEG, RECIPROCAL, RELU, ROUND, RSQRT, SIGMOID,
  SIGN, SIN, SOFTPLUS, SQRT, SQUARE, TANH,
} from './op-codes';

@inline function unaryVec(op: i32, x: v128, alpha: f64): v128 {
  const zero = f64x2.splat(0.0);
  const one = f64x2.splat(1.0);
  switch (op) {
    case NEG: return f64x2.neg(x);
    case ABS: return f64x2.abs(x);
    case SQRT: return f64x2.sqrt(x);
    case RSQRT: return f64x2.div(one, f64x2.sqrt(x));
    case SQUARE: return f64x2.mul(x, x);
    case RELU: return f64x2.pmax(x, zero); // x < 0 ? 0 : x (NaN stays NaN)
    case LEAKY_RELU: return v128.bitselect(f64x2.mul(x, f64x2.splat(alpha)), x, f64x2.lt(x, zero));
    case RECIPROCAL: return f64x2.div(one, x);
    case FLOOR: return f64x2.floor(x);
    case CEIL: return f64x2.ceil(x);
    case ROUND: return f64x2.nearest(x);
    default: return x;
  }
}

@inline function hasVec(op: i32): bool {
  return op == NEG || op == ABS || op == SQRT || op == RSQRT || op == SQUARE || op == RELU || op == LEAKY_RELU ||
    op == RECIPROCAL || op == FLOOR || op == CEIL || op == ROUND;
}

/** The loop of unary_f64 for one op (generated/unary-dispatch.ts switches on the op). */
@inline export function unaryLoop(op: i32, n: i32, x: usize, y: usize, alpha: f64): void {
  let i = 0;
  if (hasVec(op)) {
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      v128.store(y + o, unaryVec(op, v128.load(x + o), alpha));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, unary64(op, load<f64>(x + o), alpha));
  }
}

/** The loop of unary_backward_f64 for one op. */
@inline export function gradLoop(op: i32, n: i32, x: usize, y: usize, dy: usize, dx: usize, alpha: f64): void {
  let i = 0;
  const zero = f64x2.splat(0.0);
  const one = f64x2.splat(1.0);
  if (op == RELU || op == LEAKY_RELU || op == SIGMOID || op == TANH || op == EXP || op == SQUARE) {
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      const g = v128.load(dy + o);
      let r: v128;
      if (op == RELU) r = v128.and(g, f64x2.gt(v128.load(x + o), zero));
      else if (op == LEAKY_RELU) r = v128.bitselect(g, f64x2.mul(g, f64x2.splat(alpha)), f64x2.gt(v128.load(x + o), zero));
      else if (op == SIGMOID) { const s = v128.load(y + o); r = f64x2.mul(f64x2.mul(g, s), f64x2.sub(one, s)); }
      else if (op == TANH) { const t = v128.load(y + o); r = f64x2.mul(g, f64x2.sub(one, f64x2.mul(t, t))); }
      else if (op == EXP) r = f64x2.mul(g, v128.load(y + o));
      else r = f64x2.mul(f64x2.mul(g, f64x2.splat(2.0)), v128.load(x + o));
      v128.store(dx + o, r);
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(dx + o, unaryGrad64(op, load<f64>(x + o), load<f64>(y + o), load<f64>(dy + o), alpha));
  }
}

/** x[i] = value for i < n. */
export function fill_f64(n: i32, x: usize, value: f64): void {
  const v = f64x2.splat(value);
  let i = 0;
  for (; i + 2 <= n; i += 2) v128.store(x + (<usize>i << 3), v);
  for (; i < n; i++) store<f64>(x + (<usize>i << 3), value);
}

/** dst[i] = src[i] for i < n (memmove semantics: the ranges may overlap). */
export function copy_f64(n: i32, src: usize, dst: usize): void {
  memory.copy(dst, src, <usize>n << 3);
}

/** y[i] = alpha * x[i] + beta * y[i] (beta 0 ignores y's old contents, NaN included). */
export function axpby_f64(n: i32, alpha: f64, x: usize, beta: f64, y: usize): void {
  const va = f64x2.splat(alpha);
  let i = 0;
  if (beta == 0) {
    for (; i + 2 <= n; i += 2) { const o = <usize>i << 3; v128.store(y + o, f64x2.mul(va, v128.load(x + o))); }
    for (; i < n; i++) { const o = <usize>i << 3; store<f64>(y + o, alpha * load<f64>(x + o)); }
    return;
  }
  const vb = f64x2.splat(beta);
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, madd2(va, v128.load(x + o), f64x2.mul(vb, v128.load(y + o))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, f64x2.extract_lane(madd2(f64x2.splat(alpha), f64x2.splat(load<f64>(x + o)), f64x2.splat(beta * load<f64>(y + o))), 0));
  }
}

/** x[i] = min(max(x[i], lo), hi) in place; NaN stays NaN. */
export function clip_by_value_f64(n: i32, x: usize, lo: f64, hi: f64): void {
  const vlo = f64x2.splat(lo), vhi = f64x2.splat(hi);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const p = x + (<usize>i << 3);
    v128.store(p, f64x2.pmin(f64x2.pmax(v128.load(p), vlo), vhi)); // pmax(v, lo) = v < lo ? lo : v
  }
  for (; i < n; i++) {
    const p = x + (<usize>i << 3);
    let v = load<f64>(p);
    if (v < lo) v = lo;
    if (hi < v) v = hi;
    store<f64>(p, v);
  }
}
