// Tile set-up shared by the fused f32 attention forward (attention.ts) and backward
// (attention-backward.ts): a work item's key padding row and packed keys, the key range of a 4-row
// query tile inside a key block, and the tile's masked logits.
import { G_D, G_K, G_TK, blockState, gi, keyEnd, rowOffset } from './attention-mask';
import { BC, WIDE, logitsRow, maskRowOf, packPanels, padRow, roundUp, scoreTile, scoreTileWide } from './attention-tile';

/**
 * Set-up of work item (batch b, key head hk): batch b's additive key padding row into pad [tkp]
 * when keyPad is given and pad does not hold it yet (padBatch: the batch it holds, -1 for none),
 * and the head's first `keys` keys into 8-key panels at kt (packKeys). Returns the batch pad now holds.
 */
export function setUpItem(geom: usize, k: usize, keyPad: usize, b: i32, hk: i32, padBatch: i32, pad: usize, kt: usize, tkp: i32, keys: i32): i32 {
  if (keyPad != 0 && b != padBatch) {
    padRow(keyPad, b, gi(geom, G_TK), pad, tkp);
    padBatch = b;
  }
  packKeys(geom, k, b, hk, kt, 0, keys);
  return padBatch;
}

/**
 * Packs keys [from, to) of work item (b, hk) into their 8-key panels at kt (from a multiple of 8,
 * to <= Tk; the last panel's lanes past `to` are zero). Returns the multiple of 8 up to which the
 * panels are final (a later call from there completes a partial last panel).
 */
export function packKeys(geom: usize, k: usize, b: i32, hk: i32, kt: usize, from: i32, to: i32): i32 {
  if (to <= from) return from;
  const d = gi(geom, G_D), rowStride = <usize>gi(geom, G_K + 1);
  packPanels(k + ((rowOffset(geom, G_K, b, 0, hk) + <usize>from * rowStride) << 2), rowStride, to - from, d, kt + <usize>(from >> 3) * (<usize>d << 5));
  return to & ~7;
}

/** One past the last key the query rows [i0, i0 + rows) need inside the key block starting at k0. */
@inline export function tileKeyEnd(geom: usize, k0: i32, i0: i32, rows: i32): i32 {
  return min(k0 + BC, keyEnd(geom, i0 + rows));
}

/**
 * The masked logits of the tile's rows [i0, i0 + rows) (rows <= BR; query head h of batch b)
 * against keys [c0, c1) into s [BR][ld] (ld BC, or WIDE for scoreTileWide): scoreTile on the scaled query tile qTile and the key
 * panels kt, then logitsRow per row (additive mask, key padding row pad or 0, structural masks).
 * Columns [c1 - c0, roundUp(c1 - c0, step)) are -Inf (step 8, or 4 when c0 and c1 are multiples of
 * 4). Returns blockState (-1: nothing computed, the block layout removes every key).
 */
export function tileLogits(
  geom: usize, layout: usize, mask: usize, pad: usize, qTile: usize, kt: usize, d: i32, b: i32, h: i32, i0: i32, rows: i32, c0: i32, c1: i32, s: usize,
  ld: i32, step: i32,
): i32 {
  const state = blockState(geom, layout, i0, i0 + rows, c0, c1);
  if (state < 0) return state;
  const n = c1 - c0, nP = roundUp(n, step);
  if (ld == WIDE) scoreTileWide(qTile, kt, c0, nP, d, s);
  else scoreTile(qTile, kt, c0, nP, d, s);
  for (let r = 0; r < rows; r++) {
    logitsRow(geom, layout, s + (<usize>(r * ld) << 2), nP, n, maskRowOf(geom, mask, b, h, i0 + r), pad, state == 1, i0 + r, c0);
  }
  return state;
}

