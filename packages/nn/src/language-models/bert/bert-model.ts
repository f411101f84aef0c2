// A BERT-style encoder (Devlin et al. 2019) with Hugging Face's names, so BertForMaskedLM and
// BertForSequenceClassification checkpoints load key for key: bert.embeddings.{word, position,
// token_type}_embeddings + LayerNorm; bert.encoder.layer.N.{attention.self.{query, key, value},
// attention.output.{dense, LayerNorm}, intermediate.dense, output.{dense, LayerNorm}}; bert.pooler.dense;
// cls.predictions.{transform.{dense, LayerNorm}, bias} (decoder tied to the word embeddings); classifier.
// Post-norm layers: h = LN(x + attention(x)); out = LN(h + dense(gelu(intermediate h))). Exact GELU.
import {
  add, ArgumentError, arange, DTypeError, gelu, indexSelect, linear, reshape, scaledDotProductAttention, ShapeError, slice, sub, tanh, tensor,
  type Tensor, zeros,
} from '@neurite/tensor';
import { ModelLoadError } from '../../errors.ts';
import { loadWeights } from '../../io/model-io.ts';
import { Dropout } from '../../layers/dropout.ts';
import { Embedding } from '../../layers/embedding.ts';
import { Linear } from '../../layers/linear.ts';
import { LayerNorm } from '../../layers/normalization.ts';
import { Module } from '../../module/module.ts';
import { ModuleList } from '../../module/module-list.ts';
import { initTransformerWeights } from '../init-weights.ts';

export interface BertConfig {
  vocabSize: number;
  dim: number;
  nLayers: number;
  nHeads: number;
  /** Feed-forward width. Default 4 dim. */
  intermediateSize?: number;
  maxPositions?: number;
  typeVocabSize?: number;
  /** LayerNorm epsilon. Default 1e-12 (BERT's). */
  normEps?: number;
  /** Dropout in training mode (hidden and attention). Default 0.1. */
  dropout?: number;
  seed?: number;
}

type Resolved = Required<Omit<BertConfig, 'seed'>> & { seed: number };

function resolve(c: BertConfig): Resolved {
  if (c === null || typeof c !== 'object') throw new ArgumentError('BertConfig: expected an object');
  const int = (v: unknown, name: string): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1 << 24) throw new ArgumentError(`BertConfig: ${name} must be an integer in [1, 2^24], got ${String(v)}`);
    return v;
  };
  const dim = int(c.dim, 'dim'), nHeads = int(c.nHeads, 'nHeads');
  if (dim % nHeads !== 0) throw new ArgumentError(`BertConfig: dim ${dim} must be a multiple of nHeads ${nHeads}`);
  const dropout = c.dropout ?? 0.1;
  if (!(dropout >= 0 && dropout < 1)) throw new ArgumentError(`BertConfig: dropout must be in [0, 1), got ${c.dropout}`);
  return {
    vocabSize: int(c.vocabSize, 'vocabSize'), dim, nLayers: int(c.nLayers, 'nLayers'), nHeads, intermediateSize: int(c.intermediateSize ?? 4 * dim, 'intermediateSize'),
    maxPositions: int(c.maxPositions ?? 512, 'maxPositions'), typeVocabSize: int(c.typeVocabSize ?? 2, 'typeVocabSize'), normEps: c.normEps ?? 1e-12, dropout, seed: c.seed ?? 0xbe27,
  };
}

/** The BertConfig of a Hugging Face config.json (parsed). */
export function bertConfigFromHuggingFace(hf: Record<string, unknown>): BertConfig {
  if (hf === null || typeof hf !== 'object') throw new ModelLoadError('METADATA_INVALID', 'BERT config must be the parsed config.json object');
  const n = (name: string, fallback: number): number => {
    const v = hf[name] ?? fallback;
    if (typeof v !== 'number') throw new ModelLoadError('METADATA_INVALID', `BERT config: ${name} must be a number, got ${String(hf[name])}`);
    return v;
  };
  return {
    vocabSize: n('vocab_size', 30522), dim: n('hidden_size', 768), nLayers: n('num_hidden_layers', 12), nHeads: n('num_attention_heads', 12),
    intermediateSize: n('intermediate_size', 3072), maxPositions: n('max_position_embeddings', 512), typeVocabSize: n('type_vocab_size', 2),
    normEps: n('layer_norm_eps', 1e-12), dropout: n('hidden_dropout_prob', 0.1),
  };
}

