// Vector pieces of the fused decode steps (decode-step.ts, decode-gpt2.ts, decode-attention.ts):
// matrix-vector products over PyTorch's [out, in] rows, RMSNorm and horizontal sums. Batch 1, float32.
// The inner loops walk pointers and read with immediate offsets, so V8 emits one load per vector
// and no address arithmetic per load.
import { madd } from './math';

@inline export function pad4(n: i32): i32 {
  return (n + 3) & ~3;
}

/** [sum(a), sum(b), sum(c), sum(d)]. */
@inline export function sum4x4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = f32x4.add(v128.shuffle<f32>(a, b, 0, 4, 1, 5), v128.shuffle<f32>(a, b, 2, 6, 3, 7)); // a0+a2 b0+b2 a1+a3 b1+b3
  const cd = f32x4.add(v128.shuffle<f32>(c, d, 0, 4, 1, 5), v128.shuffle<f32>(c, d, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(ab, cd, 0, 1, 4, 5), v128.shuffle<f32>(ab, cd, 2, 3, 6, 7));
}

@inline export function sum1(a: v128): f32 {
  const b = f32x4.add(a, v128.shuffle<f32>(a, a, 2, 3, 0, 1));
  return f32x4.extract_lane(b, 0) + f32x4.extract_lane(b, 1);
}

@inline export function dot(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = madd(v128.load(a + (<usize>i << 2)), v128.load(b + (<usize>i << 2)), acc);
  let s = sum1(acc);
  for (; i < n; i++) s += load<f32>(a + (<usize>i << 2)) * load<f32>(b + (<usize>i << 2));
  return s;
}

/** [w0 . x, w1 . x, w2 . x, w3 . x] over the last `n` (< 4) columns, scalar. */
@inline function tail4(w0: usize, w1: usize, w2: usize, w3: usize, x: usize, n: i32): v128 {
  let t0: f32 = 0, t1: f32 = 0, t2: f32 = 0, t3: f32 = 0;
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 2;
    const xv = load<f32>(x + off);
    t0 += load<f32>(w0 + off) * xv;
    t1 += load<f32>(w1 + off) * xv;
    t2 += load<f32>(w2 + off) * xv;
    t3 += load<f32>(w3 + off) * xv;
  }
  return f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(t0), 1, t1), 2, t2), 3, t3);
}

/** y[0..2) (+)= the low two lanes of s. */
@inline function store2(y: usize, s: v128, accumulate: bool): void {
  v128.store64_lane(y, accumulate ? f32x4.add(s, v128.load64_zero(y)) : s, 0);
}

@inline function store4(y: usize, s: v128, accumulate: bool): void {
  v128.store(y, accumulate ? f32x4.add(s, v128.load(y)) : s);
}

/**
 * y[o] (+)= sum_i w[o, i] x[i] for o < rows (w [rows, cols], any 4-byte alignment): eight rows per
 * pass (one f32x4 accumulator each, four columns per iteration, one horizontal reduction per row),
 * then four, then single rows; the last cols % 4 columns in scalar.
 */
