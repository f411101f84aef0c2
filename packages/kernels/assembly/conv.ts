// 2-D convolution, NHWC activations and HWIO weights, as an implicit GEMM: rows are output pixels,
// columns output channels, the inner dimension the (kh, kw, ci) taps. A register tile of 4 pixels
// x 8 channels (8 f32x4 accumulators: V8 keeps them, the weights and the pixel values in its 15
// usable xmm registers, where a 6 x 8 tile spilled) runs over the taps of a zero-padded copy of
// the input, so the inner loop has no bounds checks. The stride-1 input gradient is the same
// kernel on the padded dy with flipped, transposed weights; at larger strides it is dy x W^T
// followed by col2im. The filter gradient is in conv-filter.ts, few-channel outputs in conv-dot.ts.
// Workspaces come from the caller (src/ops/conv.ts computes their sizes with the same layout).
import { unary4 } from './unary-math';
import { GELU, GELU_TANH, LEAKY_RELU, RELU, SIGMOID, TANH } from './op-codes';
import { convDot, DOT_MAX_OUT, packColumnsDot, packFlippedDot } from './conv-dot';
import {
  align16, copyFloats, packColumns8, packFlipped8, padInput, pixelTable, store8, tapTable,
} from './conv-layout';
import { madd } from './math';

export { conv2d_backward_filter_nhwc_f32 } from './conv-filter';

/** Pixels per register tile (rows of the implicit GEMM). */
const TP = 4;

/** acc + bias, then relu when `floor` is 0 (floor -Inf: no-op; pmax keeps NaN). */
@inline function biasRelu(acc: v128, bias: v128, floor: v128): v128 {
  return f32x4.pmax(f32x4.add(acc, bias), floor);
}

/**
 * Stores one 4 x 8 tile of accumulators + bias to rows out, out + ystride, ... (`valid` rows),
 * with relu fused when `floor` is zero (pass -Inf for none).
 */
@inline function storeTile(
  out: usize, ystride: usize, valid: i32, lanes: i32, b0: v128, b1: v128, floor: v128, stage: usize,
  a00: v128, a01: v128, a10: v128, a11: v128, a20: v128, a21: v128, a30: v128, a31: v128,
): void {
  store8(out, biasRelu(a00, b0, floor), biasRelu(a01, b1, floor), lanes, stage);
  if (valid > 1) store8(out + ystride, biasRelu(a10, b0, floor), biasRelu(a11, b1, floor), lanes, stage);
  if (valid > 2) store8(out + 2 * ystride, biasRelu(a20, b0, floor), biasRelu(a21, b1, floor), lanes, stage);
  if (valid > 3) store8(out + 3 * ystride, biasRelu(a30, b0, floor), biasRelu(a31, b1, floor), lanes, stage);
}

/**
 * Applies the activation in place to a just-stored tile (`valid` rows of `lanes` floats, in L1).
 * Out of line on purpose: inside the tile loop its constants cost V8 spills of the accumulators.
 */
function activateTile(out: usize, ystride: usize, valid: i32, lanes: i32, act: i32, alpha: f32, stage: usize): void {
  for (let r = 0; r < valid; r++) {
    const row = out + <usize>r * ystride;
    if (lanes == 8) {
      v128.store(row, unary4(act, v128.load(row), alpha));
      v128.store(row, unary4(act, v128.load(row, 16), alpha), 16);
    } else {
      for (let l = 0; l < lanes; l++) store<f32>(stage + (<usize>l << 2), load<f32>(row + (<usize>l << 2)));
      const lo = unary4(act, v128.load(stage), alpha);
      const hi = unary4(act, v128.load(stage, 16), alpha);
      store8(row, lo, hi, lanes, stage);
    }
  }
}

/**
 * The implicit-GEMM forward on a padded input: y[m, :] = act(bias + sum over taps). `wpk` packed
 * by packColumns8 ([cb][kp][8], rows past k zero); `bias8` holds cout rounded up to 8 floats (zero
 * padded); `table` from pixelTable, `ktab` from tapTable; `rows` and `apack` hold 4*kp floats
 * each, where kp is k rounded up to 4. Tiles of 4 pixels of one row broadcast each pixel's value
 * from the input per tap (also when the 4 values are consecutive, as in a single-channel first
 * layer: 4 broadcast loads measured 1.15x over one load and 4 lane shuffles with plain SIMD on a
 * core whose shuffles share a port with the adds, and the same with relaxed SIMD); tiles that
 * wrap to the next row first gather their pixels' taps into `apack` as [k][4 pixels], whose
 * lanes are then broadcast. With dw == 1 the taps of one kernel row are one
 * contiguous run. `act` (a unary op code, < 0 none): relu is fused into the store, the others
 * go through activateTile.
 */
