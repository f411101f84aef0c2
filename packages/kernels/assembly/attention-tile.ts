// Tiles of the fused f32 attention (attention.ts forward, attention-backward.ts): packing a head's
// keys and values into the workspace, the 4 x 8 score micro-kernel and the masking of a score row.
// Tile sizes: BR query rows against BC keys (BC a multiple of 8; key blocks start at multiples of 8).
import { madd } from './math';
import { G_MASK, allowed, gi } from './attention-mask';

export const BR: i32 = 4;
export const BC: i32 = 64;

@inline export function roundUp(n: i32, m: i32): i32 {
  return (n + m - 1) / m * m;
}

/**
 * Packs n rows of `width` floats (row r at src + r * rowStride floats, contiguous) transposed into
 * dst [width][ld] (ld >= roundUp(n, 8)); columns [n, ld) are zero.
 */
export function packTransposed(src: usize, rowStride: usize, n: i32, width: i32, dst: usize, ld: i32): void {
  const ldBytes = <usize>ld << 2;
  for (let d = 0; d < width; d++) memory.fill(dst + <usize>d * ldBytes + (<usize>n << 2), 0, <usize>(ld - n) << 2);
  for (let r = 0; r < n; r++) {
    const s = src + ((<usize>r * rowStride) << 2), o = dst + (<usize>r << 2);
    for (let d = 0; d < width; d++) store<f32>(o + <usize>d * ldBytes, load<f32>(s + (<usize>d << 2)));
  }
}

/**
 * Packs n rows of `width` floats (strided as packTransposed) into dst [rows][ld], ld a multiple of 8
 * >= width; columns [width, ld) and rows [n, rows) are zero.
 */
export function packRows(src: usize, rowStride: usize, n: i32, width: i32, dst: usize, ld: i32, rows: i32): void {
  const ldBytes = <usize>ld << 2;
  for (let r = 0; r < n; r++) {
    const o = dst + <usize>r * ldBytes;
    memory.copy(o, src + ((<usize>r * rowStride) << 2), <usize>width << 2);
    memory.fill(o + (<usize>width << 2), 0, <usize>(ld - width) << 2);
  }
  if (rows > n) memory.fill(dst + <usize>n * ldBytes, 0, <usize>(rows - n) * ldBytes);
}

/** Interleaves 4 rows of `depth` contiguous floats into dst [depth][4] (dst[4 d + r] = row r's element d). */
export function packTile4(a0: usize, a1: usize, a2: usize, a3: usize, depth: i32, dst: usize): void {
  for (let d = 0; d < depth; d++) {
    const o = <usize>d << 2, p = dst + (<usize>d << 4);
    store<f32>(p, load<f32>(a0 + o)); store<f32>(p, load<f32>(a1 + o), 4);
    store<f32>(p, load<f32>(a2 + o), 8); store<f32>(p, load<f32>(a3 + o), 12);
  }
}

/**
 * out[r][c] = sum_d a[d][r] * bt[d][c0 + c] for the BR rows of the interleaved tile a [depth][4]
 * (packTile4) and c in [0, cols), cols a multiple of 8; bt is [depth][ld] (packTransposed). out
 * rows are BC apart. One vector load and four lane shuffles give the four row values of a depth.
 */
