// ONNX graphs of the GPT-2-style and Llama-style language models: token ids [batch, sequence]
// (both axes symbolic) to logits [batch, sequence, vocab]. Attention is written out in ONNX ops
// (MatMul, a causal mask from Trilu, Softmax); RoPE uses cos/sin tables gathered at the positions;
// grouped-query heads are expanded with Gather.
// With a key/value cache (Hugging Face's text-generation-with-past layout, which onnxruntime-genai
// also reads): inputs past_key_values.N.key / .value [batch, kvHeads, past_sequence, headDim] and
// outputs present.N.key / .value [batch, kvHeads, past_sequence + sequence, headDim], the keys
// rotated (RoPE) before they are stored; positions start at past_sequence, so a decode step feeds
// one token and the previous step's presents. A first call feeds presents of length 0.
// With an attention mask (input attention_mask int64 [batch, past_sequence + sequence], 1 for a token
// and 0 for padding, as Hugging Face's exports take it): padded keys get -1e9 (finite, so a row of
// padding stays finite), and positions count the unpadded tokens (cumsum(mask) - 1), so a batch of
// left-padded prompts gives each row the logits of that prompt alone.
import type { Tensor } from '@neurite/tensor';
import type { Gpt2LMHeadModel } from '../language-models/gpt2/gpt2-model.ts';
import type { LlamaForCausalLM } from '../language-models/llama/llama-model.ts';
import { ONNX_FLOAT, ONNX_INT64, type OnnxGraph } from './onnx-graph.ts';

const values = (t: Tensor): Float32Array => Float32Array.from(t.toArray());

/** [rows, cols] -> its transpose, row-major. */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}

class LanguageModelGraph {
  /** Positions already in the cache: an int64 scalar (0 without a cache). */
  readonly pastLength: string;
  /** Absolute positions of the new tokens: [sequence] pastLength .. pastLength + sequence - 1, or [batch, sequence] from the attention mask. */
  readonly positions: string;
  /** [batch, 1, 1, past + sequence]: 0 for tokens, -1e9 for padding (with an attention mask). */
  readonly paddingBias: string | undefined;
  /** Output names in Hugging Face's order: present.0.key, present.0.value, present.1.key, ... */
  readonly presents: string[] = [];

  constructor(readonly g: OnnxGraph, readonly params: Map<string, Tensor>, ids: string, readonly cache: { layers: number; kvHeads: number; headDim: number } | undefined, withMask: boolean) {
    const axis0 = g.constant('axis0', [0], [1], ONNX_INT64);
    const mask = withMask ? g.input('attention_mask', ONNX_INT64, ['batch', 'total_sequence']) : undefined;
    if (cache) {
      for (let l = 0; l < cache.layers; l++) {
        for (const kind of ['key', 'value']) g.input(`past_key_values.${l}.${kind}`, ONNX_FLOAT, ['batch', cache.kvHeads, 'past_sequence', cache.headDim]);
      }
      const shape = g.node('Shape', ['past_key_values.0.key']);
      this.pastLength = g.node('Squeeze', [g.node('Slice', [shape, g.constant('two', [2], [1], ONNX_INT64), g.constant('three', [3], [1], ONNX_INT64)]), axis0]);
    } else {
      this.pastLength = g.constant('zero', [0], [], ONNX_INT64);
    }
    if (mask) {
      const counted = g.node('Sub', [g.node('CumSum', [mask, g.constant('axis1', [1], [], ONNX_INT64)]), g.constant('one', [1], [], ONNX_INT64)]); // [B, P + T]
      const start = g.node('Unsqueeze', [this.pastLength, axis0]);
      const newest = g.node('Slice', [counted, start, g.constant('end', [Number.MAX_SAFE_INTEGER], [1], ONNX_INT64), g.constant('axis1', [1], [1], ONNX_INT64)]); // [B, T]
      this.positions = g.node('Max', [newest, g.constant('zero', [0], [], ONNX_INT64)]);
      const padding = g.node('Sub', [g.constant('one', [1], []), g.node('Cast', [mask], { to: ONNX_FLOAT })]);
      this.paddingBias = g.node('Unsqueeze', [g.node('Mul', [padding, g.constant('padding_bias', [-1e9], [])]), g.constant('axes12', [1, 2], [2], ONNX_INT64)]);
    } else {
      const end = g.node('Add', [this.pastLength, g.node('Squeeze', [this.sequenceLength(ids), axis0])]);
      this.positions = g.node('Range', [this.pastLength, end, g.constant('one', [1], [], ONNX_INT64)]);
      this.paddingBias = undefined;
    }
  }

