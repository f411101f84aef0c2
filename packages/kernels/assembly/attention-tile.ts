// Tiles of the fused f32 attention (attention.ts forward, attention-backward.ts): packing a head's
// keys and values into the workspace, the 4 x 8 score micro-kernel and the masking of a score row.
// Tile sizes: BR query rows against BC keys (BC a multiple of 8; key blocks start at multiples of 8).
import { expNeg4 } from './exp-neg';
import { madd } from './math';
import { G_MASK, allowed, gi, keyEnd, keyStart } from './attention-mask';

/**
 * Exponents below this are raised to it before expNeg4: there e^d = p 2^n with p >= 2^-1/2 and
 * n >= -125 stays a normal float. Below it the product p 2^n is subnormal, and on x86 every vector
 * multiply with a subnormal result takes a microcode assist (~100 cycles): a masked (-Inf) logit,
 * zeroed after the exponential, used to cost that in every partial tile (profiled: a third of a
 * 64-query causal forward at head size 16). e^-86.5 ~ 2.6e-38 is as good as 0 for a probability.
 */
const EXP_FLOOR: f32 = -86.5;

/**
 * e^(x - m) per lane, exactly 0 where x = -Inf (a masked logit); x - m <= 8 (expNeg4's exponent
 * bits hold 2^n up to n = 127), the exponent raised to EXP_FLOOR (no subnormal products).
 */
@inline export function maskedExp4(x: v128, m: v128): v128 {
  const d = f32x4.pmax(f32x4.sub(x, m), f32x4.splat(EXP_FLOOR)); // d < floor ? floor : d (NaN kept)
  return v128.and(expNeg4(d), f32x4.ne(x, f32x4.splat(-Infinity)));
}

export const BR: i32 = 4;
export const BC: i32 = 64;
/**
 * Widest key block of a sliding window's forward (attention.ts). At w = 256, T = 4096, d = 64
 * (same process, alternating, CPU time): ~3% less time than blocks of 64 keys on the plain build,
 * within the noise on the relaxed one; one block of up to 640 keys (each tile's keys streamed
 * from L2) was no better.
 */
export const WIDE: i32 = 168;

@inline export function roundUp(n: i32, m: i32): i32 {
  return (n + m - 1) / m * m;
}

/**
 * Packs n rows of `width` floats (row r at src + r * rowStride floats, contiguous) transposed into
 * 8-key panels: dst [ceil(n / 8)][width][8], element (r, d) at panel r / 8, row d, lane r % 8; the
 * lanes past n of the last panel are zero. A score tile then reads its 8 keys' columns as one
 * contiguous stream (a [width][Tk] layout puts them Tk floats apart, which at Tk = 1024 or 4096
 * maps every row to the same L1 set and thrashes it).
 */
export function packPanels(src: usize, rowStride: usize, n: i32, width: i32, dst: usize): void {
  const panelBytes = <usize>width << 5;
  if ((n & 7) != 0) memory.fill(dst + <usize>(n >> 3) * panelBytes, 0, panelBytes);
  const rs = rowStride << 2;
  let r = 0;
  // Four keys at a time: 4 x 4 blocks transposed in registers, each key quarter-row one store.
  for (; r + 4 <= n; r += 4) {
    const s0 = src + <usize>r * rs, o = dst + <usize>(r >> 3) * panelBytes + (<usize>(r & 7) << 2);
    let d = 0;
    for (; d + 4 <= width; d += 4) {
      const so = <usize>d << 2;
      transpose4Store(v128.load(s0 + so), v128.load(s0 + rs + so), v128.load(s0 + 2 * rs + so), v128.load(s0 + 3 * rs + so), o + (<usize>d << 5), 32);
    }
    for (; d < width; d++) {
      const so = <usize>d << 2, p = o + (<usize>d << 5);
      store<f32>(p, load<f32>(s0 + so)); store<f32>(p, load<f32>(s0 + rs + so), 4);
      store<f32>(p, load<f32>(s0 + 2 * rs + so), 8); store<f32>(p, load<f32>(s0 + 3 * rs + so), 12);
    }
  }
  for (; r < n; r++) {
    const s1 = src + <usize>r * rs, o = dst + <usize>(r >> 3) * panelBytes + (<usize>(r & 7) << 2);
    for (let d = 0; d < width; d++) store<f32>(o + (<usize>d << 5), load<f32>(s1 + (<usize>d << 2)));
  }
}

