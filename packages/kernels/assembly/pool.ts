// 2-D max and average pooling, NHWC. Each output pixel walks its window clipped to the image
// (padding never contributes a value) and processes the channel row with f32x4, tail scalar.
// The caller guarantees every window holds at least one input pixel (pad <= kernel / 2).

/** Row-major window bounds of output (i, j), clipped to [0, h) x [0, w): [r0, r1) x [s0, s1). */
@inline function lo(o: i32, stride: i32, pad: i32): i32 {
  return max(o * stride - pad, 0);
}
@inline function hi(o: i32, stride: i32, pad: i32, k: i32, size: i32): i32 {
  return min(o * stride - pad + k, size);
}

/**
 * y[n, i, j, ch] = max over the window of x; argmax (i32) = flat index into x of the first
 * maximum in row-major window order. NaN: the first NaN of a window wins.
 */
export function max_pool2d_nhwc_f32(
  x: usize, y: usize, argmax: usize, n: i32, h: i32, width: i32, c: i32,
  kh: i32, kw: i32, oh: i32, ow: i32, stride_h: i32, stride_w: i32, pad_h: i32, pad_w: i32,
): void {
  if (kh == 2 && kw == 2 && stride_h == 2 && stride_w == 2 && pad_h == 0 && pad_w == 0 && (c & 3) == 0 &&
    2 * oh <= h && 2 * ow <= width) {
    maxPool2x2(x, y, argmax, n, h, width, c, oh, ow);
    return;
  }
  const lane = i32x4(0, 1, 2, 3);
  let o: usize = 0; // output element offset (elements)
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      const r0 = lo(i, stride_h, pad_h), r1 = hi(i, stride_h, pad_h, kh, h);
      for (let j = 0; j < ow; j++) {
        const s0 = lo(j, stride_w, pad_w), s1 = hi(j, stride_w, pad_w, kw, width);
        let ch = 0;
        const vc = i32x4.splat(c);
        for (; ch + 4 <= c; ch += 4) {
          let best = f32x4.splat(-Infinity);
          let rowIdx = i32x4.add(i32x4.splat(((b * h + r0) * width + s0) * c + ch), lane);
          let bi = rowIdx;
          for (let r = r0; r < r1; r++) {
            let idx = rowIdx;
            let px = x + (<usize>i32x4.extract_lane(idx, 0) << 2);
            for (let s = s0; s < s1; s++) {
              const v = v128.load(px);
              // Take v when v > best, or v is NaN and best is not: not (v <= best), unless best is NaN.
              const take = v128.andnot(f32x4.eq(best, best), f32x4.le(v, best));
              best = v128.bitselect(v, best, take);
              bi = v128.bitselect(idx, bi, take);
              idx = i32x4.add(idx, vc);
              px += <usize>c << 2;
            }
            rowIdx = i32x4.add(rowIdx, i32x4.splat(width * c));
          }
          v128.store(y + ((o + <usize>ch) << 2), best);
          v128.store(argmax + ((o + <usize>ch) << 2), bi);
        }
        for (; ch < c; ch++) {
          let best: f32 = -Infinity;
          let bi = ((b * h + r0) * width + s0) * c + ch;
          for (let r = r0; r < r1; r++) {
            for (let s = s0; s < s1; s++) {
              const idx = ((b * h + r) * width + s) * c + ch;
              const v = load<f32>(x + (<usize>idx << 2));
              if (v > best || (v != v && best == best)) {
                best = v;
                bi = idx;
              }
            }
          }
          store<f32>(y + ((o + <usize>ch) << 2), best);
          store<i32>(argmax + ((o + <usize>ch) << 2), bi);
        }
        o += <usize>c;
      }
    }
  }
}

/** One step of the window scan: take v when v > best, or v is NaN and best is not (first maximum wins). */
@inline function scanStep(best: v128, bi: v128, v: v128, idx: v128): v128 {
  const take = v128.andnot(f32x4.eq(best, best), f32x4.le(v, best));
  scanIndex = v128.bitselect(idx, bi, take);
  return v128.bitselect(v, best, take);
}
// The index half of the last scanStep (a per-instance global: safe when instances share memory).
let scanIndex: v128 = i32x4.splat(0);

/**
 * max_pool2d_nhwc_f32 for the common 2x2 window at stride 2 without padding, every window inside
 * the image, C a multiple of 4: the four window pixels of 4 channels are loaded at once and
 * scanned in row-major order with the general path's rule (the same maxima, indices and NaNs),
 * without its loops over window rows and columns (about 1.8x less CPU time on the small CNN's two pools).
 */
