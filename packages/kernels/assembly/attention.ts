// Fused scaled-dot-product attention, float32, in the style of FlashAttention-2 (Dao 2023):
//   O = softmax(scale * Q K^T + mask) V   per (batch, query head), never storing the Tq x Tk scores.
// Tiles of BR query rows run against blocks of BC keys with an online softmax: a running row max m
// and sum l, the output accumulator rescaled by e^(m_old - m_new) when the max grows; the row's
// log-sum-exp m + log l is saved for the backward (attention-backward.ts), which recomputes the
// scores. Key blocks outside the structural masks (causal, window, block layout) are never visited,
// so cost follows the kept blocks. Geometry, masks, empty rows and dropout: attention-mask.ts; the
// set-up shared with the backward (a work item's packed keys and padding row, a tile's key range and
// masked logits): attention-setup.ts. Query tiles are packed times the scale, so full blocks need no
// pass over the logits before the softmax.
//
// Workspace contract (`work`, 16-byte aligned, caller-allocated; TkP = roundUp(Tk, 8),
// DvP = roundUp(Dv, 8)): D * TkP (key panels) + TkP * DvP (value rows) + TkP (padding row) + BR * WIDE
// (logits) + BQ * DvP (output accumulators) + BQ * D (query tiles) + 2 * BQ (row max and sum) floats
// (src/ops/attention.ts's attentionWorkspaceFloats computes the same figure). O must not overlap the inputs.
import { expNeg1 } from './exp-neg';
import { madd } from './math';
import { G_D, G_DV, G_HKV, G_HQ, G_O, G_Q, G_TK, G_TQ, G_V, G_WINDOW, dropoutKeep, gi, keyEnd, keyStart, rowOffset } from './attention-mask';
import { packKeys, setUpItem, tileLogits } from './attention-setup';
import { BC, BR, WIDE, maskedExp4, packRows, packRowTiles, roundUp, rowMax } from './attention-tile';

/** Query rows per block: the sub-tiles of BR rows that share each key block. */
const BQ: i32 = 64;

/** How far a logit may exceed its row's reference max before the row is rescaled (e^8 ~ 3e3). */
const RESCALE_SLACK: f32 = 8;

/**
 * acc[r][0, dvp) += sum_c p[r][c] * vRows[c0 + c][0, dvp) for the BR rows (p's rows ld floats
 * apart: a constant at each use), c in [0, n); value row j at vRows + j * vStride floats.
 */
@inline function accumulatePV(p: usize, ld: i32, vRows: usize, vStride: i32, dvp: i32, c0: i32, n: i32, acc: usize): void {
  const pRow = <usize>ld << 2, aRow = <usize>dvp << 2, vRow = <usize>vStride << 2;
  for (let e = 0; e < dvp; e += 8) {
    const a = acc + (<usize>e << 2);
    let a00 = v128.load(a), a01 = v128.load(a, 16);
    let a10 = v128.load(a + aRow), a11 = v128.load(a + aRow, 16);
    let a20 = v128.load(a + 2 * aRow), a21 = v128.load(a + 2 * aRow, 16);
    let a30 = v128.load(a + 3 * aRow), a31 = v128.load(a + 3 * aRow, 16);
    let v = vRows + <usize>c0 * vRow + (<usize>e << 2);
    for (let c = 0; c < n; c++) {
      const o = <usize>c << 2;
      const v0 = v128.load(v), v1 = v128.load(v, 16);
      const p0 = v128.load32_splat(p + o), p1 = v128.load32_splat(p + pRow + o);
      const p2 = v128.load32_splat(p + 2 * pRow + o), p3 = v128.load32_splat(p + 3 * pRow + o);
      a00 = madd(p0, v0, a00); a01 = madd(p0, v1, a01);
      a10 = madd(p1, v0, a10); a11 = madd(p1, v1, a11);
      a20 = madd(p2, v0, a20); a21 = madd(p2, v1, a21);
      a30 = madd(p3, v0, a30); a31 = madd(p3, v1, a31);
      v += vRow;
    }
    v128.store(a, a00); v128.store(a, a01, 16);
    v128.store(a + aRow, a10); v128.store(a + aRow, a11, 16);
    v128.store(a + 2 * aRow, a20); v128.store(a + 2 * aRow, a21, 16);
    v128.store(a + 3 * aRow, a30); v128.store(a + 3 * aRow, a31, 16);
  }
}

/**
 * p[0, nP) = e^(s - m) with exact zeros where s = -Inf; returns their sum. nP a multiple of 4;
 * s - m <= RESCALE_SLACK (expNeg4's exponent bits hold 2^n up to n = 127).
 */
