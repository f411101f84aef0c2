// TransformerEncoderLayer with PyTorch's options and state-dict keys (nn.TransformerEncoderLayer):
//   self_attn.{in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias}, linear1, linear2, norm1, norm2
// Post-norm (default): x = norm1(x + SA(x)); x = norm2(x + FF(x)).
// Pre-norm (normFirst): x = x + SA(norm1(x)); x = x + FF(norm2(x)).
// FF(x) = linear2(dropout(act(linear1(x)))); SA and FF outputs pass dropout1 / dropout2.
import { add, type Tensor } from '@neurite/tensor';
import { Dropout } from '../layers/dropout.ts';
import { Linear } from '../layers/linear.ts';
import { LayerNorm } from '../layers/normalization.ts';
import type { KeyValueCache } from '../language-models/kv-cache.ts';
import { nextDefaultSeed } from '../module/init.ts';
import { Module } from '../module/module.ts';
import { checkNumber, checkOneOf, checkSize, optionsOf } from '../validate.ts';
import { linearThenActivation, type TransformerActivation } from './feed-forward.ts';
import { MultiheadAttention } from './multihead-attention.ts';

export interface TransformerLayerOptions {
  /** Hidden size of the feed-forward block (default 2048). */
  dimFeedforward?: number;
  /** Dropout rate everywhere (default 0.1). */
  dropout?: number;
  activation?: TransformerActivation;
  /** LayerNorm eps (default 1e-5). */
  layerNormEps?: number;
  /** [B, L, E] (true) or [L, B, E] (false, PyTorch's default). */
  batchFirst?: boolean;
  /** Pre-norm (true) or post-norm (false, the default). */
  normFirst?: boolean;
  /** Biases of the linear layers and norms (default true). */
  bias?: boolean;
  seed?: number;
}

export interface EncoderLayerForwardOptions {
  srcMask?: Tensor;
  srcKeyPaddingMask?: Tensor;
  isCausal?: boolean;
  cache?: KeyValueCache;
  cacheLayer?: number;
}

/** Resolved layer options shared by the encoder and decoder layers. */
export function layerOptions(what: string, dModel: number, nhead: number, options: TransformerLayerOptions) {
  checkSize(dModel, `${what}: dModel`);
  checkSize(nhead, `${what}: nhead`);
  const o = optionsOf(options, what);
  return {
    dimFeedforward: o.dimFeedforward === undefined ? 2048 : checkSize(o.dimFeedforward, `${what}: dimFeedforward`),
    dropout: o.dropout === undefined ? 0.1 : checkNumber(o.dropout, `${what}: dropout`, { min: 0, max: 1, maxExclusive: true }),
    activation: o.activation === undefined ? 'relu' as const : checkOneOf(o.activation, `${what}: activation`, ['relu', 'gelu'] as const),
    eps: o.layerNormEps === undefined ? 1e-5 : checkNumber(o.layerNormEps, `${what}: layerNormEps`, { min: 0 }),
    batchFirst: o.batchFirst ?? false,
    normFirst: o.normFirst ?? false,
    bias: o.bias ?? true,
    seed: o.seed ?? nextDefaultSeed(),
  };
}

export class TransformerEncoderLayer extends Module<EncoderLayerForwardOptions> {
  readonly normFirst: boolean;
  readonly activation: TransformerActivation;

  constructor(readonly dModel: number, readonly nhead: number, options: TransformerLayerOptions = {}) {
    super();
    const o = layerOptions('TransformerEncoderLayer', dModel, nhead, options);
    this.normFirst = o.normFirst;
    this.activation = o.activation;
    this.registerModule('self_attn', new MultiheadAttention(dModel, nhead, { dropout: o.dropout, bias: o.bias, batchFirst: o.batchFirst, seed: o.seed }));
    this.registerModule('linear1', new Linear(dModel, o.dimFeedforward, { bias: o.bias, seed: o.seed + 1 }));
    this.registerModule('dropout', new Dropout(o.dropout, { seed: o.seed + 2 }));
    this.registerModule('linear2', new Linear(o.dimFeedforward, dModel, { bias: o.bias, seed: o.seed + 3 }));
    this.registerModule('norm1', new LayerNorm(dModel, { eps: o.eps }));
    this.registerModule('norm2', new LayerNorm(dModel, { eps: o.eps }));
    this.registerModule('dropout1', new Dropout(o.dropout, { seed: o.seed + 4 }));
    this.registerModule('dropout2', new Dropout(o.dropout, { seed: o.seed + 5 }));
  }

  private m<M extends Module>(name: string): M {
    return this.registeredChildren().get(name) as M;
  }

  private selfAttention(x: Tensor, o: EncoderLayerForwardOptions): Tensor {
    const sa = this.m<MultiheadAttention>('self_attn').call(x, {
      attnMask: o.srcMask, keyPaddingMask: o.srcKeyPaddingMask, isCausal: o.isCausal, cache: o.cache, cacheLayer: o.cacheLayer,
    });
    return this.m('dropout1').call(sa);
  }

  private feedForward(x: Tensor): Tensor {
    const hidden = this.m('dropout').call(linearThenActivation(this.m('linear1'), this.activation, x));
    return this.m('dropout2').call(this.m('linear2').call(hidden));
  }

  forward(src: Tensor, options: EncoderLayerForwardOptions = {}): Tensor {
    const o = optionsOf(options, 'TransformerEncoderLayer.forward');
    if (this.normFirst) {
      const x = add(src, this.selfAttention(this.m('norm1').call(src), o));
      return add(x, this.feedForward(this.m('norm2').call(x)));
    }
    const x = this.m('norm1').call(add(src, this.selfAttention(src, o)));
    return this.m('norm2').call(add(x, this.feedForward(x)));
  }
}
