// Scaled-dot-product attention in float64, forward and backward: the same geometry, masks,
// empty-row rule and dropout as the fused f32 kernel (attention-mask.ts), computed one query row
// at a time with a two-pass softmax (max, then sum) straight into the outputs; no workspace.
// float64 serves exactness (gradient checks, classical ML), not speed.
import {
  G_B, G_D, G_DK, G_DO, G_DQ, G_DV, G_DVAL, G_HKV, G_HQ, G_K, G_O, G_Q, G_TK, G_TQ, G_V, G_MASK, allowed, dropoutKeep, gi, rowOffset,
} from './attention-mask';

/** The logit of query row (b, h, i) at key j, or -Inf where masked. qi points at q row i. */
@inline function logit(geom: usize, qi: usize, k: usize, b: i32, hk: i32, j: i32, d: i32, scale: f64, maskRow: usize, keyPad: usize, layout: usize, i: i32): f64 {
  if (!allowed(geom, layout, i, j)) return -Infinity;
  if (keyPad != 0 && load<i32>(keyPad + ((<usize>b * <usize>gi(geom, G_TK) + <usize>j) << 2)) != 0) return -Infinity;
  const kj = k + (rowOffset(geom, G_K, b, j, hk) << 3);
  let s: f64 = 0;
  for (let e = 0; e < d; e++) s += load<f64>(qi + (<usize>e << 3)) * load<f64>(kj + (<usize>e << 3));
  s *= scale;
  if (maskRow != 0) s += load<f64>(maskRow + (<usize>j << 3));
  return s;
}

@inline function maskRow64(geom: usize, mask: usize, b: i32, h: i32, i: i32): usize {
  if (mask == 0) return 0;
  return mask + ((<usize>b * <usize>gi(geom, G_MASK) + <usize>h * <usize>gi(geom, G_MASK + 1) + <usize>i * <usize>gi(geom, G_MASK + 2)) << 3);
}

/** Forward (see attention_f32): o, and lse [B, Hq, Tq] contiguous float64. */
export function attention_f64(
  geom: usize, q: usize, k: usize, v: usize, o: usize, lse: usize, mask: usize, keyPad: usize, layout: usize,
  scale: f64, dropout: f64, seed: i32,
): void {
  const nb = gi(geom, G_B), hq = gi(geom, G_HQ), group = hq / gi(geom, G_HKV), tq = gi(geom, G_TQ), tk = gi(geom, G_TK);
  const d = gi(geom, G_D), dv = gi(geom, G_DV);
  const keep = 1.0 / (1.0 - dropout);
  for (let b = 0; b < nb; b++) {
    for (let h = 0; h < hq; h++) {
      const hk = h / group, bh = b * hq + h;
      for (let i = 0; i < tq; i++) {
        const qi = q + (rowOffset(geom, G_Q, b, i, h) << 3), oi = o + (rowOffset(geom, G_O, b, i, h) << 3);
        const mr = maskRow64(geom, mask, b, h, i);
        let m: f64 = -Infinity;
        for (let j = 0; j < tk; j++) m = max(m, logit(geom, qi, k, b, hk, j, d, scale, mr, keyPad, layout, i));
        memory.fill(oi, 0, <usize>dv << 3);
        const lp = lse + ((<usize>bh * <usize>tq + <usize>i) << 3);
        if (m == -Infinity) {
          store<f64>(lp, -Infinity);
          continue;
        }
        let l: f64 = 0;
        for (let j = 0; j < tk; j++) {
          const s = logit(geom, qi, k, b, hk, j, d, scale, mr, keyPad, layout, i);
          if (s == -Infinity) continue;
          let p = Math.exp(s - m);
          l += p;
          if (dropout > 0) p = dropoutKeep(seed, bh, i, j, dropout) ? p * keep : 0;
          const vj = v + (rowOffset(geom, G_V, b, j, hk) << 3);
          for (let e = 0; e < dv; e++) store<f64>(oi + (<usize>e << 3), load<f64>(oi + (<usize>e << 3)) + p * load<f64>(vj + (<usize>e << 3)));
        }
        for (let e = 0; e < dv; e++) store<f64>(oi + (<usize>e << 3), load<f64>(oi + (<usize>e << 3)) / l);
        store<f64>(lp, m + Math.log(l));
      }
    }
  }
}

