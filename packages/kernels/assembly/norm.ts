// Normalization layers on contiguous f32, channels last. Statistics are two-pass (mean, then the
// mean of squared deviations) with f64 accumulation across chunks; variances are biased (divide by
// the count), rstd = 1 / sqrt(var + eps). gamma / beta pointers may be 0 (scale 1, shift 0).
//   group norm: x [N, HW, C], G groups of C / G channels; mean and rstd [N, G]
//   layer norm: x [rows, cols] normalized over cols = group norm with HW = 1, G = 1
//   batch norm: x [rows, C] normalized per channel over rows; mean and rstd [C]
import { madd } from './math';
import { T_DEV2, T_DIFF, T_X, colMoments16, colSum1, colSum4, colSum4High, demote4, rowSum } from './reduce';

@inline function hsum64(v: v128): f64 {
  return (<f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1)) +
    (<f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3));
}

/** y[k] = (x[k] - mu) rs gamma[k] + beta[k] for k < len (gamma, beta already offset; 0 = none). */
@inline function normalizeSegment(x: usize, y: usize, len: i32, mu: f32, rs: f32, gamma: usize, beta: usize): void {
  const vmu = f32x4.splat(mu), vrs = f32x4.splat(rs);
  let k = 0;
  for (; k + 4 <= len; k += 4) {
    const o = <usize>k << 2;
    let d = f32x4.mul(f32x4.sub(v128.load(x + o), vmu), vrs);
    if (gamma != 0) d = f32x4.mul(d, v128.load(gamma + o));
    if (beta != 0) d = f32x4.add(d, v128.load(beta + o));
    v128.store(y + o, d);
  }
  for (; k < len; k++) {
    const o = <usize>k << 2;
    let d = (load<f32>(x + o) - mu) * rs;
    if (gamma != 0) d *= load<f32>(gamma + o);
    if (beta != 0) d += load<f32>(beta + o);
    store<f32>(y + o, d);
  }
}

@inline function groupNormForward(
  n: i32, hw: i32, c: i32, g: i32, x: usize, gamma: usize, beta: usize, eps: f32, y: usize, mean: usize, rstd: usize,
): void {
  const cg = c / g;
  const count = <f64>hw * <f64>cg;
  const rowBytes = <usize>c << 2;
  for (let s = 0; s < n; s++) {
    const xs = x + <usize>s * <usize>hw * rowBytes, ys = y + <usize>s * <usize>hw * rowBytes;
    for (let q = 0; q < g; q++) {
      const cOff = <usize>(q * cg) << 2;
      // Shifted by the group's first element: exact for constant groups, no f32 partial-sum drift at large offsets.
      const x0 = load<f32>(xs + cOff);
      let total: f64 = 0;
      for (let h = 0; h < hw; h++) total += rowSum(T_DIFF, xs + <usize>h * rowBytes + cOff, cg, x0);
      const mu = <f32>(<f64>x0 + total / count);
      let dev: f64 = 0;
      for (let h = 0; h < hw; h++) dev += rowSum(T_DEV2, xs + <usize>h * rowBytes + cOff, cg, mu);
      const rs = <f32>(1.0 / Math.sqrt(dev / count + <f64>eps));
      const stat = <usize>(s * g + q) << 2;
      store<f32>(mean + stat, mu);
      store<f32>(rstd + stat, rs);
      const gq = gamma != 0 ? gamma + cOff : 0, bq = beta != 0 ? beta + cOff : 0;
      for (let h = 0; h < hw; h++) {
        const off = <usize>h * rowBytes + cOff;
        normalizeSegment(xs + off, ys + off, cg, mu, rs, gq, bq);
      }
    }
  }
}

// Sums of the last segmentSums call (per-instance globals: safe when instances share memory).
let sumG: f64 = 0;
let sumGX: f64 = 0;

