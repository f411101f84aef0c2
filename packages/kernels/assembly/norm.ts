// Normalization layers on contiguous f32, channels last. Statistics are two-pass (mean, then the
// mean of squared deviations) with f64 accumulation across chunks; variances are biased (divide by
// the count), rstd = 1 / sqrt(var + eps). gamma / beta pointers may be 0 (scale 1, shift 0).
//   group norm: x [N, HW, C], G groups of C / G channels; mean and rstd [N, G]
//   layer norm: x [rows, cols] normalized over cols = group norm with HW = 1, G = 1
//   batch norm: x [rows, C] normalized per channel over rows; mean and rstd [C]
import { madd } from './math';
import { T_DEV2, T_DIFF, hsum64, rowSum } from './reduce-rows';

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

/**
 * dx[k] = rs (dy[k] gamma[k] - c1 - xhat[k] c2) over one segment, and the affine gradients'
 * partial sums pg[k] += dy[k] xhat[k], pb[k] += dy[k] (f32, flushed to f64 every FLUSH rows).
 */
@inline function segmentDx(
  dy: usize, x: usize, dx: usize, len: i32, mu: f32, rs: f32, gamma: usize, c1: f32, c2: f32, pg: usize, pb: usize,
): void {
  const vmu = f32x4.splat(mu), vrs = f32x4.splat(rs), v1 = f32x4.splat(c1), v2 = f32x4.splat(c2);
  let k = 0;
  for (; k + 4 <= len; k += 4) {
    const o = <usize>k << 2;
    const d = v128.load(dy + o);
    const gg = gamma != 0 ? f32x4.mul(d, v128.load(gamma + o)) : d;
    const xh = f32x4.mul(f32x4.sub(v128.load(x + o), vmu), vrs);
    v128.store(dx + o, f32x4.mul(vrs, f32x4.sub(f32x4.sub(gg, v1), f32x4.mul(xh, v2))));
    v128.store(pg + o, madd(d, xh, v128.load(pg + o)));
    v128.store(pb + o, f32x4.add(d, v128.load(pb + o)));
  }
  for (; k < len; k++) {
    const o = <usize>k << 2;
    const d = load<f32>(dy + o);
    const gg = gamma != 0 ? d * load<f32>(gamma + o) : d;
    const xh = (load<f32>(x + o) - mu) * rs;
    store<f32>(dx + o, rs * (gg - c1 - xh * c2));
    store<f32>(pg + o, load<f32>(pg + o) + d * xh);
    store<f32>(pb + o, load<f32>(pb + o) + d);
  }
}

// Affine gradients accumulate row by row: f32 partial sums in dgamma / dbeta for at most FLUSH
// rows, then added into f64 sums in the workspace (f64[2c]), so long batches keep f64 accuracy.
const FLUSH = 64;

/** work[j] += pg[j], work[c + j] += pb[j] (f64), then pg = pb = 0. */
@inline function flushAffine(c: i32, pg: usize, pb: usize, work: usize): void {
  const cBytes = <usize>c << 3;
  let j = 0;
  for (; j + 2 <= c; j += 2) {
    const o = <usize>j << 2, w = <usize>j << 3;
    v128.store(work + w, f64x2.add(v128.load(work + w), f64x2.promote_low_f32x4(v128.load64_zero(pg + o))));
    v128.store(work + cBytes + w, f64x2.add(v128.load(work + cBytes + w), f64x2.promote_low_f32x4(v128.load64_zero(pb + o))));
  }
  for (; j < c; j++) {
    store<f64>(work + (<usize>j << 3), load<f64>(work + (<usize>j << 3)) + <f64>load<f32>(pg + (<usize>j << 2)));
    store<f64>(work + cBytes + (<usize>j << 3), load<f64>(work + cBytes + (<usize>j << 3)) + <f64>load<f32>(pb + (<usize>j << 2)));
  }
  memory.fill(pg, 0, <usize>c << 2);
  memory.fill(pb, 0, <usize>c << 2);
}

