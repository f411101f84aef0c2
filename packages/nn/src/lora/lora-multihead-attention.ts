// LoRA on nn.MultiheadAttention's packed projections, laid out as PEFT's lora.MultiheadAttention
// (what PEFT 0.21 builds when target_modules names a MultiheadAttention module):
//   <path>.base_layer                 the MultiheadAttention (in_proj_weight [3E, E] frozen)
//   <path>.lora_A.weight [r, E]       <path>.lora_B.weight [3E, r]: in_proj_weight + (alpha / r) B A
//   <path>.base_layer.out_proj        a LoraLinear on the output projection (its own lora_A, lora_B)
// As in PEFT, the update reaches the packed q, k, v projection through the weight (the merged
// weight W0 + (alpha / r) B A on every forward, gradients flowing to A and B), lora_dropout is not
// applied (PEFT merges before its forward), and only the packed form is supported (kdim = vdim = E).
import { ShapeError, type Tensor } from '@neurite/tensor';
import { Linear } from '../layers/linear.ts';
import { uniformValues } from '../module/init.ts';
import { Module } from '../module/module.ts';
import { MultiheadAttention, type MultiheadAttentionForwardOptions } from '../transformer/multihead-attention.ts';
import type { LoraLayerOptions } from './lora-linear.ts';
import { LoraLinear } from './lora-linear.ts';
import { lowRankUpdate, shiftByLowRank } from './low-rank-update.ts';

export class LoraMultiheadAttention extends Module<MultiheadAttentionForwardOptions> {
  readonly r: number;
  readonly alpha: number;
  /** alpha / r. */
  readonly scaling: number;
  private mergedState = false;

  /** Wraps `base` (frozen); uses seeds options.seed .. options.seed + 3 (A, B, then the out_proj adapter's). */
  constructor(base: MultiheadAttention, options: LoraLayerOptions) {
    super();
    if (!(base instanceof MultiheadAttention)) throw new ShapeError('LoraMultiheadAttention: base must be a MultiheadAttention');
    if (base.kdim !== base.embedDim || base.vdim !== base.embedDim) {
      // PEFT raises here too ("Only same embed for query/key/value is supported").
      throw new ShapeError(`LoraMultiheadAttention: needs the packed in_proj_weight (kdim = vdim = embedDim = ${base.embedDim}), got kdim ${base.kdim}, vdim ${base.vdim}`);
    }
    const e = base.embedDim;
    this.r = options.r;
    this.alpha = options.alpha;
    this.scaling = options.alpha / options.r;
    base.freeze();
    this.registerModule('base_layer', base);
    const a = new Linear(e, options.r, { bias: false, seed: options.seed });
    a.weight.view().set(uniformValues(options.r * e, 1 / Math.sqrt(e), options.seed));
    this.registerModule('lora_A', a);
    const b = new Linear(options.r, 3 * e, { bias: false, seed: options.seed + 1 });
    b.weight.view().fill(0);
    this.registerModule('lora_B', b);
    base.setSubmodule('out_proj', new LoraLinear(base.out_proj, { ...options, dropout: 0, seed: options.seed + 2 }));
    base.setInProjectionUpdate(() => lowRankUpdate(this.loraB, this.loraA, this.scaling));
  }

  private sub(name: 'base_layer' | 'lora_A' | 'lora_B'): Module {
    return this.registeredChildren().get(name)!;
  }

  get baseLayer(): MultiheadAttention {
    return this.sub('base_layer') as MultiheadAttention;
  }

  /** The out_proj adapter (also listed by loraLayers under `<path>.base_layer.out_proj`). */
  get outProj(): LoraLinear {
    return this.baseLayer.out_proj as unknown as LoraLinear;
  }

  /** lora_A.weight [r, E] of the in-projection adapter. */
  get loraA(): Tensor {
    return (this.sub('lora_A') as Linear).weight;
  }

  /** lora_B.weight [3E, r] of the in-projection adapter (rows: q, then k, then v). */
  get loraB(): Tensor {
    return (this.sub('lora_B') as Linear).weight;
  }

  get merged(): boolean {
    return this.mergedState;
  }

  override describe(): string {
    return `r=${this.r}, alpha=${this.alpha}${this.mergedState ? ', merged' : ''}`;
  }

  forward(query: Tensor, options?: MultiheadAttentionForwardOptions): Tensor {
    return this.baseLayer.call(query, options);
  }

  /** The base layer's attention probabilities with the adapters applied (see MultiheadAttention.attentionWeights). */
  attentionWeights(query: Tensor, options?: MultiheadAttentionForwardOptions & { averageAttnWeights?: boolean }): Tensor {
    return this.baseLayer.attentionWeights(query, options);
  }

  /** Folds both adapters into in_proj_weight and out_proj.weight (float64 products). No-op when merged. */
  merge(): void {
    if (this.mergedState) return;
    shiftByLowRank(this.baseLayer.inProjWeight!, this.loraB, this.loraA, this.scaling, 1);
    this.baseLayer.setInProjectionUpdate(null);
    this.outProj.merge();
    this.mergedState = true;
  }

  /** Takes both adapters back out (up to float32 rounding). No-op when not merged. */
  unmerge(): void {
    if (!this.mergedState) return;
    shiftByLowRank(this.baseLayer.inProjWeight!, this.loraB, this.loraA, this.scaling, -1);
    this.baseLayer.setInProjectionUpdate(() => lowRankUpdate(this.loraB, this.loraA, this.scaling));
    this.outProj.unmerge();
    this.mergedState = false;
  }
}
