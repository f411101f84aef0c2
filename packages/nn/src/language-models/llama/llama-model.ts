// A Llama-architecture causal language model with Hugging Face's module names (so a
// LlamaForCausalLM state dict loads key for key): model.embed_tokens, model.layers.N.{input_layernorm,
// self_attn.{q,k,v,o}_proj, post_attention_layernorm, mlp.{gate,up,down}_proj}, model.norm, lm_head.
// Each layer: h = x + Attention(RMSNorm(x)); out = h + MLP(RMSNorm(h)), MLP(x) = down(silu(gate x) * up x);
// RMSNorm, RoPE and SwiGLU are the tensor package's fused kernels; generation without gradients runs
// the fused decode step instead (createDecoder: every layer of one token in one kernel call).
// Attention is the fused scaled-dot-product kernel (causal, grouped-query heads, [B, T, H, D] without
// transposes); a KeyValueCache keeps each layer's keys and values so decoding costs one step per token.
import {
  add, DTypeError, indexSelect, linear, LlamaDecoder, type LlamaDecoderWeights, reshape, rmsNorm, rope, ShapeError, scaledDotProductAttention, swiglu, tensor,
  type Tensor,
} from '@neurite/tensor';
import { ModelLoadError } from '../../errors.ts';
import { loadWeights } from '../../io/model-io.ts';
import { Embedding } from '../../layers/embedding.ts';
import { Linear } from '../../layers/linear.ts';
import { Module } from '../../module/module.ts';
import { ModuleList } from '../../module/module-list.ts';
import { type LlamaConfig, llamaConfigFromHuggingFace, resolveLlamaConfig, type ResolvedLlamaConfig } from './llama-config.ts';
import { readLlama2cCheckpoint } from './llama2c-checkpoint.ts';
import { causalAttentionProbabilities } from '../attention-probabilities.ts';
import { initTransformerWeights } from '../init-weights.ts';
import { KeyValueCache } from '../kv-cache.ts';
import { checkLogitsToKeep, lastPositions } from '../logits-to-keep.ts';
import type { IncrementalDecoder } from '../generation.ts';
import { SpareDecoder } from '../spare-decoder.ts';

/** Root-mean-square layer norm (Zhang & Sennrich 2019): x / sqrt(mean(x^2) + eps) * weight. */
export class RMSNorm extends Module {
  constructor(readonly size: number, readonly eps = 1e-5) {
    super();
    this.registerParameter('weight', tensor(new Float32Array(size).fill(1), [size]));
  }

  get weight(): Tensor {
    return this.param('weight');
  }

  forward(x: Tensor): Tensor {
    return rmsNorm(x, this.weight, { eps: this.eps });
  }
}

interface LayerOptions {
  position: number;
  cache?: KeyValueCache | undefined;
  layer: number;
}

export class LlamaAttention extends Module<LayerOptions> {
  constructor(private readonly config: ResolvedLlamaConfig) {
    super();
    const { dim, nHeads, nKvHeads, headDim } = config;
    this.registerModule('q_proj', new Linear(dim, nHeads * headDim, { bias: false }));
    this.registerModule('k_proj', new Linear(dim, nKvHeads * headDim, { bias: false }));
    this.registerModule('v_proj', new Linear(dim, nKvHeads * headDim, { bias: false }));
    this.registerModule('o_proj', new Linear(nHeads * headDim, dim, { bias: false }));
  }

  /** Rotated queries [B, T, H, D] and keys [B, T, Hkv, D] of x at positions 0.. (no cache). */
  queriesAndKeys(x: Tensor): [Tensor, Tensor] {
    const [b, t] = x.shape as [number, number, number];
    const { nHeads, nKvHeads, headDim } = this.config;
    const proj = (name: string): Linear => this.getSubmodule(name) as Linear;
    const rotary = { layout: this.config.ropeLayout, base: this.config.ropeTheta, positionOffset: 0, timeAxis: 1 } as const;
    return [
      rope(reshape(proj('q_proj').call(x), [b, t, nHeads, headDim]), rotary),
      rope(reshape(proj('k_proj').call(x), [b, t, nKvHeads, headDim]), rotary),
    ];
  }

