// MultiheadAttention with PyTorch's constructor options and state-dict keys (nn.MultiheadAttention):
//   in_proj_weight [3E, E], in_proj_bias [3E], out_proj.weight [E, E], out_proj.bias [E]
//   (q_proj_weight, k_proj_weight, v_proj_weight instead of in_proj_weight when kdim or vdim != E).
// The attention itself is the fused kernel (scaledDotProductAttention on [B, T, H, D], no transposes).
// Masks follow PyTorch (attention-masks.ts). A row whose keys are all masked gives 0 here where
// PyTorch gives NaN.
import {
  add, Generator, linear, matmul, mean, mul, packedSelfAttention, permute, reshape, scaledDotProductAttention, ShapeError, softmax, split, tensor,
  type Tensor, transpose,
} from '@neurite/tensor';
import type { KeyValueCache } from '../language-models/kv-cache.ts';
import { Linear } from '../layers/linear.ts';
import { nextDefaultSeed, xavierUniform } from '../module/init.ts';
import { Module } from '../module/module.ts';
import { checkNumber, checkSize, optionsOf } from '../validate.ts';
import { resolveMasks } from './attention-masks.ts';

export interface MultiheadAttentionOptions {
  /** Dropout on the attention probabilities in training (default 0). */
  dropout?: number;
  /** Biases of the input and output projections (default true). */
  bias?: boolean;
  /** Feature sizes of key and value (default embedDim). */
  kdim?: number;
  vdim?: number;
  /** Inputs and output [B, L, E] (true) or [L, B, E] (false, PyTorch's default). */
  batchFirst?: boolean;
  seed?: number;
}

export interface MultiheadAttentionForwardOptions {
  /** Keys (default: the query: self-attention). */
  key?: Tensor;
  /** Values (default: the key). */
  value?: Tensor;
  /** [L, S] or [B * H, L, S]; int32 nonzero = may not attend, float = additive. */
  attnMask?: Tensor;
  /** [B, S]; int32 nonzero = padding key, float = additive. */
  keyPaddingMask?: Tensor;
  /** Causal self-attention without building a mask (query i sees keys <= i + cache offset). */
  isCausal?: boolean;
  /**
   * Incremental decoding: the projected keys and values of earlier steps are kept in
   * `cache.keys[cacheLayer]` / `cache.values[cacheLayer]` ([B, S, H, D]); the new ones are appended
   * and the queries sit at positions offset by the cached length.
   */
  cache?: KeyValueCache;
  cacheLayer?: number;
}

export class MultiheadAttention extends Module<MultiheadAttentionForwardOptions> {
  readonly headDim: number;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly kdim: number;
  readonly vdim: number;
  private readonly random: Generator;
  readonly out_proj: Linear;
  /** A term added to in_proj_weight on every forward (LoRA's update; see setInProjectionUpdate). */
  private inProjectionUpdate: (() => Tensor) | null = null;

  constructor(readonly embedDim: number, readonly numHeads: number, options: MultiheadAttentionOptions = {}) {
    super();
    checkSize(embedDim, 'MultiheadAttention: embedDim');
    checkSize(numHeads, 'MultiheadAttention: numHeads');
    if (embedDim % numHeads !== 0) throw new ShapeError(`MultiheadAttention: embedDim (${embedDim}) must be divisible by numHeads (${numHeads})`);
    const o = optionsOf(options, 'MultiheadAttention');
    this.headDim = embedDim / numHeads;
    this.dropout = o.dropout === undefined ? 0 : checkNumber(o.dropout, 'MultiheadAttention: dropout', { min: 0, max: 1, maxExclusive: true });
    this.batchFirst = o.batchFirst ?? false;
    this.kdim = o.kdim === undefined ? embedDim : checkSize(o.kdim, 'MultiheadAttention: kdim');
    this.vdim = o.vdim === undefined ? embedDim : checkSize(o.vdim, 'MultiheadAttention: vdim');
    const seed = o.seed ?? nextDefaultSeed();
    this.random = new Generator(seed ^ 0x2545f491);
    const e = embedDim;
    // PyTorch's _reset_parameters: xavier_uniform_ on the projection weights, zero biases.
    if (this.kdim === e && this.vdim === e) {
      this.registerParameter('in_proj_weight', tensor(xavierUniform(3 * e * e, e, 3 * e, seed), [3 * e, e]));
    } else {
      this.registerParameter('q_proj_weight', tensor(xavierUniform(e * e, e, e, seed), [e, e]));
      this.registerParameter('k_proj_weight', tensor(xavierUniform(e * this.kdim, this.kdim, e, seed + 1), [e, this.kdim]));
      this.registerParameter('v_proj_weight', tensor(xavierUniform(e * this.vdim, this.vdim, e, seed + 2), [e, this.vdim]));
    }
    const bias = o.bias ?? true;
    if (bias) this.registerParameter('in_proj_bias', tensor(new Float32Array(3 * e), [3 * e]));
    this.out_proj = new Linear(e, e, { bias, seed: seed + 3 });
    if (bias) this.out_proj.bias!.view().fill(0);
  }