function convCore(
  xp: usize, table: usize, m: i32, c: i32, wp: i32, sw: i32, kh: i32, kw: i32, dh: i32, dw: i32,
  wpk: usize, bias8: usize, y: usize, cout: i32, act: i32, alpha: f32, stage: usize, rows: usize, apack: usize,
  ktab: usize,
): void {
  const runLen = dw == 1 ? kw * c : c;
  const runs = dw == 1 ? 1 : kw;
  const rowStep = <usize>(dh * wp * c) << 2;
  const runStep = <usize>(dw * c) << 2;
  const runBytes = <usize>runLen << 2;
  const k = kh * kw * c;
  const kp = (k + 3) & ~3;
  const rowBytes = <usize>kp << 2;
  const blocks = (cout + 7) >> 3;
  const ystride = <usize>cout << 2;
  const zero = f32x4.splat(0);
  const pixelStep = <usize>(c * sw) << 2;
  // pmax(v, -Inf) = v for every v (NaN included); pmax(v, 0) is relu.
  const floor = f32x4.splat(act == RELU ? 0 : -Infinity);
  memory.fill(rows, 0, 4 * rowBytes);
  for (let m0 = 0; m0 < m; m0 += TP) {
    const valid = min(TP, m - m0);
    const tp = table + (<usize>m0 << 2);
    const last = <usize>(valid - 1) << 2;
    // Missing pixels of a tail tile repeat the last valid one; their results are not stored.
    const p0 = xp + <usize>load<i32>(tp);
    const p3 = xp + <usize>load<i32>(tp + min<usize>(12, last));
    // 4 pixels of one row at a fixed stride: broadcasting straight from the input beats gathering
    // and transposing the tile (measured: 1.05x at 64 channels, 1.8x on a 3-channel first layer).
    const strided = valid == TP && p3 - p0 == 3 * pixelStep;
    if (!strided) {
      for (let p = 0; p < TP; p++) {
        const src = xp + <usize>load<i32>(tp + min<usize>(<usize>p << 2, last));
        let dst = rows + <usize>p * rowBytes;
        for (let r = 0; r < kh; r++) {
          for (let s = 0; s < runs; s++) {
            copyFloats(dst, src + <usize>r * rowStep + <usize>s * runStep, runBytes);
            dst += runBytes;
          }
        }
      }
      // 4 x 4 transposes: apack[tap][pixel].
      let ap = apack;
      for (let q: usize = 0; q < rowBytes; q += 16) {
        const r0 = v128.load(rows + q), r1 = v128.load(rows + rowBytes + q);
        const r2 = v128.load(rows + 2 * rowBytes + q), r3 = v128.load(rows + 3 * rowBytes + q);
        const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
        const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7), t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
        v128.store(ap, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
        v128.store(ap, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 16);
        v128.store(ap, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 32);
        v128.store(ap, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 48);
        ap += 64;
      }
    }
    const out0 = y + <usize>m0 * ystride;
    for (let cb = 0; cb < blocks; cb++) {
      const lanes = min(8, cout - (cb << 3));
      let a00 = zero, a01 = zero, a10 = zero, a11 = zero, a20 = zero, a21 = zero, a30 = zero, a31 = zero;
      let wk = wpk + (<usize>cb * kp << 5);
      if (strided) {
        const kend = ktab + (<usize>k << 2);
        for (let kt = ktab; kt < kend; kt += 4) {
          const q = p0 + <usize>load<i32>(kt);
          const w0 = v128.load(wk);
          const w1 = v128.load(wk, 16);
          wk += 32;
          let x = v128.load32_splat(q);
          a00 = madd(x, w0, a00); a01 = madd(x, w1, a01);
          x = v128.load32_splat(q + pixelStep);
          a10 = madd(x, w0, a10); a11 = madd(x, w1, a11);
          x = v128.load32_splat(q + 2 * pixelStep);
          a20 = madd(x, w0, a20); a21 = madd(x, w1, a21);
          x = v128.load32_splat(q + 3 * pixelStep);
          a30 = madd(x, w0, a30); a31 = madd(x, w1, a31);
        }
      } else {
        const aend = apack + (<usize>k << 4);
        for (let ap = apack; ap < aend; ap += 16) {
          const w0 = v128.load(wk);
          const w1 = v128.load(wk, 16);
          wk += 32;
          let x = v128.load32_splat(ap);
          a00 = madd(x, w0, a00); a01 = madd(x, w1, a01);
          x = v128.load32_splat(ap, 4);
          a10 = madd(x, w0, a10); a11 = madd(x, w1, a11);
          x = v128.load32_splat(ap, 8);
          a20 = madd(x, w0, a20); a21 = madd(x, w1, a21);
          x = v128.load32_splat(ap, 12);
          a30 = madd(x, w0, a30); a31 = madd(x, w1, a31);
        }
      }
      const b0 = v128.load(bias8 + (<usize>cb << 5));
      const b1 = v128.load(bias8 + (<usize>cb << 5), 16);
      const out = out0 + (<usize>cb << 5);
      storeTile(out, ystride, valid, lanes, b0, b1, floor, stage, a00, a01, a10, a11, a20, a21, a30, a31);
      if (act >= 0 && act != RELU) activateTile(out, ystride, valid, lanes, act, alpha, stage);
    }
  }
}