  forward(x: Tensor, options?: LayerOptions): Tensor {
    const { position, cache, layer } = options!;
    const [b, t] = x.shape as [number, number, number];
    const { nHeads, nKvHeads, headDim } = this.config;
    const proj = (name: string): Linear => this.getSubmodule(name) as Linear;
    const rotary = { layout: this.config.ropeLayout, base: this.config.ropeTheta, positionOffset: position, timeAxis: 1 } as const;
    const q = rope(reshape(proj('q_proj').call(x), [b, t, nHeads, headDim]), rotary);
    let k = rope(reshape(proj('k_proj').call(x), [b, t, nKvHeads, headDim]), rotary);
    let v = reshape(proj('v_proj').call(x), [b, t, nKvHeads, headDim]);
    if (cache) [k, v] = cache.append(layer, k, v);
    const out = scaledDotProductAttention(q, k, v, { layout: 'bthd', causal: true, queryOffset: cache ? position : 0 });
    return proj('o_proj').call(reshape(out, [b, t, nHeads * headDim]));
  }
}

export class LlamaMLP extends Module {
  constructor(dim: number, hiddenDim: number) {
    super();
    this.registerModule('gate_proj', new Linear(dim, hiddenDim, { bias: false }));
    this.registerModule('up_proj', new Linear(dim, hiddenDim, { bias: false }));
    this.registerModule('down_proj', new Linear(hiddenDim, dim, { bias: false }));
  }

  forward(x: Tensor): Tensor {
    const m = (name: string): Linear => this.getSubmodule(name) as Linear;
    return m('down_proj').call(swiglu(m('gate_proj').call(x), m('up_proj').call(x)));
  }
}

export class LlamaDecoderLayer extends Module<LayerOptions> {
  constructor(config: ResolvedLlamaConfig) {
    super();
    this.registerModule('input_layernorm', new RMSNorm(config.dim, config.normEps));
    this.registerModule('self_attn', new LlamaAttention(config));
    this.registerModule('post_attention_layernorm', new RMSNorm(config.dim, config.normEps));
    this.registerModule('mlp', new LlamaMLP(config.dim, config.hiddenDim));
  }

  forward(x: Tensor, options?: LayerOptions): Tensor {
    const m = (name: string): Module<LayerOptions> => this.getSubmodule(name) as Module<LayerOptions>;
    const h = add(x, m('self_attn').call(m('input_layernorm').call(x), options));
    return add(h, m('mlp').call(m('post_attention_layernorm').call(h)));
  }
}

export interface LlamaForwardOptions {
  /** Keys and values of earlier positions; the new ones are appended and `cache.length` advances. */
  cache?: KeyValueCache;
  /**
   * LlamaForCausalLM only: logits of the last N positions (Hugging Face's logits_to_keep); 0, the
   * default, keeps all.
   */
  logitsToKeep?: number;
}

/** The decoder stack: int32 ids [B, T] -> final hidden states [B, T, dim] (after the last RMSNorm). */
export class LlamaModel extends Module<LlamaForwardOptions> {
  constructor(readonly config: ResolvedLlamaConfig) {
    super();
    this.registerModule('embed_tokens', new Embedding(config.vocabSize, config.dim));
    this.registerModule('layers', new ModuleList(Array.from({ length: config.nLayers }, () => new LlamaDecoderLayer(config))));
    this.registerModule('norm', new RMSNorm(config.dim, config.normEps));
  }

  get embedTokens(): Embedding {
    return this.getSubmodule('embed_tokens') as Embedding;
  }

  forward(ids: Tensor, options: LlamaForwardOptions = {}): Tensor {
    if (ids.dtype !== 'int32') throw new DTypeError(`LlamaModel: ids must be int32, got ${ids.dtype}`);
    if (ids.rank !== 2) throw new ShapeError(`LlamaModel: ids must be [batch, time], got [${ids.shape}]`);
    const [b, t] = ids.shape as [number, number];
    const cache = options.cache;
    const position = cache?.length ?? 0;
    if (t === 0) throw new ShapeError('LlamaModel: ids must hold at least one position');
    if (position + t > this.config.maxSeqLen) throw new ShapeError(`LlamaModel: positions ${position}..${position + t - 1} exceed maxSeqLen ${this.config.maxSeqLen}`);
    let x = reshape(indexSelect(this.embedTokens.weight, 0, reshape(ids, [b * t])), [b, t, this.config.dim]);
    const layers = this.getSubmodule('layers') as ModuleList;
    for (let l = 0; l < this.config.nLayers; l++) {
      x = (layers.getSubmodule(String(l)) as LlamaDecoderLayer).call(x, { position, cache, layer: l });
    }
    if (cache) cache.length = position + t;
    return (this.getSubmodule('norm') as RMSNorm).call(x);
  }
}

