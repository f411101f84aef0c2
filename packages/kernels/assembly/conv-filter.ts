// Filter gradient of the NHWC convolution: dw[a, b, ci, co] = sum over pixels of the padded
// input's tap times dy, tiled 4 taps x 8 output channels, reduced over L1-sized pixel chunks.
import {
  align16, lane, padInput, pixelTable, store8, tapTable,
} from './conv-layout';
import { madd } from './math';

/** Taps per register tile. */
const TP = 4;

/**
 * Filter gradient: dw[a, b, ci, co] (= or +=, `accumulate` != 0) sum over n, i, j of
 * x[n, i*sh - ph + a*dh, j*sw - pw + b*dw, ci] dy[n, i, j, co]. dw must not overlap x or dy.
 */
export function conv2d_backward_filter_nhwc_f32(
  x: usize, dy: usize, dw: usize, n: i32, h: i32, width: i32, cin: i32,
  kh: i32, kw: i32, cout: i32, oh: i32, ow: i32, stride_h: i32, stride_w: i32,
  pad_h: i32, pad_w: i32, dil_h: i32, dil_w: i32, accumulate: i32, work: usize,
): void {
  const k = kh * kw * cin;
  const blocks = (cout + 7) >> 3;
  const m = n * oh * ow;
  const hp = h + 2 * pad_h, wp = width + 2 * pad_w;
  const dyp = work;
  const ktab = dyp + (<usize>m << 5); // dyp: the tail channel block, [m][8]
  const stage = ktab + align16(<usize>k << 2);
  const table = stage + 32;
  const padded = table + align16(<usize>m << 2);
  // dy is read in place, row stride cout floats; only a tail block of fewer than 8 channels is
  // copied out (zero padded to 8 lanes, row stride 8) so no load runs past the end of dy.
  const tail = cout & 7;
  if (tail != 0) {
    const c0 = <usize>(cout - tail) << 2;
    for (let r = 0; r < m; r++) {
      const d = dyp + (<usize>r << 5);
      const src = dy + (<usize>r * cout << 2) + c0;
      v128.store(d, f32x4.splat(0));
      v128.store(d, f32x4.splat(0), 16);
      for (let l = 0; l < tail; l++) store<f32>(d + (<usize>l << 2), load<f32>(src + (<usize>l << 2)));
    }
  }
  let xp = x;
  if (pad_h != 0 || pad_w != 0) {
    padInput(x, padded, n, h, width, cin, pad_h, pad_w);
    xp = padded;
  }
  pixelTable(table, n, oh, ow, hp, wp, cin, stride_h, stride_w);
  tapTable(ktab, kh, kw, cin, wp, dil_h, dil_w);
  const zero = f32x4.splat(0);
  const dstride = <usize>cout << 2;
  // Pixels in chunks of MC: the chunk's rows of x and dy stay in L1 while every (tap tile,
  // channel block) reduces over them; partial sums go through dw between chunks.
  for (let mc = 0; mc < m; mc += MC) {
    const mEnd = min(m, mc + MC);
    const add = accumulate != 0 || mc > 0;
    const tbeg = table + (<usize>mc << 2);
    const tend = table + (<usize>mEnd << 2);
    for (let cb = 0; cb < blocks; cb++) {
      const full = (cb << 3) + 8 <= cout;
      const dstep: usize = full ? <usize>cout << 2 : 32;
      const dblk = full ? dy + ((<usize>mc * cout + (cb << 3)) << 2) : dyp + (<usize>mc << 5);
      const lanes = min(8, cout - (cb << 3));
      for (let k0 = 0; k0 < k; k0 += TP) {
        const valid = min(TP, k - k0);
        const kt = ktab + (<usize>k0 << 2);
        const last = <usize>(valid - 1) << 2;
        const o0 = xp + <usize>load<i32>(kt);
        const o1 = xp + <usize>load<i32>(kt + min<usize>(4, last));
        const o2 = xp + <usize>load<i32>(kt + min<usize>(8, last));
        const o3 = xp + <usize>load<i32>(kt + min<usize>(12, last));
        const out = dw + <usize>k0 * dstride + (<usize>cb << 5);
        let a00 = zero, a01 = zero, a10 = zero, a11 = zero, a20 = zero, a21 = zero, a30 = zero, a31 = zero;
        if (add) {
          a00 = loadRow(out, lanes, stage, 0); a01 = loadRow(out, lanes, stage, 16);
          if (valid > 1) { a10 = loadRow(out + dstride, lanes, stage, 0); a11 = loadRow(out + dstride, lanes, stage, 16); }
          if (valid > 2) { a20 = loadRow(out + 2 * dstride, lanes, stage, 0); a21 = loadRow(out + 2 * dstride, lanes, stage, 16); }
          if (valid > 3) { a30 = loadRow(out + 3 * dstride, lanes, stage, 0); a31 = loadRow(out + 3 * dstride, lanes, stage, 16); }
        }
        let d = dblk;
        if (ASC_FEATURE_RELAXED_SIMD && valid == TP && o3 - o0 == 12) {
          // The 4 taps are 4 consecutive floats of every pixel's window: one load, 4 lane shuffles.
          // Measured with relaxed SIMD 1.1x over 4 broadcast loads; plain SIMD, whose adds share a
          // port with the shuffles on some cores, is 1.03-1.1x faster with the broadcasts below.
          for (let tp = tbeg; tp < tend; tp += 4) {
            const xv = v128.load(o0 + <usize>load<i32>(tp));
            const g0 = v128.load(d);
            const g1 = v128.load(d, 16);
            d += dstep;
            let v = lane(xv, 0);
            a00 = madd(v, g0, a00); a01 = madd(v, g1, a01);
            v = lane(xv, 1);
            a10 = madd(v, g0, a10); a11 = madd(v, g1, a11);
            v = lane(xv, 2);
            a20 = madd(v, g0, a20); a21 = madd(v, g1, a21);
            v = lane(xv, 3);
            a30 = madd(v, g0, a30); a31 = madd(v, g1, a31);
          }
        } else if (valid == 1) {
          // A last tile of one tap (k = 9 on a single-channel first layer): only its two madds.
          for (let tp = tbeg; tp < tend; tp += 4) {
            const g0 = v128.load(d);
            const g1 = v128.load(d, 16);
            d += dstep;
            const v = v128.load32_splat(o0 + <usize>load<i32>(tp));
            a00 = madd(v, g0, a00); a01 = madd(v, g1, a01);
          }
        } else {
          for (let tp = tbeg; tp < tend; tp += 4) {
            const base = <usize>load<i32>(tp);
            const g0 = v128.load(d);
            const g1 = v128.load(d, 16);
            d += dstep;
            let v = v128.load32_splat(o0 + base);
            a00 = madd(v, g0, a00); a01 = madd(v, g1, a01);
            v = v128.load32_splat(o1 + base);
            a10 = madd(v, g0, a10); a11 = madd(v, g1, a11);
            v = v128.load32_splat(o2 + base);
            a20 = madd(v, g0, a20); a21 = madd(v, g1, a21);
            v = v128.load32_splat(o3 + base);
            a30 = madd(v, g0, a30); a31 = madd(v, g1, a31);
          }
        }
        store8(out, a00, a01, lanes, stage);
        if (valid > 1) store8(out + dstride, a10, a11, lanes, stage);
        if (valid > 2) store8(out + 2 * dstride, a20, a21, lanes, stage);
        if (valid > 3) store8(out + 3 * dstride, a30, a31, lanes, stage);
      }
    }
  }
}

/** Pixels per chunk of the filter gradient's reduction. */
const MC = 64;

/** Lanes [half/4, half/4 + 4) of an 8-float row of which only `lanes` exist (the rest: garbage). */
@inline function loadRow(src: usize, lanes: i32, stage: usize, half: usize): v128 {
  if (lanes == 8) return v128.load(src + half);
  for (let l = 0; l < lanes; l++) store<f32>(stage + (<usize>l << 2), load<f32>(src + (<usize>l << 2)));
  return v128.load(stage + half);
}
