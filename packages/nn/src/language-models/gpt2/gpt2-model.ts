// A GPT-2-style decoder (Radford et al. 2019) with Hugging Face's GPT2LMHeadModel names, so its
// model.safetensors loads key for key: transformer.{wte, wpe, h.N.{ln_1, attn.c_attn, attn.c_proj,
// ln_2, mlp.c_fc, mlp.c_proj}, ln_f}; the output projection is the token embedding (tied).
// Hugging Face stores these projections as Conv1D: weight [in, out] (the transpose of Linear's).
// Block: h = x + proj(attention(ln_1 x)); out = h + mlp(ln_2 h), mlp = c_proj(gelu_tanh(c_fc x)).
import {
  add, ArgumentError, arange, DTypeError, geluTanh, Gpt2Decoder, type Gpt2DecoderLayerTensors, indexSelect, linear, packedSelfAttention,
  reshape, scaledDotProductAttention, ShapeError, slice, split, tensor, type Tensor,
} from '@neurite/tensor';
import { ModelLoadError } from '../../errors.ts';
import { loadWeights } from '../../io/model-io.ts';
import { Dropout } from '../../layers/dropout.ts';
import { Embedding } from '../../layers/embedding.ts';
import { LayerNorm } from '../../layers/normalization.ts';
import { Module } from '../../module/module.ts';
import { ModuleList } from '../../module/module-list.ts';
import { normalValues } from '../../module/init.ts';
import { causalAttentionProbabilities } from '../attention-probabilities.ts';
import { initTransformerWeights } from '../init-weights.ts';
import { KeyValueCache } from '../kv-cache.ts';
import { checkLogitsToKeep, lastPositions } from '../logits-to-keep.ts';

export interface Gpt2Config {
  vocabSize: number;
  /** Longest sequence (learned positions). */
  maxSeqLen: number;
  dim: number;
  nLayers: number;
  nHeads: number;
  /** MLP width. Default 4 dim. */
  innerDim?: number;
  /** LayerNorm epsilon. Default 1e-5. */
  normEps?: number;
  /** Dropout on embeddings, attention probabilities and residual branches in training mode. Default 0.1 (GPT-2's). */
  dropout?: number;
  seed?: number;
}

type Resolved = Required<Omit<Gpt2Config, 'seed'>> & { seed: number | undefined; headDim: number };

function resolve(c: Gpt2Config): Resolved {
  if (c === null || typeof c !== 'object') throw new ArgumentError('Gpt2Config: expected an object');
  const int = (v: unknown, name: string): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1 << 24) throw new ArgumentError(`Gpt2Config: ${name} must be an integer in [1, 2^24], got ${String(v)}`);
    return v;
  };
  const dim = int(c.dim, 'dim'), nHeads = int(c.nHeads, 'nHeads');
  if (dim % nHeads !== 0) throw new ArgumentError(`Gpt2Config: dim ${dim} must be a multiple of nHeads ${nHeads}`);
  const dropout = c.dropout ?? 0.1;
  if (!(dropout >= 0 && dropout < 1)) throw new ArgumentError(`Gpt2Config: dropout must be in [0, 1), got ${c.dropout}`);
  return {
    vocabSize: int(c.vocabSize, 'vocabSize'), maxSeqLen: int(c.maxSeqLen, 'maxSeqLen'), dim, nLayers: int(c.nLayers, 'nLayers'), nHeads,
    innerDim: int(c.innerDim ?? 4 * dim, 'innerDim'), normEps: c.normEps ?? 1e-5, dropout, seed: c.seed, headDim: dim / nHeads,
  };
}

/** Hugging Face's Conv1D: y = x W + b with W [in, out], initialised N(0, 0.02) as GPT-2. */
export class Conv1DProjection extends Module {
  constructor(readonly inFeatures: number, readonly outFeatures: number, seed?: number) {
    super();
    this.registerParameter('weight', tensor(normalValues(inFeatures * outFeatures, 0.02, seed ?? 1), [inFeatures, outFeatures]));
    this.registerParameter('bias', tensor(new Float32Array(outFeatures), [outFeatures]));
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.param('weight'), this.param('bias'));
  }
}

interface BlockOptions {
  cache?: KeyValueCache | undefined;
  position: number;
  layer: number;
}

