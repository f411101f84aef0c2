// Geometry block, masks and the seeded dropout hash shared by the attention kernels
// (attention.ts, attention-backward.ts, attention-f64.ts). src/reference/attention.ts mirrors
// every rule here; src/ops/attention.ts writes the geometry block.
//
// Geometry block: ATTENTION_GEOMETRY i32 at `geom` (indices below). Strides are in elements and
// non-negative; the last axis (head dimension, or the key axis of the additive mask) is
// contiguous. Q is [B, Tq, Hq, D], K [B, Tk, Hkv, D], V [B, Tk, Hkv, Dv], O and dO [B, Tq, Hq, Dv]
// addressed through (batch, time, head) strides, so [B, T, H, D] and [B, H, T, D] both work
// without a copy. Query head h reads key/value head h / (Hq / Hkv) (grouped-query attention).
//
// Which key j a query i may see (structural masks; qOffset shifts query positions for caches):
//   pos = i + qOffset
//   causal:            j <= pos
//   window w > 0:      pos - j < w, and without causal also j - pos < w
//   block layout:      layout[(i / bs) * layoutCols + j / bs] != 0   (i32 bitmap, bs = block size)
// Additive terms: keyPad (i32 [B, Tk], nonzero = padding: -Inf) and mask (f32/f64 [., ., Tq, Tk]
// through its (batch, head, row) strides, 0 stride broadcasts). A row that no key survives
// (every logit -Inf) is empty: its output is 0, its log-sum-exp -Inf and its gradients 0.

export const G_B = 0, G_HQ = 1, G_HKV = 2, G_TQ = 3, G_TK = 4, G_D = 5, G_DV = 6;
export const G_Q = 7, G_K = 10, G_V = 13, G_O = 16, G_DO = 19, G_DQ = 22, G_DK = 25, G_DVAL = 28;
export const G_CAUSAL = 31, G_WINDOW = 32, G_QOFFSET = 33, G_MASK = 34, G_BLOCK = 37, G_LAYOUT_COLS = 38;
export const ATTENTION_GEOMETRY = 39;

@inline export function gi(geom: usize, index: i32): i32 {
  return load<i32>(geom + (<usize>index << 2));
}

/** Element offset of (batch b, time t, head h) for the stride triple at `index`. */
@inline export function rowOffset(geom: usize, index: i32, b: i32, t: i32, h: i32): usize {
  return <usize>b * <usize>gi(geom, index) + <usize>t * <usize>gi(geom, index + 1) + <usize>h * <usize>gi(geom, index + 2);
}

/** The structural rule for query i and key j (see the header). */
@inline export function allowed(geom: usize, layout: usize, i: i32, j: i32): bool {
  const pos = i + gi(geom, G_QOFFSET);
  const causal = gi(geom, G_CAUSAL) != 0;
  if (causal && j > pos) return false;
  const w = gi(geom, G_WINDOW);
  if (w > 0) {
    if (pos - j >= w) return false;
    if (!causal && j - pos >= w) return false;
  }
  if (layout != 0) {
    const bs = gi(geom, G_BLOCK);
    if (load<i32>(layout + ((<usize>(i / bs) * <usize>gi(geom, G_LAYOUT_COLS) + <usize>(j / bs)) << 2)) == 0) return false;
  }
  return true;
}

/** First key any of the query rows [i0, i1) may see (structural masks only). */
@inline export function keyStart(geom: usize, i0: i32): i32 {
  const w = gi(geom, G_WINDOW);
  if (w <= 0) return 0;
  return max(0, i0 + gi(geom, G_QOFFSET) - w + 1);
}

/** One past the last key any of the query rows [i0, i1) may see (structural masks only). */
@inline export function keyEnd(geom: usize, i1: i32): i32 {
  const tk = gi(geom, G_TK);
  const last = i1 - 1 + gi(geom, G_QOFFSET);
  let end = tk;
  if (gi(geom, G_CAUSAL) != 0) end = min(end, last + 1);
  const w = gi(geom, G_WINDOW);
  if (w > 0 && gi(geom, G_CAUSAL) == 0) end = min(end, last + w);
  return max(end, 0);
}

/**
 * First query row whose structural key range reaches key j (keyEnd(i + 1) > j): rows before it
 * see no key >= j (causal, or a window without causal); 0 otherwise.
 */
@inline export function firstQueryRow(geom: usize, j: i32): i32 {
  const off = gi(geom, G_QOFFSET), w = gi(geom, G_WINDOW);
  if (gi(geom, G_CAUSAL) != 0) return max(j - off, 0);
  if (w > 0) return max(j - off - w + 1, 0);
  return 0;
}

/**
 * 1: every (i, j) in rows [i0, i1) x keys [c0, c1) is allowed; 0: some are not; -1: none is
 * (the block layout removes the whole block: skip it). Positions outside [0, Tk) count as not allowed.
 */
export function blockState(geom: usize, layout: usize, i0: i32, i1: i32, c0: i32, c1: i32): i32 {
  let full = true;
  const pos0 = i0 + gi(geom, G_QOFFSET), pos1 = i1 - 1 + gi(geom, G_QOFFSET);
  const causal = gi(geom, G_CAUSAL) != 0, w = gi(geom, G_WINDOW);
  if (c0 < 0 || c1 > gi(geom, G_TK)) full = false;
  if (causal && c1 - 1 > pos0) full = false;
  if (w > 0) {
    if (pos1 - c0 >= w) full = false;
    if (!causal && c1 - 1 - pos0 >= w) full = false;
  }
  if (layout != 0) {
    const bs = gi(geom, G_BLOCK), cols = <usize>gi(geom, G_LAYOUT_COLS);
    let any = false, all = true;
    for (let rb = i0 / bs; rb <= (i1 - 1) / bs; rb++) {
      for (let kb = max(c0, 0) / bs; kb <= (min(c1, gi(geom, G_TK)) - 1) / bs; kb++) {
        if (load<i32>(layout + ((<usize>rb * cols + <usize>kb) << 2)) != 0) any = true;
        else all = false;
      }
    }
    if (!any) return -1;
    if (!all) full = false;
  }
  return full ? 1 : 0;
}

/** MurmurHash3's 32-bit finalizer. */
@inline function fmix(h: u32): u32 {
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

/**
 * Whether dropout keeps probability (b * Hq + h, i, j) at drop rate p: a counter-based hash of
 * (seed, head, row, key), so the backward regenerates the forward's mask without storing it and
 * any tiling gives the same mask. u = (top 24 bits of the hash) / 2^24; dropped when u < p.
 * Kept probabilities are scaled by 1 / (1 - p) (inverted dropout).
 */
@inline export function dropoutKeep(seed: i32, bh: i32, i: i32, j: i32, p: f64): bool {
  const h = fmix(fmix(fmix(fmix(<u32>seed) + <u32>bh) + <u32>i) + <u32>j);
  return <f64>(h >> 8) * (1.0 / 16777216.0) >= p;
}