/** Attention probabilities [B, H, T, T] of layer `layer` for ids [B, T] (see causalAttentionProbabilities). */
function llamaAttentionProbabilities(model: LlamaModel, ids: Tensor, layer: number): Tensor {
  const { nLayers } = model.config;
  if (!Number.isInteger(layer) || layer < 0 || layer >= nLayers) throw new ShapeError(`attentionProbabilities: layer must be an integer in [0, ${nLayers}), got ${layer}`);
  const [b, t] = ids.shape as [number, number];
  let x = reshape(indexSelect(model.embedTokens.weight, 0, reshape(ids, [b * t])), [b, t, model.config.dim]);
  for (let l = 0; l < layer; l++) x = (model.getSubmodule(`layers.${l}`) as LlamaDecoderLayer).call(x, { position: 0, layer: l });
  const normed = (model.getSubmodule(`layers.${layer}.input_layernorm`) as RMSNorm).call(x);
  const [q, k] = (model.getSubmodule(`layers.${layer}.self_attn`) as LlamaAttention).queriesAndKeys(normed);
  return causalAttentionProbabilities(q, k);
}

/**
 * The largest key/value cache a LlamaForCausalLM keeps between generate() calls (see borrowDecoder):
 * making a decoder costs ~0.2-0.3 ms, which matters for small models' fast steps, while a large
 * model's cache is memory not to hold on to after a call.
 */
const KEPT_DECODER_CACHE_BYTES = 16 << 20;

/** Llama decoder with its language-model head: int32 ids [B, T] -> logits [B, T, vocabSize]. */
export class LlamaForCausalLM extends Module<LlamaForwardOptions> {
  readonly config: ResolvedLlamaConfig;
  private readonly spareDecoder = new SpareDecoder<LlamaDecoder>();

  constructor(config: LlamaConfig) {
    super();
    this.config = resolveLlamaConfig(config, 'LlamaForCausalLM');
    this.registerModule('model', new LlamaModel(this.config));
    if (!this.config.tieWordEmbeddings) this.registerModule('lm_head', new Linear(this.config.dim, this.config.vocabSize, { bias: false }));
    initTransformerWeights(this, config.seed ?? 0x11a3);
  }

  /** A model with the weights of a llama2.c checkpoint (run.c's format; see readLlama2cCheckpoint). */
  static fromLlama2c(bytes: Uint8Array): LlamaForCausalLM {
    const { config, weights } = readLlama2cCheckpoint(bytes);
    const model = new LlamaForCausalLM(config);
    model.loadStateDict(weights);
    return model;
  }

  /**
   * A model from a Hugging Face LlamaForCausalLM: its config.json (parsed) and model.safetensors bytes
   * (rotate-half RoPE, as Hugging Face's checkpoints expect).
   */
  static fromHuggingFace(config: Record<string, unknown>, safetensors: Uint8Array): LlamaForCausalLM {
    if (config === null || typeof config !== 'object') throw new ModelLoadError('METADATA_INVALID', 'LlamaForCausalLM.fromHuggingFace: config must be the parsed config.json object');
    const model = new LlamaForCausalLM(llamaConfigFromHuggingFace(config));
    loadWeights(model, safetensors);
    return model;
  }

  /** Every head's causal attention probabilities [B, H, T, T] at `layer` for int32 ids [B, T] (for heat maps). */
  attentionProbabilities(ids: Tensor, layer: number): Tensor {
    return llamaAttentionProbabilities(this.getSubmodule('model') as LlamaModel, ids, layer);
  }

  /** A fresh key/value cache for incremental decoding. */
  createCache(): KeyValueCache {
    return new KeyValueCache(this.config.nLayers);
  }

  /**
   * A fused decoder (the tensor package's LlamaDecoder: one kernel call per token) over this model's
   * weights, read in place, for `capacity` positions; what generate() uses. Undefined when the model
   * does not have the plain structure the kernel computes (float32 weights, every projection a plain
   * Linear: a LoRA-wrapped or replaced module keeps the per-op path). The weights must not change
   * while the decoder is used.
   */
  createDecoder(capacity: number): LlamaDecoder | undefined {
    const weights = this.decoderWeights();
    return weights === undefined ? undefined : this.newDecoder(weights, capacity);
  }

