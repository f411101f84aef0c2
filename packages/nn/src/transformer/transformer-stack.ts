// TransformerEncoder and TransformerDecoder (PyTorch's nn.TransformerEncoder / nn.TransformerDecoder):
// numLayers layers under `layers.N.*` and an optional final `norm`. PyTorch deep-copies one layer;
// here a factory builds each (pass the same seed for identical initial weights, as PyTorch's copies).
import type { Tensor } from '@neurite/tensor';
import { LayerNorm } from '../layers/normalization.ts';
import { Module } from '../module/module.ts';
import { ModuleList } from '../module/module-list.ts';
import { checkSize, optionsOf } from '../validate.ts';
import type { DecoderLayerForwardOptions, TransformerDecoderLayer } from './decoder-layer.ts';
import type { EncoderLayerForwardOptions, TransformerEncoderLayer } from './encoder-layer.ts';

function buildLayers<L extends Module>(what: string, factory: (index: number) => L, numLayers: number): ModuleList {
  checkSize(numLayers, `${what}: numLayers`);
  if (typeof factory !== 'function') throw new TypeError(`${what}: layer must be a factory (index) => layer`);
  return new ModuleList(Array.from({ length: numLayers }, (_, i) => factory(i)));
}

export class TransformerEncoder extends Module<EncoderLayerForwardOptions> {
  constructor(layer: (index: number) => TransformerEncoderLayer, readonly numLayers: number, options: { norm?: LayerNorm } = {}) {
    super();
    this.registerModule('layers', buildLayers('TransformerEncoder', layer, numLayers));
    const o = optionsOf(options, 'TransformerEncoder');
    if (o.norm !== undefined) this.registerModule('norm', o.norm);
  }

  /** Runs every layer with the same masks (cacheLayer of layer i is i). */
  forward(src: Tensor, options: EncoderLayerForwardOptions = {}): Tensor {
    let x = src;
    const layers = this.registeredChildren().get('layers')!;
    let i = 0;
    for (const layer of layers.children()) x = layer.call(x, { ...options, cacheLayer: i++ } as never);
    const norm = this.registeredChildren().get('norm');
    return norm === undefined ? x : norm.call(x);
  }
}

export class TransformerDecoder extends Module<DecoderLayerForwardOptions> {
  constructor(layer: (index: number) => TransformerDecoderLayer, readonly numLayers: number, options: { norm?: LayerNorm } = {}) {
    super();
    this.registerModule('layers', buildLayers('TransformerDecoder', layer, numLayers));
    const o = optionsOf(options, 'TransformerDecoder');
    if (o.norm !== undefined) this.registerModule('norm', o.norm);
  }

  /** Runs every layer on the same memory and masks; with a cache, layer i keeps its keys in slot i. */
  forward(tgt: Tensor, options: DecoderLayerForwardOptions = {}): Tensor {
    let x = tgt;
    const layers = this.registeredChildren().get('layers')!;
    let i = 0;
    for (const layer of layers.children()) x = layer.call(x, { ...options, cacheLayer: i++ } as never);
    if (options.cache !== undefined) options.cache.length = options.cache.keys[0]?.shape[1] ?? 0;
    const norm = this.registeredChildren().get('norm');
    return norm === undefined ? x : norm.call(x);
  }
}