  override describe(): string {
    return `embed=${this.embedDim}, heads=${this.numHeads}${this.batchFirst ? ', batchFirst' : ''}`;
  }

  /** The packed in_proj_weight [3E, E] (undefined with separate q, k, v weights). */
  get inProjWeight(): Tensor | undefined {
    return this.optionalParam('in_proj_weight');
  }

  /**
   * Attaches a differentiable term added to the packed in_proj_weight [3E, E] on every forward
   * (null detaches it): how LoraMultiheadAttention applies its update (alpha / r) B A, as PEFT
   * does for nn.MultiheadAttention. Only for the packed projection (kdim = vdim = embedDim).
   */
  setInProjectionUpdate(update: (() => Tensor) | null): void {
    if (update !== null && this.optionalParam('in_proj_weight') === undefined) {
      throw new ShapeError('MultiheadAttention: an in-projection update needs the packed in_proj_weight (kdim = vdim = embedDim)');
    }
    this.inProjectionUpdate = update;
  }

  /** q, k, v projections of batch-first inputs: [B, L, E] each. */
  private project(query: Tensor, key: Tensor, value: Tensor): [Tensor, Tensor, Tensor] {
    const e = this.embedDim;
    const bias = this.optionalParam('in_proj_bias');
    const weight = this.optionalParam('in_proj_weight');
    const packed = weight !== undefined && this.inProjectionUpdate !== null ? add(weight, this.inProjectionUpdate()) : weight;
    if (packed !== undefined && key === query && value === query) {
      const qkv = linear(query, packed, bias ?? null, { weightLayout: 'oi' });
      return split(qkv, [e, e, e], -1) as [Tensor, Tensor, Tensor];
    }
    // Separate projections: the bias split only here (self-attention uses it whole, unsplit).
    const [bq, bk, bv] = bias === undefined ? [null, null, null] : split(bias, [e, e, e], 0);
    const [wq, wk, wv] = packed !== undefined
      ? split(packed, [e, e, e], 0)
      : [this.param('q_proj_weight'), this.param('k_proj_weight'), this.param('v_proj_weight')];
    return [
      linear(query, wq!, bq ?? null, { weightLayout: 'oi' }),
      linear(key, wk!, bk ?? null, { weightLayout: 'oi' }),
      linear(value, wv!, bv ?? null, { weightLayout: 'oi' }),
    ];
  }

  private batchFirstOf(x: Tensor, what: string, features: number): Tensor {
    if (x.rank !== 3 || x.shape[2] !== features) {
      throw new ShapeError(`MultiheadAttention: ${what} must be ${this.batchFirst ? '[B, L, ' : '[L, B, '}${features}], got [${x.shape}]`);
    }
    return this.batchFirst ? x : permute(x, [1, 0, 2]);
  }

  /** Shared front half of forward and attentionWeights: projections split into heads, masks resolved. */
  private prepare(query: Tensor, options: MultiheadAttentionForwardOptions = {}) {
    const o = optionsOf(options, 'MultiheadAttention.forward');
    const keyIn = o.key ?? query, valueIn = o.value ?? keyIn;
    const q0 = this.batchFirstOf(query, 'query', this.embedDim);
    const k0 = keyIn === query ? q0 : this.batchFirstOf(keyIn, 'key', this.kdim);
    const v0 = valueIn === query ? q0 : valueIn === keyIn ? k0 : this.batchFirstOf(valueIn, 'value', this.vdim);
    const [b, l] = q0.shape as [number, number];
    if (k0.shape[0] !== b || v0.shape[0] !== b || k0.shape[1] !== v0.shape[1]) {
      throw new ShapeError(`MultiheadAttention: key [${keyIn.shape}] and value [${valueIn.shape}] must match the query's batch and each other's length`);
    }
    const [q, k, v] = this.project(q0, k0, v0);
    const h = this.numHeads, d = this.headDim;
    let kh = reshape(k!, [b, k0.shape[1]!, h, d]), vh = reshape(v!, [b, k0.shape[1]!, h, d]);
    let offset = 0;
    if (o.cache !== undefined) {
      const layer = o.cacheLayer ?? 0;
      offset = o.cache.keys[layer]?.shape[1] ?? 0;
      [kh, vh] = o.cache.append(layer, kh, vh);
    }
    const s = kh.shape[1]!;
    const masks = resolveMasks('MultiheadAttention', q0.dtype === 'float64' ? 'float64' : 'float32', b, h, l, s, o.attnMask, o.keyPaddingMask);
    return { qh: reshape(q!, [b, l, h, d]), kh, vh, b, l, s, offset, masks, causal: o.isCausal ?? false };
  }

