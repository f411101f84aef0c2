// ONNX graphs of the BERT-style encoders in the layout of Hugging Face's ONNX exports (optimum's
// "feature-extraction", "fill-mask" and "text-classification"): inputs input_ids [batch, sequence],
// attention_mask int64 [batch, sequence] (1 token, 0 padding) and token_type_ids [batch, sequence];
// outputs last_hidden_state [batch, sequence, dim] (and pooler_output [batch, dim] with the pooler)
// for BertModel, logits [batch, sequence, vocab] for BertForMaskedLM, logits [batch, labels] for
// BertForSequenceClassification. Padded keys get an additive -1e9 (finite, as Hugging Face's
// finfo.min, so a row of padding stays finite); every other op is BertModel.forward's in eval mode.
import type { Tensor } from '@neurite/tensor';
import { type BertForMaskedLM, BertForSequenceClassification, BertModel } from '../language-models/bert/bert-model.ts';
import { ONNX_FLOAT, ONNX_INT64, type OnnxGraph } from './onnx-graph.ts';

const values = (t: Tensor): Float32Array => Float32Array.from(t.toArray());

class BertGraph {
  constructor(readonly g: OnnxGraph, readonly params: Map<string, Tensor>, readonly prefix: string) {}

  weight(name: string): Tensor {
    const t = this.params.get(`${this.prefix}${name}`) ?? this.params.get(name);
    if (!t) throw new Error(`exportOnnx: the model has no parameter ${this.prefix}${name}`);
    return t;
  }

  constant(name: string): string {
    const t = this.weight(name);
    return this.g.constant(name, values(t), [...t.shape]);
  }

  /** x [.., in] times a Linear's weight [out, in] (written transposed) plus its bias. */
  linear(x: string, name: string): string {
    const w = this.weight(`${name}.weight`);
    const [out, inFeatures] = w.shape as [number, number];
    const data = values(w), transposed = new Float32Array(data.length);
    for (let o = 0; o < out; o++) for (let i = 0; i < inFeatures; i++) transposed[i * out + o] = data[o * inFeatures + i]!;
    const y = this.g.node('MatMul', [x, this.g.constant(`${name}.weight`, transposed, [inFeatures, out])]);
    return this.g.node('Add', [y, this.constant(`${name}.bias`)]);
  }

  layerNorm(x: string, name: string, eps: number): string {
    return this.g.node('LayerNormalization', [x, this.constant(`${name}.weight`), this.constant(`${name}.bias`)], { axis: -1, epsilon: eps });
  }

  /** Exact GELU: 0.5 x (1 + erf(x / sqrt 2)). */
  gelu(x: string): string {
    const g = this.g;
    const one = g.node('Add', [g.node('Erf', [g.node('Mul', [x, g.constant('inv_sqrt2', [Math.SQRT1_2], [])])]), g.constant('one', [1], [])]);
    return g.node('Mul', [g.node('Mul', [x, one]), g.constant('half', [0.5], [])]);
  }
}