function convDotAct(
  xp: usize, table: usize, m: i32, c: i32, wp: i32, kh: i32, kw: i32, dh: i32, dw: i32,
  wcol: usize, bias8: usize, y: usize, nout: i32, act: i32, alpha: f32,
): void {
  if (act == RELU) convDot(xp, table, m, c, wp, kh, kw, dh, dw, wcol, bias8, y, nout, RELU, alpha);
  else if (act == LEAKY_RELU) convDot(xp, table, m, c, wp, kh, kw, dh, dw, wcol, bias8, y, nout, LEAKY_RELU, alpha);
  else if (act == SIGMOID) convDot(xp, table, m, c, wp, kh, kw, dh, dw, wcol, bias8, y, nout, SIGMOID, alpha);
  else if (act == TANH) convDot(xp, table, m, c, wp, kh, kw, dh, dw, wcol, bias8, y, nout, TANH, alpha);
  else if (act == GELU) convDot(xp, table, m, c, wp, kh, kw, dh, dw, wcol, bias8, y, nout, GELU, alpha);
  else if (act == GELU_TANH) convDot(xp, table, m, c, wp, kh, kw, dh, dw, wcol, bias8, y, nout, GELU_TANH, alpha);
  else if (act < 0) convDot(xp, table, m, c, wp, kh, kw, dh, dw, wcol, bias8, y, nout, -1, alpha);
  // Any other activation of the op table: one instance that switches per store (unary-math.ts).
  else convDot(xp, table, m, c, wp, kh, kw, dh, dw, wcol, bias8, y, nout, act, alpha);
}

/**
 * Forward: y[n, oh, ow, cout] = act(bias + sum x[n, i*sh - ph + a*dh, j*sw - pw + b*dw, ci] w[a, b, ci, co])
 * with zero padding. x [n, h, w, cin], w [kh, kw, cin, cout], bias [cout] or 0 for none, y
 * [n, oh, ow, cout]. act: the unary op code of an activation (scripts/op-table.mjs; leakyRelu's
 * slope is alpha), -1 none. `work`: conv2dWorkspaceBytes in src/ops/conv.ts.
 * All sizes >= 1; y must not overlap x, w or bias.
 */
export function conv2d_nhwc_f32(
  x: usize, w: usize, bias: usize, y: usize, n: i32, h: i32, width: i32, cin: i32,
  kh: i32, kw: i32, cout: i32, oh: i32, ow: i32, stride_h: i32, stride_w: i32,
  pad_h: i32, pad_w: i32, dil_h: i32, dil_w: i32, act: i32, alpha: f32, work: usize,
): void {
  const k = kh * kw * cin;
  const kp = (k + 3) & ~3;
  const blocks = (cout + 7) >> 3;
  const m = n * oh * ow;
  const hp = h + 2 * pad_h, wp = width + 2 * pad_w;
  const wpk = work;
  const bias8 = wpk + (<usize>blocks * kp << 5);
  const stage = bias8 + (<usize>blocks << 5);
  const table = stage + 32;
  const ktab = table + align16(<usize>m << 2);
  const rows = ktab + align16(<usize>kp << 2);
  const apack = rows + <usize>kp * 24;
  const padded = apack + <usize>kp * 24;
  const dot = cout <= DOT_MAX_OUT;
  if (dot) packColumnsDot(w, wpk, k, cout);
  else packColumns8(w, wpk, k, kp, cout);
  memory.fill(bias8, 0, <usize>blocks << 5);
  if (bias != 0) memory.copy(bias8, bias, <usize>cout << 2);
  let xp = x;
  if (pad_h != 0 || pad_w != 0) {
    padInput(x, padded, n, h, width, cin, pad_h, pad_w);
    xp = padded;
  }
  pixelTable(table, n, oh, ow, hp, wp, cin, stride_h, stride_w);
  tapTable(ktab, kh, kw, cin, wp, dil_h, dil_w);
  if (dot) convDotAct(xp, table, m, cin, wp, kh, kw, dil_h, dil_w, wpk, bias8, y, cout, act, alpha);
  else convCore(xp, table, m, cin, wp, stride_w, kh, kw, dil_h, dil_w, wpk, bias8, y, cout, act, alpha, stage, rows, apack, ktab);
}