@inline function expRow(s: usize, nP: i32, m: f32): f32 {
  const vm = f32x4.splat(m);
  let sum = f32x4.splat(0);
  for (let c = 0; c < nP; c += 4) {
    const o = <usize>c << 2;
    const e = maskedExp4(v128.load(s + o), vm);
    v128.store(s + o, e);
    sum = f32x4.add(sum, e);
  }
  return (f32x4.extract_lane(sum, 0) + f32x4.extract_lane(sum, 1)) + (f32x4.extract_lane(sum, 2) + f32x4.extract_lane(sum, 3));
}

/**
 * Forward over the work items [first, first + count) of the B * Hkv (batch, key head) pairs
 * (item = b * Hkv + hk: its Hq / Hkv query heads): o = attention(q, k, v), lse [B, Hq, Tq]
 * (contiguous) = the rows' log-sum-exp of the
 * logits (-Inf for an empty row, whose output is 0). mask, keyPad, layout: 0 when absent.
 * dropout in [0, 1): drop rate on the probabilities (seeded by `seed`; see dropoutKeep).
 */
export function attention_f32(
  geom: usize, first: i32, count: i32, q: usize, k: usize, v: usize, o: usize, lse: usize, mask: usize, keyPad: usize, layout: usize,
  scale: f32, dropout: f32, seed: i32, work: usize,
): void {
  const hq = gi(geom, G_HQ), hkv = gi(geom, G_HKV), tq = gi(geom, G_TQ), tk = gi(geom, G_TK);
  const d = gi(geom, G_D), dv = gi(geom, G_DV);
  const group = hq / hkv;
  const tkp = max(roundUp(tk, 8), 8), dvp = max(roundUp(dv, 8), 8);
  const kt = work, vp = kt + ((<usize>d * <usize>tkp) << 2), pad = vp + ((<usize>tkp * <usize>dvp) << 2);
  const s = pad + (<usize>tkp << 2), acc = s + (<usize>(BR * WIDE) << 2), qt = acc + ((<usize>BQ * <usize>dvp) << 2);
  const ms = qt + ((<usize>BQ * <usize>d) << 2), ls = ms + (<usize>BQ << 2);
  const keep = <f32>1.0 / (<f32>1.0 - dropout);
  const sT = <usize>gi(geom, G_Q + 1), oT = <usize>gi(geom, G_O + 1), window = gi(geom, G_WINDOW);
  const padRowPtr = keyPad != 0 ? pad : 0;
  let padded = -1;
  for (let item = first; item < first + count; item++) {
    const b = item / hkv, hk = item % hkv;
    // Keys are packed as the query blocks first need them, from the first key a window lets any
    // query see (a sliding window over a long cache packs O(w d), not O(Tk d)); a causal or
    // windowed block's keys are then fresh in cache when its tiles read them.
    padded = setUpItem(geom, k, keyPad, b, hk, padded, pad, kt, tkp, 0);
    let packed = keyStart(geom, 0) & ~7;
    // Values whose width is a multiple of 8 are read in place (no copy); others are packed to width DvP.
    let vRows = vp, vStride = dvp;
    if (dv == dvp) {
      vRows = v + (rowOffset(geom, G_V, b, 0, hk) << 2);
      vStride = gi(geom, G_V + 1);
    } else if (tk > 0) {
      packRows(v + (rowOffset(geom, G_V, b, 0, hk) << 2), <usize>gi(geom, G_V + 1), tk, dv, vp, dvp, tkp);
    }
    for (let g = 0; g < group; g++) {
      const h = hk * group + g, bh = b * hq + h;
      const q0 = q + (rowOffset(geom, G_Q, b, 0, h) << 2), o0 = o + (rowOffset(geom, G_O, b, 0, h) << 2);
      for (let b0 = 0; b0 < tq; b0 += BQ) {
        // A block of up to BQ query rows: its 4-row sub-tiles share every key block while that
        // block is in cache (FlashAttention-2's outer loop); each sub-tile keeps its own key range.
        const blockRows = min(BQ, tq - b0), tiles = (blockRows + 3) >> 2;
        const jEnd = keyEnd(geom, b0 + blockRows);
        if (g == 0) packed = packKeys(geom, k, b, hk, kt, packed, min(roundUp(jEnd, 8), tk));
        packRowTiles(q0, sT, b0, blockRows, tq - 1, d, scale, qt);
        for (let r = 0; r < blockRows; r++) {
          store<f32>(ms + (<usize>r << 2), -Infinity);
          store<f32>(ls + (<usize>r << 2), 0);
        }
        memory.fill(acc, 0, (<usize>(4 * tiles) * <usize>dvp) << 2);
        // Key blocks of BC keys; a sliding window's query block splits its keys into the fewest
        // blocks of at most WIDE keys, of equal widths: at w = 256 a tile's 260 keys then take two
        // blocks instead of five (two of them partial at the window's edges), each one score tile,
        // one softmax pass per row and one P V product.
        const kFirst = keyStart(geom, b0) & ~7, span = jEnd - kFirst, parts = max((span + WIDE - 1) / WIDE, 1);
        const bw = window > 0 ? roundUp((span + parts - 1) / parts, 8) : BC;
        // A window's tiles start and end on 4-key boundaries (half panels at its edges); other
        // masks keep 8 (a half-panel tail costs more than 4 masked columns at small head sizes).
        const step = window > 0 ? 4 : 8, ld = window > 0 ? WIDE : BC;
        for (let k0 = kFirst; k0 < jEnd; k0 += bw) {
          for (let t = 0; t < tiles; t++) {
            const i0 = b0 + 4 * t, rows = min(BR, tq - i0);
            const c0 = max(k0, keyStart(geom, i0) & -step), c1 = min(k0 + bw, keyEnd(geom, i0 + rows));
            if (c1 <= c0) continue;
            if (tileLogits(geom, layout, mask, padRowPtr, qt + ((<usize>t * <usize>d) << 4), kt, d, b, h, i0, rows, c0, c1, s, ld, step) < 0) continue;
            const n = c1 - c0, nP = roundUp(n, step);
            const tileAcc = acc + ((<usize>(4 * t) * <usize>dvp) << 2);
            for (let r = 0; r < rows; r++) {
              const i = i0 + r, sr = s + (<usize>(r * ld) << 2);
              const mp = ms + (<usize>(i - b0) << 2), lp = ls + (<usize>(i - b0) << 2);
              // The row's reference max m moves only when a logit exceeds it by more than
              // RESCALE_SLACK (FlashAttention-4's conditional rescaling): probabilities e^(s - m)
              // up to e^RESCALE_SLACK are exact in f32, and most key blocks skip the rescale of the
              // accumulators and the sum. Before the first finite logit the accumulators are 0.
              const mOld = load<f32>(mp);
              const blockMax = rowMax(sr, nP);
              if (blockMax == -Infinity && mOld == -Infinity) {
                memory.fill(sr, 0, <usize>nP << 2);
                continue;
              }
              let m = mOld;
              if (blockMax > mOld + RESCALE_SLACK) {
                if (mOld != -Infinity) {
                  const alpha = expNeg1(mOld - blockMax);
                  const va = f32x4.splat(alpha), ar = tileAcc + (<usize>(r * dvp) << 2);
                  for (let e = 0; e < dvp; e += 4) v128.store(ar + (<usize>e << 2), f32x4.mul(v128.load(ar + (<usize>e << 2)), va));
                  store<f32>(lp, load<f32>(lp) * alpha);
                }
                m = blockMax;
                store<f32>(mp, m);
              }
              store<f32>(lp, load<f32>(lp) + expRow(sr, nP, m));
              if (dropout > 0) {
                for (let c = 0; c < n; c++) {
                  const po = sr + (<usize>c << 2);
                  store<f32>(po, dropoutKeep(seed, bh, i, c0 + c, <f64>dropout) ? load<f32>(po) * keep : 0);
                }
              }
            }
            for (let r = rows; r < BR; r++) memory.fill(s + (<usize>(r * ld) << 2), 0, <usize>ld << 2);
            // Keys before the tile's first row's window start (the 4-key alignment) have p = 0 in every row.
            const skip = min(max(keyStart(geom, i0) - c0, 0), n);
            if (window > 0) accumulatePV(s + (<usize>skip << 2), WIDE, vRows, vStride, dvp, c0 + skip, n - skip, tileAcc);
            else accumulatePV(s + (<usize>skip << 2), BC, vRows, vStride, dvp, c0 + skip, n - skip, tileAcc);
          }
        }
        for (let r = 0; r < blockRows; r++) {
          const i = b0 + r;
          const l = load<f32>(ls + (<usize>r << 2)), m = load<f32>(ms + (<usize>r << 2));
          const orow = o0 + ((<usize>i * oT) << 2), ar = acc + (<usize>(r * dvp) << 2);
          const lp = lse + ((<usize>bh * <usize>tq + <usize>i) << 2);
          if (l == 0) {
            memory.fill(orow, 0, <usize>dv << 2);
            store<f32>(lp, -Infinity);
            continue;
          }
          const inv = <f32>1.0 / l, vi = f32x4.splat(inv);
          let e = 0;
          for (; e + 4 <= dv; e += 4) v128.store(orow + (<usize>e << 2), f32x4.mul(v128.load(ar + (<usize>e << 2)), vi));
          for (; e < dv; e++) store<f32>(orow + (<usize>e << 2), load<f32>(ar + (<usize>e << 2)) * inv);
          store<f32>(lp, m + <f32>Math.log(<f64>l));
        }
      }
    }
  }
}