/** dgamma / dbeta = the f64 sums (after a last flush). */
@inline function finishAffine(c: i32, dgamma: usize, dbeta: usize, work: usize): void {
  flushAffine(c, dgamma, dbeta, work);
  const cBytes = <usize>c << 3;
  for (let j = 0; j < c; j++) {
    store<f32>(dgamma + (<usize>j << 2), <f32>load<f64>(work + (<usize>j << 3)));
    store<f32>(dbeta + (<usize>j << 2), <f32>load<f64>(work + cBytes + (<usize>j << 3)));
  }
}

/**
 * Group norm backward over x [n, hw, c]: per sample, the group sums of dy gamma and dy gamma xhat
 * first (kept as f64 pairs after the affine sums in the workspace), then dx row by row with the
 * affine partial sums. work: f64[2c + 2g].
 */
@inline function groupNormBackward(
  n: i32, hw: i32, c: i32, g: i32, dy: usize, x: usize, mean: usize, rstd: usize, gamma: usize,
  dx: usize, dgamma: usize, dbeta: usize, work: usize,
): void {
  const cg = c / g;
  const count = <f64>hw * <f64>cg;
  const rowBytes = <usize>c << 2;
  const groupSums = work + (<usize>c << 4);
  memory.fill(work, 0, <usize>c << 4);
  memory.fill(dgamma, 0, rowBytes);
  memory.fill(dbeta, 0, rowBytes);
  let pending = 0;
  for (let s = 0; s < n; s++) {
    const base = <usize>s * <usize>hw * rowBytes;
    for (let q = 0; q < g; q++) {
      const cOff = <usize>(q * cg) << 2;
      const stat = <usize>(s * g + q) << 2;
      const mu = load<f32>(mean + stat), rs = load<f32>(rstd + stat);
      sumG = 0;
      sumGX = 0;
      for (let h = 0; h < hw; h++) {
        const off = base + <usize>h * rowBytes + cOff;
        segmentSums(dy + off, x + off, cg, mu, rs, gamma != 0 ? gamma + cOff : 0);
      }
      store<f64>(groupSums + (<usize>q << 4), sumG / count);
      store<f64>(groupSums + (<usize>q << 4) + 8, sumGX / count);
    }
    for (let h = 0; h < hw; h++) {
      const rowOff = base + <usize>h * rowBytes;
      for (let q = 0; q < g; q++) {
        const cOff = <usize>(q * cg) << 2;
        const stat = <usize>(s * g + q) << 2;
        const off = rowOff + cOff;
        const c1 = <f32>load<f64>(groupSums + (<usize>q << 4)), c2 = <f32>load<f64>(groupSums + (<usize>q << 4) + 8);
        segmentDx(dy + off, x + off, dx + off, cg, load<f32>(mean + stat), load<f32>(rstd + stat), gamma != 0 ? gamma + cOff : 0, c1, c2, dgamma + cOff, dbeta + cOff);
      }
      if (++pending == FLUSH) {
        flushAffine(c, dgamma, dbeta, work);
        pending = 0;
      }
    }
  }
  finishAffine(c, dgamma, dbeta, work);
}

/** Group norm forward over x [n, hw, c] with g groups (c % g == 0); writes y, mean and rstd [n, g]. */
export function group_norm_f32(
  n: i32, hw: i32, c: i32, g: i32, x: usize, gamma: usize, beta: usize, eps: f32, y: usize, mean: usize, rstd: usize,
): void {
  groupNormForward(n, hw, c, g, x, gamma, beta, eps, y, mean, rstd);
}

/** Group norm backward: dx, and dgamma / dbeta [c] (written, not accumulated). work: f64[2c + 2g] scratch. */
export function group_norm_backward_f32(
  n: i32, hw: i32, c: i32, g: i32, dy: usize, x: usize, mean: usize, rstd: usize, gamma: usize,
  dx: usize, dgamma: usize, dbeta: usize, work: usize,
): void {
  groupNormBackward(n, hw, c, g, dy, x, mean, rstd, gamma, dx, dgamma, dbeta, work);
}

/** Rows per block of the layer norm forward: statistics of the block's rows, then their outputs. */
const LN_BLOCK = 32;

