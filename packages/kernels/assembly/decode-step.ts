// One decoding step of a Llama-architecture model (Touvron et al. 2023) in one call: the new token's
// embedding goes through every layer and the final norm to the logits, reading the weights in place
// and appending the token's keys and values to the cache. Batch 1, float32. llama_decode_greedy_f32
// runs `count` such steps, each fed the first maximum of the previous step's logits (greedy decoding
// without a call back to JavaScript per token).
// Per layer (x the residual stream, dim floats):
//   xb = RMSNorm(x) * attnNorm;  q = Wq xb, k = Wk xb, v = Wv xb;  RoPE(q, k) at `position`
//   keys[l][g][position] = k_g, values[l][g][position] = v_g for each key/value head g
//   per head h (key/value head h / (heads / kvHeads)): p = softmax(q_h . k_t / sqrt(headDim)), t <= position
//   x += Wo (sum_t p_t v_t);  xb = RMSNorm(x) * mlpNorm;  x += Wdown (silu(Wgate xb) * (Wup xb))
// then logits = Wcls (RMSNorm(x) * finalNorm).
// Contracts:
//  - Matrices are PyTorch's [out, in], row-major, float32, at any 4-byte alignment.
//  - `weights` is a table of 3 + 9 * layers pointers (u32): embedding [vocab, dim], final norm [dim],
//    classifier [vocab, dim]; then per layer attention norm, q [dim, dim], k [kvDim, dim],
//    v [kvDim, dim], o [dim, dim], MLP norm, gate [hidden, dim], up [hidden, dim], down [dim, hidden].
//  - keys and values are [layers, kvHeads, capacity, headDim] (each head's rows contiguous, streamed
//    by the attention); 0 <= position < capacity.
//  - work holds 4 pad4(dim) + 2 pad4(hidden) + 2 pad4(kvDim) + 2 pad4(capacity) + pad4(headDim)
//    floats (pad4 rounds up to a multiple of 4), 16-byte aligned: x, xb, q, attention output, gate,
//    up, the new k and v, scores of two heads, cos/sin.
//  - RMSNorm sums squares in f64 and scales in f64 (as rms-norm.ts); RoPE's angles are f64, as
//    rope.ts: pos * theta^(-2i / headDim), pairs (2i, 2i+1) when interleaved, (i, i + headDim/2) else.
//  - Matrix-vector products and attention accumulate in f32 lanes (madd: fused in the relaxed build).
import { sigmoid4 } from './math';
import { attendByHead } from './decode-attention';
import { matvec, pad4, rmsNorm } from './decode-vector';

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

/** dst[0..n) = src[0..n) (n small: a head's row). */
@inline function copyFloats(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

/** Index of the first maximum of n floats (JavaScript's `v[i] > v[best]` scan: 0 when v[0] is NaN). */
function argmaxFirst(v: usize, n: i32): i32 {
  let best = 0;
  let max = load<f32>(v);
  for (let i = 1; i < n; i++) {
    const x = load<f32>(v + (<usize>i << 2));
    if (x > max) {
      max = x;
      best = i;
    }
  }
  return best;
}

function step(
  dim: i32, hidden: i32, layers: i32, heads: i32, kvHeads: i32, vocab: i32, capacity: i32, interleaved: bool, epsilon: f64, theta: f64,
  weights: usize, keys: usize, values: usize, token: i32, position: i32, work: usize, logits: usize,
): void {
  const headDim = dim / heads, kvDim = kvHeads * headDim, half = headDim >> 1;
  const x = work, xb = x + (<usize>pad4(dim) << 2), q = xb + (<usize>pad4(dim) << 2), att = q + (<usize>pad4(dim) << 2);
  const h1 = att + (<usize>pad4(dim) << 2), h3 = h1 + (<usize>pad4(hidden) << 2), kNew = h3 + (<usize>pad4(hidden) << 2);
  const vNew = kNew + (<usize>pad4(kvDim) << 2), scores = vNew + (<usize>pad4(kvDim) << 2);
  const cosSin = scores + (<usize>(2 * pad4(capacity)) << 2);
  memory.copy(x, pointer(weights, 0) + <usize>token * (<usize>dim << 2), <usize>dim << 2);
  const pos = <f64>position;
  for (let i = 0; i < half; i++) {
    const angle = pos * Math.pow(theta, -2.0 * <f64>i / <f64>headDim);
    store<f32>(cosSin + (<usize>i << 2), <f32>Math.cos(angle));
    store<f32>(cosSin + (<usize>(half + i) << 2), <f32>Math.sin(angle));
  }
  const rowBytes = <usize>headDim << 2, headBytes = <usize>capacity * rowBytes;
  const cacheLayer = <usize>kvHeads * headBytes;
  for (let l = 0; l < layers; l++) {
    const base = 3 + 9 * l;
    const kl = keys + <usize>l * cacheLayer, vl = values + <usize>l * cacheLayer;
    rmsNorm(x, pointer(weights, base), xb, dim, epsilon);
    matvec(pointer(weights, base + 1), xb, q, dim, dim, false);
    matvec(pointer(weights, base + 2), xb, kNew, kvDim, dim, false);
    matvec(pointer(weights, base + 3), xb, vNew, kvDim, dim, false);
    rotate(q, heads, headDim, interleaved, cosSin);
    rotate(kNew, kvHeads, headDim, interleaved, cosSin);
    const row = <usize>position * rowBytes;
    for (let g = 0; g < kvHeads; g++) {
      copyFloats(kl + <usize>g * headBytes + row, kNew + <usize>g * rowBytes, headDim);
      copyFloats(vl + <usize>g * headBytes + row, vNew + <usize>g * rowBytes, headDim);
    }
    attendByHead(q, kl, vl, att, scores, heads, kvHeads, headDim, capacity, position + 1);
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

export function llama_decode_step_f32(
  dim: i32, hidden: i32, layers: i32, heads: i32, kvHeads: i32, vocab: i32, capacity: i32, interleaved: i32, eps: f32, theta: f32,
  weights: usize, keys: usize, values: usize, token: i32, position: i32, work: usize, logits: usize,
): void {
  step(dim, hidden, layers, heads, kvHeads, vocab, capacity, interleaved != 0, <f64>eps, <f64>theta, weights, keys, values, token, position, work, logits);
}

/**
 * Greedy decoding: `count` steps from `token` at `position`; step i's next token (the first maximum
 * of its logits) goes to ids[i] (i32) and is the input of step i + 1. position + count <= capacity.
 * The last step's logits stay at `logits`.
 */
export function llama_decode_greedy_f32(
  dim: i32, hidden: i32, layers: i32, heads: i32, kvHeads: i32, vocab: i32, capacity: i32, interleaved: i32, eps: f32, theta: f32,
  weights: usize, keys: usize, values: usize, token: i32, position: i32, count: i32, work: usize, logits: usize, ids: usize,
): void {
  for (let i = 0; i < count; i++) {
    step(dim, hidden, layers, heads, kvHeads, vocab, capacity, interleaved != 0, <f64>eps, <f64>theta, weights, keys, values, token, position + i, work, logits);
    token = argmaxFirst(logits, vocab);
    store<i32>(ids + (<usize>i << 2), token);
  }
}
