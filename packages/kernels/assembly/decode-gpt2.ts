// One decoding step of a GPT-2-style model (Radford et al. 2019) in one call: the new token's
// embedding plus its learned position goes through every block and the final LayerNorm to the
// logits of the tied head, reading the weights in place and appending the token's keys and values
// to the cache. Batch 1, float32.
// Per block (x the residual stream, dim floats):
//   xb = LayerNorm1(x);  [q | k | v] = xb Wattn + battn;  keys[l][position] = k, values[l][position] = v
//   per head h: p = softmax(q_h . k_t / sqrt(headDim)), t <= position;  x += (sum_t p_t v_t) Wproj + bproj
//   xb = LayerNorm2(x);  x += gelu_tanh(xb Wfc + bfc) Wout + bout
// then logits = wte (LayerNormF(x)) (the head is the token embedding, [vocab, dim]).
// Contracts:
//  - The projections are Hugging Face's Conv1D, [in, out], row-major, float32, at any 4-byte
//    alignment; wte is [vocab, dim], wpe [positions, dim] with position < positions.
//  - `weights` is a table of 4 + 12 * layers pointers (u32): wte, wpe, final norm weight, final norm
//    bias; then per layer ln_1 weight, ln_1 bias, attention [dim, 3 dim], its bias [3 dim], output
//    projection [dim, dim], its bias, ln_2 weight, ln_2 bias, c_fc [dim, inner], its bias [inner],
//    c_proj [inner, dim], its bias [dim].
//  - keys and values are [layers, capacity, dim]; 0 <= position < capacity.
//  - work holds 3 pad4(dim) + pad4(3 dim) + pad4(inner) + pad4(capacity) floats (pad4 rounds up to
//    a multiple of 4), 16-byte aligned: x, xb, attention output, q|k|v, MLP activations, scores.
//  - LayerNorm's mean and variance (biased) are f64 sums, as the layer-norm kernel's; the projections
//    accumulate in f32 lanes (madd: fused in the relaxed build); GELU is the tanh form.
import { madd, tanh4 } from './math';
import { attend } from './decode-attention';
import { matvec, pad4 } from './decode-vector';

@inline function pointer(table: usize, index: i32): usize {
  return <usize>load<u32>(table + (<usize>index << 2));
}

/** y = (x - mean) / sqrt(var + eps) * w + b over n floats; statistics in f64. */
function layerNorm(x: usize, w: usize, b: usize, y: usize, n: i32, eps: f64): void {
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) sum += <f64>load<f32>(x + (<usize>i << 2));
  const mean = sum / <f64>n;
  let ss: f64 = 0;
  for (let i = 0; i < n; i++) {
    const d = <f64>load<f32>(x + (<usize>i << 2)) - mean;
    ss += d * d;
  }
  const rstd = 1.0 / Math.sqrt(ss / <f64>n + eps);
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(y + off, <f32>((<f64>load<f32>(x + off) - mean) * rstd * <f64>load<f32>(w + off) + <f64>load<f32>(b + off)));
  }
}

/**
 * y[j] (+)= b[j] + sum_i x[i] w[i, j] for w [inF, outF] (Conv1D's layout): four input rows per pass
 * over y (which stays in L1), so each weight is read once, in order.
 */
function matvecRows(w: usize, x: usize, b: usize, y: usize, inF: i32, outF: i32, accumulate: bool): void {
  const rowBytes = <usize>outF << 2;
  const body4 = outF & ~3;
  let j = 0;
  for (; j < body4; j += 4) {
    const off = <usize>j << 2;
    const bias = v128.load(b + off);
    v128.store(y + off, accumulate ? f32x4.add(v128.load(y + off), bias) : bias);
  }
  for (; j < outF; j++) {
    const off = <usize>j << 2;
    store<f32>(y + off, (accumulate ? load<f32>(y + off) : 0) + load<f32>(b + off));
  }
  let i = 0;
  for (; i + 4 <= inF; i += 4) {
    const r0 = w + <usize>i * rowBytes, r1 = r0 + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes;
    const xi = x + (<usize>i << 2);
    const s0 = load<f32>(xi), s1 = load<f32>(xi, 4), s2 = load<f32>(xi, 8), s3 = load<f32>(xi, 12);
    const x0 = f32x4.splat(s0), x1 = f32x4.splat(s1), x2 = f32x4.splat(s2), x3 = f32x4.splat(s3);
    j = 0;
    for (; j < body4; j += 4) {
      const off = <usize>j << 2;
      let acc = v128.load(y + off);
      acc = madd(v128.load(r0 + off), x0, acc);
      acc = madd(v128.load(r1 + off), x1, acc);
      acc = madd(v128.load(r2 + off), x2, acc);
      acc = madd(v128.load(r3 + off), x3, acc);
      v128.store(y + off, acc);
    }
    for (; j < outF; j++) {
      const off = <usize>j << 2;
      store<f32>(y + off, load<f32>(y + off) + load<f32>(r0 + off) * s0 + load<f32>(r1 + off) * s1 + load<f32>(r2 + off) * s2 + load<f32>(r3 + off) * s3);
    }
  }
  for (; i < inF; i++) {
    const r = w + <usize>i * rowBytes;
    const s = load<f32>(x + (<usize>i << 2));
    const xs = f32x4.splat(s);
    j = 0;
    for (; j < body4; j += 4) {
      const off = <usize>j << 2;
      v128.store(y + off, madd(v128.load(r + off), xs, v128.load(y + off)));
    }
    for (; j < outF; j++) {
      const off = <usize>j << 2;
      store<f32>(y + off, load<f32>(y + off) + load<f32>(r + off) * s);
    }
  }
}