/** What the encoder takes beside the ids (all [B, T]). */
export interface BertInputs {
  /** 1 for tokens, 0 for padding (Hugging Face's attention_mask). Default all 1. */
  attentionMask?: Tensor;
  /** Segment ids (int32). Default all 0. */
  tokenTypeIds?: Tensor;
}

interface LayerOptions {
  padding?: Tensor | undefined;
}

const m = (owner: Module, path: string): Module<LayerOptions> => owner.getSubmodule(path) as Module<LayerOptions>;

class BertSelfAttention extends Module<LayerOptions> {
  constructor(private readonly c: Resolved, seed: number) {
    super();
    for (const [i, name] of ['query', 'key', 'value'].entries()) this.registerModule(name, new Linear(c.dim, c.dim, { seed: seed + i }));
  }

  forward(x: Tensor, options?: LayerOptions): Tensor {
    const [b, t] = x.shape as [number, number, number];
    const heads = (name: string): Tensor => reshape(m(this, name).call(x), [b, t, this.c.nHeads, this.c.dim / this.c.nHeads]);
    const out = scaledDotProductAttention(heads('query'), heads('key'), heads('value'), {
      layout: 'bthd', keyPaddingMask: options?.padding, dropout: this.training ? this.c.dropout : 0,
    });
    return reshape(out, [b, t, this.c.dim]);
  }
}

/** dense, dropout, then LayerNorm of the residual sum (Hugging Face's BertSelfOutput / BertOutput). */
class BertResidualOutput extends Module<{ residual: Tensor }> {
  constructor(inFeatures: number, c: Resolved, seed: number) {
    super();
    this.registerModule('dense', new Linear(inFeatures, c.dim, { seed }));
    this.registerModule('LayerNorm', new LayerNorm(c.dim, { eps: c.normEps }));
    this.registerModule('dropout', new Dropout(c.dropout, { seed: seed + 1 }));
  }

  forward(x: Tensor, options?: { residual: Tensor }): Tensor {
    return m(this, 'LayerNorm').call(add(m(this, 'dropout').call(m(this, 'dense').call(x)), options!.residual));
  }
}

class BertAttention extends Module<LayerOptions> {
  constructor(c: Resolved, seed: number) {
    super();
    this.registerModule('self', new BertSelfAttention(c, seed));
    this.registerModule('output', new BertResidualOutput(c.dim, c, seed + 5));
  }

  forward(x: Tensor, options?: LayerOptions): Tensor {
    return (this.getSubmodule('output') as BertResidualOutput).call(m(this, 'self').call(x, options), { residual: x });
  }
}

class BertIntermediate extends Module {
  constructor(c: Resolved, seed: number) {
    super();
    this.registerModule('dense', new Linear(c.dim, c.intermediateSize, { seed }));
  }

  forward(x: Tensor): Tensor {
    return gelu(m(this, 'dense').call(x));
  }
}

export class BertLayer extends Module<LayerOptions> {
  constructor(c: Resolved, seed: number) {
    super();
    this.registerModule('attention', new BertAttention(c, seed));
    this.registerModule('intermediate', new BertIntermediate(c, seed + 7));
    this.registerModule('output', new BertResidualOutput(c.intermediateSize, c, seed + 9));
  }

  forward(x: Tensor, options?: LayerOptions): Tensor {
    const h = m(this, 'attention').call(x, options);
    return (this.getSubmodule('output') as BertResidualOutput).call(m(this, 'intermediate').call(h), { residual: h });
  }
}