/** Adds sum(dy gamma) and sum(dy gamma xhat) over one segment to sumG and sumGX. */
@inline function segmentSums(dy: usize, x: usize, len: i32, mu: f32, rs: f32, gamma: usize): void {
  const vmu = f32x4.splat(mu), vrs = f32x4.splat(rs);
  let a = f32x4.splat(0), b = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= len; k += 4) {
    const o = <usize>k << 2;
    let gg = v128.load(dy + o);
    if (gamma != 0) gg = f32x4.mul(gg, v128.load(gamma + o));
    const xh = f32x4.mul(f32x4.sub(v128.load(x + o), vmu), vrs);
    a = f32x4.add(a, gg);
    b = madd(gg, xh, b);
  }
  let sa = hsum64(a), sb = hsum64(b);
  for (; k < len; k++) {
    const o = <usize>k << 2;
    let gg = load<f32>(dy + o);
    if (gamma != 0) gg *= load<f32>(gamma + o);
    sa += <f64>gg;
    sb += <f64>(gg * ((load<f32>(x + o) - mu) * rs));
  }
  sumG += sa;
  sumGX += sb;
}

/** dx[k] = rs (dy[k] gamma[k] - c1 - xhat[k] c2) over one segment. */
@inline function segmentDx(dy: usize, x: usize, dx: usize, len: i32, mu: f32, rs: f32, gamma: usize, c1: f32, c2: f32): void {
  const vmu = f32x4.splat(mu), vrs = f32x4.splat(rs), v1 = f32x4.splat(c1), v2 = f32x4.splat(c2);
  let k = 0;
  for (; k + 4 <= len; k += 4) {
    const o = <usize>k << 2;
    let gg = v128.load(dy + o);
    if (gamma != 0) gg = f32x4.mul(gg, v128.load(gamma + o));
    const xh = f32x4.mul(f32x4.sub(v128.load(x + o), vmu), vrs);
    v128.store(dx + o, f32x4.mul(vrs, f32x4.sub(f32x4.sub(gg, v1), f32x4.mul(xh, v2))));
  }
  for (; k < len; k++) {
    const o = <usize>k << 2;
    let gg = load<f32>(dy + o);
    if (gamma != 0) gg *= load<f32>(gamma + o);
    const xh = (load<f32>(x + o) - mu) * rs;
    store<f32>(dx + o, rs * (gg - c1 - xh * c2));
  }
}

/**
 * dgamma[c] = sum over rows of dy xhat and dbeta[c] = sum of dy, for x [n, hw, c] whose statistics
 * are mean / rstd [n, g] (group of channel j: j / (c / g)). Column blocks of 4 channels, f64 sums.
 */
