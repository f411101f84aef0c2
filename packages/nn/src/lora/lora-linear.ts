// A Linear layer with a low-rank adapter (LoRA; Hu et al. 2021), laid out as PEFT's lora.Linear:
//   y = base_layer(x) + (alpha / r) * lora_B(lora_A(lora_dropout(x)))
// base_layer is the original Linear (W0 [out, in], frozen), lora_A.weight [r, in] starts as PEFT
// initializes it (kaiming_uniform_ with a = sqrt(5): uniform in +-1/sqrt(in)) and lora_B.weight
// [out, r] at zero, so the adapted layer starts equal to the base. merge() folds (alpha / r) B A
// into W0 (one product per call instead of three); unmerge() takes it out again.
import { add, linear, mul, ShapeError, type Tensor } from '@neurite/tensor';
import { Dropout } from '../layers/dropout.ts';
import { Linear } from '../layers/linear.ts';
import { uniformValues } from '../module/init.ts';
import { Module } from '../module/module.ts';
import { shiftByLowRank } from './low-rank-update.ts';

export interface LoraLayerOptions {
  r: number;
  alpha: number;
  dropout: number;
  seed: number;
}

export class LoraLinear extends Module {
  readonly r: number;
  readonly alpha: number;
  /** alpha / r. */
  readonly scaling: number;
  private mergedState = false;

  constructor(base: Linear, options: LoraLayerOptions) {
    super();
    if (!(base instanceof Linear)) throw new ShapeError('LoraLinear: base must be a Linear');
    this.r = options.r;
    this.alpha = options.alpha;
    this.scaling = options.alpha / options.r;
    base.freeze();
    this.registerModule('base_layer', base);
    this.registerModule('lora_dropout', new Dropout(options.dropout, { seed: options.seed ^ 0x68e31da4 }));
    const a = new Linear(base.inFeatures, options.r, { bias: false, seed: options.seed });
    a.weight.view().set(uniformValues(options.r * base.inFeatures, 1 / Math.sqrt(base.inFeatures), options.seed));
    this.registerModule('lora_A', a);
    const b = new Linear(options.r, base.outFeatures, { bias: false, seed: options.seed + 1 });
    b.weight.view().fill(0);
    this.registerModule('lora_B', b);
  }

  private sub(name: 'base_layer' | 'lora_A' | 'lora_B' | 'lora_dropout'): Module {
    return this.registeredChildren().get(name)!;
  }

  get baseLayer(): Linear {
    return this.sub('base_layer') as Linear;
  }

  get loraA(): Tensor {
    return (this.sub('lora_A') as Linear).weight;
  }

  get loraB(): Tensor {
    return (this.sub('lora_B') as Linear).weight;
  }

  get merged(): boolean {
    return this.mergedState;
  }

  override describe(): string {
    return `r=${this.r}, alpha=${this.alpha}${this.mergedState ? ', merged' : ''}`;
  }

  forward(x: Tensor): Tensor {
    const base = this.baseLayer.call(x);
    if (this.mergedState) return base;
    const low = linear(linear(this.sub('lora_dropout').call(x), this.loraA, null, { weightLayout: 'oi' }), this.loraB, null, { weightLayout: 'oi' });
    return add(base, mul(low, this.scaling));
  }

  /** W0 += (alpha / r) B A, computed in float64 (forward then skips the adapter). No-op when merged. */
  merge(): void {
    if (this.mergedState) return;
    this.shiftWeight(1);
    this.mergedState = true;
  }

  /** W0 -= (alpha / r) B A: back to the base weight (up to float32 rounding). No-op when not merged. */
  unmerge(): void {
    if (!this.mergedState) return;
    this.shiftWeight(-1);
    this.mergedState = false;
  }

  private shiftWeight(sign: 1 | -1): void {
    shiftByLowRank(this.baseLayer.weight, this.loraB, this.loraA, this.scaling, sign);
  }
}