class Gpt2Attention extends Module<BlockOptions> {
  constructor(private readonly c: Resolved, seed: number) {
    super();
    this.registerModule('c_attn', new Conv1DProjection(c.dim, 3 * c.dim, seed));
    this.registerModule('c_proj', new Conv1DProjection(c.dim, c.dim, seed + 1));
    this.registerModule('resid_dropout', new Dropout(c.dropout, { seed: seed + 2 }));
  }

  /** Attention probabilities [B, H, T, T] of x (causal, no cache). */
  probabilities(x: Tensor): Tensor {
    const [b, t] = x.shape as [number, number, number];
    const [q, k] = split((this.getSubmodule('c_attn') as Conv1DProjection).call(x), 3, 2).map((p) => reshape(p, [b, t, this.c.nHeads, this.c.headDim])) as [Tensor, Tensor];
    return causalAttentionProbabilities(q, k);
  }

  forward(x: Tensor, options?: BlockOptions): Tensor {
    const { cache, position, layer } = options!;
    const [b, t] = x.shape as [number, number, number];
    const { nHeads, headDim, dim } = this.c;
    const qkv = (this.getSubmodule('c_attn') as Conv1DProjection).call(x);
    const dropout = this.training ? this.c.dropout : 0;
    let out: Tensor;
    if (cache === undefined || (position === 0 && cache.keys[layer] === undefined)) {
      // No past keys: the attention reads q, k and v in place in the projection (no split copies);
      // a cache keeps copies of k and v only.
      out = packedSelfAttention(qkv, nHeads, { causal: true, dropout });
      if (cache) {
        const part = (start: number): Tensor => reshape(slice(qkv, [null, null, { start, stop: start + dim }]), [b, t, nHeads, headDim]);
        cache.append(layer, part(dim), part(2 * dim));
      }
    } else {
      const [q, k0, v0] = split(qkv, 3, 2).map((p) => reshape(p, [b, t, nHeads, headDim])) as [Tensor, Tensor, Tensor];
      const [k, v] = cache.append(layer, k0, v0);
      out = scaledDotProductAttention(q, k, v, { layout: 'bthd', causal: true, queryOffset: position, dropout });
    }
    const projected = (this.getSubmodule('c_proj') as Conv1DProjection).call(reshape(out, [b, t, dim]));
    return (this.getSubmodule('resid_dropout') as Dropout).call(projected);
  }
}

class Gpt2Mlp extends Module {
  constructor(c: Resolved, seed: number) {
    super();
    this.registerModule('c_fc', new Conv1DProjection(c.dim, c.innerDim, seed));
    this.registerModule('c_proj', new Conv1DProjection(c.innerDim, c.dim, seed + 1));
    this.registerModule('dropout', new Dropout(c.dropout, { seed: seed + 2 }));
  }

  forward(x: Tensor): Tensor {
    const m = (name: string): Module => this.getSubmodule(name);
    return m('dropout').call(m('c_proj').call(geluTanh(m('c_fc').call(x))));
  }
}

export class Gpt2Block extends Module<BlockOptions> {
  constructor(c: Resolved, seed: number) {
    super();
    this.registerModule('ln_1', new LayerNorm(c.dim, { eps: c.normEps }));
    this.registerModule('attn', new Gpt2Attention(c, seed));
    this.registerModule('ln_2', new LayerNorm(c.dim, { eps: c.normEps }));
    this.registerModule('mlp', new Gpt2Mlp(c, seed + 10));
  }

  forward(x: Tensor, options?: BlockOptions): Tensor {
    const m = (name: string): Module<BlockOptions> => this.getSubmodule(name) as Module<BlockOptions>;
    const h = add(x, m('attn').call(m('ln_1').call(x), options));
    return add(h, m('mlp').call(m('ln_2').call(h)));
  }
}

export interface Gpt2ForwardOptions {
  cache?: KeyValueCache;
  /**
   * Gpt2LMHeadModel only: logits of the last N positions (Hugging Face's logits_to_keep); 0, the
   * default, keeps all. A prefill for generation needs only the last: 1 skips the vocabulary-wide
   * projection of the other positions.
   */
  logitsToKeep?: number;
}

/** The decoder stack: int32 ids [B, T] -> final hidden states [B, T, dim] (after ln_f). */
export class Gpt2Model extends Module<Gpt2ForwardOptions> {
  constructor(readonly config: Resolved) {
    super();
    const seed = config.seed ?? 0x6a09;
    this.registerModule('wte', new Embedding(config.vocabSize, config.dim, { seed }));
    this.registerModule('wpe', new Embedding(config.maxSeqLen, config.dim, { seed: seed + 1 }));
    this.registerModule('drop', new Dropout(config.dropout, { seed: seed + 2 }));
    this.registerModule('h', new ModuleList(Array.from({ length: config.nLayers }, (_, i) => new Gpt2Block(config, seed + 100 * (i + 1)))));
    this.registerModule('ln_f', new LayerNorm(config.dim, { eps: config.normEps }));
  }