  /** Appends layer l's new keys and values [B, Hkv, T, D] to its past ones (when there is a cache); returns the full ones. */
  append(l: number, k: string, v: string): [string, string] {
    if (!this.cache) return [k, v];
    const key = `present.${l}.key`, value = `present.${l}.value`;
    this.g.node('Concat', [`past_key_values.${l}.key`, k], { axis: 2 }, [key]);
    this.g.node('Concat', [`past_key_values.${l}.value`, v], { axis: 2 }, [value]);
    this.presents.push(key, value);
    return [key, value];
  }

  weight(name: string): Tensor {
    const t = this.params.get(name);
    if (!t) throw new Error(`exportOnnx: the model has no parameter ${name}`);
    return t;
  }

  /** x [.., in] times a PyTorch-layout weight [out, in] (transposed into the file), plus an optional bias. */
  linearOi(x: string, name: string, bias?: string): string {
    const w = this.weight(name);
    const [out, inF] = w.shape as [number, number];
    let y = this.g.node('MatMul', [x, this.g.constant(name, transpose(values(w), out, inF), [inF, out])]);
    if (bias) y = this.g.node('Add', [y, this.g.constant(bias, values(this.weight(bias)), [out])]);
    return y;
  }

  /** x [.., in] times a Conv1D-layout weight [in, out] plus bias (GPT-2). */
  linearIo(x: string, name: string, bias: string): string {
    const w = this.weight(name);
    return this.g.node('Add', [this.g.node('MatMul', [x, this.g.constant(name, values(w), [...w.shape])]), this.g.constant(bias, values(this.weight(bias)), [w.shape[1]!])]);
  }

  /** The sequence length of ids [B, T] as a 1-element int64 tensor. */
  sequenceLength(ids: string): string {
    return this.g.node('Slice', [this.g.node('Shape', [ids]), this.g.constant('one', [1], [1], ONNX_INT64), this.g.constant('two', [2], [1], ONNX_INT64)]);
  }

  /**
   * softmax(q k^T * scale + causal) v for q [B, H, T, D], k and v [B, H, P + T, D] (P cached
   * positions); returns [B, T, H * D]. Query i (position P + i) sees keys 0 .. P + i: the mask is
   * -Infinity on and above diagonal P + 1 of [T, P + T].
   */
  attention(q: string, k: string, v: string, headDim: number, dim: number): string {
    const g = this.g;
    const scores = g.node('Mul', [g.node('MatMul', [q, g.node('Transpose', [k], { perm: [0, 1, 3, 2] })]), g.constant('scale', [1 / Math.sqrt(headDim)], [])]);
    const tt = g.node('Slice', [g.node('Shape', [scores]), g.constant('two', [2], [1], ONNX_INT64), g.constant('four', [4], [1], ONNX_INT64)]); // [T, P + T]
    const full = g.node('Expand', [g.constant('neg_inf', [-Infinity], []), tt]);
    const diagonal = this.cache ? g.node('Add', [this.pastLength, g.constant('one', [1], [], ONNX_INT64)]) : g.constant('k1', [1], [], ONNX_INT64);
    const mask = g.node('Trilu', [full, diagonal], { upper: 1 });
    const masked = g.node('Add', [scores, mask]);
    const probabilities = g.node('Softmax', [this.paddingBias ? g.node('Add', [masked, this.paddingBias]) : masked], { axis: -1 });
    const out = g.node('Transpose', [g.node('MatMul', [probabilities, v])], { perm: [0, 2, 1, 3] });
    return g.node('Reshape', [out, g.constant('merge_heads', [0, 0, dim], [3], ONNX_INT64)]);
  }

  /** [B, T, H * D] -> [B, H, T, D]. */
  heads(x: string, heads: number, headDim: number): string {
    return this.g.node('Transpose', [this.g.node('Reshape', [x, this.g.constant('split_heads', [0, 0, heads, headDim], [4], ONNX_INT64)])], { perm: [0, 2, 1, 3] });
  }
}

