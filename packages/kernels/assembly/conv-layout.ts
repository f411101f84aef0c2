// Layout helpers of the convolution kernels: zero-padded input copies, packed weight panels,
// pixel and tap offset tables, and the partial stores of a channel block's tail.

@inline export function align16(bytes: usize): usize {
  return (bytes + 15) & ~(<usize>15);
}

/** Stores 8 lanes (lo, hi) at dst, or only the first `lanes` of them through `stage` (32 bytes). */
@inline export function store8(dst: usize, lo: v128, hi: v128, lanes: i32, stage: usize): void {
  if (lanes == 8) {
    v128.store(dst, lo);
    v128.store(dst, hi, 16);
  } else {
    v128.store(stage, lo);
    v128.store(stage, hi, 16);
    for (let l = 0; l < lanes; l++) store<f32>(dst + (<usize>l << 2), load<f32>(stage + (<usize>l << 2)));
  }
}

/** Copies `bytes` (a multiple of 4) from src to dst; the ranges do not overlap. Small runs, inlined. */
@inline export function copyFloats(dst: usize, src: usize, bytes: usize): void {
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) v128.store(dst + o, v128.load(src + o));
  for (; o < bytes; o += 4) store<f32>(dst + o, load<f32>(src + o));
}

/**
 * dst[n, ph + i, pw + j, :] = src[n, i, j, :], zero elsewhere; dst is [n, h + 2ph, w + 2pw, c].
 */
export function padInput(src: usize, dst: usize, n: i32, h: i32, w: i32, c: i32, ph: i32, pw: i32): void {
  const hp = h + 2 * ph, wp = w + 2 * pw;
  memory.fill(dst, 0, <usize>n * hp * wp * c << 2);
  const row = <usize>w * c << 2;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < h; i++) {
      const s = src + ((<usize>(b * h + i) * w * c) << 2);
      const d = dst + ((<usize>((b * hp + i + ph) * wp + pw) * c) << 2);
      memory.copy(d, s, row);
    }
  }
}

/** Packs a [k, cols] matrix into column blocks of 8: dst[cb][kp][8], zero past `cols` and `k`. */
export function packColumns8(src: usize, dst: usize, k: i32, kp: i32, cols: i32): void {
  const blocks = (cols + 7) >> 3;
  for (let cb = 0; cb < blocks; cb++) {
    const c0 = cb << 3;
    const lanes = min(8, cols - c0);
    let d = dst + (<usize>cb * kp << 5);
    memory.fill(d + (<usize>k << 5), 0, <usize>(kp - k) << 5);
    for (let r = 0; r < k; r++) {
      const s = src + ((<usize>r * cols + c0) << 2);
      if (lanes == 8) {
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
      } else {
        v128.store(d, f32x4.splat(0));
        v128.store(d, f32x4.splat(0), 16);
        for (let l = 0; l < lanes; l++) store<f32>(d + (<usize>l << 2), load<f32>(s + (<usize>l << 2)));
      }
      d += 32;
    }
  }
}

/**
 * Packs the flipped, transposed weights of the input gradient: w'[a, b, co, ci] =
 * w[kh-1-a, kw-1-b, ci, co], stored as dst[cib][(a*kw + b)*cout + co][8] over ci blocks of 8
 * (kh*kw*cout rows rounded up to 4 per block, the padding rows zero).
 */
export function packFlipped8(w: usize, dst: usize, kh: i32, kw: i32, cin: i32, cout: i32): void {
  const blocks = (cin + 7) >> 3;
  const k = (kh * kw * cout + 3) & ~3; // rows per block, padded like packColumns8
  memory.fill(dst, 0, <usize>blocks * k << 5);
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const tapSrc = (kh - 1 - a) * kw + (kw - 1 - b);
      const tapDst = a * kw + b;
      for (let ci = 0; ci < cin; ci++) {
        const d0 = dst + ((<usize>(ci >> 3) * k + tapDst * cout) << 5) + (<usize>(ci & 7) << 2);
        const s0 = w + ((<usize>(tapSrc * cin + ci) * cout) << 2);
        for (let co = 0; co < cout; co++) {
          store<f32>(d0 + (<usize>co << 5), load<f32>(s0 + (<usize>co << 2)));
        }
      }
    }
  }
}

/**
 * Byte offsets (from the padded input's start) of each output pixel's window origin:
 * table[m] for m = (b*oh + i)*ow + j, window origin (i*sh, j*sw) in the [hp, wp, c] image b.
 */
export function pixelTable(table: usize, n: i32, oh: i32, ow: i32, hp: i32, wp: i32, c: i32, sh: i32, sw: i32): void {
  let t = table;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      let off = ((b * hp + i * sh) * wp) * c;
      for (let j = 0; j < ow; j++) {
        store<i32>(t, off << 2);
        t += 4;
        off += sw * c;
      }
    }
  }
}

/** Lane `l` of v in all four lanes. */
@inline export function lane(v: v128, l: u8): v128 {
  if (l == 0) return v128.shuffle<f32>(v, v, 0, 0, 0, 0);
  if (l == 1) return v128.shuffle<f32>(v, v, 1, 1, 1, 1);
  if (l == 2) return v128.shuffle<f32>(v, v, 2, 2, 2, 2);
  return v128.shuffle<f32>(v, v, 3, 3, 3, 3);
}

/** Byte offsets of each tap (a, b, ci), in HWIO order, from a window origin in a [*, wp, c] image. */
export function tapTable(ktab: usize, kh: i32, kw: i32, c: i32, wp: i32, dh: i32, dw: i32): void {
  let t = ktab;
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      for (let ci = 0; ci < c; ci++) {
        store<i32>(t, ((a * dh * wp + b * dw) * c + ci) << 2);
        t += 4;
      }
    }
  }
}