/** Stores the transpose of the 4 x 4 block (rows a, b, c, e): its row j (lane j of each) at dst + j * step bytes. */
@inline function transpose4Store(a: v128, b: v128, c: v128, e: v128, dst: usize, step: usize): void {
  const t0 = f32x4.shuffle(a, b, 0, 4, 1, 5), t1 = f32x4.shuffle(a, b, 2, 6, 3, 7);
  const t2 = f32x4.shuffle(c, e, 0, 4, 1, 5), t3 = f32x4.shuffle(c, e, 2, 6, 3, 7);
  v128.store(dst, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + step, f32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * step, f32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * step, f32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/**
 * Packs n rows of `width` floats (strided as packPanels) into dst [rows][ld], ld a multiple of 8
 * >= width; columns [width, ld) and rows [n, rows) are zero.
 */
export function packRows(src: usize, rowStride: usize, n: i32, width: i32, dst: usize, ld: i32, rows: i32): void {
  const ldBytes = <usize>ld << 2;
  for (let r = 0; r < n; r++) copyRow(src + ((<usize>r * rowStride) << 2), dst + <usize>r * ldBytes, width, ld);
  if (rows > n) memory.fill(dst + <usize>n * ldBytes, 0, <usize>(rows - n) * ldBytes);
}

/**
 * dst[0, width) = src[0, width), dst[width, ld) = 0 (ld a multiple of 4 >= width): vector moves
 * in place of memory.copy and memory.fill, whose per-call cost dominates rows of a few dozen floats.
 */
@inline export function copyRow(src: usize, dst: usize, width: i32, ld: i32): void {
  let e = 0;
  for (; e + 4 <= width; e += 4) v128.store(dst + (<usize>e << 2), v128.load(src + (<usize>e << 2)));
  if (e < width) {
    // The last partial vector: its lanes past width are zero.
    let v = f32x4.splat(0);
    v = f32x4.replace_lane(v, 0, load<f32>(src + (<usize>e << 2)));
    if (e + 1 < width) v = f32x4.replace_lane(v, 1, load<f32>(src + (<usize>(e + 1) << 2)));
    if (e + 2 < width) v = f32x4.replace_lane(v, 2, load<f32>(src + (<usize>(e + 2) << 2)));
    v128.store(dst + (<usize>e << 2), v);
    e += 4;
  }
  for (; e < ld; e += 4) v128.store(dst + (<usize>e << 2), f32x4.splat(0));
}

/**
 * Interleaves the rows [i0, i0 + rows) of `depth` floats (row i at src + i * rowStride floats) into
 * ceil(rows / 4) tiles dst [tile][depth][4] (element d of row i0 + 4 t + r at t * depth * 4 + 4 d + r),
 * each times `scale`. Rows past `last` repeat row `last` (a partial tile's spare lanes stay finite).
 */
export function packRowTiles(src: usize, rowStride: usize, i0: i32, rows: i32, last: i32, depth: i32, scale: f32, dst: usize): void {
  const vs = f32x4.splat(scale);
  for (let t = 0; t < rows; t += 4) {
    const a0 = src + ((<usize>(i0 + t) * rowStride) << 2);
    const a1 = src + ((<usize>min(i0 + t + 1, last) * rowStride) << 2);
    const a2 = src + ((<usize>min(i0 + t + 2, last) * rowStride) << 2);
    const a3 = src + ((<usize>min(i0 + t + 3, last) * rowStride) << 2);
    const p0 = dst + ((<usize>t * <usize>depth) << 2);
    let d = 0;
    for (; d + 4 <= depth; d += 4) {
      const o = <usize>d << 2;
      transpose4Store(
        f32x4.mul(v128.load(a0 + o), vs), f32x4.mul(v128.load(a1 + o), vs), f32x4.mul(v128.load(a2 + o), vs), f32x4.mul(v128.load(a3 + o), vs),
        p0 + (<usize>d << 4), 16,
      );
    }
    for (; d < depth; d++) {
      const o = <usize>d << 2, p = p0 + (<usize>d << 4);
      store<f32>(p, load<f32>(a0 + o) * scale); store<f32>(p, load<f32>(a1 + o) * scale, 4);
      store<f32>(p, load<f32>(a2 + o) * scale, 8); store<f32>(p, load<f32>(a3 + o) * scale, 12);
    }
  }
}

/** scoreRows with out rows BC floats apart. */
export function scoreTile(a: usize, kt: usize, c0: i32, cols: i32, depth: i32, out: usize): void {
  scoreRows(a, kt, c0, cols, depth, out, <usize>BC << 2);
}

/** scoreRows with out rows WIDE floats apart (a sliding window's forward). */
export function scoreTileWide(a: usize, kt: usize, c0: i32, cols: i32, depth: i32, out: usize): void {
  scoreRows(a, kt, c0, cols, depth, out, <usize>WIDE << 2);
}

/**
 * out[r][c] = sum_d a[d][r] * kt(d, c0 + c) for the BR rows of the interleaved tile a [depth][4]
 * (packRowTiles) and c in [0, cols), c0 and cols multiples of 4; kt is packed in 8-key panels
 * (packPanels). out rows are rowBytes apart (a constant at each use: immediate store offsets). The
 * GEMM's 4 x 8 micro-kernel shape: two key vectors and a broadcast query element per depth step,
 * two steps per iteration; a half panel (c0 or the end not a multiple of 8: a sliding window's
 * edges) by one 4 x 4 tile.
 */
@inline function scoreRows(a: usize, kt: usize, c0: i32, cols: i32, depth: i32, out: usize, rowBytes: usize): void {
  const panelBytes = <usize>depth << 5;
  const end = a + (<usize>depth << 4);
  if (depth == 0) {
    for (let r = 0; r < BR; r++) memory.fill(out + <usize>r * rowBytes, 0, <usize>cols << 2);
    return;
  }
  let c = 0;
  if ((c0 & 4) != 0 && cols > 0) {
    halfTile(a, end, kt + <usize>(c0 >> 3) * panelBytes + 16, out, rowBytes);
    c = 4;
  }
  for (; c + 8 <= cols; c += 8) {
    let s00 = f32x4.splat(0), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
    let p = kt + <usize>((c0 + c) >> 3) * panelBytes, ap = a;
    let k0: v128, k1: v128, q: v128;
    while (true) {
      k0 = v128.load(p); k1 = v128.load(p, 16);
      q = v128.load32_splat(ap); s00 = madd(q, k0, s00); s01 = madd(q, k1, s01);
      q = v128.load32_splat(ap, 4); s10 = madd(q, k0, s10); s11 = madd(q, k1, s11);
      q = v128.load32_splat(ap, 8); s20 = madd(q, k0, s20); s21 = madd(q, k1, s21);
      q = v128.load32_splat(ap, 12); s30 = madd(q, k0, s30); s31 = madd(q, k1, s31);
      if (ap + 16 == end) break;
      k0 = v128.load(p, 32); k1 = v128.load(p, 48);
      q = v128.load32_splat(ap, 16); s00 = madd(q, k0, s00); s01 = madd(q, k1, s01);
      q = v128.load32_splat(ap, 20); s10 = madd(q, k0, s10); s11 = madd(q, k1, s11);
      q = v128.load32_splat(ap, 24); s20 = madd(q, k0, s20); s21 = madd(q, k1, s21);
      q = v128.load32_splat(ap, 28); s30 = madd(q, k0, s30); s31 = madd(q, k1, s31);
      ap += 32;
      p += 64;
      if (ap == end) break;
    }
    const o = out + (<usize>c << 2);
    v128.store(o, s00); v128.store(o, s01, 16);
    v128.store(o + rowBytes, s10); v128.store(o + rowBytes, s11, 16);
    v128.store(o + 2 * rowBytes, s20); v128.store(o + 2 * rowBytes, s21, 16);
    v128.store(o + 3 * rowBytes, s30); v128.store(o + 3 * rowBytes, s31, 16);
  }
  if (c < cols) halfTile(a, end, kt + <usize>((c0 + c) >> 3) * panelBytes, out + (<usize>c << 2), rowBytes);
}

/** The 4 x 4 scores of tile a (up to `end`) against the four keys of a panel's half at p (lanes of 32-byte rows). */
function halfTile(a: usize, end: usize, p: usize, out: usize, rowBytes: usize): void {
  let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
  for (let ap = a; ap < end; ap += 16) {
    const k = v128.load(p);
    s0 = madd(v128.load32_splat(ap), k, s0); s1 = madd(v128.load32_splat(ap, 4), k, s1);
    s2 = madd(v128.load32_splat(ap, 8), k, s2); s3 = madd(v128.load32_splat(ap, 12), k, s3);
    p += 32;
  }
  v128.store(out, s0); v128.store(out + rowBytes, s1);
  v128.store(out + 2 * rowBytes, s2); v128.store(out + 3 * rowBytes, s3);
}

/**
 * Turns the dot products s[0, nP) of the scaled query row i (packRowTiles) against keys
 * [c0, c0 + nP) into logits: + mask row + key padding row, -Inf where the structural masks forbid
 * (`full` = false: some key of the block is masked) and for c >= n. `maskRow` points at the
 * additive mask's element (i, 0) (0: none); `pad` at the additive key padding row of the batch
 * (0: none). Causal and window limits are a key range per row (two fills); only a block layout
 * tests key by key.
 */
export function logitsRow(geom: usize, layout: usize, s: usize, nP: i32, n: i32, maskRow: usize, pad: usize, full: bool, i: i32, c0: i32): void {
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
  let hi = n;
  if (!full) {
    const lo = min(max(keyStart(geom, i) - c0, 0), n);
    hi = max(min(keyEnd(geom, i + 1) - c0, n), lo);
    for (let c = 0; c < lo; c++) store<f32>(s + (<usize>c << 2), -Infinity);
    if (layout != 0) {
      for (let c = lo; c < hi; c++) if (!allowed(geom, layout, i, c0 + c)) store<f32>(s + (<usize>c << 2), -Infinity);
    }
  }
  for (let c = hi; c < nP; c++) store<f32>(s + (<usize>c << 2), -Infinity);
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