/** h = 0.5 h (1 + tanh(sqrt(2 / pi) (h + 0.044715 h^3))) over n floats (GPT-2's gelu_new). */
function geluTanh(h: usize, n: i32): void {
  const c = f32x4.splat(<f32>0.7978845608028654), k = f32x4.splat(<f32>0.044715), half = f32x4.splat(0.5), one = f32x4.splat(1.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const v = v128.load(h + off);
    const inner = f32x4.mul(c, f32x4.add(v, f32x4.mul(k, f32x4.mul(v, f32x4.mul(v, v)))));
    v128.store(h + off, f32x4.mul(f32x4.mul(half, v), f32x4.add(one, tanh4(inner))));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const v = f32x4.splat(load<f32>(h + off));
    const inner = f32x4.mul(c, f32x4.add(v, f32x4.mul(k, f32x4.mul(v, f32x4.mul(v, v)))));
    store<f32>(h + off, f32x4.extract_lane(f32x4.mul(f32x4.mul(half, v), f32x4.add(one, tanh4(inner))), 0));
  }
}

export function gpt2_decode_step_f32(
  dim: i32, inner: i32, layers: i32, heads: i32, vocab: i32, capacity: i32, eps: f32,
  weights: usize, keys: usize, values: usize, token: i32, position: i32, work: usize, logits: usize,
): void {
  const headDim = dim / heads;
  const dimBytes = <usize>dim << 2;
  const x = work, xb = x + (<usize>pad4(dim) << 2), att = xb + (<usize>pad4(dim) << 2), qkv = att + (<usize>pad4(dim) << 2);
  const h = qkv + (<usize>pad4(3 * dim) << 2), scores = h + (<usize>pad4(inner) << 2);
  const wte = pointer(weights, 0) + <usize>token * dimBytes, wpe = pointer(weights, 1) + <usize>position * dimBytes;
  for (let i = 0; i < dim; i++) {
    const off = <usize>i << 2;
    store<f32>(x + off, load<f32>(wte + off) + load<f32>(wpe + off));
  }
  const epsilon = <f64>eps;
  const cacheLayer = <usize>capacity * dimBytes;
  for (let l = 0; l < layers; l++) {
    const base = 4 + 12 * l;
    const kl = keys + <usize>l * cacheLayer, vl = values + <usize>l * cacheLayer;
    layerNorm(x, pointer(weights, base), pointer(weights, base + 1), xb, dim, epsilon);
    matvecRows(pointer(weights, base + 2), xb, pointer(weights, base + 3), qkv, dim, 3 * dim, false);
    memory.copy(kl + <usize>position * dimBytes, qkv + dimBytes, dimBytes);
    memory.copy(vl + <usize>position * dimBytes, qkv + 2 * dimBytes, dimBytes);
    attend(qkv, kl, vl, att, scores, heads, heads, headDim, position + 1);
    matvecRows(pointer(weights, base + 4), att, pointer(weights, base + 5), x, dim, dim, true);
    layerNorm(x, pointer(weights, base + 6), pointer(weights, base + 7), xb, dim, epsilon);
    matvecRows(pointer(weights, base + 8), xb, pointer(weights, base + 9), h, dim, inner, false);
    geluTanh(h, inner);
    matvecRows(pointer(weights, base + 10), h, pointer(weights, base + 11), x, inner, dim, true);
  }
  layerNorm(x, pointer(weights, 2), pointer(weights, 3), xb, dim, epsilon);
  matvec(pointer(weights, 0), xb, logits, vocab, dim, false);
}
