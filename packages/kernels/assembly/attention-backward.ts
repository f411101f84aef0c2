// Backward of the fused f32 attention (attention.ts), FlashAttention-2 style (Dao 2023): the
// scores are recomputed tile by tile from Q, K and the saved row log-sum-exp, never stored whole.
// With P = e^(logits - lse) (times the dropout multipliers Z where dropout is on), per tile:
//   dV += (P Z)^T dO      dP = (dO V^T) Z      dS = P (dP - Drow) scale,  Drow_i = dO_i . O_i
//   dQ += dS K            dK += dS^T Q
// Empty rows (lse = -Inf) contribute nothing: their gradients are 0. Query tiles are BRB = 64 rows
// (4-row score tiles), so the dV and dK products have up to 64 terms per register tile and the
// packed keys and values stream once per 64 query rows. The logits of a tile come from the same
// set-up as the forward's (attention-setup.ts: packed keys, pre-scaled query tiles, masks), so they
// match the forward's bit for bit and P = e^(logits - lse) sums to 1.
//
// Workspace contract (floats; TkP = roundUp(Tk, 8), TqP = roundUp(Tq, 64), DP = roundUp(D, 8),
// DvP = roundUp(Dv, 8); key and value panels first, then key rows, padding row, query and dO rows,
// Drow, the dQ, dK and dV accumulators, the P and dS tiles and the query and dO tiles):
//   D * TkP + Dv * TkP + TkP * DP + TkP + TqP * DP + TqP * DvP + TqP + TqP * DP + TkP * DP + TkP * DvP + 2 * BRB * BC + BRB * D + BRB * Dv
// (src/ops/attention-workspace.ts computes the same figure). dQ, dK and dV are written whole
// (not accumulated into) and must not overlap the inputs. dMask (0: not wanted) receives the
// gradient of the logits, P (dP - Drow) without the scale: [B, Hq, Tq, Tk] contiguous, written whole
// (0 where a mask removes the key and on empty rows): the gradient of an additive mask.
import { madd } from './math';
import {
  G_D, G_DK, G_DO, G_DQ, G_DV, G_DVAL, G_HKV, G_HQ, G_K, G_O, G_Q, G_TK, G_TQ, G_V, blockState, dropoutKeep, firstQueryRow, gi,
  keyEnd, keyStart, rowOffset,
} from './attention-mask';
import { setUpItem, tileKeyEnd, tileLogits } from './attention-setup';
import { BC, maskedExp4, packPanels, packRows, packRowTiles, roundUp, scoreTile } from './attention-tile';

/**
 * acc[c0 + c][0, w) += sum_r t[r][c] * x[r][0, w) for c in [0, nP) (nP % 4 == 0) and `rows` rows
 * of t (ld BC) and x (ld w, w % 8 == 0): 4 keys x 8 features of accumulators per register tile,
 * the rows the inner loop (the dV += P^T dO and dK += dS^T Q products). The rows are query rows
 * i0.. of the geometry: for each 4 keys the sum starts at the first row that may see them
 * (firstQueryRow; t is 0 above it), which halves a causal diagonal block.
 */
function accumulateTransposed(geom: usize, i0: i32, t: usize, x: usize, w: i32, c0: i32, nP: i32, rows: i32, acc: usize): void {
  const tRow = <usize>BC << 2, xRow = <usize>w << 2;
  for (let c = 0; c < nP; c += 4) {
    const a = acc + <usize>(c0 + c) * xRow;
    const r0 = min(max(firstQueryRow(geom, c0 + c) - i0, 0), rows);
    const tc = t + (<usize>c << 2) + <usize>r0 * tRow;
    const x0 = x + <usize>r0 * xRow;
    for (let e = 0; e < w; e += 8) {
      const eo = <usize>e << 2;
      let s00 = v128.load(a + eo), s01 = v128.load(a + eo, 16);
      let s10 = v128.load(a + xRow + eo), s11 = v128.load(a + xRow + eo, 16);
      let s20 = v128.load(a + 2 * xRow + eo), s21 = v128.load(a + 2 * xRow + eo, 16);
      let s30 = v128.load(a + 3 * xRow + eo), s31 = v128.load(a + 3 * xRow + eo, 16);
      let xp = x0 + eo, tp = tc;
      for (let r = r0; r < rows; r++) {
        const x0 = v128.load(xp), x1 = v128.load(xp, 16);
        const t0 = v128.load32_splat(tp), t1 = v128.load32_splat(tp, 4);
        const t2 = v128.load32_splat(tp, 8), t3 = v128.load32_splat(tp, 12);
        s00 = madd(t0, x0, s00); s01 = madd(t0, x1, s01);
        s10 = madd(t1, x0, s10); s11 = madd(t1, x1, s11);
        s20 = madd(t2, x0, s20); s21 = madd(t2, x1, s21);
        s30 = madd(t3, x0, s30); s31 = madd(t3, x1, s31);
        xp += xRow;
        tp += tRow;
      }
      v128.store(a + eo, s00); v128.store(a + eo, s01, 16);
      v128.store(a + xRow + eo, s10); v128.store(a + xRow + eo, s11, 16);
      v128.store(a + 2 * xRow + eo, s20); v128.store(a + 2 * xRow + eo, s21, 16);
      v128.store(a + 3 * xRow + eo, s30); v128.store(a + 3 * xRow + eo, s31, 16);
    }
  }
}