  /** Attention output, in the input layout ([B, L, E] with batchFirst, else [L, B, E]). */
  forward(query: Tensor, options?: MultiheadAttentionForwardOptions): Tensor {
    const packed = this.packedSelfAttention(query, options);
    if (packed !== undefined) return packed;
    const p = this.prepare(query, options);
    const dropout = this.training ? this.dropout : 0;
    const attended = scaledDotProductAttention(p.qh, p.kh, p.vh, {
      layout: 'bthd', causal: p.causal, queryOffset: p.offset, attnMask: p.masks.attnMask, keyPaddingMask: p.masks.keyPaddingMask,
      dropout, seed: dropout > 0 ? this.random.nextUint32() | 0 : undefined,
    });
    return this.output(reshape(attended, [p.b, p.l, this.embedDim]));
  }

  /** out_proj of the attended [B, L, E], in the input layout. */
  private output(attended: Tensor): Tensor {
    const out = this.out_proj.call(attended);
    return this.batchFirst ? out : permute(out, [1, 0, 2]);
  }

  /**
   * Self-attention without a cache on the packed projection: the kernel reads q, k and v inside the
   * one [B, L, 3E] product and writes their gradients into one block (no split copies, no
   * concatenation). Undefined when the call needs the general path (cross-attention, separate
   * projection weights, a key/value cache).
   */
  private packedSelfAttention(query: Tensor, options: MultiheadAttentionForwardOptions = {}): Tensor | undefined {
    const o = optionsOf(options, 'MultiheadAttention.forward');
    const weight = this.optionalParam('in_proj_weight');
    if (weight === undefined || o.cache !== undefined || (o.key ?? query) !== query || (o.value ?? o.key ?? query) !== query) return undefined;
    const x = this.batchFirstOf(query, 'query', this.embedDim);
    const [b, l] = x.shape as [number, number];
    const masks = resolveMasks('MultiheadAttention', x.dtype === 'float64' ? 'float64' : 'float32', b, this.numHeads, l, l, o.attnMask, o.keyPaddingMask);
    const w = this.inProjectionUpdate !== null ? add(weight, this.inProjectionUpdate()) : weight;
    const qkv = linear(x, w, this.optionalParam('in_proj_bias') ?? null, { weightLayout: 'oi' });
    const dropout = this.training ? this.dropout : 0;
    const attended = packedSelfAttention(qkv, this.numHeads, {
      causal: o.isCausal ?? false, attnMask: masks.attnMask, keyPaddingMask: masks.keyPaddingMask,
      dropout, seed: dropout > 0 ? this.random.nextUint32() | 0 : undefined,
    });
    return this.output(reshape(attended, [b, l, this.embedDim]));
  }

  /**
   * The attention probabilities (PyTorch's need_weights): [B, L, S] averaged over heads
   * (averageAttnWeights, the default) or [B, H, L, S]. Computed explicitly (softmax of the scores),
   * without dropout; the fused forward never forms them.
   */
  attentionWeights(query: Tensor, options: MultiheadAttentionForwardOptions & { averageAttnWeights?: boolean } = {}): Tensor {
    const p = this.prepare(query, { ...options, cache: undefined });
    const scores = mul(matmul(permute(p.qh, [0, 2, 1, 3]), transpose(permute(p.kh, [0, 2, 1, 3]))), 1 / Math.sqrt(this.headDim));
    let biased = p.masks.attnMask === undefined ? scores : add(scores, p.masks.attnMask);
    const neg: number[] = [];
    if (p.causal || p.masks.keyPaddingMask !== undefined) {
      const pad = p.masks.keyPaddingMask?.toArray();
      for (let bi = 0; bi < p.b; bi++) for (let i = 0; i < p.l; i++) for (let j = 0; j < p.s; j++) {
        neg.push((p.causal && j > i + p.offset) || (pad !== undefined && pad[bi * p.s + j] !== 0) ? -Infinity : 0);
      }
      biased = add(biased, tensor(neg, [p.b, 1, p.l, p.s], { dtype: scores.dtype }));
    }
    const weights = softmax(biased, -1);
    return options.averageAttnWeights === false ? weights : mean(weights, 1);
  }
}
