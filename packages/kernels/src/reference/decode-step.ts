// Plain-TypeScript reference of assembly/decode-step.ts: one Llama decoding step, naive loops, float64
// accumulation (values stored to the cache and the logits are rounded to float32, as the kernel's);
// it needs no work block. The cache is [layers, kvHeads, capacity, headDim], as the kernel's.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type DecodeKernels = Pick<KernelExports, 'llama_decode_step_f32' | 'llama_decode_greedy_f32'>;

/** y[o] = sum_i w[o, i] x[i] (f64). */
function matvec(heap: Heap, w: number, x: Float64Array, rows: number, cols: number): Float64Array {
  const m = heap.f32(w, rows * cols), y = new Float64Array(rows);
  for (let o = 0; o < rows; o++) {
    let s = 0;
    for (let i = 0; i < cols; i++) s += m[o * cols + i]! * x[i]!;
    y[o] = s;
  }
  return y;
}

function rmsNorm(heap: Heap, x: Float64Array, w: number, eps: number): Float64Array {
  const weight = heap.f32(w, x.length);
  let ss = 0;
  for (const v of x) ss += v * v;
  const rs = 1 / Math.sqrt(ss / x.length + eps);
  return x.map((v, i) => v * rs * weight[i]!);
}

function rotate(x: Float64Array, heads: number, headDim: number, interleaved: boolean, position: number, theta: number): void {
  const half = headDim / 2;
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < half; i++) {
      const angle = position * Math.pow(theta, (-2 * i) / headDim);
      const c = Math.fround(Math.cos(angle)), s = Math.fround(Math.sin(angle));
      const i1 = h * headDim + (interleaved ? 2 * i : i), i2 = h * headDim + (interleaved ? 2 * i + 1 : i + half);
      const x1 = x[i1]!, x2 = x[i2]!;
      x[i1] = x1 * c - x2 * s;
      x[i2] = x1 * s + x2 * c;
    }
  }
}

function step(
  heap: Heap, dim: number, hidden: number, layers: number, heads: number, kvHeads: number, vocab: number, capacity: number,
  interleaved: number, eps: number, theta: number, weights: number, keys: number, values: number, token: number, position: number,
  logits: number,
): void {
  const table = heap.i32(weights, 3 + 9 * layers).slice();
  const headDim = dim / heads, kvDim = kvHeads * headDim, group = heads / kvHeads;
  let x = Float64Array.from(heap.f32(table[0]! + token * dim * 4, dim));
  for (let l = 0; l < layers; l++) {
    const p = (k: number): number => table[3 + 9 * l + k]!;
    const xb = rmsNorm(heap, x, p(0), eps);
    const q = matvec(heap, p(1), xb, dim, dim), k = matvec(heap, p(2), xb, kvDim, dim), v = matvec(heap, p(3), xb, kvDim, dim);
    rotate(q, heads, headDim, interleaved !== 0, position, theta);
    rotate(k, kvHeads, headDim, interleaved !== 0, position, theta);
    // Layer l's cache rows gathered as [position + 1, kvDim] (head g's row t at t * kvDim + g * headDim).
    const layerBase = l * kvHeads * capacity * headDim;
    const K = new Float32Array((position + 1) * kvDim), V = new Float32Array((position + 1) * kvDim);
    for (let g = 0; g < kvHeads; g++) {
      const head = (layerBase + g * capacity * headDim) * 4;
      heap.f32(keys + head + position * headDim * 4, headDim).set(k.subarray(g * headDim, (g + 1) * headDim));
      heap.f32(values + head + position * headDim * 4, headDim).set(v.subarray(g * headDim, (g + 1) * headDim));
      const kr = heap.f32(keys + head, (position + 1) * headDim), vr = heap.f32(values + head, (position + 1) * headDim);
      for (let t = 0; t <= position; t++) {
        K.set(kr.subarray(t * headDim, (t + 1) * headDim), t * kvDim + g * headDim);
        V.set(vr.subarray(t * headDim, (t + 1) * headDim), t * kvDim + g * headDim);
      }
    }
    const att = new Float64Array(dim);
    for (let h = 0; h < heads; h++) {
      const g = Math.floor(h / group) * headDim;
      const scores = new Float64Array(position + 1);
      for (let t = 0; t <= position; t++) {
        let s = 0;
        for (let d = 0; d < headDim; d++) s += q[h * headDim + d]! * K[t * kvDim + g + d]!;
        scores[t] = s / Math.sqrt(headDim);
      }
      const max = Math.max(...scores);
      let sum = 0;
      for (let t = 0; t <= position; t++) sum += (scores[t] = Math.exp(scores[t]! - max));
      for (let t = 0; t <= position; t++) {
        for (let d = 0; d < headDim; d++) att[h * headDim + d]! += (scores[t]! / sum) * V[t * kvDim + g + d]!;
      }
    }
    const o = matvec(heap, p(4), att, dim, dim);
    x = x.map((value, i) => value + o[i]!);
    const xm = rmsNorm(heap, x, p(5), eps);
    const gate = matvec(heap, p(6), xm, hidden, dim), up = matvec(heap, p(7), xm, hidden, dim);
    const act = gate.map((a, i) => (a / (1 + Math.exp(-a))) * up[i]!);
    const down = matvec(heap, p(8), act, dim, hidden);
    x = x.map((value, i) => value + down[i]!);
  }
  const out = matvec(heap, table[2]!, rmsNorm(heap, x, table[1]!, eps), vocab, dim);
  heap.f32(logits, vocab).set(out);
}

/** Index of the first maximum (a NaN never wins; 0 when the first value is NaN). */
function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

export function decodeStepReference(heap: Heap): DecodeKernels {
  return {
    llama_decode_step_f32: (dim, hidden, layers, heads, kvHeads, vocab, capacity, interleaved, eps, theta, weights, keys, values, token, position, _work, logits) =>
      step(heap, dim, hidden, layers, heads, kvHeads, vocab, capacity, interleaved, Math.fround(eps), Math.fround(theta), weights, keys, values, token, position, logits),
    llama_decode_greedy_f32: (dim, hidden, layers, heads, kvHeads, vocab, capacity, interleaved, eps, theta, weights, keys, values, token, position, count, _work, logits, ids) => {
      for (let i = 0; i < count; i++) {
        step(heap, dim, hidden, layers, heads, kvHeads, vocab, capacity, interleaved, Math.fround(eps), Math.fround(theta), weights, keys, values, token, position + i, logits);
        token = argmax(heap.f32(logits, vocab));
        heap.i32(ids + i * 4, 1)[0] = token;
      }
    },
  };
}
