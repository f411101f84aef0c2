// The float64 GEMM epilogue: C = act(alpha * acc + beta * C + bias), as gemm-epilogue.ts for f32.
// Activations run the scalar float64 formulas of unary-math.ts (the same as unary_f64), so
// GEMM + activation == GEMM then unary_f64. State is set per K block by the driver.
import { madd2 } from './math-f64';
import { unary64 } from './unary-math';

let epAlpha: f64 = 1;
let epBeta: f64 = 0;
let epReadC: bool = false;
let epLast: bool = true;
let epBias: usize = 0;
let epAct: i32 = -1;
let epSlope: f64 = 0.01;
let epPlain: bool = false;

/** The activation and bias of the final store (bias 0 = none; act -1 = none). */
export function setActivation64(bias: usize, act: i32, slope: f64): void {
  epBias = bias;
  epAct = act;
  epSlope = slope;
}

/** Scaling of the next stores (after setActivation64); readC false ignores C; last adds bias and activation. */
export function setEpilogue64(alpha: f64, beta: f64, readC: bool, last: bool): void {
  epAlpha = alpha;
  epBeta = beta;
  epReadC = readC;
  epLast = last;
  epPlain = alpha == 1 && !readC && (!last || (epBias == 0 && epAct < 0));
}

/** True when the epilogue is the identity: store acc as is. */
@inline export function plainStore64(): bool {
  return epPlain;
}

/** Stores two finished values of C at cp; col is the column of the first (for the bias). */
@inline export function finishVec64(acc: v128, cp: usize, col: i32): void {
  let v = f64x2.mul(acc, f64x2.splat(epAlpha));
  if (epReadC) v = madd2(v128.load(cp), f64x2.splat(epBeta), v);
  if (epLast) {
    if (epBias != 0) v = f64x2.add(v, v128.load(epBias + (<usize>col << 3)));
    if (epAct >= 0) {
      v = f64x2.replace_lane(v, 0, unary64(epAct, f64x2.extract_lane(v, 0), epSlope));
      v = f64x2.replace_lane(v, 1, unary64(epAct, f64x2.extract_lane(v, 1), epSlope));
    }
  }
  v128.store(cp, v);
}

/** One value, through the same maths as finishVec64. */
export function finish1_64(acc: f64, cp: usize, col: i32): void {
  let v = acc * epAlpha;
  if (epReadC) v = f64x2.extract_lane(madd2(f64x2.splat(load<f64>(cp)), f64x2.splat(epBeta), f64x2.splat(v)), 0);
  if (epLast) {
    if (epBias != 0) v += load<f64>(epBias + (<usize>col << 3));
    if (epAct >= 0) v = unary64(epAct, v, epSlope);
  }
  store<f64>(cp, v);
}

/** Finishes `cols` values of one row of C at dst from acc (src = 0: acc is zero). col0: first column. */
export function epilogueRow64(src: usize, dst: usize, cols: i32, col0: i32): void {
  let j = 0;
  if (src == 0) {
    for (; j + 2 <= cols; j += 2) finishVec64(f64x2.splat(0.0), dst + (<usize>j << 3), col0 + j);
    for (; j < cols; j++) finish1_64(0, dst + (<usize>j << 3), col0 + j);
    return;
  }
  for (; j + 2 <= cols; j += 2) finishVec64(v128.load(src + (<usize>j << 3)), dst + (<usize>j << 3), col0 + j);
  for (; j < cols; j++) finish1_64(load<f64>(src + (<usize>j << 3)), dst + (<usize>j << 3), col0 + j);
}