@inline function affineGrads(n: i32, hw: i32, c: i32, g: i32, dy: usize, x: usize, mean: usize, rstd: usize, dgamma: usize, dbeta: usize): void {
  const cg = c / g;
  const rowBytes = <usize>c << 2;
  let j = 0;
  for (; j + 4 <= c; j += 4) {
    let gl = f64x2.splat(0), gh = f64x2.splat(0), bl = f64x2.splat(0), bh = f64x2.splat(0);
    for (let s = 0; s < n; s++) {
      const st = <usize>(s * g) << 2;
      let vmu = f32x4.splat(0), vrs = f32x4.splat(0);
      vmu = f32x4.replace_lane(vmu, 0, load<f32>(mean + st + (<usize>(j / cg) << 2)));
      vmu = f32x4.replace_lane(vmu, 1, load<f32>(mean + st + (<usize>((j + 1) / cg) << 2)));
      vmu = f32x4.replace_lane(vmu, 2, load<f32>(mean + st + (<usize>((j + 2) / cg) << 2)));
      vmu = f32x4.replace_lane(vmu, 3, load<f32>(mean + st + (<usize>((j + 3) / cg) << 2)));
      vrs = f32x4.replace_lane(vrs, 0, load<f32>(rstd + st + (<usize>(j / cg) << 2)));
      vrs = f32x4.replace_lane(vrs, 1, load<f32>(rstd + st + (<usize>((j + 1) / cg) << 2)));
      vrs = f32x4.replace_lane(vrs, 2, load<f32>(rstd + st + (<usize>((j + 2) / cg) << 2)));
      vrs = f32x4.replace_lane(vrs, 3, load<f32>(rstd + st + (<usize>((j + 3) / cg) << 2)));
      let off = <usize>s * <usize>hw * rowBytes + (<usize>j << 2);
      for (let h = 0; h < hw; h++) {
        const d = v128.load(dy + off);
        const t = f32x4.mul(d, f32x4.mul(f32x4.sub(v128.load(x + off), vmu), vrs));
        gl = f64x2.add(gl, f64x2.promote_low_f32x4(t));
        gh = f64x2.add(gh, f64x2.promote_low_f32x4(i32x4.shuffle(t, t, 2, 3, 0, 1)));
        bl = f64x2.add(bl, f64x2.promote_low_f32x4(d));
        bh = f64x2.add(bh, f64x2.promote_low_f32x4(i32x4.shuffle(d, d, 2, 3, 0, 1)));
        off += rowBytes;
      }
    }
    v128.store(dgamma + (<usize>j << 2), demote4(gl, gh, 1));
    v128.store(dbeta + (<usize>j << 2), demote4(bl, bh, 1));
  }
  for (; j < c; j++) {
    let sg: f64 = 0, sb: f64 = 0;
    for (let s = 0; s < n; s++) {
      const st = <usize>(s * g + j / cg) << 2;
      const mu = load<f32>(mean + st), rs = load<f32>(rstd + st);
      let off = <usize>s * <usize>hw * rowBytes + (<usize>j << 2);
      for (let h = 0; h < hw; h++) {
        const d = load<f32>(dy + off);
        sg += <f64>(d * ((load<f32>(x + off) - mu) * rs));
        sb += <f64>d;
        off += rowBytes;
      }
    }
    store<f32>(dgamma + (<usize>j << 2), <f32>sg);
    store<f32>(dbeta + (<usize>j << 2), <f32>sb);
  }
}

@inline function groupNormBackward(
  n: i32, hw: i32, c: i32, g: i32, dy: usize, x: usize, mean: usize, rstd: usize, gamma: usize,
  dx: usize, dgamma: usize, dbeta: usize,
): void {
  const cg = c / g;
  const count = <f64>hw * <f64>cg;
  const rowBytes = <usize>c << 2;
  for (let s = 0; s < n; s++) {
    const base = <usize>s * <usize>hw * rowBytes;
    for (let q = 0; q < g; q++) {
      const cOff = <usize>(q * cg) << 2;
      const stat = <usize>(s * g + q) << 2;
      const mu = load<f32>(mean + stat), rs = load<f32>(rstd + stat);
      const gq = gamma != 0 ? gamma + cOff : 0;
      sumG = 0;
      sumGX = 0;
      for (let h = 0; h < hw; h++) {
        const off = base + <usize>h * rowBytes + cOff;
        segmentSums(dy + off, x + off, cg, mu, rs, gq);
      }
      const c1 = <f32>(sumG / count), c2 = <f32>(sumGX / count);
      for (let h = 0; h < hw; h++) {
        const off = base + <usize>h * rowBytes + cOff;
        segmentDx(dy + off, x + off, dx + off, cg, mu, rs, gq, c1, c2);
      }
    }
  }
  affineGrads(n, hw, c, g, dy, x, mean, rstd, dgamma, dbeta);
}

/** Group norm forward over x [n, hw, c] with g groups (c % g == 0); writes y, mean and rstd [n, g]. */
export function group_norm_f32(
  n: i32, hw: i32, c: i32, g: i32, x: usize, gamma: usize, beta: usize, eps: f32, y: usize, mean: usize, rstd: usize,
): void {
  groupNormForward(n, hw, c, g, x, gamma, beta, eps, y, mean, rstd);
}

