// Attention of one new token over a key/value cache, for the fused decode steps: per query head
// p = softmax(q . k_t / sqrt(headDim)) over the cached positions t < length, out = sum_t p_t v_t.
// Max-subtracted, exp by decode-exp.ts's expNonPositive4 (exp4's polynomial by Estrin's scheme), eight
// positions per iteration; dot products and sums accumulate in f32 lanes (madd: fused in the relaxed
// build). Two cache layouts:
//  - attend: rows of all heads side by side, [capacity, kvHeads * headDim] (GPT-2's decoder);
//  - attendByHead: each key/value head's rows contiguous, [kvHeads, capacity, headDim] (Llama's
//    decoder), streamed with one pointer; at headDim 8 the query heads that share a key/value head
//    are taken two at a time, so each cached row is loaded once for both.
import { madd } from './math';
import { expNonPositive4 } from './decode-exp';
import { dot, sum1, sum4x4 } from './decode-vector';

/** scores[t] = q . k_t for t < length (keys rowBytes apart), four positions per iteration when headDim % 4 == 0; returns the maximum. */
function scoreRows(q: usize, keys: usize, rowBytes: usize, headDim: i32, length: i32, scores: usize): f32 {
  let vmax = f32x4.splat(-Infinity);
  let t = 0;
  if ((headDim & 3) == 0) {
    for (; t + 4 <= length; t += 4) {
      const k0 = keys + <usize>t * rowBytes, k1 = k0 + rowBytes, k2 = k1 + rowBytes, k3 = k2 + rowBytes;
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      for (let d = 0; d < headDim; d += 4) {
        const off = <usize>d << 2;
        const qv = v128.load(q + off);
        a0 = madd(v128.load(k0 + off), qv, a0);
        a1 = madd(v128.load(k1 + off), qv, a1);
        a2 = madd(v128.load(k2 + off), qv, a2);
        a3 = madd(v128.load(k3 + off), qv, a3);
      }
      const s = sum4x4(a0, a1, a2, a3);
      v128.store(scores + (<usize>t << 2), s);
      vmax = f32x4.pmax(vmax, s);
    }
  }
  let max = maxOf(vmax);
  for (; t < length; t++) {
    const s = dot(q, keys + <usize>t * rowBytes, headDim);
    store<f32>(scores + (<usize>t << 2), s);
    if (s > max) max = s;
  }
  return max;
}

@inline function maxOf(v: v128): f32 {
  const m = f32x4.pmax(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.pmax(m, v128.shuffle<f32>(m, m, 1, 0, 3, 2)), 0);
}

/**
 * scores[t] = exp(scores[t] - max); returns their sum (summed in the order of the positions, four
 * lanes). Two exponentials per iteration: independent chains the core overlaps.
 */
function expShifted(scores: usize, length: i32, max: f32): f32 {
  const vmax = f32x4.splat(max);
  let vsum = f32x4.splat(0);
  let t = 0;
  for (; t + 8 <= length; t += 8) {
    const p = scores + (<usize>t << 2);
    const e0 = expNonPositive4(f32x4.sub(v128.load(p), vmax));
    const e1 = expNonPositive4(f32x4.sub(v128.load(p, 16), vmax));
    v128.store(p, e0);
    v128.store(p, e1, 16);
    vsum = f32x4.add(f32x4.add(vsum, e0), e1);
  }
  for (; t + 4 <= length; t += 4) {
    const p = scores + (<usize>t << 2);
    const e = expNonPositive4(f32x4.sub(v128.load(p), vmax));
    v128.store(p, e);
    vsum = f32x4.add(vsum, e);
  }
  let sum = sum1(vsum);
  for (; t < length; t++) {
    const p = scores + (<usize>t << 2);
    const e = f32x4.extract_lane(expNonPositive4(f32x4.splat(load<f32>(p) - max)), 0);
    store<f32>(p, e);
    sum += e;
  }
  return sum;
}