class BertEmbeddings extends Module<BertInputs> {
  constructor(private readonly c: Resolved) {
    super();
    this.registerModule('word_embeddings', new Embedding(c.vocabSize, c.dim, { seed: c.seed }));
    this.registerModule('position_embeddings', new Embedding(c.maxPositions, c.dim, { seed: c.seed + 1 }));
    this.registerModule('token_type_embeddings', new Embedding(c.typeVocabSize, c.dim, { seed: c.seed + 2 }));
    this.registerModule('LayerNorm', new LayerNorm(c.dim, { eps: c.normEps }));
    this.registerModule('dropout', new Dropout(c.dropout, { seed: c.seed + 3 }));
  }

  forward(ids: Tensor, options: BertInputs = {}): Tensor {
    const [b, t] = ids.shape as [number, number];
    const table = (name: string): Tensor => (this.getSubmodule(name) as Embedding).weight;
    const lookup = (name: string, index: Tensor): Tensor => reshape(indexSelect(table(name), 0, reshape(index, [b * t])), [b, t, this.c.dim]);
    const types = options.tokenTypeIds ?? zeros([b, t], { dtype: 'int32' });
    const positions = indexSelect(table('position_embeddings'), 0, arange(0, t, 1, { dtype: 'int32' }));
    const x = add(add(lookup('word_embeddings', ids), lookup('token_type_embeddings', types)), positions);
    return m(this, 'dropout').call(m(this, 'LayerNorm').call(x));
  }
}

class BertEncoder extends Module<LayerOptions> {
  constructor(c: Resolved) {
    super();
    this.registerModule('layer', new ModuleList(Array.from({ length: c.nLayers }, (_, i) => new BertLayer(c, c.seed + 100 * (i + 1)))));
  }

  forward(x: Tensor, options?: LayerOptions): Tensor {
    const layers = this.getSubmodule('layer') as ModuleList;
    for (let l = 0; l < layers.length; l++) x = m(layers, String(l)).call(x, options);
    return x;
  }
}

class BertPooler extends Module {
  constructor(c: Resolved) {
    super();
    this.registerModule('dense', new Linear(c.dim, c.dim, { seed: c.seed + 7 }));
  }

  /** tanh(dense(hidden state of the first token)). */
  forward(hidden: Tensor): Tensor {
    const [b, , d] = hidden.shape as [number, number, number];
    return tanh(m(this, 'dense').call(reshape(slice(hidden, [null, { start: 0, stop: 1 }]), [b, d])));
  }
}

/** The encoder: int32 ids [B, T] -> hidden states [B, T, dim]. */
export class BertModel extends Module<BertInputs> {
  readonly config: Resolved;

  constructor(config: BertConfig, options: { pooler?: boolean } = {}) {
    super();
    const c = (this.config = resolve(config));
    this.registerModule('embeddings', new BertEmbeddings(c));
    this.registerModule('encoder', new BertEncoder(c));
    if (options.pooler ?? true) this.registerModule('pooler', new BertPooler(c));
  }

  get wordEmbeddings(): Tensor {
    return (this.getSubmodule('embeddings.word_embeddings') as Embedding).weight;
  }

  forward(ids: Tensor, options: BertInputs = {}): Tensor {
    if (ids.dtype !== 'int32') throw new DTypeError(`BertModel: ids must be int32, got ${ids.dtype}`);
    if (ids.rank !== 2 || ids.shape[1] === 0) throw new ShapeError(`BertModel: ids must be [batch, time] with time >= 1, got [${ids.shape}]`);
    if (ids.shape[1]! > this.config.maxPositions) throw new ShapeError(`BertModel: ${ids.shape[1]} positions exceed maxPositions ${this.config.maxPositions}`);
    for (const [name, t] of [['attentionMask', options.attentionMask], ['tokenTypeIds', options.tokenTypeIds]] as const) {
      if (t && (t.rank !== 2 || t.shape[0] !== ids.shape[0] || t.shape[1] !== ids.shape[1])) throw new ShapeError(`BertModel: ${name} must have the ids' shape [${ids.shape}], got [${t.shape}]`);
    }
    const padding = options.attentionMask ? sub(1, options.attentionMask) : undefined;
    const x = (this.getSubmodule('embeddings') as BertEmbeddings).call(ids, options);
    return m(this, 'encoder').call(x, { padding });
  }