/** Group norm backward: dx, and dgamma / dbeta [c] (written, not accumulated). */
export function group_norm_backward_f32(
  n: i32, hw: i32, c: i32, g: i32, dy: usize, x: usize, mean: usize, rstd: usize, gamma: usize,
  dx: usize, dgamma: usize, dbeta: usize,
): void {
  groupNormBackward(n, hw, c, g, dy, x, mean, rstd, gamma, dx, dgamma, dbeta);
}

/** Layer norm over the last axis of x [rows, cols]; mean and rstd [rows]. */
export function layer_norm_f32(rows: i32, cols: i32, x: usize, gamma: usize, beta: usize, eps: f32, y: usize, mean: usize, rstd: usize): void {
  groupNormForward(rows, 1, cols, 1, x, gamma, beta, eps, y, mean, rstd);
}

/** Layer norm backward: dx [rows, cols], dgamma / dbeta [cols] (written, not accumulated). */
export function layer_norm_backward_f32(
  rows: i32, cols: i32, dy: usize, x: usize, mean: usize, rstd: usize, gamma: usize, dx: usize, dgamma: usize, dbeta: usize,
): void {
  groupNormBackward(rows, 1, cols, 1, dy, x, mean, rstd, gamma, dx, dgamma, dbeta);
}

// ---- batch norm, x [rows, c] ----

/** y[r, j] = (x[r, j] - mean[j]) scale[j] gamma[j] + beta[j], scale = rstd (isVar = false) or 1 / sqrt(var + eps). */
@inline function batchApply(rows: i32, c: i32, x: usize, y: usize, mean: usize, scale: usize, isVar: bool, eps: f32, gamma: usize, beta: usize): void {
  const rowBytes = <usize>c << 2;
  const veps = f32x4.splat(eps), one = f32x4.splat(1);
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes, yr = y + <usize>r * rowBytes;
    let j = 0;
    for (; j + 4 <= c; j += 4) {
      const o = <usize>j << 2;
      let s = v128.load(scale + o);
      if (isVar) s = f32x4.div(one, f32x4.sqrt(f32x4.add(s, veps)));
      if (gamma != 0) s = f32x4.mul(s, v128.load(gamma + o));
      let d = f32x4.mul(f32x4.sub(v128.load(xr + o), v128.load(mean + o)), s);
      if (beta != 0) d = f32x4.add(d, v128.load(beta + o));
      v128.store(yr + o, d);
    }
    for (; j < c; j++) {
      const o = <usize>j << 2;
      let s = load<f32>(scale + o);
      if (isVar) s = 1 / Mathf.sqrt(s + eps);
      if (gamma != 0) s *= load<f32>(gamma + o);
      let d = (load<f32>(xr + o) - load<f32>(mean + o)) * s;
      if (beta != 0) d += load<f32>(beta + o);
      store<f32>(yr + o, d);
    }
  }
}

/**
 * Batch norm training forward over x [rows, c] (rows >= 1): per-channel batch mean and biased
 * variance; writes y, mean and rstd [c]. With running_mean / running_var (0 = none), updates them
 * in place: r = (1 - momentum) r + momentum s, with the unbiased variance var * rows / (rows - 1).
 */