  /**
   * As createDecoder, but from a decoder this model keeps between calls (generate() makes one per
   * call): kept while the capacity and the weight tensors stay the same, when its key/value cache
   * takes at most 16 MB; disposing the result hands it back, dispose() of the model frees it.
   * Undefined where createDecoder is.
   */
  borrowDecoder(capacity: number): IncrementalDecoder | undefined {
    const weights = this.decoderWeights();
    if (weights === undefined) return undefined;
    const tensors = [weights.embedding, weights.finalNorm, weights.classifier, ...weights.layers.flatMap((l) => Object.values(l))];
    const weightBytes = 4 * [...new Set(tensors)].reduce((n, t) => n + t.size, 0);
    const { nLayers, nHeads, nKvHeads, dim } = this.config;
    const cacheBytes = 2 * 4 * nLayers * capacity * (nKvHeads * dim) / nHeads;
    return this.spareDecoder.borrow([capacity, ...tensors], weightBytes, () => this.newDecoder(weights, capacity), cacheBytes <= KEPT_DECODER_CACHE_BYTES);
  }

  /** Frees the parameters and the kept decoder (see borrowDecoder). */
  override dispose(): void {
    this.spareDecoder.dispose();
    super.dispose();
  }

  private newDecoder(weights: LlamaDecoderWeights, capacity: number): LlamaDecoder {
    const { nHeads, nKvHeads, normEps, ropeTheta, ropeLayout } = this.config;
    return new LlamaDecoder(weights, { nHeads, nKvHeads, capacity, normEps, ropeTheta, ropeLayout });
  }

  /** The fused decoder's weights, or undefined when the model is not of the plain structure (see createDecoder). */
  private decoderWeights(): LlamaDecoderWeights | undefined {
    const { nLayers, tieWordEmbeddings } = this.config;
    const model = this.getSubmodule('model') as LlamaModel;
    // Every module by its dotted path in one walk (generate() makes a decoder per call; ~50
    // getSubmodule lookups, each walking its path again, took ~0.6 ms). A path the walk does not list
    // (a module shared under two paths is listed once) keeps the per-op path.
    const modules = new Map(this.namedModules());
    const plain = (path: string): Tensor | undefined => {
      const m = modules.get(path);
      if (m === undefined || m.constructor !== Linear || (m as Linear).bias !== undefined) return undefined;
      const w = (m as Linear).weight;
      return w.dtype === 'float32' ? w : undefined;
    };
    const norm = (path: string): Tensor | undefined => {
      const m = modules.get(path);
      return m !== undefined && m.constructor === RMSNorm && (m as RMSNorm).weight.dtype === 'float32' ? (m as RMSNorm).weight : undefined;
    };
    const layers = [];
    for (let l = 0; l < nLayers; l++) {
      const p = `model.layers.${l}.`;
      const layer = {
        attentionNorm: norm(`${p}input_layernorm`), q: plain(`${p}self_attn.q_proj`), k: plain(`${p}self_attn.k_proj`), v: plain(`${p}self_attn.v_proj`),
        o: plain(`${p}self_attn.o_proj`), mlpNorm: norm(`${p}post_attention_layernorm`), gate: plain(`${p}mlp.gate_proj`), up: plain(`${p}mlp.up_proj`),
        down: plain(`${p}mlp.down_proj`),
      };
      if (Object.values(layer).some((t) => t === undefined)) return undefined;
      layers.push(layer as { [K in keyof typeof layer]: Tensor });
    }
    const embedding = model.embedTokens.weight, finalNorm = norm('model.norm');
    const classifier = tieWordEmbeddings ? embedding : plain('lm_head');
    if (embedding.dtype !== 'float32' || finalNorm === undefined || classifier === undefined) return undefined;
    return { embedding, finalNorm, classifier, layers };
  }

  forward(ids: Tensor, options: LlamaForwardOptions = {}): Tensor {
    const model = this.getSubmodule('model') as LlamaModel;
    const keep = checkLogitsToKeep(options.logitsToKeep, 'LlamaForCausalLM');
    const hidden = lastPositions(model.call(ids, options), keep);
    const head = this.config.tieWordEmbeddings ? model.embedTokens.weight : (this.getSubmodule('lm_head') as Linear).weight;
    return linear(hidden, head, null, { weightLayout: 'oi' });
  }
}