/**
 * Input gradient: dx[n, h, w, cin] of conv2d_nhwc_f32 given dy [n, oh, ow, cout] and w. At stride
 * 1: a convolution of dy padded by (k-1)*d - pad with the flipped, transposed weights. At larger
 * strides (where that would multiply zeros), and at stride 1 without padding when Cin >= 8 (where the
 * padded dy would add (k-1)*d zero rows and columns per image): backwardInputStrided. The TypeScript
 * wrapper sizes the workspace by the same rule. dx must not overlap dy or w.
 */
export function conv2d_backward_input_nhwc_f32(
  dy: usize, w: usize, dx: usize, n: i32, h: i32, width: i32, cin: i32,
  kh: i32, kw: i32, cout: i32, oh: i32, ow: i32, stride_h: i32, stride_w: i32,
  pad_h: i32, pad_w: i32, dil_h: i32, dil_w: i32, work: usize,
): void {
  if (stride_h > 1 || stride_w > 1 || (pad_h == 0 && pad_w == 0 && cin >= 8)) {
    backwardInputStrided(dy, w, dx, n, h, width, cin, kh, kw, cout, oh, ow, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w, work);
    return;
  }
  const kp = (kh * kw * cout + 3) & ~3;
  const blocks = (cin + 7) >> 3;
  const m = n * h * width;
  const hz = h + (kh - 1) * dil_h, wz = width + (kw - 1) * dil_w;
  const offH = (kh - 1) * dil_h - pad_h, offW = (kw - 1) * dil_w - pad_w;
  const wpk = work;
  const bias8 = wpk + (<usize>blocks * kp << 5);
  const stage = bias8 + (<usize>blocks << 5);
  const table = stage + 32;
  const ktab = table + align16(<usize>m << 2);
  const rows = ktab + align16(<usize>kp << 2);
  const apack = rows + <usize>kp * 24;
  const dyz = apack + <usize>kp * 24;
  const dot = cin <= DOT_MAX_OUT;
  if (dot) packFlippedDot(w, wpk, kh, kw, cin, cout);
  else packFlipped8(w, wpk, kh, kw, cin, cout);
  memory.fill(bias8, 0, <usize>blocks << 5);
  memory.fill(dyz, 0, <usize>n * hz * wz * cout << 2);
  // Stride 1: each dy row lands as one contiguous run of dyz row r = i + offH (memory.copy is a
  // runtime call in V8, so one per row rather than one per pixel).
  const pixel = <usize>cout << 2;
  const j0 = max(0, -offW), j1 = min(ow, wz - offW);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      const r = i + offH;
      if (r < 0 || r >= hz || j0 >= j1) continue;
      memory.copy(
        dyz + <usize>((b * hz + r) * wz + j0 + offW) * pixel,
        dy + <usize>((b * oh + i) * ow + j0) * pixel,
        <usize>(j1 - j0) * pixel,
      );
    }
  }
  pixelTable(table, n, h, width, hz, wz, cout, 1, 1);
  tapTable(ktab, kh, kw, cout, wz, dil_h, dil_w);
  if (dot) convDot(dyz, table, m, cout, wz, kh, kw, dil_h, dil_w, wpk, bias8, dx, cin, -1, 0);
  else convCore(dyz, table, m, cout, wz, 1, kh, kw, dil_h, dil_w, wpk, bias8, dx, cin, -1, 0, stage, rows, apack, ktab);
}