/** Logits of a GPT-2 model, and the present key/value outputs when `withPast`. */
export function gpt2Graph(g: OnnxGraph, model: Gpt2LMHeadModel, ids: string, withPast: boolean, withMask: boolean): { logits: string; presents: string[] } {
  const { nLayers, nHeads, dim, headDim, normEps } = model.config;
  const lm = new LanguageModelGraph(g, new Map(model.namedParameters()), ids, withPast ? { layers: nLayers, kvHeads: nHeads, headDim } : undefined, withMask);
  const p = (name: string): string => `transformer.${name}`;
  const wte = lm.weight(p('wte.weight'));
  const wteName = g.constant(p('wte.weight'), values(wte), [...wte.shape]);
  const wpe = lm.weight(p('wpe.weight'));
  let x = g.node('Add', [g.node('Gather', [wteName, ids], { axis: 0 }), g.node('Gather', [g.constant(p('wpe.weight'), values(wpe), [...wpe.shape]), lm.positions], { axis: 0 })]);
  const layerNorm = (input: string, name: string): string =>
    g.node('LayerNormalization', [input, g.constant(`${name}.weight`, values(lm.weight(`${name}.weight`)), [dim]), g.constant(`${name}.bias`, values(lm.weight(`${name}.bias`)), [dim])], { axis: -1, epsilon: normEps });
  for (let l = 0; l < nLayers; l++) {
    const b = p(`h.${l}`);
    const qkv = lm.linearIo(layerNorm(x, `${b}.ln_1`), `${b}.attn.c_attn.weight`, `${b}.attn.c_attn.bias`);
    const [q, k, v] = ['q', 'k', 'v'].map((n) => g.name(n));
    g.node('Split', [qkv, g.constant('split3', [dim, dim, dim], [3], ONNX_INT64)], { axis: -1 }, [q!, k!, v!]);
    const [keys, vals] = lm.append(l, lm.heads(k!, nHeads, headDim), lm.heads(v!, nHeads, headDim));
    const attended = lm.attention(lm.heads(q!, nHeads, headDim), keys, vals, headDim, dim);
    x = g.node('Add', [x, lm.linearIo(attended, `${b}.attn.c_proj.weight`, `${b}.attn.c_proj.bias`)]);
    const hidden = lm.linearIo(layerNorm(x, `${b}.ln_2`), `${b}.mlp.c_fc.weight`, `${b}.mlp.c_fc.bias`);
    // tanh GELU: 0.5 h (1 + tanh(sqrt(2 / pi) (h + 0.044715 h^3)))
    const cube = g.node('Mul', [g.node('Mul', [hidden, hidden]), hidden]);
    const inner = g.node('Mul', [g.node('Add', [hidden, g.node('Mul', [cube, g.constant('c', [0.044715], [])])]), g.constant('k', [Math.sqrt(2 / Math.PI)], [])]);
    const gelu = g.node('Mul', [g.node('Mul', [hidden, g.node('Add', [g.node('Tanh', [inner]), g.constant('one', [1], [])])]), g.constant('half', [0.5], [])]);
    x = g.node('Add', [x, lm.linearIo(gelu, `${b}.mlp.c_proj.weight`, `${b}.mlp.c_proj.bias`)]);
  }
  const final = layerNorm(x, p('ln_f'));
  return { logits: g.node('MatMul', [final, g.node('Transpose', [wteName], { perm: [1, 0] })]), presents: lm.presents };
}