/** out[0..headDim) = scale * sum_t weights[t] v_t (values rowBytes apart); the accumulators stay in registers over t. */
function weightedRows(weights: usize, values: usize, rowBytes: usize, headDim: i32, length: i32, scale: f32, out: usize): void {
  const vscale = f32x4.splat(scale);
  let d = 0;
  for (; d + 8 <= headDim; d += 8) {
    const off = <usize>d << 2;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
    for (let t = 0; t < length; t++) {
      const w = v128.load32_splat(weights + (<usize>t << 2));
      const row = values + <usize>t * rowBytes + off;
      a0 = madd(w, v128.load(row), a0);
      a1 = madd(w, v128.load(row + 16), a1);
    }
    v128.store(out + off, f32x4.mul(a0, vscale));
    v128.store(out + off + 16, f32x4.mul(a1, vscale));
  }
  for (; d + 4 <= headDim; d += 4) {
    const off = <usize>d << 2;
    let a0 = f32x4.splat(0);
    for (let t = 0; t < length; t++) a0 = madd(v128.load32_splat(weights + (<usize>t << 2)), v128.load(values + <usize>t * rowBytes + off), a0);
    v128.store(out + off, f32x4.mul(a0, vscale));
  }
  for (; d < headDim; d++) {
    const off = <usize>d << 2;
    let a: f32 = 0;
    for (let t = 0; t < length; t++) a += load<f32>(weights + (<usize>t << 2)) * load<f32>(values + <usize>t * rowBytes + off);
    store<f32>(out + off, a * scale);
  }
}

/** x[0..n) *= s. */
function scaleInPlace(x: usize, n: i32, s: f32): void {
  const vs = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(x + (<usize>i << 2), f32x4.mul(v128.load(x + (<usize>i << 2)), vs));
  for (; i < n; i++) store<f32>(x + (<usize>i << 2), load<f32>(x + (<usize>i << 2)) * s);
}

/**
 * Causal attention of every query head against the cached positions 0..length-1 of one layer,
 * keys and values [capacity, kvHeads * headDim] (query head h reads key/value head h / (heads / kvHeads)).
 * The queries are scaled in place first; scores holds `length` floats.
 */
export function attend(q: usize, keys: usize, values: usize, out: usize, scores: usize, heads: i32, kvHeads: i32, headDim: i32, length: i32): void {
  const group = heads / kvHeads, kvDim = kvHeads * headDim;
  const rowBytes = <usize>kvDim << 2;
  scaleInPlace(q, heads * headDim, <f32>(1.0 / Math.sqrt(<f64>headDim)));
  for (let h = 0; h < heads; h++) {
    const qh = q + (<usize>(h * headDim) << 2);
    const kvOffset = <usize>((h / group) * headDim) << 2;
    const max = scoreRows(qh, keys + kvOffset, rowBytes, headDim, length, scores);
    const sum = expShifted(scores, length, max);
    weightedRows(scores, values + kvOffset, rowBytes, headDim, length, <f32>1.0 / sum, out + (<usize>(h * headDim) << 2));
  }
}

/**
 * Two query heads of 8 floats (qa, qb) against the same key/value head's rows (8 floats each,
 * contiguous): scores of both from one load of each key row, then both weighted sums from one load
 * of each value row. sa and sb hold `length` floats each.
 */
