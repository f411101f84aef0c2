// Elementwise kernels on contiguous f32 data (binary ops: binary.ts).
// Op codes must match src/ops/op-codes.ts. Pointers are byte addresses; n counts elements.
// The exports unary_f32 and unary_backward_f32 switch on the op once, outside the loop (the switch
// is generated from the op table: generated/unary-dispatch.ts); the per-op body is inlined with a
// constant op, so the optimizer folds the branch away. Formulas: unary-math.ts.
import { madd } from './math';
import { unary1, unary4, unaryGrad1, unaryHasSimd } from './unary-math';
import {
  ABS, CEIL, COS, EXP, EXPM1, FLOOR, GELU, LEAKY_RELU, LOG, LOG1P, NEG, RECIPROCAL, RELU, ROUND, RSQRT, SIGMOID,
  SIGN, SIN, SOFTPLUS, SQRT, SQUARE, TANH, UNARY_COUNT,
} from './op-codes';

// ---- unary ----

/** The loop of unary_f32 for one op (a constant after inlining: the switch folds away). */
@inline export function unaryLoop(op: i32, n: i32, x: usize, y: usize, alpha: f32): void {
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

/** Number of unary op codes (lets the TS side check its table against this build). */
export function unary_op_count(): i32 {
  return UNARY_COUNT;
}

// ---- unary backward: dx = dy * f'(x), given x, y = f(x) and dy ----
/** The loop of unary_backward_f32 for one op. */
@inline export function unaryGradLoop(op: i32, n: i32, x: usize, y: usize, dy: usize, dx: usize, alpha: f32): void {
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
