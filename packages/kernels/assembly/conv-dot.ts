// The implicit-GEMM convolution for few output channels (nout <= DOT_MAX_OUT), where a block of
// 8 channels would waste most lanes: each output is a dot product of a pixel's taps with one
// weight column, vectorized along the taps (4 pixels share each weight load), then reduced
// across lanes. Same padded-input and pixel-table conventions as convCore in conv.ts.
import { unary4 } from './unary-math';
import { madd } from './math';

/** conv.ts uses this path when the GEMM has at most this many output columns. */
export const DOT_MAX_OUT = 4;

/** Lane sums of four vectors: [sum a, sum b, sum c, sum d]. */
@inline function sum4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = f32x4.add(v128.shuffle<f32>(a, b, 0, 4, 1, 5), v128.shuffle<f32>(a, b, 2, 6, 3, 7));
  const cd = f32x4.add(v128.shuffle<f32>(c, d, 0, 4, 1, 5), v128.shuffle<f32>(c, d, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(ab, cd, 0, 1, 4, 5), v128.shuffle<f32>(ab, cd, 2, 3, 6, 7));
}

/**
 * Transposes a [k, nout] matrix into columns: dst[j][k] for j < nout (forward weights, HWIO).
 */
export function packColumnsDot(w: usize, dst: usize, k: i32, nout: i32): void {
  for (let j = 0; j < nout; j++) {
    const d = dst + (<usize>j * k << 2);
    for (let r = 0; r < k; r++) store<f32>(d + (<usize>r << 2), load<f32>(w + ((<usize>r * nout + j) << 2)));
  }
}

/**
 * Columns of the input gradient's flipped, transposed weights: dst[ci][(a*kw + b)*cout + co] =
 * w[kh-1-a, kw-1-b, ci, co] (each a contiguous copy of a weight row).
 */
export function packFlippedDot(w: usize, dst: usize, kh: i32, kw: i32, cin: i32, cout: i32): void {
  const k = kh * kw * cout;
  for (let ci = 0; ci < cin; ci++) {
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        const src = w + ((<usize>(((kh - 1 - a) * kw + (kw - 1 - b)) * cin + ci) * cout) << 2);
        memory.copy(dst + ((<usize>ci * k + (a * kw + b) * cout) << 2), src, <usize>cout << 2);
      }
    }
  }
}

/**
 * y[m, j] = act(bias8[j] + sum over taps of xp[table[m] + tap] * wcol[j][tap]), the activation
 * applied to 4 pixels of one channel at a time. `wcol` from packColumnsDot or
 * packFlippedDot; runs as in convCore (runLen floats each, `runs` per kernel row).
 */
@inline export function convDot(
  xp: usize, table: usize, m: i32, c: i32, wp: i32, kh: i32, kw: i32, dh: i32, dw: i32,
  wcol: usize, bias8: usize, y: usize, nout: i32, act: i32, alpha: f32,
): void {
  const runLen = dw == 1 ? kw * c : c;
  const runs = dw == 1 ? 1 : kw;
  const rowStep = <usize>(dh * wp * c) << 2;
  const runStep = <usize>(dw * c) << 2;
  const runBytes = <usize>runLen << 2;
  const bodyBytes = <usize>(runLen & ~3) << 2;
  const k = kh * kw * c;
  const ystride = <usize>nout << 2;
  const zero = f32x4.splat(0);
  for (let m0 = 0; m0 < m; m0 += 4) {
    const valid = min(4, m - m0);
    const tp = table + (<usize>m0 << 2);
    const last = <usize>(valid - 1) << 2;
    const p0 = xp + <usize>load<i32>(tp);
    const p1 = xp + <usize>load<i32>(tp + min<usize>(4, last));
    const p2 = xp + <usize>load<i32>(tp + min<usize>(8, last));
    const p3 = xp + <usize>load<i32>(tp + min<usize>(12, last));
    for (let j = 0; j < nout; j++) {
      let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
      let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
      let wc = wcol + (<usize>j * k << 2);
      for (let r = 0; r < kh; r++) {
        for (let s = 0; s < runs; s++) {
          const off = <usize>r * rowStep + <usize>s * runStep;
          let o: usize = 0;
          for (; o < bodyBytes; o += 16) {
            const wv = v128.load(wc + o);
            a0 = madd(v128.load(p0 + off + o), wv, a0);
            a1 = madd(v128.load(p1 + off + o), wv, a1);
            a2 = madd(v128.load(p2 + off + o), wv, a2);
            a3 = madd(v128.load(p3 + off + o), wv, a3);
          }
          for (; o < runBytes; o += 4) {
            const wv = load<f32>(wc + o);
            s0 += load<f32>(p0 + off + o) * wv;
            s1 += load<f32>(p1 + off + o) * wv;
            s2 += load<f32>(p2 + off + o) * wv;
            s3 += load<f32>(p3 + off + o) * wv;
          }
          wc += runBytes;
        }
      }
      let v = f32x4.add(sum4(a0, a1, a2, a3), f32x4(s0, s1, s2, s3));
      v = unary4(act, f32x4.add(v, v128.load32_splat(bias8 + (<usize>j << 2))), alpha);
      const out = y + <usize>m0 * ystride + (<usize>j << 2);
      store<f32>(out, f32x4.extract_lane(v, 0));
      if (valid > 1) store<f32>(out + ystride, f32x4.extract_lane(v, 1));
      if (valid > 2) store<f32>(out + 2 * ystride, f32x4.extract_lane(v, 2));
      if (valid > 3) store<f32>(out + 3 * ystride, f32x4.extract_lane(v, 3));
    }
  }
}