/** acc[r][0, w) += sum_c t[r][c] * y[c0 + c][0, w) for the BR rows (acc ld = w, y ld = w, w % 8 == 0). */
function accumulateRows(t: usize, y: usize, w: i32, c0: i32, n: i32, acc: usize): void {
  const tRow = <usize>BC << 2, row = <usize>w << 2;
  for (let e = 0; e < w; e += 8) {
    const a = acc + (<usize>e << 2);
    let a00 = v128.load(a), a01 = v128.load(a, 16);
    let a10 = v128.load(a + row), a11 = v128.load(a + row, 16);
    let a20 = v128.load(a + 2 * row), a21 = v128.load(a + 2 * row, 16);
    let a30 = v128.load(a + 3 * row), a31 = v128.load(a + 3 * row, 16);
    let p = y + <usize>c0 * row + (<usize>e << 2);
    for (let c = 0; c < n; c++) {
      const o = <usize>c << 2;
      const y0 = v128.load(p), y1 = v128.load(p, 16);
      const t0 = v128.load32_splat(t + o), t1 = v128.load32_splat(t + tRow + o);
      const t2 = v128.load32_splat(t + 2 * tRow + o), t3 = v128.load32_splat(t + 3 * tRow + o);
      a00 = madd(t0, y0, a00); a01 = madd(t0, y1, a01);
      a10 = madd(t1, y0, a10); a11 = madd(t1, y1, a11);
      a20 = madd(t2, y0, a20); a21 = madd(t2, y1, a21);
      a30 = madd(t3, y0, a30); a31 = madd(t3, y1, a31);
      p += row;
    }
    v128.store(a, a00); v128.store(a, a01, 16);
    v128.store(a + row, a10); v128.store(a + row, a11, 16);
    v128.store(a + 2 * row, a20); v128.store(a + 2 * row, a21, 16);
    v128.store(a + 3 * row, a30); v128.store(a + 3 * row, a31, 16);
  }
}

/** Query rows per backward tile. */
const BRB: i32 = 64;

/** Writes n rows of `width` floats from acc [n][ld] to dst rows `rowStride` floats apart. */
function unpackRows(acc: usize, ld: i32, n: i32, width: i32, dst: usize, rowStride: usize): void {
  for (let r = 0; r < n; r++) {
    const o = dst + ((<usize>r * rowStride) << 2), a = acc + ((<usize>r * <usize>ld) << 2);
    let e = 0;
    for (; e + 4 <= width; e += 4) v128.store(o + (<usize>e << 2), v128.load(a + (<usize>e << 2)));
    for (; e < width; e++) store<f32>(o + (<usize>e << 2), load<f32>(a + (<usize>e << 2)));
  }
}

/**
 * Gradients dq, dk, dv of attention_f32 given its inputs, output o, saved lse and the upstream
 * gradient dO (strides in the geometry block), for the work items [first, first + count) of the
 * B * Hkv (batch, key head) pairs: each item writes its key head's dk, dv and its query heads' dq. Same masks, scale, dropout and seed as the forward.
 */
