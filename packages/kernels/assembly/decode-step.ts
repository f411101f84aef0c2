// One decoding step of a Llama-architecture model (Touvron et al. 2023) in one call: the new token's
// embedding goes through every layer and the final norm to the logits, reading the weights in place
// and appending the token's keys and values to the cache. Batch 1, float32.
// Per layer (x the residual stream, dim floats):
//   xb = RMSNorm(x) * attnNorm;  q = Wq xb, k = Wk xb, v = Wv xb;  RoPE(q, k) at `position`
//   keys[l][position] = k, values[l][position] = v
//   per head h (key/value head h / (heads / kvHeads)): p = softmax(q_h . k_t / sqrt(headDim)), t <= position
//   x += Wo (sum_t p_t v_t);  xb = RMSNorm(x) * mlpNorm;  x += Wdown (silu(Wgate xb) * (Wup xb))
// then logits = Wcls (RMSNorm(x) * finalNorm).
// Contracts:
//  - Matrices are PyTorch's [out, in], row-major, float32, at any 4-byte alignment.
//  - `weights` is a table of 3 + 9 * layers pointers (u32): embedding [vocab, dim], final norm [dim],
//    classifier [vocab, dim]; then per layer attention norm, q [dim, dim], k [kvDim, dim],
//    v [kvDim, dim], o [dim, dim], MLP norm, gate [hidden, dim], up [hidden, dim], down [dim, hidden].
//  - keys and values are [layers, capacity, kvDim]; 0 <= position < capacity.
//  - work holds 4 pad4(dim) + 2 pad4(hidden) + pad4(capacity) + pad4(headDim) floats (pad4 rounds up
//    to a multiple of 4), 16-byte aligned: x, xb, q, attention output, gate, up, scores, cos/sin.
//  - RMSNorm sums squares in f64 and scales in f64 (as rms-norm.ts); RoPE's angles are f64, as
//    rope.ts: pos * theta^(-2i / headDim), pairs (2i, 2i+1) when interleaved, (i, i + headDim/2) else.
//  - Matrix-vector products and attention accumulate in f32 lanes (madd: fused in the relaxed build).
import { exp4, madd, sigmoid4 } from './math';

@inline function pad4(n: i32): i32 {
  return (n + 3) & ~3;
}

/** [sum(a), sum(b), sum(c), sum(d)]. */
@inline function sum4x4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = f32x4.add(v128.shuffle<f32>(a, b, 0, 4, 1, 5), v128.shuffle<f32>(a, b, 2, 6, 3, 7)); // a0+a2 b0+b2 a1+a3 b1+b3
  const cd = f32x4.add(v128.shuffle<f32>(c, d, 0, 4, 1, 5), v128.shuffle<f32>(c, d, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(ab, cd, 0, 1, 4, 5), v128.shuffle<f32>(ab, cd, 2, 3, 6, 7));
}

@inline function sum1(a: v128): f32 {
  const b = f32x4.add(a, v128.shuffle<f32>(a, a, 2, 3, 0, 1));
  return f32x4.extract_lane(b, 0) + f32x4.extract_lane(b, 1);
}