/**
 * Layer norm over the last axis of x [rows, cols]; mean and rstd [rows]. The same numbers as group
 * norm with HW = 1 and G = 1 (shifted two-pass statistics), computed a block of rows at a time: the
 * statistics of every row of the block first (independent chains of sums, square root and division
 * that overlap from row to row), then the normalized rows. Row by row, each row's output waited on
 * its own chain: at 64 columns 1.35x the time.
 */
export function layer_norm_f32(rows: i32, cols: i32, x: usize, gamma: usize, beta: usize, eps: f32, y: usize, mean: usize, rstd: usize): void {
  const rowBytes = <usize>cols << 2, count = <f64>cols;
  for (let r0 = 0; r0 < rows; r0 += LN_BLOCK) {
    const r1 = min(rows, r0 + LN_BLOCK);
    for (let r = r0; r < r1; r++) {
      const xr = x + <usize>r * rowBytes, x0 = load<f32>(xr);
      const mu = <f32>(<f64>x0 + rowSum(T_DIFF, xr, cols, x0) / count);
      store<f32>(mean + (<usize>r << 2), mu);
      store<f32>(rstd + (<usize>r << 2), <f32>(1.0 / Math.sqrt(rowSum(T_DEV2, xr, cols, mu) / count + <f64>eps)));
    }
    for (let r = r0; r < r1; r++) {
      const off = <usize>r * rowBytes, stat = <usize>r << 2;
      normalizeSegment(x + off, y + off, cols, load<f32>(mean + stat), load<f32>(rstd + stat), gamma, beta);
    }
  }
}

/** Layer norm backward: dx [rows, cols], dgamma / dbeta [cols] (written, not accumulated). work: f64[2 cols + 2] scratch. */
export function layer_norm_backward_f32(
  rows: i32, cols: i32, dy: usize, x: usize, mean: usize, rstd: usize, gamma: usize, dx: usize, dgamma: usize, dbeta: usize,
  work: usize,
): void {
  groupNormBackward(rows, 1, cols, 1, dy, x, mean, rstd, gamma, dx, dgamma, dbeta, work);
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
 * Per-channel sums over the rows of x [rows, c] of (x - shift)^2 (squares) or x - shift, left
 * as f64 in work[0..c): f32 partial sums in `part` (c floats, left zeroed) for FLUSH rows at a
 * time, flushed to f64. Contiguous rows, no strided column walks.
 */
@inline function channelSums(squares: bool, x: usize, rows: i32, c: i32, shift: usize, part: usize, work: usize): void {
  const rowBytes = <usize>c << 2;
  memory.fill(work, 0, <usize>c << 3);
  memory.fill(part, 0, rowBytes);
  let pending = 0;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes;
    let j = 0;
    for (; j + 4 <= c; j += 4) {
      const o = <usize>j << 2;
      const d = f32x4.sub(v128.load(xr + o), v128.load(shift + o));
      v128.store(part + o, squares ? madd(d, d, v128.load(part + o)) : f32x4.add(d, v128.load(part + o)));
    }
    for (; j < c; j++) {
      const o = <usize>j << 2;
      const d = load<f32>(xr + o) - load<f32>(shift + o);
      store<f32>(part + o, load<f32>(part + o) + (squares ? d * d : d));
    }
    if (++pending == FLUSH || r == rows - 1) {
      let k = 0;
      for (; k + 2 <= c; k += 2) {
        const w = work + (<usize>k << 3);
        v128.store(w, f64x2.add(v128.load(w), f64x2.promote_low_f32x4(v128.load64_zero(part + (<usize>k << 2)))));
      }
      for (; k < c; k++) store<f64>(work + (<usize>k << 3), load<f64>(work + (<usize>k << 3)) + <f64>load<f32>(part + (<usize>k << 2)));
      memory.fill(part, 0, rowBytes);
      pending = 0;
    }
  }
}

/**
 * Batch norm training forward over x [rows, c] (rows >= 1): per-channel batch mean (summed
 * relative to the first row: exact for constant channels) and biased variance (two-pass); writes
 * y, mean and rstd [c]. With running_mean / running_var (0 = none), updates them in place:
 * r = (1 - momentum) r + momentum s, with the unbiased variance var * rows / (rows - 1).
 * work: f64[c] scratch.
 */
