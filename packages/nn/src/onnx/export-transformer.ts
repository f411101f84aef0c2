// ONNX nodes of the attention layers: MultiheadAttention (self-attention on the value it is given),
// TransformerEncoderLayer / TransformerEncoder, TransformerDecoderLayer / TransformerDecoder (their
// cross-attention reads the graph input "memory"), the additive positional encodings, and LoRA
// attention once merged (as its base layer, whose weights then hold the update).
// Attention is written out in plain ONNX ops as PyTorch's exporter writes it: q, k, v projections
// (MatMul + Add on the transposed in_proj_weight rows), heads split by Reshape and Transpose,
// softmax(q k^T / sqrt(D) (+ a causal mask of -Infinity above the diagonal, from Trilu; + -1e9 on
// padded keys, from the key_padding_mask inputs)) v, heads merged, out_proj. Sequence-first layers ([L, B, E], batchFirst false) transpose to batch-first and
// back around each attention; the rest of a layer (Linear, LayerNorm, residual Add) is layout-free.
import { ArgumentError, type Tensor } from '@neurite/tensor';
import { HierarchicalAttention } from '../transformer/hierarchical-attention.ts';
import { LearnedPositionalEmbedding, RotaryEmbedding, SinusoidalPositionalEncoding } from '../transformer/positional-encoding.ts';
import { TransformerDecoderLayer } from '../transformer/decoder-layer.ts';
import { TransformerEncoderLayer } from '../transformer/encoder-layer.ts';
import { MultiheadAttention } from '../transformer/multihead-attention.ts';
import { TransformerDecoder, TransformerEncoder } from '../transformer/transformer-stack.ts';
import { Sequential } from '../layers/sequential.ts';
import { LoraMultiheadAttention } from '../lora/lora-multihead-attention.ts';
import type { Module } from '../module/module.ts';
import { ONNX_INT64 } from './onnx-graph.ts';
import type { ModuleExporter, Value } from './onnx-value.ts';

const values = (t: Tensor): Float32Array => Float32Array.from(t.toArray());

/** The modules this file exports. */
export function isTransformerModule(m: Module): boolean {
  return m instanceof MultiheadAttention || m instanceof LoraMultiheadAttention || m instanceof HierarchicalAttention || m instanceof TransformerEncoderLayer || m instanceof TransformerEncoder || m instanceof TransformerDecoderLayer ||
    m instanceof TransformerDecoder || m instanceof SinusoidalPositionalEncoding || m instanceof LearnedPositionalEmbedding || m instanceof RotaryEmbedding;
}

/**
 * Whether the model's input is sequence-first ([L, B, E]): its first module (through Sequentials and
 * transformer stacks) is an attention layer with batchFirst false. Such a graph's batch axis is axis 1.
 */
export function isSequenceFirst(model: Module): boolean {
  let m: Module | undefined = model;
  while (m !== undefined) {
    if (m instanceof MultiheadAttention) return !m.batchFirst;
    if (m instanceof LoraMultiheadAttention) return !m.baseLayer.batchFirst;
    if (m instanceof TransformerEncoderLayer || m instanceof TransformerDecoderLayer) m = child(m, 'self_attn');
    else if (m instanceof TransformerEncoder || m instanceof TransformerDecoder) m = child(m, 'layers').namedChildren()[0]?.[1];
    else if (m instanceof Sequential) m = m.namedChildren()[0]?.[1];
    else return false;
  }
  return false;
}

function child<M extends Module>(m: Module, name: string): M {
  const found = m.namedChildren().find(([n]) => n === name)?.[1];
  if (found === undefined) throw new ArgumentError(`exportOnnx: a ${m.constructor.name} without its ${name}`);
  return found as M;
}

/** x [.., in] times a PyTorch-layout weight [out, in] (written transposed), plus an optional bias. */
function projection(e: ModuleExporter, x: string, weight: Float32Array, out: number, inFeatures: number, bias: Float32Array | undefined, name: string): string {
  const g = e.graph;
  const transposed = new Float32Array(weight.length);
  for (let o = 0; o < out; o++) for (let i = 0; i < inFeatures; i++) transposed[i * out + o] = weight[o * inFeatures + i]!;
  const y = g.node('MatMul', [x, g.constant(`${name}.weight`, transposed, [inFeatures, out])]);
  return bias ? g.node('Add', [y, g.constant(`${name}.bias`, bias, [out])]) : y;
}