function attendPair8(qa: usize, qb: usize, keys: usize, values: usize, length: i32, sa: usize, sb: usize, outa: usize, outb: usize): void {
  const qa0 = v128.load(qa), qa1 = v128.load(qa, 16), qb0 = v128.load(qb), qb1 = v128.load(qb, 16);
  let ma = f32x4.splat(-Infinity), mb = f32x4.splat(-Infinity);
  let p = keys, pa = sa, pb = sb;
  const stop = keys + (<usize>(length & ~3) << 5);
  while (p < stop) {
    const k00 = v128.load(p), k01 = v128.load(p, 16), k10 = v128.load(p, 32), k11 = v128.load(p, 48);
    const k20 = v128.load(p, 64), k21 = v128.load(p, 80), k30 = v128.load(p, 96), k31 = v128.load(p, 112);
    const s = sum4x4(madd(k01, qa1, f32x4.mul(k00, qa0)), madd(k11, qa1, f32x4.mul(k10, qa0)), madd(k21, qa1, f32x4.mul(k20, qa0)), madd(k31, qa1, f32x4.mul(k30, qa0)));
    const u = sum4x4(madd(k01, qb1, f32x4.mul(k00, qb0)), madd(k11, qb1, f32x4.mul(k10, qb0)), madd(k21, qb1, f32x4.mul(k20, qb0)), madd(k31, qb1, f32x4.mul(k30, qb0)));
    v128.store(pa, s);
    v128.store(pb, u);
    ma = f32x4.pmax(ma, s);
    mb = f32x4.pmax(mb, u);
    p += 128; pa += 16; pb += 16;
  }
  let maxA = maxOf(ma), maxB = maxOf(mb);
  for (let t = length & ~3; t < length; t++) {
    const row = keys + (<usize>t << 5);
    const s = dot(qa, row, 8), u = dot(qb, row, 8);
    store<f32>(sa + (<usize>t << 2), s);
    store<f32>(sb + (<usize>t << 2), u);
    if (s > maxA) maxA = s;
    if (u > maxB) maxB = u;
  }
  const sumA = expShifted(sa, length, maxA), sumB = expShifted(sb, length, maxB);
  // Even and odd positions in separate accumulators (two independent chains per output vector).
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), d0 = f32x4.splat(0), d1 = f32x4.splat(0);
  let pv = values;
  pa = sa;
  pb = sb;
  const vstop = values + (<usize>(length & ~1) << 5);
  while (pv < vstop) {
    const v0 = v128.load(pv), v1 = v128.load(pv, 16), v2 = v128.load(pv, 32), v3 = v128.load(pv, 48);
    const wa0 = v128.load32_splat(pa), wa1 = v128.load32_splat(pa, 4), wb0 = v128.load32_splat(pb), wb1 = v128.load32_splat(pb, 4);
    a0 = madd(wa0, v0, a0);
    a1 = madd(wa0, v1, a1);
    b0 = madd(wb0, v0, b0);
    b1 = madd(wb0, v1, b1);
    c0 = madd(wa1, v2, c0);
    c1 = madd(wa1, v3, c1);
    d0 = madd(wb1, v2, d0);
    d1 = madd(wb1, v3, d1);
    pv += 64; pa += 8; pb += 8;
  }
  if (length & 1) {
    const v0 = v128.load(pv), v1 = v128.load(pv, 16), wa = v128.load32_splat(pa), wb = v128.load32_splat(pb);
    a0 = madd(wa, v0, a0);
    a1 = madd(wa, v1, a1);
    b0 = madd(wb, v0, b0);
    b1 = madd(wb, v1, b1);
  }
  const ra = f32x4.splat(<f32>1.0 / sumA), rb = f32x4.splat(<f32>1.0 / sumB);
  v128.store(outa, f32x4.mul(f32x4.add(a0, c0), ra));
  v128.store(outa, f32x4.mul(f32x4.add(a1, c1), ra), 16);
  v128.store(outb, f32x4.mul(f32x4.add(b0, d0), rb));
  v128.store(outb, f32x4.mul(f32x4.add(b1, d1), rb), 16);
}

/**
 * Causal attention of every query head against the cached positions 0..length-1 of one layer,
 * keys and values [kvHeads, capacity, headDim] (query head h reads key/value head h / (heads / kvHeads)).
 * The queries are scaled in place first; scores holds 2 * pad4(capacity) floats.
 */
export function attendByHead(q: usize, keys: usize, values: usize, out: usize, scores: usize, heads: i32, kvHeads: i32, headDim: i32, capacity: i32, length: i32): void {
  const group = heads / kvHeads;
  const rowBytes = <usize>headDim << 2, headBytes = <usize>capacity * rowBytes;
  const scores2 = scores + (<usize>((capacity + 3) & ~3) << 2);
  scaleInPlace(q, heads * headDim, <f32>(1.0 / Math.sqrt(<f64>headDim)));
  for (let g = 0; g < kvHeads; g++) {
    const kg = keys + <usize>g * headBytes, vg = values + <usize>g * headBytes;
    let h = g * group;
    const end = h + group;
    if (headDim == 8) {
      for (; h + 2 <= end; h += 2) {
        const qa = q + (<usize>h << 5), oa = out + (<usize>h << 5);
        attendPair8(qa, qa + 32, kg, vg, length, scores, scores2, oa, oa + 32);
      }
    }
    for (; h < end; h++) {
      const qh = q + <usize>h * rowBytes;
      const max = scoreRows(qh, kg, rowBytes, headDim, length, scores);
      const sum = expShifted(scores, length, max);
      weightedRows(scores, vg, rowBytes, headDim, length, <f32>1.0 / sum, out + <usize>h * rowBytes);
    }
  }
}