export function batch_norm_train_f32(
  rows: i32, c: i32, x: usize, gamma: usize, beta: usize, eps: f32, momentum: f32, y: usize, mean: usize, rstd: usize,
  running_mean: usize, running_var: usize, work: usize,
): void {
  const inv = 1.0 / <f64>rows;
  const unbias: f64 = rows > 1 ? <f64>rows / <f64>(rows - 1) : 1;
  // Pass 1: sums of x - x[0] (rstd holds the f32 partials), mean = x[0] + sum / rows.
  channelSums(false, x, rows, c, x, rstd, work);
  for (let j = 0; j < c; j++) {
    store<f32>(mean + (<usize>j << 2), <f32>(<f64>load<f32>(x + (<usize>j << 2)) + load<f64>(work + (<usize>j << 3)) * inv));
  }
  // Pass 2: sums of (x - mean)^2 (y holds the f32 partials: it is overwritten below).
  channelSums(true, x, rows, c, mean, y, work);
  for (let j = 0; j < c; j++) {
    const o = <usize>j << 2;
    const variance = load<f64>(work + (<usize>j << 3)) * inv;
    if (running_mean != 0) store<f32>(running_mean + o, (1 - momentum) * load<f32>(running_mean + o) + momentum * load<f32>(mean + o));
    if (running_var != 0) store<f32>(running_var + o, <f32>((1 - <f64>momentum) * <f64>load<f32>(running_var + o) + <f64>momentum * variance * unbias));
    store<f32>(rstd + o, <f32>(1.0 / Math.sqrt(variance + <f64>eps)));
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
 * Batch norm backward (training statistics mean / rstd [c]): dgamma = sum dy xhat, dbeta = sum dy
 * (row by row, f32 partials flushed to f64), then dx = gamma rstd (dy - dbeta / rows - xhat dgamma / rows).
 * work: f64[2c] scratch.
 */
export function batch_norm_backward_f32(
  rows: i32, c: i32, dy: usize, x: usize, mean: usize, rstd: usize, gamma: usize, dx: usize, dgamma: usize, dbeta: usize,
  work: usize,
): void {
  const rowBytes = <usize>c << 2;
  memory.fill(work, 0, <usize>c << 4);
  memory.fill(dgamma, 0, rowBytes);
  memory.fill(dbeta, 0, rowBytes);
  let pending = 0;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    let j = 0;
    for (; j + 4 <= c; j += 4) {
      const o = <usize>j << 2;
      const d = v128.load(dy + off + o);
      const xh = f32x4.mul(f32x4.sub(v128.load(x + off + o), v128.load(mean + o)), v128.load(rstd + o));
      v128.store(dgamma + o, madd(d, xh, v128.load(dgamma + o)));
      v128.store(dbeta + o, f32x4.add(d, v128.load(dbeta + o)));
    }
    for (; j < c; j++) {
      const o = <usize>j << 2;
      const d = load<f32>(dy + off + o);
      store<f32>(dgamma + o, load<f32>(dgamma + o) + d * ((load<f32>(x + off + o) - load<f32>(mean + o)) * load<f32>(rstd + o)));
      store<f32>(dbeta + o, load<f32>(dbeta + o) + d);
    }
    if (++pending == FLUSH) {
      flushAffine(c, dgamma, dbeta, work);
      pending = 0;
    }
  }
  finishAffine(c, dgamma, dbeta, work);
  const inv: f32 = <f32>(1.0 / <f64>rows);
  const vinv = f32x4.splat(inv);
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    let j = 0;
    for (; j + 4 <= c; j += 4) {
      const o = <usize>j << 2;
      const rs = v128.load(rstd + o);
      const xh = f32x4.mul(f32x4.sub(v128.load(x + off + o), v128.load(mean + o)), rs);
      const s = gamma != 0 ? f32x4.mul(rs, v128.load(gamma + o)) : rs;
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