export function batch_norm_train_f32(
  rows: i32, c: i32, x: usize, gamma: usize, beta: usize, eps: f32, momentum: f32, y: usize, mean: usize, rstd: usize,
  running_mean: usize, running_var: usize,
): void {
  const stride = <usize>c << 2;
  const inv = 1.0 / <f64>rows;
  const unbias: f64 = rows > 1 ? <f64>rows / <f64>(rows - 1) : 1;
  let j = 0;
  // Column blocks: mean, then the mean of squared deviations, both in f64 (the variance goes to
  // rstd for now; rstd below).
  for (; j + 16 <= c; j += 16) colMoments16(x + (<usize>j << 2), rows, stride, mean + (<usize>j << 2), rstd + (<usize>j << 2), inv);
  for (; j + 4 <= c; j += 4) {
    const p = x + (<usize>j << 2);
    const lo = colSum4(T_X, p, rows, stride, f32x4.splat(0));
    const mu = demote4(lo, colSum4High(), inv);
    const lo2 = colSum4(T_DEV2, p, rows, stride, mu);
    const hi2 = colSum4High();
    v128.store(mean + (<usize>j << 2), mu);
    const variance = demote4(lo2, hi2, inv);
    v128.store(rstd + (<usize>j << 2), variance); // the variance for now; rstd below
  }
  for (; j < c; j++) {
    const p = x + (<usize>j << 2);
    const mu = <f32>(colSum1(T_X, p, rows, stride, 0) * inv);
    store<f32>(mean + (<usize>j << 2), mu);
    store<f32>(rstd + (<usize>j << 2), <f32>(colSum1(T_DEV2, p, rows, stride, mu) * inv));
  }
  for (j = 0; j < c; j++) {
    const o = <usize>j << 2;
    const variance = load<f32>(rstd + o);
    if (running_mean != 0) store<f32>(running_mean + o, (1 - momentum) * load<f32>(running_mean + o) + momentum * load<f32>(mean + o));
    if (running_var != 0) store<f32>(running_var + o, <f32>((1 - <f64>momentum) * <f64>load<f32>(running_var + o) + <f64>momentum * <f64>variance * unbias));
    store<f32>(rstd + o, <f32>(1.0 / Math.sqrt(<f64>variance + <f64>eps)));
  }
  batchApply(rows, c, x, y, mean, rstd, false, eps, gamma, beta);
}

/** Batch norm inference: y = (x - running_mean) / sqrt(running_var + eps) gamma + beta. */
export function batch_norm_inference_f32(
  rows: i32, c: i32, x: usize, running_mean: usize, running_var: usize, gamma: usize, beta: usize, eps: f32, y: usize,
): void {
  batchApply(rows, c, x, y, running_mean, running_var, true, eps, gamma, beta);
}

/**
 * Batch norm backward (training statistics mean / rstd [c]): dgamma = sum dy xhat, dbeta = sum dy,
 * dx = gamma rstd (dy - dbeta / rows - xhat dgamma / rows).
 */
export function batch_norm_backward_f32(
  rows: i32, c: i32, dy: usize, x: usize, mean: usize, rstd: usize, gamma: usize, dx: usize, dgamma: usize, dbeta: usize,
): void {
  // Channel j is its own group: n = 1, hw = rows, g = c.
  affineGrads(1, rows, c, c, dy, x, mean, rstd, dgamma, dbeta);
  const rowBytes = <usize>c << 2;
  const inv: f32 = <f32>(1.0 / <f64>rows);
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    let j = 0;
    for (; j + 4 <= c; j += 4) {
      const o = <usize>j << 2;
      const rs = v128.load(rstd + o);
      const xh = f32x4.mul(f32x4.sub(v128.load(x + off + o), v128.load(mean + o)), rs);
      let s = rs;
      if (gamma != 0) s = f32x4.mul(s, v128.load(gamma + o));
      const vinv = f32x4.splat(inv);
      const t = f32x4.sub(f32x4.sub(v128.load(dy + off + o), f32x4.mul(v128.load(dbeta + o), vinv)), f32x4.mul(xh, f32x4.mul(v128.load(dgamma + o), vinv)));
      v128.store(dx + off + o, f32x4.mul(s, t));
    }
    for (; j < c; j++) {
      const o = <usize>j << 2;
      const rs = load<f32>(rstd + o);
      const xh = (load<f32>(x + off + o) - load<f32>(mean + o)) * rs;
      const s = gamma != 0 ? rs * load<f32>(gamma + o) : rs;
      store<f32>(dx + off + o, s * (load<f32>(dy + off + o) - load<f32>(dbeta + o) * inv - xh * load<f32>(dgamma + o) * inv));
    }
  }
}