/** Zeroes the n rows of `width` doubles of head (b, h) addressed through the stride triple at `index`. */
function zeroRows(geom: usize, index: i32, base: usize, b: i32, h: i32, n: i32, width: i32): void {
  for (let t = 0; t < n; t++) memory.fill(base + (rowOffset(geom, index, b, t, h) << 3), 0, <usize>width << 3);
}

/** Backward (see attention_backward_f32): dq, dk, dv (and dMask when nonzero) written whole, float64. */
export function attention_backward_f64(
  geom: usize, q: usize, k: usize, v: usize, o: usize, lse: usize, dO: usize, dq: usize, dk: usize, dvOut: usize,
  dMask: usize, mask: usize, keyPad: usize, layout: usize, scale: f64, dropout: f64, seed: i32,
): void {
  const nb = gi(geom, G_B), hq = gi(geom, G_HQ), hkv = gi(geom, G_HKV), group = hq / hkv, tq = gi(geom, G_TQ), tk = gi(geom, G_TK);
  const d = gi(geom, G_D), dv = gi(geom, G_DV);
  const keep = 1.0 / (1.0 - dropout);
  for (let b = 0; b < nb; b++) {
    for (let hk = 0; hk < hkv; hk++) {
      zeroRows(geom, G_DK, dk, b, hk, tk, d);
      zeroRows(geom, G_DVAL, dvOut, b, hk, tk, dv);
    }
    for (let h = 0; h < hq; h++) {
      const hk = h / group, bh = b * hq + h;
      for (let i = 0; i < tq; i++) {
        const qi = q + (rowOffset(geom, G_Q, b, i, h) << 3), oi = o + (rowOffset(geom, G_O, b, i, h) << 3);
        const gi_ = dO + (rowOffset(geom, G_DO, b, i, h) << 3), dqi = dq + (rowOffset(geom, G_DQ, b, i, h) << 3);
        memory.fill(dqi, 0, <usize>d << 3);
        const dmRow = dMask == 0 ? 0 : dMask + (((<usize>bh * <usize>tq + <usize>i) * <usize>tk) << 3);
        if (dmRow != 0) memory.fill(dmRow, 0, <usize>tk << 3);
        const l = load<f64>(lse + ((<usize>bh * <usize>tq + <usize>i) << 3));
        if (l == -Infinity) continue;
        let drow: f64 = 0;
        for (let e = 0; e < dv; e++) drow += load<f64>(oi + (<usize>e << 3)) * load<f64>(gi_ + (<usize>e << 3));
        const mr = maskRow64(geom, mask, b, h, i);
        for (let j = 0; j < tk; j++) {
          const s = logit(geom, qi, k, b, hk, j, d, scale, mr, keyPad, layout, i);
          if (s == -Infinity) continue;
          const p = Math.exp(s - l);
          const z = dropout > 0 ? (dropoutKeep(seed, bh, i, j, dropout) ? keep : 0) : 1.0;
          const vj = v + (rowOffset(geom, G_V, b, j, hk) << 3), kj = k + (rowOffset(geom, G_K, b, j, hk) << 3);
          const dvj = dvOut + (rowOffset(geom, G_DVAL, b, j, hk) << 3), dkj = dk + (rowOffset(geom, G_DK, b, j, hk) << 3);
          let dp: f64 = 0;
          for (let e = 0; e < dv; e++) {
            const g = load<f64>(gi_ + (<usize>e << 3));
            dp += g * load<f64>(vj + (<usize>e << 3));
            store<f64>(dvj + (<usize>e << 3), load<f64>(dvj + (<usize>e << 3)) + p * z * g);
          }
          const dLogit = p * (dp * z - drow);
          if (dmRow != 0) store<f64>(dmRow + (<usize>j << 3), dLogit);
          const ds = dLogit * scale;
          for (let e = 0; e < d; e++) {
            const eo = <usize>e << 3;
            store<f64>(dqi + eo, load<f64>(dqi + eo) + ds * load<f64>(kj + eo));
            store<f64>(dkj + eo, load<f64>(dkj + eo) + ds * load<f64>(qi + eo));
          }
        }
      }
    }
  }
}