/** The encoder's hidden states [B, T, dim] (and the pooled first token when the model has its pooler). */
function encoder(g: OnnxGraph, bert: BertModel, params: Map<string, Tensor>, prefix: string, ids: string, types: string, mask: string): { hidden: string; pooled?: string; words: string } {
  const { dim, nHeads, nLayers, normEps } = bert.config;
  const b = new BertGraph(g, params, prefix);
  const headDim = dim / nHeads;
  const length = g.node('Slice', [g.node('Shape', [ids]), g.constant('one', [1], [1], ONNX_INT64), g.constant('two', [2], [1], ONNX_INT64)]);
  const positions = g.node('Slice', [b.constant('embeddings.position_embeddings.weight'), g.constant('zero', [0], [1], ONNX_INT64), length, g.constant('axis0', [0], [1], ONNX_INT64)]);
  const words = b.constant('embeddings.word_embeddings.weight');
  const embedded = g.node('Add', [
    g.node('Add', [g.node('Gather', [words, ids], { axis: 0 }), g.node('Gather', [b.constant('embeddings.token_type_embeddings.weight'), types], { axis: 0 })]),
    positions,
  ]);
  let x = b.layerNorm(embedded, 'embeddings.LayerNorm', normEps);
  // [B, 1, 1, T]: 0 for tokens, -1e9 for padding.
  const padding = g.node('Sub', [g.constant('one', [1], []), g.node('Cast', [mask], { to: ONNX_FLOAT })]);
  const bias = g.node('Unsqueeze', [g.node('Mul', [padding, g.constant('padding_bias', [-1e9], [])]), g.constant('axes12', [1, 2], [2], ONNX_INT64)]);
  const heads = (t: string): string => g.node('Transpose', [g.node('Reshape', [t, g.constant('split_heads', [0, 0, nHeads, headDim], [4], ONNX_INT64)])], { perm: [0, 2, 1, 3] });
  for (let l = 0; l < nLayers; l++) {
    const p = `encoder.layer.${l}`;
    const q = heads(b.linear(x, `${p}.attention.self.query`)), k = heads(b.linear(x, `${p}.attention.self.key`)), v = heads(b.linear(x, `${p}.attention.self.value`));
    const scores = g.node('Add', [g.node('Mul', [g.node('MatMul', [q, g.node('Transpose', [k], { perm: [0, 1, 3, 2] })]), g.constant('scale', [1 / Math.sqrt(headDim)], [])]), bias]);
    const attended = g.node('MatMul', [g.node('Softmax', [scores], { axis: -1 }), v]);
    const merged = g.node('Reshape', [g.node('Transpose', [attended], { perm: [0, 2, 1, 3] }), g.constant('merge_heads', [0, 0, dim], [3], ONNX_INT64)]);
    const h = b.layerNorm(g.node('Add', [b.linear(merged, `${p}.attention.output.dense`), x]), `${p}.attention.output.LayerNorm`, normEps);
    const hidden = b.gelu(b.linear(h, `${p}.intermediate.dense`));
    x = b.layerNorm(g.node('Add', [b.linear(hidden, `${p}.output.dense`), h]), `${p}.output.LayerNorm`, normEps);
  }
  if (!params.has(`${prefix}pooler.dense.weight`)) return { hidden: x, words };
  const first = g.node('Gather', [x, g.constant('zero', [0], [], ONNX_INT64)], { axis: 1 }); // [B, dim]
  return { hidden: x, pooled: g.node('Tanh', [b.linear(first, 'pooler.dense')]), words };
}

/**
 * Adds the inputs, nodes and outputs of a BERT model. `idsType` is the
 * element type of input_ids and token_type_ids; attention_mask is int64.
 */
export function bertGraph(g: OnnxGraph, model: BertModel | BertForMaskedLM | BertForSequenceClassification, idsType: number): void {
  const ids = g.input('input_ids', idsType, ['batch', 'sequence']);
  const mask = g.input('attention_mask', ONNX_INT64, ['batch', 'sequence']);
  const types = g.input('token_type_ids', idsType, ['batch', 'sequence']);
  const params = new Map(model.namedParameters());
  const bert = model instanceof BertModel ? model : model.bert;
  const prefix = model instanceof BertModel ? '' : 'bert.';
  const { hidden, pooled, words } = encoder(g, bert, params, prefix, ids, types, mask);
  const { dim, vocabSize } = bert.config;
  if (model instanceof BertModel) {
    g.node('Identity', [hidden], {}, ['last_hidden_state']);
    g.output('last_hidden_state', ONNX_FLOAT, ['batch', 'sequence', dim]);
    if (pooled) {
      g.node('Identity', [pooled], {}, ['pooler_output']);
      g.output('pooler_output', ONNX_FLOAT, ['batch', dim]);
    }
    return;
  }
  const head = new BertGraph(g, params, '');
  if (model instanceof BertForSequenceClassification) {
    g.node('Identity', [head.linear(pooled!, 'classifier')], {}, ['logits']);
    g.output('logits', ONNX_FLOAT, ['batch', model.numLabels]);
    return;
  }
  // Masked-LM head: LayerNorm(gelu(dense h)) times the tied word embeddings, plus the bias.
  const transformed = head.layerNorm(head.gelu(head.linear(hidden, 'cls.predictions.transform.dense')), 'cls.predictions.transform.LayerNorm', bert.config.normEps);
  const embeddings = g.node('Transpose', [words], { perm: [1, 0] });
  g.node('Add', [g.node('MatMul', [transformed, embeddings]), head.constant('cls.predictions.bias')], {}, ['logits']);
  g.output('logits', ONNX_FLOAT, ['batch', 'sequence', vocabSize]);
}