/**
 * softmax(q k^T / sqrt(D) + mask) v with m's projections, for a batch-first query [B, L, E] and
 * key/value source [B, S, kdim]; returns [B, L, E] after out_proj.
 */
function attention(e: ModuleExporter, m: MultiheadAttention, query: string, source: string, path: string, causal: boolean, padding: string | undefined): string {
  if (m.kdim !== m.vdim) throw new ArgumentError(`exportOnnx: ${path}: a MultiheadAttention with kdim ${m.kdim} != vdim ${m.vdim} reads two sources; only one key/value source is exported`);
  const g = e.graph;
  const { embedDim: dim, numHeads: heads, headDim } = m;
  const named = new Map(m.namedParameters());
  const packed = named.get('in_proj_weight');
  const packedValues = packed ? values(packed) : undefined;
  const bias = named.get('in_proj_bias') ? values(named.get('in_proj_bias')!) : undefined;
  const weightOf = (i: number, key: string): Float32Array => packedValues ? packedValues.subarray(i * dim * dim, (i + 1) * dim * dim) : values(named.get(key)!);
  const biasOf = (i: number): Float32Array | undefined => bias?.subarray(i * dim, (i + 1) * dim);
  const splitHeads = (x: string): string => g.node('Transpose', [g.node('Reshape', [x, g.constant('split_heads', [0, 0, heads, headDim], [4], ONNX_INT64)])], { perm: [0, 2, 1, 3] });
  const q = splitHeads(projection(e, query, weightOf(0, 'q_proj_weight'), dim, dim, biasOf(0), `${path}.q_proj`));
  const k = splitHeads(projection(e, source, weightOf(1, 'k_proj_weight'), dim, m.kdim, biasOf(1), `${path}.k_proj`));
  const v = splitHeads(projection(e, source, weightOf(2, 'v_proj_weight'), dim, m.vdim, biasOf(2), `${path}.v_proj`));
  let scores = g.node('Mul', [g.node('MatMul', [q, g.node('Transpose', [k], { perm: [0, 1, 3, 2] })]), g.constant('scale', [1 / Math.sqrt(headDim)], [])]);
  if (causal) {
    // -Infinity above the diagonal of [L, S]: query i sees keys 0 .. i, as forward's isCausal.
    const ls = g.node('Slice', [g.node('Shape', [scores]), g.constant('two', [2], [1], ONNX_INT64), g.constant('four', [4], [1], ONNX_INT64)]);
    const mask = g.node('Trilu', [g.node('Expand', [g.constant('neg_inf', [-Infinity], []), ls]), g.constant('k1', [1], [], ONNX_INT64)], { upper: 1 });
    scores = g.node('Add', [scores, mask]);
  }
  if (padding !== undefined) scores = g.node('Add', [scores, padding]);
  const attended = g.node('MatMul', [g.node('Softmax', [scores], { axis: -1 }), v]);
  const merged = g.node('Reshape', [g.node('Transpose', [attended], { perm: [0, 2, 1, 3] }), g.constant('merge_heads', [0, 0, dim], [3], ONNX_INT64)]);
  // out_proj through the main exporter: a Linear, or a merged LoRA adapter on it.
  return e.module(child(m, 'out_proj'), { name: merged, rank: 3, nchw: false }, `${path}.out_proj`).name;
}

/** An attention layer on x in its own layout ([B, L, E], or [L, B, E] when not batchFirst); cross-attention when `memory` is given. */
function attentionInLayout(e: ModuleExporter, m: Module, x: string, path: string, causal: boolean, memory?: string): string {
  if (m instanceof LoraMultiheadAttention) {
    if (!m.merged) throw new ArgumentError(`exportOnnx: ${path} has an unmerged LoRA adapter: call merge() first (the adapter is folded into the weights the file holds)`);
    return attentionInLayout(e, m.baseLayer, x, `${path}.base_layer`, causal, memory);
  }
  if (!(m instanceof MultiheadAttention)) throw new ArgumentError(`exportOnnx: ${path} is a ${m.constructor.name}, which has no ONNX export`);
  const g = e.graph;
  const toBatchFirst = (name: string): string => (m.batchFirst ? name : g.node('Transpose', [name], { perm: [1, 0, 2] }));
  const query = toBatchFirst(x);
  const out = attention(e, m, query, memory === undefined ? query : toBatchFirst(memory), path, causal, memory === undefined ? e.selfPadding : e.memoryPadding);
  return m.batchFirst ? out : g.node('Transpose', [out], { perm: [1, 0, 2] });
}