/** y[o] (+)= sum_i w[o, i] x[i] for o < rows; four rows at a time, eight columns per iteration. */
export function matvec(w: usize, x: usize, y: usize, rows: i32, cols: i32, accumulate: bool): void {
  const rowBytes = <usize>cols << 2;
  const body8 = cols & ~7, body4 = cols & ~3;
  let o = 0;
  for (; o + 4 <= rows; o += 4) {
    const w0 = w + <usize>o * rowBytes, w1 = w0 + rowBytes, w2 = w1 + rowBytes, w3 = w2 + rowBytes;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
    let i = 0;
    for (; i < body8; i += 8) {
      const off = <usize>i << 2;
      const x0 = v128.load(x + off), x1 = v128.load(x + off + 16);
      a0 = madd(v128.load(w0 + off), x0, a0);
      a1 = madd(v128.load(w1 + off), x0, a1);
      a2 = madd(v128.load(w2 + off), x0, a2);
      a3 = madd(v128.load(w3 + off), x0, a3);
      b0 = madd(v128.load(w0 + off + 16), x1, b0);
      b1 = madd(v128.load(w1 + off + 16), x1, b1);
      b2 = madd(v128.load(w2 + off + 16), x1, b2);
      b3 = madd(v128.load(w3 + off + 16), x1, b3);
    }
    if (i < body4) {
      const off = <usize>i << 2;
      const x0 = v128.load(x + off);
      a0 = madd(v128.load(w0 + off), x0, a0);
      a1 = madd(v128.load(w1 + off), x0, a1);
      a2 = madd(v128.load(w2 + off), x0, a2);
      a3 = madd(v128.load(w3 + off), x0, a3);
      i += 4;
    }
    let s = sum4x4(f32x4.add(a0, b0), f32x4.add(a1, b1), f32x4.add(a2, b2), f32x4.add(a3, b3));
    if (i < cols) {
      let t0: f32 = 0, t1: f32 = 0, t2: f32 = 0, t3: f32 = 0;
      for (; i < cols; i++) {
        const off = <usize>i << 2;
        const xv = load<f32>(x + off);
        t0 += load<f32>(w0 + off) * xv;
        t1 += load<f32>(w1 + off) * xv;
        t2 += load<f32>(w2 + off) * xv;
        t3 += load<f32>(w3 + off) * xv;
      }
      s = f32x4.add(s, f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(t0), 1, t1), 2, t2), 3, t3));
    }
    const yo = y + (<usize>o << 2);
    if (accumulate) s = f32x4.add(s, v128.load(yo));
    v128.store(yo, s);
  }
  for (; o < rows; o++) {
    const wr = w + <usize>o * rowBytes;
    let a = f32x4.splat(0);
    let i = 0;
    for (; i < body4; i += 4) a = madd(v128.load(wr + (<usize>i << 2)), v128.load(x + (<usize>i << 2)), a);
    let s = sum1(a);
    for (; i < cols; i++) s += load<f32>(wr + (<usize>i << 2)) * load<f32>(x + (<usize>i << 2));
    const yo = y + (<usize>o << 2);
    store<f32>(yo, accumulate ? load<f32>(yo) + s : s);
  }
}

/** y = x / sqrt(mean(x^2) + eps) * w, sums and products in f64. */
function rmsNorm(x: usize, w: usize, y: usize, n: i32, eps: f64): void {
  let ss: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>load<f32>(x + (<usize>i << 2));
    ss += v * v;
  }
  const rs = 1.0 / Math.sqrt(ss / <f64>n + eps);
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(y + off, <f32>(<f64>load<f32>(x + off) * rs * <f64>load<f32>(w + off)));
  }
}

/** Rotates `count` heads of headDim floats at x by the cos/sin table (half pairs each). */
function rotate(x: usize, count: i32, headDim: i32, interleaved: bool, cosSin: usize): void {
  const half = headDim >> 1;
  const sinTable = cosSin + (<usize>half << 2);
  for (let h = 0; h < count; h++) {
    const xr = x + (<usize>(h * headDim) << 2);
    for (let i = 0; i < half; i++) {
      const c = load<f32>(cosSin + (<usize>i << 2)), s = load<f32>(sinTable + (<usize>i << 2));
      const i1 = interleaved ? 2 * i : i, i2 = interleaved ? 2 * i + 1 : i + half;
      const p1 = xr + (<usize>i1 << 2), p2 = xr + (<usize>i2 << 2);
      const x1 = load<f32>(p1), x2 = load<f32>(p2);
      store<f32>(p1, x1 * c - x2 * s);
      store<f32>(p2, x1 * s + x2 * c);
    }
  }
}

@inline function dot(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = madd(v128.load(a + (<usize>i << 2)), v128.load(b + (<usize>i << 2)), acc);
  let s = sum1(acc);
  for (; i < n; i++) s += load<f32>(a + (<usize>i << 2)) * load<f32>(b + (<usize>i << 2));
  return s;
}

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
  const m = f32x4.pmax(vmax, v128.shuffle<f32>(vmax, vmax, 2, 3, 0, 1));
  let max = f32x4.extract_lane(f32x4.pmax(m, v128.shuffle<f32>(m, m, 1, 0, 3, 2)), 0);
  for (; t < length; t++) {
    const s = dot(q, keys + <usize>t * rowBytes, headDim);
    store<f32>(scores + (<usize>t << 2), s);
    if (s > max) max = s;
  }
  return max;
}

/** scores[t] = exp(scores[t] - max); returns their sum. */
function expShifted(scores: usize, length: i32, max: f32): f32 {
  const vmax = f32x4.splat(max);
  let vsum = f32x4.splat(0);
  let t = 0;
  for (; t + 4 <= length; t += 4) {
    const p = scores + (<usize>t << 2);
    const e = exp4(f32x4.sub(v128.load(p), vmax));
    v128.store(p, e);
    vsum = f32x4.add(vsum, e);
  }
  let sum = sum1(vsum);
  for (; t < length; t++) {
    const p = scores + (<usize>t << 2);
    const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(p) - max)), 0);
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

/**
 * Causal attention of every query head against the cached positions 0..length-1 of one layer:
 * out[h] = sum_t softmax_t(q_h . k_t / sqrt(headDim)) v_t, max-subtracted, exp by exp4. The
 * queries are scaled in place first.
 */