  /** The pooled first-token representation [B, dim] of hidden states (needs the pooler). */
  pool(hidden: Tensor): Tensor {
    return m(this, 'pooler').call(hidden);
  }
}

class BertPredictionHead extends Module<{ embeddings: Tensor }> {
  constructor(c: Resolved) {
    super();
    const transform = new BertTransform(c);
    this.registerModule('transform', transform);
    this.registerParameter('bias', tensor(new Float32Array(c.vocabSize), [c.vocabSize]));
  }

  forward(hidden: Tensor, options?: { embeddings: Tensor }): Tensor {
    return linear(m(this, 'transform').call(hidden), options!.embeddings, this.param('bias'), { weightLayout: 'oi' });
  }
}

class BertTransform extends Module {
  constructor(c: Resolved) {
    super();
    this.registerModule('dense', new Linear(c.dim, c.dim, { seed: c.seed + 11 }));
    this.registerModule('LayerNorm', new LayerNorm(c.dim, { eps: c.normEps }));
  }

  forward(x: Tensor): Tensor {
    return m(this, 'LayerNorm').call(gelu(m(this, 'dense').call(x)));
  }
}

class BertMlmHead extends Module<{ embeddings: Tensor }> {
  constructor(c: Resolved) {
    super();
    this.registerModule('predictions', new BertPredictionHead(c));
  }

  forward(hidden: Tensor, options?: { embeddings: Tensor }): Tensor {
    return (this.getSubmodule('predictions') as BertPredictionHead).call(hidden, options);
  }
}

/** BERT with the masked-language-model head (decoder tied to the word embeddings): logits [B, T, vocabSize]. */
export class BertForMaskedLM extends Module<BertInputs> {
  constructor(config: BertConfig) {
    super();
    const bert = new BertModel(config, { pooler: false });
    this.registerModule('bert', bert);
    this.registerModule('cls', new BertMlmHead(bert.config));
    initTransformerWeights(this, bert.config.seed);
  }

  get bert(): BertModel {
    return this.getSubmodule('bert') as BertModel;
  }

  static fromHuggingFace(config: Record<string, unknown>, safetensors: Uint8Array): BertForMaskedLM {
    const model = new BertForMaskedLM(bertConfigFromHuggingFace(config));
    loadWeights(model, safetensors);
    return model;
  }

  forward(ids: Tensor, options: BertInputs = {}): Tensor {
    const hidden = this.bert.call(ids, options);
    return (this.getSubmodule('cls') as BertMlmHead).call(hidden, { embeddings: this.bert.wordEmbeddings });
  }
}

/** BERT with a classifier on the pooled first token: logits [B, numLabels]. */
export class BertForSequenceClassification extends Module<BertInputs> {
  constructor(config: BertConfig, readonly numLabels: number) {
    super();
    if (!Number.isInteger(numLabels) || numLabels < 1) throw new ArgumentError(`BertForSequenceClassification: numLabels must be an integer >= 1, got ${numLabels}`);
    const bert = new BertModel(config);
    this.registerModule('bert', bert);
    this.registerModule('dropout', new Dropout(bert.config.dropout, { seed: bert.config.seed + 13 }));
    this.registerModule('classifier', new Linear(bert.config.dim, numLabels, { seed: bert.config.seed + 17 }));
    initTransformerWeights(this, bert.config.seed);
  }

  get bert(): BertModel {
    return this.getSubmodule('bert') as BertModel;
  }

  forward(ids: Tensor, options: BertInputs = {}): Tensor {
    const pooled = this.bert.pool(this.bert.call(ids, options));
    return m(this, 'classifier').call(m(this, 'dropout').call(pooled));
  }
}
