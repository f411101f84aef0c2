// Plain-TypeScript reference of assembly/decode-gpt2.ts: one GPT-2 decoding step, naive loops, float64
// accumulation (values stored to the cache and the logits are rounded to float32, as the kernel's);
// it needs no work block.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type DecodeKernels = Pick<KernelExports, 'gpt2_decode_step_f32'>;

/** y[j] = b[j] + sum_i x[i] w[i, j] for w [inF, outF] (f64). */
function matvecRows(heap: Heap, w: number, b: number, x: Float64Array, inF: number, outF: number): Float64Array {
  const m = heap.f32(w, inF * outF), bias = heap.f32(b, outF);
  const y = Float64Array.from(bias);
  for (let i = 0; i < inF; i++) for (let j = 0; j < outF; j++) y[j]! += x[i]! * m[i * outF + j]!;
  return y;
}

function layerNorm(heap: Heap, x: Float64Array, w: number, b: number, eps: number): Float64Array {
  const weight = heap.f32(w, x.length), bias = heap.f32(b, x.length);
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
  const rstd = 1 / Math.sqrt(variance + eps);
  return x.map((v, i) => (v - mean) * rstd * weight[i]! + bias[i]!);
}

const geluTanh = (v: number): number => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));

function step(
  heap: Heap, dim: number, inner: number, layers: number, heads: number, vocab: number, capacity: number, eps: number,
  weights: number, keys: number, values: number, token: number, position: number, logits: number,
): void {
  const table = heap.i32(weights, 4 + 12 * layers).slice();
  const headDim = dim / heads;
  const wte = heap.f32(table[0]! + token * dim * 4, dim), wpe = heap.f32(table[1]! + position * dim * 4, dim);
  let x = Float64Array.from(wte, (v, i) => Math.fround(v + wpe[i]!));
  for (let l = 0; l < layers; l++) {
    const p = (k: number): number => table[4 + 12 * l + k]!;
    const qkv = matvecRows(heap, p(2), p(3), layerNorm(heap, x, p(0), p(1), eps), dim, 3 * dim);
    const cacheOffset = (l * capacity + position) * dim;
    heap.f32(keys + cacheOffset * 4, dim).set(qkv.subarray(dim, 2 * dim));
    heap.f32(values + cacheOffset * 4, dim).set(qkv.subarray(2 * dim));
    const K = heap.f32(keys + l * capacity * dim * 4, (position + 1) * dim).slice();
    const V = heap.f32(values + l * capacity * dim * 4, (position + 1) * dim).slice();
    const att = new Float64Array(dim);
    for (let h = 0; h < heads; h++) {
      const g = h * headDim;
      const scores = new Float64Array(position + 1);
      for (let t = 0; t <= position; t++) {
        let s = 0;
        for (let d = 0; d < headDim; d++) s += qkv[g + d]! * K[t * dim + g + d]!;
        scores[t] = s / Math.sqrt(headDim);
      }
      const max = Math.max(...scores);
      let sum = 0;
      for (let t = 0; t <= position; t++) sum += (scores[t] = Math.exp(scores[t]! - max));
      for (let t = 0; t <= position; t++) {
        for (let d = 0; d < headDim; d++) att[g + d]! += (scores[t]! / sum) * V[t * dim + g + d]!;
      }
    }
    const o = matvecRows(heap, p(4), p(5), att, dim, dim);
    x = x.map((value, i) => value + o[i]!);
    const hidden = matvecRows(heap, p(8), p(9), layerNorm(heap, x, p(6), p(7), eps), dim, inner).map(geluTanh);
    const down = matvecRows(heap, p(10), p(11), hidden, inner, dim);
    x = x.map((value, i) => value + down[i]!);
  }
  const xf = layerNorm(heap, x, table[2]!, table[3]!, eps);
  const head = heap.f32(table[0]!, vocab * dim);
  const out = new Float64Array(vocab);
  for (let o = 0; o < vocab; o++) {
    let s = 0;
    for (let i = 0; i < dim; i++) s += head[o * dim + i]! * xf[i]!;
    out[o] = s;
  }
  heap.f32(logits, vocab).set(out);
}

export function decodeGpt2Reference(heap: Heap): DecodeKernels {
  return {
    gpt2_decode_step_f32: (dim, inner, layers, heads, vocab, capacity, eps, weights, keys, values, token, position, _work, logits) =>
      step(heap, dim, inner, layers, heads, vocab, capacity, Math.fround(eps), weights, keys, values, token, position, logits),
  };
}