/** A Linear, LayerNorm or activation child on a rank-3 value, through the main exporter. */
function sub(e: ModuleExporter, m: Module, name: string, x: string, path: string): string {
  return e.module(child(m, name), { name: x, rank: 3, nchw: false }, `${path}.${name}`).name;
}

function feedForward(e: ModuleExporter, m: TransformerEncoderLayer | TransformerDecoderLayer, x: string, path: string): string {
  const hidden = e.activation(m.activation, { name: sub(e, m, 'linear1', x, path), rank: 3, nchw: false }).name;
  return sub(e, m, 'linear2', hidden, path);
}

function encoderLayer(e: ModuleExporter, m: TransformerEncoderLayer, x: string, path: string): string {
  const g = e.graph;
  const selfAttention = (input: string): string => attentionInLayout(e, child(m, 'self_attn'), input, `${path}.self_attn`, e.causal);
  if (m.normFirst) {
    const h = g.node('Add', [x, selfAttention(sub(e, m, 'norm1', x, path))]);
    return g.node('Add', [h, feedForward(e, m, sub(e, m, 'norm2', h, path), path)]);
  }
  const h = sub(e, m, 'norm1', g.node('Add', [x, selfAttention(x)]), path);
  return sub(e, m, 'norm2', g.node('Add', [h, feedForward(e, m, h, path)]), path);
}

function decoderLayer(e: ModuleExporter, m: TransformerDecoderLayer, x: string, path: string): string {
  const g = e.graph;
  if (e.memory === undefined) throw new ArgumentError(`exportOnnx: ${path}: a transformer decoder needs the graph input "memory"`);
  const selfAttention = (input: string): string => attentionInLayout(e, child(m, 'self_attn'), input, `${path}.self_attn`, e.causal);
  const crossAttention = (input: string): string => attentionInLayout(e, child(m, 'multihead_attn'), input, `${path}.multihead_attn`, false, e.memory);
  if (m.normFirst) {
    let h = g.node('Add', [x, selfAttention(sub(e, m, 'norm1', x, path))]);
    h = g.node('Add', [h, crossAttention(sub(e, m, 'norm2', h, path))]);
    return g.node('Add', [h, feedForward(e, m, sub(e, m, 'norm3', h, path), path)]);
  }
  let h = sub(e, m, 'norm1', g.node('Add', [x, selfAttention(x)]), path);
  h = sub(e, m, 'norm2', g.node('Add', [h, crossAttention(h)]), path);
  return sub(e, m, 'norm3', g.node('Add', [h, feedForward(e, m, h, path)]), path);
}

/** x plus rows 0 .. T-1 of a [maxLength, E] table, T the length of x [B, T, E] (or [T, E]). */
function addPositions(e: ModuleExporter, table: Tensor, v: Value, path: string): Value {
  if (v.rank !== 3 && v.rank !== 2) throw new ArgumentError(`exportOnnx: ${path}: positional encodings take [B, T, E], got rank ${v.rank}`);
  const g = e.graph;
  const [maxLength, dim] = table.shape as [number, number];
  const axis = v.rank - 2;
  const length = g.node('Slice', [g.node('Shape', [v.name]), g.constant('axis', [axis], [1], ONNX_INT64), g.constant('axis_end', [axis + 1], [1], ONNX_INT64)]);
  const rows = g.node('Slice', [g.constant(`${path}.table`, values(table), [maxLength, dim]), g.constant('zero', [0], [1], ONNX_INT64), length, g.constant('axis0', [0], [1], ONNX_INT64)]);
  return { name: g.node('Add', [v.name, rows]), rank: v.rank, nchw: false };
}

/**
 * HierarchicalAttention on x [B, T, E] (T fixed: its input size from the export's probe pass): x
 * padded to n chunks of c, local attention per chunk (the padded keys -1e9), each chunk's summary
 * the mean of its valid local outputs, global attention over the summaries, added back to every
 * position of its chunk, the padding sliced off; as forward.
 */