  get wte(): Embedding {
    return this.getSubmodule('wte') as Embedding;
  }

  /** Attention probabilities [B, H, T, T] of block `layer` (positions from 0, no cache). */
  attentionProbabilities(ids: Tensor, layer: number): Tensor {
    const [b, t] = ids.shape as [number, number];
    const m = (path: string): Module<BlockOptions> => this.getSubmodule(path) as Module<BlockOptions>;
    const tokens = reshape(indexSelect(this.wte.weight, 0, reshape(ids, [b * t])), [b, t, this.config.dim]);
    let x = add(tokens, indexSelect((this.getSubmodule('wpe') as Embedding).weight, 0, arange(0, t, 1, { dtype: 'int32' })));
    for (let l = 0; l < layer; l++) x = m(`h.${l}`).call(x, { position: 0, layer: l });
    return (this.getSubmodule(`h.${layer}.attn`) as Gpt2Attention).probabilities(m(`h.${layer}.ln_1`).call(x));
  }

  forward(ids: Tensor, options: Gpt2ForwardOptions = {}): Tensor {
    if (ids.dtype !== 'int32') throw new DTypeError(`Gpt2Model: ids must be int32, got ${ids.dtype}`);
    if (ids.rank !== 2 || ids.shape[1] === 0) throw new ShapeError(`Gpt2Model: ids must be [batch, time] with time >= 1, got [${ids.shape}]`);
    const [b, t] = ids.shape as [number, number];
    const cache = options.cache;
    const position = cache?.length ?? 0;
    if (position + t > this.config.maxSeqLen) throw new ShapeError(`Gpt2Model: positions ${position}..${position + t - 1} exceed maxSeqLen ${this.config.maxSeqLen}`);
    const m = (path: string): Module<BlockOptions> => this.getSubmodule(path) as Module<BlockOptions>;
    const tokens = reshape(indexSelect(this.wte.weight, 0, reshape(ids, [b * t])), [b, t, this.config.dim]);
    const positions = indexSelect((this.getSubmodule('wpe') as Embedding).weight, 0, arange(position, position + t, 1, { dtype: 'int32' }));
    let x = m('drop').call(add(tokens, positions));
    for (let l = 0; l < this.config.nLayers; l++) x = m(`h.${l}`).call(x, { cache, position, layer: l });
    if (cache) cache.length = position + t;
    return m('ln_f').call(x);
  }
}

/** GPT-2 with its language-model head (tied to wte): int32 ids [B, T] -> logits [B, T, vocabSize]. */
export class Gpt2LMHeadModel extends Module<Gpt2ForwardOptions> {
  readonly config: Resolved;

  constructor(config: Gpt2Config) {
    super();
    this.config = resolve(config);
    this.registerModule('transformer', new Gpt2Model(this.config));
    // GPT-2's initialisation: N(0, 0.02), residual projections scaled by 1 / sqrt(2 nLayers).
    const residual = 1 / Math.sqrt(2 * this.config.nLayers);
    initTransformerWeights(this, this.config.seed ?? 0x6a09, (name) => (name.endsWith('c_proj.weight') ? residual : 1));
  }

  /** A model from a Hugging Face GPT2LMHeadModel: config.json (parsed) and model.safetensors bytes. */
  static fromHuggingFace(config: Record<string, unknown>, safetensors: Uint8Array): Gpt2LMHeadModel {
    if (config === null || typeof config !== 'object') throw new ModelLoadError('METADATA_INVALID', 'Gpt2LMHeadModel.fromHuggingFace: config must be the parsed config.json object');
    const n = (name: string, fallback?: number): number => {
      const v = config[name] ?? fallback;
      if (typeof v !== 'number') throw new ModelLoadError('METADATA_INVALID', `GPT-2 config: ${name} must be a number, got ${String(config[name])}`);
      return v;
    };
    const model = new Gpt2LMHeadModel({
      vocabSize: n('vocab_size', 50257), maxSeqLen: n('n_positions', 1024), dim: n('n_embd', 768), nLayers: n('n_layer', 12), nHeads: n('n_head', 12),
      innerDim: typeof config['n_inner'] === 'number' ? config['n_inner'] : undefined, normEps: n('layer_norm_epsilon', 1e-5), dropout: n('resid_pdrop', 0.1),
    });
    loadWeights(model, safetensors);
    return model;
  }