export function attention_backward_f32(
  geom: usize, first: i32, count: i32, q: usize, k: usize, v: usize, o: usize, lse: usize, dO: usize, dq: usize, dk: usize, dvOut: usize,
  dMask: usize, mask: usize, keyPad: usize, layout: usize, scale: f32, dropout: f32, seed: i32, work: usize,
): void {
  const hq = gi(geom, G_HQ), hkv = gi(geom, G_HKV), tq = gi(geom, G_TQ), tk = gi(geom, G_TK);
  const d = gi(geom, G_D), dv = gi(geom, G_DV);
  const group = hq / hkv;
  const tkp = max(roundUp(tk, 8), 8), tqp = roundUp(tq, BRB), dp = roundUp(d, 8), dvp = max(roundUp(dv, 8), 8);
  const kt = work;
  const vt = kt + ((<usize>d * <usize>tkp) << 2);
  const kp = vt + ((<usize>dv * <usize>tkp) << 2);
  const pad = kp + ((<usize>tkp * <usize>dp) << 2);
  const qp = pad + (<usize>tkp << 2);
  const dop = qp + ((<usize>tqp * <usize>dp) << 2);
  const drow = dop + ((<usize>tqp * <usize>dvp) << 2);
  const dqAcc = drow + (<usize>tqp << 2);
  const dkAcc = dqAcc + ((<usize>tqp * <usize>dp) << 2);
  const dvAcc = dkAcc + ((<usize>tkp * <usize>dp) << 2);
  const pt = dvAcc + ((<usize>tkp * <usize>dvp) << 2);
  const dst = pt + (<usize>(BRB * BC) << 2);
  const qt = dst + (<usize>(BRB * BC) << 2), gt = qt + ((<usize>BRB * <usize>d) << 2);
  const keep = <f32>1.0 / (<f32>1.0 - dropout);
  const vs = f32x4.splat(scale);
  const padRowPtr = keyPad != 0 ? pad : 0;
  const qT = <usize>gi(geom, G_Q + 1);
  let padded = -1;
  for (let item = first; item < first + count; item++) {
    const b = item / hkv, hk = item % hkv;
    padded = setUpItem(geom, k, keyPad, b, hk, padded, pad, kt, tkp, tk);
    memory.fill(dkAcc, 0, (<usize>tkp * <usize>dp) << 2);
    memory.fill(dvAcc, 0, (<usize>tkp * <usize>dvp) << 2);
    if (tk > 0) {
      packPanels(v + (rowOffset(geom, G_V, b, 0, hk) << 2), <usize>gi(geom, G_V + 1), tk, dv, vt);
      packRows(k + (rowOffset(geom, G_K, b, 0, hk) << 2), <usize>gi(geom, G_K + 1), tk, d, kp, dp, tkp);
    }
    for (let g = 0; g < group; g++) {
      const h = hk * group + g, bh = b * hq + h;
      const q0 = q + (rowOffset(geom, G_Q, b, 0, h) << 2);
      packRows(q0, qT, tq, d, qp, dp, tqp);
      packRows(dO + (rowOffset(geom, G_DO, b, 0, h) << 2), <usize>gi(geom, G_DO + 1), tq, dv, dop, dvp, tqp);
      memory.fill(dqAcc, 0, (<usize>tqp * <usize>dp) << 2);
      if (dMask != 0) memory.fill(dMask + ((<usize>bh * <usize>tq * <usize>tk) << 2), 0, (<usize>tq * <usize>tk) << 2);
      const o0 = o + (rowOffset(geom, G_O, b, 0, h) << 2), oT = <usize>gi(geom, G_O + 1);
      // D_i = rowsum(dO_i * O_i): four lanes of partial sums, then the tail.
      for (let i = 0; i < tq; i++) {
        const orow = o0 + ((<usize>i * oT) << 2), grow = dop + ((<usize>i * <usize>dvp) << 2);
        let acc = f32x4.splat(0);
        let e = 0;
        for (; e + 4 <= dv; e += 4) acc = madd(v128.load(orow + (<usize>e << 2)), v128.load(grow + (<usize>e << 2)), acc);
        let sum: f32 = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
        for (; e < dv; e++) sum += load<f32>(orow + (<usize>e << 2)) * load<f32>(grow + (<usize>e << 2));
        store<f32>(drow + (<usize>i << 2), sum);
      }
      for (let i0 = 0; i0 < tq; i0 += BRB) {
        const rows = min(BRB, tq - i0), groups = (rows + 3) >> 2;
        const qr = qp + ((<usize>i0 * <usize>dp) << 2), gr = dop + ((<usize>i0 * <usize>dvp) << 2);
        const tileRow = <usize>BC << 2;
        packRowTiles(q0, qT, i0, rows, tq - 1, d, scale, qt);
        packRowTiles(dop, <usize>dvp, i0, rows, tq - 1, dv, 1, gt);
        const jEnd = keyEnd(geom, i0 + rows);
        for (let c0 = keyStart(geom, i0) & ~7; c0 < jEnd; c0 += BC) {
          const c1 = min(c0 + BC, jEnd), n = c1 - c0, nP = roundUp(n, 8);
          if (blockState(geom, layout, i0, i0 + rows, c0, c1) < 0) continue;
          for (let g4 = 0; g4 < groups; g4++) {
            const ti = i0 + 4 * g4, tileRows = min(4, rows - 4 * g4);
            const pr4 = pt + <usize>(4 * g4) * tileRow, sr4 = dst + <usize>(4 * g4) * tileRow;
            // The tile's own keys [c0, ct1) (its causal or window end): the rest of the block is 0.
            const ct1 = tileKeyEnd(geom, c0, ti, tileRows), nt = ct1 - c0, ntP = roundUp(max(nt, 0), 8);
            if (nt <= 0 || tileLogits(geom, layout, mask, padRowPtr, qt + ((<usize>(4 * g4) * <usize>d) << 2), kt, d, b, h, ti, tileRows, c0, ct1, pr4, BC, 8) < 0) {
              memory.fill(pr4, 0, 4 * tileRow);
              memory.fill(sr4, 0, 4 * tileRow);
              continue;
            }
            scoreTile(gt + ((<usize>(4 * g4) * <usize>dv) << 2), vt, c0, ntP, dv, sr4);
            for (let r = 0; r < 4; r++) {
              const i = ti + r, pr = pr4 + <usize>r * tileRow, sr = sr4 + <usize>r * tileRow;
              const l = r < tileRows ? load<f32>(lse + ((<usize>bh * <usize>tq + <usize>i) << 2)) : -Infinity;
              if (l == -Infinity) {
                memory.fill(pr, 0, tileRow);
                memory.fill(sr, 0, tileRow);
                continue;
              }
              const vl = f32x4.splat(l), vd = f32x4.splat(load<f32>(drow + (<usize>i << 2)));
              // With dMask the row is first written unscaled (the logits' gradient), copied out, then scaled.
              const rowScale: f32 = dMask != 0 ? 1 : scale;
              if (dropout > 0) {
                for (let c = 0; c < ntP; c++) {
                  const co = <usize>c << 2;
                  const x = load<f32>(pr + co);
                  const p = x == -Infinity ? <f32>0 : <f32>Math.exp(<f64>(x - l));
                  const z = c < nt && dropoutKeep(seed, bh, i, c0 + c, <f64>dropout) ? keep : <f32>0;
                  store<f32>(sr + co, p * (load<f32>(sr + co) * z - load<f32>(drow + (<usize>i << 2))) * rowScale);
                  store<f32>(pr + co, p * z);
                }
              } else {
                const vr = f32x4.splat(rowScale);
                for (let c = 0; c < ntP; c += 4) {
                  const co = <usize>c << 2;
                  const x = v128.load(pr + co);
                  const p = maskedExp4(x, vl);
                  v128.store(pr + co, p);
                  v128.store(sr + co, f32x4.mul(f32x4.mul(p, f32x4.sub(v128.load(sr + co), vd)), vr));
                }
              }
              if (ntP < nP) {
                memory.fill(pr + (<usize>ntP << 2), 0, <usize>(nP - ntP) << 2);
                memory.fill(sr + (<usize>ntP << 2), 0, <usize>(nP - ntP) << 2);
              }
              if (dMask != 0) {
                memory.copy(dMask + (((<usize>bh * <usize>tq + <usize>i) * <usize>tk + <usize>c0) << 2), sr, <usize>n << 2);
                for (let c = 0; c < ntP; c += 4) v128.store(sr + (<usize>c << 2), f32x4.mul(v128.load(sr + (<usize>c << 2)), vs));
              }
            }
          }
          accumulateTransposed(geom, i0, pt, gr, dvp, c0, nP, 4 * groups, dvAcc);
          accumulateTransposed(geom, i0, dst, qr, dp, c0, nP, 4 * groups, dkAcc);
          for (let g4 = 0; g4 < groups; g4++) {
            const ti = i0 + 4 * g4, nt = tileKeyEnd(geom, c0, ti, min(4, rows - 4 * g4)) - c0;
            if (nt > 0) accumulateRows(dst + <usize>(4 * g4) * tileRow, kp, dp, c0, nt, dqAcc + ((<usize>ti * <usize>dp) << 2));
          }
        }
      }
      unpackRows(dqAcc, dp, tq, d, dq + (rowOffset(geom, G_DQ, b, 0, h) << 2), <usize>gi(geom, G_DQ + 1));
    }
    unpackRows(dkAcc, dp, tk, d, dk + (rowOffset(geom, G_DK, b, 0, hk) << 2), <usize>gi(geom, G_DK + 1));
    unpackRows(dvAcc, dvp, tk, dv, dvOut + (rowOffset(geom, G_DVAL, b, 0, hk) << 2), <usize>gi(geom, G_DVAL + 1));
  }
}