function hierarchical(e: ModuleExporter, m: HierarchicalAttention, x: string, path: string): string {
  const shape = e.inputShapeOf(m);
  if (!shape) throw new ArgumentError(`exportOnnx: ${path || 'the model'}: HierarchicalAttention needs its input length: put it in a Sequential chain with a fixed inputShape`);
  const g = e.graph, dim = m.embedDim, t = shape[1]!;
  const c = Math.min(m.chunkSize, Math.max(t, 1)), n = Math.ceil(t / c), padded = n * c;
  const xp = padded === t ? x : g.node('Pad', [x, g.constant('pads', [0, 0, 0, 0, padded - t, 0], [6], ONNX_INT64)]);
  const chunks = g.node('Reshape', [xp, g.constant('chunks', [-1, c, dim], [3], ONNX_INT64)]); // [B n, c, E]
  let bias: string | undefined;
  const valid = Float32Array.from({ length: n * c }, (_, i) => (i < t ? 1 : 0));
  if (padded !== t) {
    const perChunk = g.constant('chunk_padding', valid.map((v) => (v === 1 ? 0 : -1e9)), [1, n, c]);
    const batch = g.node('Slice', [g.node('Shape', [x]), g.constant('zero', [0], [1], ONNX_INT64), g.constant('one', [1], [1], ONNX_INT64)]);
    const expanded = g.node('Expand', [perChunk, g.node('Concat', [batch, g.constant('chunk_dims', [n, c], [2], ONNX_INT64)], { axis: 0 })]);
    bias = g.node('Reshape', [expanded, g.constant('bias_shape', [-1, 1, 1, c], [4], ONNX_INT64)]);
  }
  const local = g.node('Reshape', [attention(e, child(m, 'local_attn'), chunks, chunks, `${path}.local_attn`, false, bias), g.constant('by_chunk', [-1, n, c, dim], [4], ONNX_INT64)]);
  const counts = Float32Array.from({ length: n }, (_, i) => Math.min(c, t - i * c));
  const sums = g.node('ReduceSum', [g.node('Mul', [local, g.constant('valid', valid, [n, c, 1])]), g.constant('axis2', [2], [1], ONNX_INT64)], { keepdims: 0 }); // [B, n, E]
  const summaries = g.node('Div', [sums, g.constant('counts', counts, [n, 1])]);
  const global = attention(e, child(m, 'global_attn'), summaries, summaries, `${path}.global_attn`, false, undefined);
  const y = g.node('Reshape', [g.node('Add', [local, g.node('Unsqueeze', [global, g.constant('axis2', [2], [1], ONNX_INT64)])]), g.constant('positions', [-1, padded, dim], [3], ONNX_INT64)]);
  return padded === t ? y : g.node('Slice', [y, g.constant('zero', [0], [1], ONNX_INT64), g.constant('length', [t], [1], ONNX_INT64), g.constant('axis1', [1], [1], ONNX_INT64)]);
}

/**
 * RotaryEmbedding on x [..., T, D] (time axis -2, positions 0 .. T - 1, T from the probe pass): the
 * first rotaryDim features rotated by angles p base^(-2i / R) (cos / sin tables computed in float64,
 * as the reference), pairs (2i, 2i + 1) for 'interleaved' or (i, i + R/2) for 'rotate-half'; the
 * other features pass through.
 */
function rotary(e: ModuleExporter, m: RotaryEmbedding, v: Value, path: string): Value {
  const shape = e.inputShapeOf(m);
  if (!shape) throw new ArgumentError(`exportOnnx: ${path || 'the model'}: RotaryEmbedding needs its input length: put it in a Sequential chain with a fixed inputShape`);
  const g = e.graph, rank = shape.length, t = shape[rank - 2]!, d = shape[rank - 1]!;
  const r = m.options.rotaryDim ?? d, half = r / 2, base = m.options.base ?? 10000, interleaved = m.options.layout === 'interleaved';
  const cos = new Float32Array(t * half), sin = new Float32Array(t * half);
  for (let p = 0; p < t; p++) {
    for (let i = 0; i < half; i++) {
      const angle = p * Math.pow(Math.fround(base), (-2 * i) / r);
      cos[p * half + i] = Math.cos(angle);
      sin[p * half + i] = Math.sin(angle);
    }
  }
  let rotated = v.name, rest: string | undefined;
  if (r < d) {
    [rotated, rest] = [g.name('rotated'), g.name('passed')];
    g.node('Split', [v.name, g.constant('rotary_split', [r, d - r], [2], ONNX_INT64)], { axis: -1 }, [rotated, rest]);
  }
  const [x0, x1] = [g.name('x0'), g.name('x1')];
  let out: string;
  if (interleaved) {
    const pairs = g.node('Reshape', [rotated, g.constant('pairs', [...new Array<number>(rank - 1).fill(0), half, 2], [rank + 1], ONNX_INT64)]);
    g.node('Split', [pairs, g.constant('split11', [1, 1], [2], ONNX_INT64)], { axis: -1 }, [x0, x1]);
    const c = g.constant(`${path}.cos`, cos, [t, half, 1]), s = g.constant(`${path}.sin`, sin, [t, half, 1]);
    const joined = g.node('Concat', [g.node('Sub', [g.node('Mul', [x0, c]), g.node('Mul', [x1, s])]), g.node('Add', [g.node('Mul', [x0, s]), g.node('Mul', [x1, c])])], { axis: -1 });
    out = g.node('Reshape', [joined, g.constant('unpairs', [...new Array<number>(rank - 1).fill(0), r], [rank], ONNX_INT64)]);
  } else {
    g.node('Split', [rotated, g.constant('halves', [half, half], [2], ONNX_INT64)], { axis: -1 }, [x0, x1]);
    const c = g.constant(`${path}.cos`, cos, [t, half]), s = g.constant(`${path}.sin`, sin, [t, half]);
    out = g.node('Concat', [g.node('Sub', [g.node('Mul', [x0, c]), g.node('Mul', [x1, s])]), g.node('Add', [g.node('Mul', [x1, c]), g.node('Mul', [x0, s])])], { axis: -1 });
  }
  return { name: rest ? g.node('Concat', [out, rest], { axis: -1 }) : out, rank: v.rank, nchw: false };
}