  createCache(): KeyValueCache {
    return new KeyValueCache(this.config.nLayers);
  }

  /** Every head's causal attention probabilities [B, H, T, T] at `layer` for int32 ids [B, T] (for heat maps). */
  attentionProbabilities(ids: Tensor, layer: number): Tensor {
    const transformer = this.getSubmodule('transformer') as Gpt2Model;
    const { nLayers } = this.config;
    if (!Number.isInteger(layer) || layer < 0 || layer >= nLayers) throw new ShapeError(`attentionProbabilities: layer must be an integer in [0, ${nLayers}), got ${layer}`);
    return transformer.attentionProbabilities(ids, layer);
  }

  /**
   * A fused decoder (the tensor package's Gpt2Decoder: one kernel call per token) over this model's
   * weights, read in place, for `capacity` positions; what generate() uses. Undefined when the model
   * does not have the plain structure the kernel computes (float32 weights, every projection a plain
   * Conv1D and every norm a LayerNorm with the configured epsilon: a LoRA-wrapped or replaced module
   * keeps the per-op path), or in training mode with dropout. The weights must not change while the
   * decoder is used.
   */
  createDecoder(capacity: number): Gpt2Decoder | undefined {
    const { nLayers, nHeads, normEps, dropout } = this.config;
    if (this.training && dropout > 0) return undefined;
    const f32 = (t: Tensor | undefined): Tensor | undefined => (t !== undefined && t.dtype === 'float32' ? t : undefined);
    /** The module's own weight and bias parameters. */
    const weightAndBias = (m: Module): [Tensor | undefined, Tensor | undefined] => {
      const own = new Map(m.namedParameters({ recurse: false }));
      return [f32(own.get('weight')), f32(own.get('bias'))];
    };
    const conv = (path: string): [Tensor | undefined, Tensor | undefined] => {
      const m = this.getSubmodule(path);
      return m.constructor === Conv1DProjection ? weightAndBias(m) : [undefined, undefined];
    };
    const norm = (path: string): [Tensor | undefined, Tensor | undefined] => {
      const m = this.getSubmodule(path);
      if (m.constructor !== LayerNorm || (m as LayerNorm).eps !== normEps || (m as LayerNorm).normalizedShape.length !== 1) return [undefined, undefined];
      return weightAndBias(m);
    };
    const layers: Gpt2DecoderLayerTensors[] = [];
    for (let l = 0; l < nLayers; l++) {
      const p = `transformer.h.${l}.`;
      const [ln1Weight, ln1Bias] = norm(`${p}ln_1`), [attention, attentionBias] = conv(`${p}attn.c_attn`), [projection, projectionBias] = conv(`${p}attn.c_proj`);
      const [ln2Weight, ln2Bias] = norm(`${p}ln_2`), [fc, fcBias] = conv(`${p}mlp.c_fc`), [out, outBias] = conv(`${p}mlp.c_proj`);
      const layer = { ln1Weight, ln1Bias, attention, attentionBias, projection, projectionBias, ln2Weight, ln2Bias, fc, fcBias, out, outBias };
      if (Object.values(layer).some((t) => t === undefined)) return undefined;
      layers.push(layer as Gpt2DecoderLayerTensors);
    }
    const transformer = this.getSubmodule('transformer') as Gpt2Model;
    const tokenEmbedding = f32(transformer.wte.weight), positionEmbedding = f32((transformer.getSubmodule('wpe') as Embedding).weight);
    const [finalNormWeight, finalNormBias] = norm('transformer.ln_f');
    if (tokenEmbedding === undefined || positionEmbedding === undefined || finalNormWeight === undefined || finalNormBias === undefined) return undefined;
    return new Gpt2Decoder({ tokenEmbedding, positionEmbedding, finalNormWeight, finalNormBias, layers }, { nHeads, capacity, normEps });
  }

  forward(ids: Tensor, options: Gpt2ForwardOptions = {}): Tensor {
    const transformer = this.getSubmodule('transformer') as Gpt2Model;
    const keep = checkLogitsToKeep(options.logitsToKeep, 'Gpt2LMHeadModel');
    return linear(lastPositions(transformer.call(ids, options), keep), transformer.wte.weight, null, { weightLayout: 'oi' });
  }
}