export function scoreTile(a: usize, bt: usize, ld: i32, c0: i32, cols: i32, depth: i32, out: usize): void {
  const ldBytes = <usize>ld << 2;
  const rowBytes = <usize>BC << 2;
  for (let c = 0; c < cols; c += 8) {
    let s00 = f32x4.splat(0), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
    let p = bt + (<usize>(c0 + c) << 2), ap = a;
    for (let d = 0; d < depth; d++) {
      const k0 = v128.load(p), k1 = v128.load(p, 16);
      const qv = v128.load(ap);
      const q0 = f32x4.shuffle(qv, qv, 0, 0, 0, 0), q1 = f32x4.shuffle(qv, qv, 1, 1, 1, 1);
      const q2 = f32x4.shuffle(qv, qv, 2, 2, 2, 2), q3 = f32x4.shuffle(qv, qv, 3, 3, 3, 3);
      s00 = madd(q0, k0, s00); s01 = madd(q0, k1, s01);
      s10 = madd(q1, k0, s10); s11 = madd(q1, k1, s11);
      s20 = madd(q2, k0, s20); s21 = madd(q2, k1, s21);
      s30 = madd(q3, k0, s30); s31 = madd(q3, k1, s31);
      p += ldBytes;
      ap += 16;
    }
    const o = out + (<usize>c << 2);
    v128.store(o, s00); v128.store(o, s01, 16);
    v128.store(o + rowBytes, s10); v128.store(o + rowBytes, s11, 16);
    v128.store(o + 2 * rowBytes, s20); v128.store(o + 2 * rowBytes, s21, 16);
    v128.store(o + 3 * rowBytes, s30); v128.store(o + 3 * rowBytes, s31, 16);
  }
}

/**
 * Turns raw dot products s[0, nP) of query row i against keys [c0, c0 + nP) into logits:
 * s * scale + mask row + key padding row, -Inf where the structural masks forbid (`full` = 0) and
 * for c >= n. `maskRow` points at the additive mask's element (i, 0) (0: none); `pad` at the
 * additive key padding row of the batch (0: none).
 */
export function logitsRow(geom: usize, layout: usize, s: usize, nP: i32, n: i32, scale: f32, maskRow: usize, pad: usize, full: bool, i: i32, c0: i32): void {
  const vs = f32x4.splat(scale);
  for (let c = 0; c < nP; c += 4) {
    const o = <usize>c << 2;
    v128.store(s + o, f32x4.mul(v128.load(s + o), vs));
  }
  if (maskRow != 0) {
    const m = maskRow + (<usize>c0 << 2);
    let c = 0;
    for (; c + 4 <= n; c += 4) {
      const o = <usize>c << 2;
      v128.store(s + o, f32x4.add(v128.load(s + o), v128.load(m + o)));
    }
    for (; c < n; c++) {
      const o = <usize>c << 2;
      store<f32>(s + o, load<f32>(s + o) + load<f32>(m + o));
    }
  }
  if (pad != 0) {
    const m = pad + (<usize>c0 << 2);
    for (let c = 0; c < nP; c += 4) {
      const o = <usize>c << 2;
      v128.store(s + o, f32x4.add(v128.load(s + o), v128.load(m + o)));
    }
  }
  if (!full) {
    for (let c = 0; c < n; c++) if (!allowed(geom, layout, i, c0 + c)) store<f32>(s + (<usize>c << 2), -Infinity);
  }
  for (let c = n; c < nP; c++) store<f32>(s + (<usize>c << 2), -Infinity);
}

/** Pointer to element (i, 0) of the additive mask for (b, h), or 0 without a mask. */
@inline export function maskRowOf(geom: usize, mask: usize, b: i32, h: i32, i: i32): usize {
  if (mask == 0) return 0;
  return mask + ((<usize>b * <usize>gi(geom, G_MASK) + <usize>h * <usize>gi(geom, G_MASK + 1) + <usize>i * <usize>gi(geom, G_MASK + 2)) << 2);
}

/** Writes batch b's additive key padding row (0 or -Inf, -Inf past Tk) into pad [ld]. */
export function padRow(keyPad: usize, b: i32, tk: i32, pad: usize, ld: i32): void {
  const kp = keyPad + ((<usize>b * <usize>tk) << 2);
  for (let j = 0; j < ld; j++) {
    store<f32>(pad + (<usize>j << 2), j < tk && load<i32>(kp + (<usize>j << 2)) == 0 ? 0 : -Infinity);
  }
}

/** Max of s[0, n) (n a multiple of 4); -Inf when every element is -Inf. */
export function rowMax(s: usize, n: i32): f32 {
  let m = f32x4.splat(-Infinity);
  for (let c = 0; c < n; c += 4) m = f32x4.pmax(m, v128.load(s + (<usize>c << 2)));
  return max(max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
}