export function attend(q: usize, keys: usize, values: usize, out: usize, scores: usize, heads: i32, kvHeads: i32, headDim: i32, length: i32): void {
  const group = heads / kvHeads, kvDim = kvHeads * headDim;
  const scale = <f32>(1.0 / Math.sqrt(<f64>headDim));
  const rowBytes = <usize>kvDim << 2;
  for (let i = 0; i < heads * headDim; i++) store<f32>(q + (<usize>i << 2), load<f32>(q + (<usize>i << 2)) * scale);
  for (let h = 0; h < heads; h++) {
    const qh = q + (<usize>(h * headDim) << 2);
    const kvOffset = <usize>((h / group) * headDim) << 2;
    const max = scoreRows(qh, keys + kvOffset, rowBytes, headDim, length, scores);
    const sum = expShifted(scores, length, max);
    weightedRows(scores, values + kvOffset, rowBytes, headDim, length, <f32>1.0 / sum, out + (<usize>(h * headDim) << 2));
  }
}

/** h1 = silu(h1) * h3 over n floats. */
function swiglu(h1: usize, h3: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const g = v128.load(h1 + off);
    v128.store(h1 + off, f32x4.mul(f32x4.mul(g, sigmoid4(g)), v128.load(h3 + off)));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const g = load<f32>(h1 + off);
    store<f32>(h1 + off, g * f32x4.extract_lane(sigmoid4(f32x4.splat(g)), 0) * load<f32>(h3 + off));
  }
}

@inline function pointer(table: usize, index: i32): usize {
  return <usize>load<u32>(table + (<usize>index << 2));
}

export function llama_decode_step_f32(
  dim: i32, hidden: i32, layers: i32, heads: i32, kvHeads: i32, vocab: i32, capacity: i32, interleaved: i32, eps: f32, theta: f32,
  weights: usize, keys: usize, values: usize, token: i32, position: i32, work: usize, logits: usize,
): void {
  const headDim = dim / heads, kvDim = kvHeads * headDim, half = headDim >> 1;
  const x = work, xb = x + (<usize>pad4(dim) << 2), q = xb + (<usize>pad4(dim) << 2), att = q + (<usize>pad4(dim) << 2);
  const h1 = att + (<usize>pad4(dim) << 2), h3 = h1 + (<usize>pad4(hidden) << 2), scores = h3 + (<usize>pad4(hidden) << 2);
  const cosSin = scores + (<usize>pad4(capacity) << 2);
  memory.copy(x, pointer(weights, 0) + <usize>token * (<usize>dim << 2), <usize>dim << 2);
  const pos = <f64>position;
  for (let i = 0; i < half; i++) {
    const angle = pos * Math.pow(<f64>theta, -2.0 * <f64>i / <f64>headDim);
    store<f32>(cosSin + (<usize>i << 2), <f32>Math.cos(angle));
    store<f32>(cosSin + (<usize>(half + i) << 2), <f32>Math.sin(angle));
  }
  const epsilon = <f64>eps;
  const cacheLayer = <usize>capacity * <usize>kvDim << 2;
  for (let l = 0; l < layers; l++) {
    const base = 3 + 9 * l;
    const kl = keys + <usize>l * cacheLayer, vl = values + <usize>l * cacheLayer;
    const kNew = kl + (<usize>position * <usize>kvDim << 2), vNew = vl + (<usize>position * <usize>kvDim << 2);
    rmsNorm(x, pointer(weights, base), xb, dim, epsilon);
    matvec(pointer(weights, base + 1), xb, q, dim, dim, false);
    matvec(pointer(weights, base + 2), xb, kNew, kvDim, dim, false);
    matvec(pointer(weights, base + 3), xb, vNew, kvDim, dim, false);
    rotate(q, heads, headDim, interleaved != 0, cosSin);
    rotate(kNew, kvHeads, headDim, interleaved != 0, cosSin);
    attend(q, kl, vl, att, scores, heads, kvHeads, headDim, position + 1);
    matvec(pointer(weights, base + 4), att, x, dim, dim, true);
    rmsNorm(x, pointer(weights, base + 5), xb, dim, epsilon);
    matvec(pointer(weights, base + 6), xb, h1, hidden, dim, false);
    matvec(pointer(weights, base + 7), xb, h3, hidden, dim, false);
    swiglu(h1, h3, hidden);
    matvec(pointer(weights, base + 8), h1, x, dim, hidden, true);
  }
  rmsNorm(x, pointer(weights, 1), xb, dim, epsilon);
  matvec(pointer(weights, 2), xb, logits, vocab, dim, false);
}