/** Logits of a Llama model, and the present key/value outputs when `withPast`. */
export function llamaGraph(g: OnnxGraph, model: LlamaForCausalLM, ids: string, opset: number, withPast: boolean, withMask: boolean): { logits: string; presents: string[] } {
  const { nLayers, nHeads, nKvHeads, dim, headDim, normEps, ropeTheta, ropeLayout, maxSeqLen, tieWordEmbeddings } = model.config;
  const lm = new LanguageModelGraph(g, new Map(model.namedParameters()), ids, withPast ? { layers: nLayers, kvHeads: nKvHeads, headDim } : undefined, withMask);
  const embed = lm.weight('model.embed_tokens.weight');
  const embedName = g.constant('model.embed_tokens.weight', values(embed), [...embed.shape]);
  let x = g.node('Gather', [embedName, ids], { axis: 0 });
  // RoPE tables [maxSeqLen, D/2] (angles as llama2.c and the fused kernel compute them), gathered at the positions.
  const half = headDim / 2;
  const cosTable = new Float32Array(maxSeqLen * half), sinTable = new Float32Array(maxSeqLen * half);
  for (let pos = 0; pos < maxSeqLen; pos++) {
    for (let i = 0; i < half; i++) {
      const angle = Math.fround(pos * Math.fround(1 / Math.fround(Math.pow(ropeTheta, Math.fround((2 * i) / headDim)))));
      cosTable[pos * half + i] = Math.cos(angle);
      sinTable[pos * half + i] = Math.sin(angle);
    }
  }
  const atPositions = (table: Float32Array, name: string): string => {
    const rows = g.node('Gather', [g.constant(name, table, [maxSeqLen, half]), lm.positions], { axis: 0 }); // [T, D/2], or [B, T, D/2] with a mask
    if (withMask) return g.node('Unsqueeze', [rows, g.constant('axes', ropeLayout === 'interleaved' ? [1, 4] : [1], [ropeLayout === 'interleaved' ? 2 : 1], ONNX_INT64)]); // [B, 1, T, D/2 (, 1)]
    return ropeLayout === 'interleaved' ? g.node('Unsqueeze', [rows, g.constant('axis2', [2], [1], ONNX_INT64)]) : rows; // [T, D/2, 1] or [T, D/2]
  };
  const cos = atPositions(cosTable, 'rope.cos'), sin = atPositions(sinTable, 'rope.sin');
  /** Rotates x [B, H, T, D]. */
  const rope = (input: string): string => {
    if (ropeLayout === 'interleaved') {
      const pairs = g.node('Reshape', [input, g.constant('pairs', [0, 0, 0, half, 2], [5], ONNX_INT64)]);
      const [x0, x1] = [g.name('x0'), g.name('x1')];
      g.node('Split', [pairs, g.constant('split11', [1, 1], [2], ONNX_INT64)], { axis: -1 }, [x0, x1]);
      const out = g.node('Concat', [g.node('Sub', [g.node('Mul', [x0, cos]), g.node('Mul', [x1, sin])]), g.node('Add', [g.node('Mul', [x0, sin]), g.node('Mul', [x1, cos])])], { axis: -1 });
      return g.node('Reshape', [out, g.constant('unpairs', [0, 0, 0, headDim], [4], ONNX_INT64)]);
    }
    const [x0, x1] = [g.name('x0'), g.name('x1')];
    g.node('Split', [input, g.constant('halves', [half, half], [2], ONNX_INT64)], { axis: -1 }, [x0, x1]);
    return g.node('Concat', [g.node('Sub', [g.node('Mul', [x0, cos]), g.node('Mul', [x1, sin])]), g.node('Add', [g.node('Mul', [x1, cos]), g.node('Mul', [x0, sin])])], { axis: -1 });
  };
  const rmsNorm = (input: string, name: string): string => {
    const square = g.node('Mul', [input, input]);
    // ReduceMean takes its axes as an attribute up to opset 17 and as an input from opset 18.
    const meanSquare = opset < 18
      ? g.node('ReduceMean', [square], { axes: [-1], keepdims: 1 })
      : g.node('ReduceMean', [square, g.constant('last_axis', [-1], [1], ONNX_INT64)], { keepdims: 1 });
    const inverse = g.node('Reciprocal', [g.node('Sqrt', [g.node('Add', [meanSquare, g.constant('eps', [normEps], [])])])]);
    return g.node('Mul', [g.node('Mul', [input, inverse]), g.constant(name, values(lm.weight(name)), [dim])]);
  };
  const expand = g.constant('kv_heads', Array.from({ length: nHeads }, (_, h) => Math.floor(h / (nHeads / nKvHeads))), [nHeads], ONNX_INT64);
  for (let l = 0; l < nLayers; l++) {
    const b = `model.layers.${l}`;
    const normed = rmsNorm(x, `${b}.input_layernorm.weight`);
    const q = rope(lm.heads(lm.linearOi(normed, `${b}.self_attn.q_proj.weight`), nHeads, headDim));
    const [keys, vals] = lm.append(l, rope(lm.heads(lm.linearOi(normed, `${b}.self_attn.k_proj.weight`), nKvHeads, headDim)), lm.heads(lm.linearOi(normed, `${b}.self_attn.v_proj.weight`), nKvHeads, headDim));
    const k = nKvHeads === nHeads ? keys : g.node('Gather', [keys, expand], { axis: 1 });
    const v = nKvHeads === nHeads ? vals : g.node('Gather', [vals, expand], { axis: 1 });
    x = g.node('Add', [x, lm.linearOi(lm.attention(q, k, v, headDim, dim), `${b}.self_attn.o_proj.weight`)]);
    const h = rmsNorm(x, `${b}.post_attention_layernorm.weight`);
    const gate = lm.linearOi(h, `${b}.mlp.gate_proj.weight`);
    const swiglu = g.node('Mul', [g.node('Mul', [gate, g.node('Sigmoid', [gate])]), lm.linearOi(h, `${b}.mlp.up_proj.weight`)]);
    x = g.node('Add', [x, lm.linearOi(swiglu, `${b}.mlp.down_proj.weight`)]);
  }
  const final = rmsNorm(x, 'model.norm.weight');
  const logits = tieWordEmbeddings ? g.node('MatMul', [final, g.node('Transpose', [embedName], { perm: [1, 0] })]) : lm.linearOi(final, 'lm_head.weight');
  return { logits, presents: lm.presents };
}