/**
 * Input gradient at stride > 1 without the zeros a zero-inserted dy would multiply: the columns
 * col[m, (a, b, ci)] = sum over co of dy[m, co] w[a, b, ci, co] come from convCore run as a 1x1
 * convolution of dy (rows: the n*oh*ow pixels of dy; columns: the kh*kw*cin taps), then each
 * tap's cin floats are added into the dx pixel it reaches (col2im).
 */
function backwardInputStrided(
  dy: usize, w: usize, dx: usize, n: i32, h: i32, width: i32, cin: i32,
  kh: i32, kw: i32, cout: i32, oh: i32, ow: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, work: usize,
): void {
  const cols = kh * kw * cin;
  const kp = (cout + 3) & ~3;
  const blocks = (cols + 7) >> 3;
  const m = n * oh * ow;
  const wpk = work;
  const bias8 = wpk + (<usize>blocks * kp << 5);
  const stage = bias8 + (<usize>blocks << 5);
  const table = stage + 32;
  const ktab = table + align16(<usize>m << 2);
  const rows = ktab + align16(<usize>kp << 2);
  const apack = rows + <usize>kp * 24;
  const col = apack + <usize>kp * 24;
  // wpk[cb][co][8] = w[cb*8 + l, co], w viewed as [cols, cout]: the GEMM's [cout, cols] operand.
  memory.fill(wpk, 0, <usize>blocks * kp << 5);
  for (let t = 0; t < cols; t++) {
    const d = wpk + (<usize>(t >> 3) * kp << 5) + (<usize>(t & 7) << 2);
    const src = w + (<usize>t * cout << 2);
    for (let co = 0; co < cout; co++) store<f32>(d + (<usize>co << 5), load<f32>(src + (<usize>co << 2)));
  }
  memory.fill(bias8, 0, <usize>blocks << 5);
  pixelTable(table, n, oh, ow, oh, ow, cout, 1, 1);
  tapTable(ktab, 1, 1, cout, ow, 1, 1);
  convCore(dy, table, m, cout, ow, 1, 1, 1, 1, 1, wpk, bias8, col, cols, -1, 0, stage, rows, apack, ktab);
  const pixel = <usize>cin << 2;
  memory.fill(dx, 0, <usize>n * h * width * pixel);
  let src = col;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        for (let a = 0; a < kh; a++) {
          const r = i * sh - ph + a * dh;
          for (let c = 0; c < kw; c++) {
            const q = j * sw - pw + c * dw;
            if (r >= 0 && r < h && q >= 0 && q < width) {
              const dst = dx + <usize>((b * h + r) * width + q) * pixel;
              let o: usize = 0;
              for (; o + 16 <= pixel; o += 16) v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
              for (; o < pixel; o += 4) store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
            }
            src += pixel;
          }
        }
      }
    }
  }
}

/**
 * db[co] = sum over rows of dy[row, co]; dy is [rows, cout]. One pass over dy in row order (each
 * row read once, whole): blocks of 4 rows are summed in registers and added into db, so the reads
 * stream instead of striding down one 4-column strip at a time (4x fewer passes at 16 channels).
 */
export function conv2d_backward_bias_f32(dy: usize, rows: i32, cout: i32, db: usize): void {
  memory.fill(db, 0, <usize>cout << 2);
  const rowBytes = <usize>cout << 2;
  const vecBytes = rowBytes & ~(<usize>15);
  let p = dy;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    for (let o: usize = 0; o < vecBytes; o += 16) {
      const q = p + o;
      const s = f32x4.add(f32x4.add(v128.load(q), v128.load(q + rowBytes)), f32x4.add(v128.load(q + 2 * rowBytes), v128.load(q + 3 * rowBytes)));
      v128.store(db + o, f32x4.add(v128.load(db + o), s));
    }
    for (let o = vecBytes; o < rowBytes; o += 4) {
      const q = p + o;
      store<f32>(db + o, load<f32>(db + o) + ((load<f32>(q) + load<f32>(q + rowBytes)) + (load<f32>(q + 2 * rowBytes) + load<f32>(q + 3 * rowBytes))));
    }
    p += 4 * rowBytes;
  }
  for (; r < rows; r++) {
    for (let o: usize = 0; o < vecBytes; o += 16) v128.store(db + o, f32x4.add(v128.load(db + o), v128.load(p + o)));
    for (let o = vecBytes; o < rowBytes; o += 4) store<f32>(db + o, load<f32>(db + o) + load<f32>(p + o));
    p += rowBytes;
  }
}