export function matvec(w: usize, x: usize, y: usize, rows: i32, cols: i32, accumulate: bool): void {
  const rowBytes = <usize>cols << 2;
  const bodyBytes = <usize>(cols & ~3) << 2;
  const tail = cols & 3;
  let o = 0;
  if (cols == 64) o = matvec64(w, x, y, rows, accumulate);
  for (; o + 8 <= rows; o += 8) {
    let w0 = w + <usize>o * rowBytes;
    let w1 = w0 + rowBytes, w2 = w1 + rowBytes, w3 = w2 + rowBytes, w4 = w3 + rowBytes, w5 = w4 + rowBytes, w6 = w5 + rowBytes, w7 = w6 + rowBytes;
    const stop = w0 + bodyBytes;
    let px = x;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
    while (w0 < stop) {
      const xv = v128.load(px);
      a0 = madd(v128.load(w0), xv, a0);
      a1 = madd(v128.load(w1), xv, a1);
      a2 = madd(v128.load(w2), xv, a2);
      a3 = madd(v128.load(w3), xv, a3);
      a4 = madd(v128.load(w4), xv, a4);
      a5 = madd(v128.load(w5), xv, a5);
      a6 = madd(v128.load(w6), xv, a6);
      a7 = madd(v128.load(w7), xv, a7);
      w0 += 16; w1 += 16; w2 += 16; w3 += 16; w4 += 16; w5 += 16; w6 += 16; w7 += 16; px += 16;
    }
    let s = sum4x4(a0, a1, a2, a3), t = sum4x4(a4, a5, a6, a7);
    if (tail != 0) {
      s = f32x4.add(s, tail4(w0, w1, w2, w3, px, tail));
      t = f32x4.add(t, tail4(w4, w5, w6, w7, px, tail));
    }
    const yo = y + (<usize>o << 2);
    store4(yo, s, accumulate);
    store4(yo + 16, t, accumulate);
  }
  for (; o + 4 <= rows; o += 4) {
    let w0 = w + <usize>o * rowBytes;
    let w1 = w0 + rowBytes, w2 = w1 + rowBytes, w3 = w2 + rowBytes;
    const stop = w0 + bodyBytes;
    let px = x;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    while (w0 < stop) {
      const xv = v128.load(px);
      a0 = madd(v128.load(w0), xv, a0);
      a1 = madd(v128.load(w1), xv, a1);
      a2 = madd(v128.load(w2), xv, a2);
      a3 = madd(v128.load(w3), xv, a3);
      w0 += 16; w1 += 16; w2 += 16; w3 += 16; px += 16;
    }
    let s = sum4x4(a0, a1, a2, a3);
    if (tail != 0) s = f32x4.add(s, tail4(w0, w1, w2, w3, px, tail));
    store4(y + (<usize>o << 2), s, accumulate);
  }
  for (; o < rows; o++) {
    const s = dot(w + <usize>o * rowBytes, x, cols);
    const yo = y + (<usize>o << 2);
    store<f32>(yo, accumulate ? load<f32>(yo) + s : s);
  }
}

/**
 * y = x / sqrt(mean(x^2) + eps) * w over n floats: squares summed in f64 lanes (f64x2), each output
 * (x * rs) * w in f64, rounded once to f32 (as rms-norm.ts).
 */
export function rmsNorm(x: usize, w: usize, y: usize, n: i32, eps: f64): void {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const lo = f64x2.promote_low_f32x4(v), hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    s0 = f64x2.add(s0, f64x2.mul(lo, lo));
    s1 = f64x2.add(s1, f64x2.mul(hi, hi));
  }
  const s = f64x2.add(s0, s1);
  let ss = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (let j = i; j < n; j++) {
    const v = <f64>load<f32>(x + (<usize>j << 2));
    ss += v * v;
  }
  const rs = 1.0 / Math.sqrt(ss / <f64>n + eps);
  const vrs = f64x2.splat(rs);
  for (i = 0; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const v = v128.load(x + off), g = v128.load(w + off);
    const lo = f64x2.mul(f64x2.mul(f64x2.promote_low_f32x4(v), vrs), f64x2.promote_low_f32x4(g));
    const hi = f64x2.mul(f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)), vrs), f64x2.promote_low_f32x4(v128.shuffle<f32>(g, g, 2, 3, 0, 1)));
    v128.store(y + off, v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(y + off, <f32>(<f64>load<f32>(x + off) * rs * <f64>load<f32>(w + off)));
  }
}

/**
 * matvec's passes for rows of 64 columns (stories260K's width): six rows per pass, one pointer
 * walking them, read at immediate offsets 256 bytes apart, so a pass keeps two pointers instead of
 * seven or nine and V8 keeps the six accumulators, the input vector and the six loads in registers
 * (eight rows spilled one accumulator every iteration). Same products in the same order as matvec's.
 * Returns the rows done (a multiple of 6).
 */
function matvec64(w: usize, x: usize, y: usize, rows: i32, accumulate: bool): i32 {
  const groups = rows / 6;
  for (let o = 0; o < groups; o++) {
    let p = w + <usize>o * 1536;
    const stop = p + 256;
    let px = x;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let a4 = f32x4.splat(0), a5 = f32x4.splat(0);
    while (p < stop) {
      const xv = v128.load(px);
      a0 = madd(v128.load(p), xv, a0);
      a1 = madd(v128.load(p, 256), xv, a1);
      a2 = madd(v128.load(p, 512), xv, a2);
      a3 = madd(v128.load(p, 768), xv, a3);
      a4 = madd(v128.load(p, 1024), xv, a4);
      a5 = madd(v128.load(p, 1280), xv, a5);
      p += 16; px += 16;
    }
    const yo = y + <usize>o * 24;
    store4(yo, sum4x4(a0, a1, a2, a3), accumulate);
    store2(yo + 16, sum4x4(a4, a5, a4, a5), accumulate);
  }
  return groups * 6;
}
