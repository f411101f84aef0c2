// The GEMM epilogue: C = act(alpha * acc + beta * C + bias), applied as each tile of C is stored.
// State is set once per K block by the driver (setEpilogue) so the micro-kernels stay small.
// Activation codes are the unary op codes of elementwise.ts (src/ops/op-codes.ts); -1 = none.
// The maths is unary-math.ts's unary4, so GEMM + activation == GEMM then unary_f32.
import { madd } from './math';
import { unary4 } from './unary-math';

let epAlpha: f32 = 1;
let epBeta: f32 = 0;
let epReadC: bool = false;
let epLast: bool = true;
let epBias: usize = 0;
let epAct: i32 = -1;
let epSlope: f32 = 0.01;
let epPlain: bool = false;

/** The activation and bias of the final store (bias 0 = none; act -1 = none). */
export function setActivation(bias: usize, act: i32, slope: f32): void {
  epBias = bias;
  epAct = act;
  epSlope = slope;
}

/**
 * Scaling of the next stores (call after setActivation). readC false ignores C's old contents (beta = 0, NaN included);
 * last applies bias and activation (the final K block).
 */
export function setEpilogue(alpha: f32, beta: f32, readC: bool, last: bool): void {
  epAlpha = alpha;
  epBeta = beta;
  epReadC = readC;
  epLast = last;
  epPlain = alpha == 1 && !readC && (!last || (epBias == 0 && epAct < 0));
}

/** True when the epilogue is the identity (alpha 1, C not read, no bias or activation): store acc as is. */
@inline export function plainStore(): bool {
  return epPlain;
}

/** The activation `act` per lane (unary-math.ts's formula: the same as unary_f32's). Not inlined: one copy for every store site. */
function activation4(act: i32, x: v128, slope: f32): v128 {
  return unary4(act, x, slope);
}

/** Stores four finished values of row-major C at cp; col is the column of the first (for the bias). */
@inline export function finishVec(acc: v128, cp: usize, col: i32): void {
  let v = f32x4.mul(acc, f32x4.splat(epAlpha));
  if (epReadC) v = madd(v128.load(cp), f32x4.splat(epBeta), v);
  if (epLast) {
    if (epBias != 0) v = f32x4.add(v, v128.load(epBias + (<usize>col << 2)));
    if (epAct >= 0) v = activation4(epAct, v, epSlope);
  }
  v128.store(cp, v);
}

/** One value, through the same lane maths as finishVec (tails match bodies bit for bit). */
export function finish1(acc: f32, cp: usize, col: i32): void {
  let v = f32x4.mul(f32x4.splat(acc), f32x4.splat(epAlpha));
  if (epReadC) v = madd(f32x4.splat(load<f32>(cp)), f32x4.splat(epBeta), v);
  if (epLast) {
    if (epBias != 0) v = f32x4.add(v, f32x4.splat(load<f32>(epBias + (<usize>col << 2))));
    if (epAct >= 0) v = activation4(epAct, v, epSlope);
  }
  store<f32>(cp, f32x4.extract_lane(v, 0));
}

/** Finishes `cols` values of one row of C at dst from acc (src = 0: acc is zero). col0: first column. */
export function epilogueRow(src: usize, dst: usize, cols: i32, col0: i32): void {
  let j = 0;
  if (src == 0) {
    for (; j + 4 <= cols; j += 4) finishVec(f32x4.splat(0.0), dst + (<usize>j << 2), col0 + j);
    for (; j < cols; j++) finish1(0, dst + (<usize>j << 2), col0 + j);
    return;
  }
  for (; j + 4 <= cols; j += 4) finishVec(v128.load(src + (<usize>j << 2)), dst + (<usize>j << 2), col0 + j);
  for (; j < cols; j++) finish1(load<f32>(src + (<usize>j << 2)), dst + (<usize>j << 2), col0 + j);
}