function maxPool2x2(x: usize, y: usize, argmax: usize, n: i32, h: i32, width: i32, c: i32, oh: i32, ow: i32): void {
  const lane = i32x4(0, 1, 2, 3);
  const right = i32x4.splat(c), down = i32x4.splat(width * c);
  const pixel = <usize>c << 2, row = <usize>(width * c) << 2;
  let o: usize = 0; // output byte offset
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        const e0 = ((b * h + 2 * i) * width + 2 * j) * c;
        const p0 = x + (<usize>e0 << 2);
        let idx = i32x4.add(i32x4.splat(e0), lane);
        for (let ch: usize = 0; ch < pixel; ch += 16) {
          const p = p0 + ch;
          // The first pixel always becomes (best, index): -Inf <= v only when v is -Inf itself.
          let best = v128.load(p);
          let bi = idx;
          best = scanStep(best, bi, v128.load(p + pixel), i32x4.add(idx, right));
          bi = scanIndex;
          best = scanStep(best, bi, v128.load(p + row), i32x4.add(idx, down));
          bi = scanIndex;
          best = scanStep(best, bi, v128.load(p + row + pixel), i32x4.add(i32x4.add(idx, down), right));
          v128.store(y + o + ch, best);
          v128.store(argmax + o + ch, scanIndex);
          idx = i32x4.add(idx, i32x4.splat(4));
        }
        o += pixel;
      }
    }
  }
}

/** dx = 0, then dx[argmax[e]] += dy[e] for each of the `count` output elements. */
export function max_pool2d_backward_f32(dy: usize, argmax: usize, dx: usize, count: i32, dx_count: i32): void {
  memory.fill(dx, 0, <usize>dx_count << 2);
  for (let e = 0; e < count; e++) {
    const off = <usize>e << 2;
    const p = dx + (<usize>load<i32>(argmax + off) << 2);
    store<f32>(p, load<f32>(p) + load<f32>(dy + off));
  }
}

/** The divisor of output (i, j): the clipped window's size, or kh*kw with count_include_pad. */
@inline function divisor(r0: i32, r1: i32, s0: i32, s1: i32, kh: i32, kw: i32, include_pad: i32): f32 {
  return include_pad != 0 ? <f32>(kh * kw) : <f32>((r1 - r0) * (s1 - s0));
}

/** y[n, i, j, ch] = (sum over the window of x) / divisor. */
export function avg_pool2d_nhwc_f32(
  x: usize, y: usize, n: i32, h: i32, width: i32, c: i32, kh: i32, kw: i32, oh: i32, ow: i32,
  stride_h: i32, stride_w: i32, pad_h: i32, pad_w: i32, count_include_pad: i32,
): void {
  const rowBytes = <usize>c << 2;
  let out = y;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      const r0 = lo(i, stride_h, pad_h), r1 = hi(i, stride_h, pad_h, kh, h);
      for (let j = 0; j < ow; j++) {
        const s0 = lo(j, stride_w, pad_w), s1 = hi(j, stride_w, pad_w, kw, width);
        memory.fill(out, 0, rowBytes);
        for (let r = r0; r < r1; r++) {
          for (let s = s0; s < s1; s++) {
            const src = x + (<usize>((b * h + r) * width + s) << 2) * <usize>c;
            let o: usize = 0;
            for (; o + 16 <= rowBytes; o += 16) v128.store(out + o, f32x4.add(v128.load(out + o), v128.load(src + o)));
            for (; o < rowBytes; o += 4) store<f32>(out + o, load<f32>(out + o) + load<f32>(src + o));
          }
        }
        const inv: f32 = 1 / divisor(r0, r1, s0, s1, kh, kw, count_include_pad);
        const vinv = f32x4.splat(inv);
        let o: usize = 0;
        for (; o + 16 <= rowBytes; o += 16) v128.store(out + o, f32x4.mul(v128.load(out + o), vinv));
        for (; o < rowBytes; o += 4) store<f32>(out + o, load<f32>(out + o) * inv);
        out += rowBytes;
      }
    }
  }
}

/** dx = 0, then each window pixel gets dy / divisor of every window that covers it. */
export function avg_pool2d_backward_nhwc_f32(
  dy: usize, dx: usize, n: i32, h: i32, width: i32, c: i32, kh: i32, kw: i32, oh: i32, ow: i32,
  stride_h: i32, stride_w: i32, pad_h: i32, pad_w: i32, count_include_pad: i32,
): void {
  const rowBytes = <usize>c << 2;
  memory.fill(dx, 0, <usize>n * h * width * rowBytes);
  let g = dy;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      const r0 = lo(i, stride_h, pad_h), r1 = hi(i, stride_h, pad_h, kh, h);
      for (let j = 0; j < ow; j++) {
        const s0 = lo(j, stride_w, pad_w), s1 = hi(j, stride_w, pad_w, kw, width);
        const inv: f32 = 1 / divisor(r0, r1, s0, s1, kh, kw, count_include_pad);
        const vinv = f32x4.splat(inv);
        for (let r = r0; r < r1; r++) {
          for (let s = s0; s < s1; s++) {
            const dst = dx + (<usize>((b * h + r) * width + s) << 2) * <usize>c;
            let o: usize = 0;
            for (; o + 16 <= rowBytes; o += 16) {
              v128.store(dst + o, madd4(v128.load(g + o), vinv, v128.load(dst + o)));
            }
            for (; o < rowBytes; o += 4) store<f32>(dst + o, load<f32>(dst + o) + load<f32>(g + o) * inv);
          }
        }
        g += rowBytes;
      }
    }
  }
}

/** a*b + c, unfused in both builds so the tail and the body round alike. */
@inline function madd4(a: v128, b: v128, c: v128): v128 {
  return f32x4.add(f32x4.mul(a, b), c);
}