/** The nodes of one module of this family; `v` is in the module's own layout. */
export function transformerOnnx(e: ModuleExporter, m: Module, v: Value, path: string): Value {
  const x = e.nhwc(v);
  if (m instanceof SinusoidalPositionalEncoding) return addPositions(e, new Map(m.namedBuffers()).get('pe')!, x, path);
  if (m instanceof LearnedPositionalEmbedding) return addPositions(e, new Map(m.namedParameters()).get('weight')!, x, path);
  if (m instanceof RotaryEmbedding) return rotary(e, m, x, path);
  if (x.rank !== 3) throw new ArgumentError(`exportOnnx: ${path || 'the model'}: a ${m.constructor.name} takes a rank-3 input, got rank ${x.rank}`);
  const out = (name: string): Value => ({ name, rank: 3, nchw: false });
  if (m instanceof MultiheadAttention || m instanceof LoraMultiheadAttention) return out(attentionInLayout(e, m, x.name, path, e.causal));
  if (m instanceof TransformerEncoderLayer) return out(encoderLayer(e, m, x.name, path));
  if (m instanceof HierarchicalAttention) return out(hierarchical(e, m, x.name, path));
  if (m instanceof TransformerDecoderLayer) return out(decoderLayer(e, m, x.name, path));
  if (m instanceof TransformerEncoder || m instanceof TransformerDecoder) {
    let h = x.name;
    for (const [index, layer] of child(m, 'layers').namedChildren()) {
      const layerPath = `${path ? `${path}.` : ''}layers.${index}`;
      if (m instanceof TransformerEncoder && layer instanceof TransformerEncoderLayer) h = encoderLayer(e, layer, h, layerPath);
      else if (m instanceof TransformerDecoder && layer instanceof TransformerDecoderLayer) h = decoderLayer(e, layer, h, layerPath);
      else throw new ArgumentError(`exportOnnx: ${layerPath} is a ${layer.constructor.name}, which has no ONNX export`);
    }
    const norm = m.namedChildren().find(([n]) => n === 'norm');
    return norm ? e.module(norm[1], out(h), `${path ? `${path}.` : ''}norm`) : out(h);
  }
  throw new ArgumentError(`exportOnnx: ${path || 'the model'} is a ${m.constructor.name}, which has no ONNX export`);
}

/** The feature size of the memory the model's first transformer decoder layer reads, and its layout; undefined without one. */
export function decoderMemory(model: Module): { dim: number; batchFirst: boolean } | undefined {
  const stack: Module[] = [model];
  while (stack.length > 0) {
    const m = stack.shift()!;
    if (m instanceof TransformerDecoderLayer) return { dim: m.dModel, batchFirst: isSequenceFirst(child(m, 'multihead_attn')) === false };
    stack.push(...m.namedChildren().map(([, c]) => c));
  }
  return undefined;
}

/** Whether the model holds an attention layer (a padding mask then has something to mask). */
export function hasAttention(model: Module): boolean {
  return model.namedModules().some(([, m]) => m instanceof MultiheadAttention);
}
