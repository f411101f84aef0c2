// TransformerDecoderLayer with PyTorch's options and state-dict keys (nn.TransformerDecoderLayer):
//   self_attn.*, multihead_attn.*, linear1, linear2, norm1, norm2, norm3
// Post-norm: x = norm1(x + SA(x)); x = norm2(x + MHA(x, memory)); x = norm3(x + FF(x)).
// Pre-norm (normFirst): x = x + SA(norm1(x)); x = x + MHA(norm2(x), memory); x = x + FF(norm3(x)).
import { add, ShapeError, type Tensor } from '@neurite/tensor';
import { Dropout } from '../layers/dropout.ts';
import { Linear } from '../layers/linear.ts';
import { LayerNorm } from '../layers/normalization.ts';
import type { KeyValueCache } from '../language-models/kv-cache.ts';
import { Module } from '../module/module.ts';
import { optionsOf } from '../validate.ts';
import { layerOptions, type TransformerLayerOptions } from './encoder-layer.ts';
import { linearThenActivation, type TransformerActivation } from './feed-forward.ts';
import { MultiheadAttention } from './multihead-attention.ts';

export interface DecoderLayerForwardOptions {
  /** The encoder's output (required). */
  memory?: Tensor;
  tgtMask?: Tensor;
  memoryMask?: Tensor;
  tgtKeyPaddingMask?: Tensor;
  memoryKeyPaddingMask?: Tensor;
  tgtIsCausal?: boolean;
  memoryIsCausal?: boolean;
  /** Self-attention key/value cache for incremental decoding (layer index cacheLayer). */
  cache?: KeyValueCache;
  cacheLayer?: number;
}

export class TransformerDecoderLayer extends Module<DecoderLayerForwardOptions> {
  readonly normFirst: boolean;
  readonly activation: TransformerActivation;

  constructor(readonly dModel: number, readonly nhead: number, options: TransformerLayerOptions = {}) {
    super();
    const o = layerOptions('TransformerDecoderLayer', dModel, nhead, options);
    this.normFirst = o.normFirst;
    this.activation = o.activation;
    const attention = { dropout: o.dropout, bias: o.bias, batchFirst: o.batchFirst };
    this.registerModule('self_attn', new MultiheadAttention(dModel, nhead, { ...attention, seed: o.seed }));
    this.registerModule('multihead_attn', new MultiheadAttention(dModel, nhead, { ...attention, seed: o.seed + 1 }));
    this.registerModule('linear1', new Linear(dModel, o.dimFeedforward, { bias: o.bias, seed: o.seed + 2 }));
    this.registerModule('dropout', new Dropout(o.dropout, { seed: o.seed + 3 }));
    this.registerModule('linear2', new Linear(o.dimFeedforward, dModel, { bias: o.bias, seed: o.seed + 4 }));
    this.registerModule('norm1', new LayerNorm(dModel, { eps: o.eps }));
    this.registerModule('norm2', new LayerNorm(dModel, { eps: o.eps }));
    this.registerModule('norm3', new LayerNorm(dModel, { eps: o.eps }));
    this.registerModule('dropout1', new Dropout(o.dropout, { seed: o.seed + 5 }));
    this.registerModule('dropout2', new Dropout(o.dropout, { seed: o.seed + 6 }));
    this.registerModule('dropout3', new Dropout(o.dropout, { seed: o.seed + 7 }));
  }

  private m<M extends Module>(name: string): M {
    return this.registeredChildren().get(name) as M;
  }

  forward(tgt: Tensor, options: DecoderLayerForwardOptions = {}): Tensor {
    const o = optionsOf(options, 'TransformerDecoderLayer.forward');
    const memory = o.memory;
    if (memory === undefined) throw new ShapeError('TransformerDecoderLayer.forward: options.memory (the encoder output) is required');
    const sa = (x: Tensor) => this.m('dropout1').call(this.m<MultiheadAttention>('self_attn').call(x, {
      attnMask: o.tgtMask, keyPaddingMask: o.tgtKeyPaddingMask, isCausal: o.tgtIsCausal, cache: o.cache, cacheLayer: o.cacheLayer,
    }));
    const ca = (x: Tensor) => this.m('dropout2').call(this.m<MultiheadAttention>('multihead_attn').call(x, {
      key: memory, value: memory, attnMask: o.memoryMask, keyPaddingMask: o.memoryKeyPaddingMask, isCausal: o.memoryIsCausal,
    }));
    const ff = (x: Tensor) => this.m('dropout3').call(this.m('linear2').call(this.m('dropout').call(linearThenActivation(this.m('linear1'), this.activation, x))));
    if (this.normFirst) {
      let x = add(tgt, sa(this.m('norm1').call(tgt)));
      x = add(x, ca(this.m('norm2').call(x)));
      return add(x, ff(this.m('norm3').call(x)));
    }
    let x = this.m('norm1').call(add(tgt, sa(tgt)));
    x = this.m('norm2').call(add(x, ca(x)));
    return this.m('norm3').call(add(x, ff(x)));
  }
}
