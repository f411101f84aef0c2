import { add, linear, reshape, scope, ShapeError, slice, stack, type Tensor, tensor, zeros } from '@neurite/tensor';
import { checkBoolean, checkElements, checkSize, optionsOf } from '../validate.ts';
import { recurrence } from './recurrence.ts';
import { nextDefaultSeed } from '../module/init.ts';
import { uniformValues } from '../module/init.ts';
import { Module } from '../module/module.ts';

/**
 * Recurrent layers, batch-first: input [N, T, inputSize] -> output [N, T, hiddenSize] (the last
 * layer's h_t for every t), multi-layer, trained by backpropagation through time (autograd over
 * the unrolled steps). Parameters follow PyTorch's names and layouts: weight_ih_l{k} [G*H, in],
 * weight_hh_l{k} [G*H, H], bias_ih_l{k}, bias_hh_l{k} [G*H], gate blocks in PyTorch's order
 * (LSTM: i, f, g, o; GRU: r, z, n), initialized uniform in +-1/sqrt(H) as PyTorch does.
 * The time loop is one fused op per layer (recurrence.ts). As in PyTorch, gradients flow through
 * the outputs and the final state (h, and the LSTM's c) into the inputs, the parameters, h0 and c0,
 * so an encoder's final (h, c) handed to a decoder as its initial state trains both.
 *   RNN:  h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
 *   LSTM: i, f, o = sigmoid(.), g = tanh(.); c_t = f c_{t-1} + i g; h_t = o tanh(c_t)
 *   GRU:  r, z = sigmoid(.); n = tanh(W_in x + b_in + r (W_hn h + b_hn)); h_t = (1 - z) n + z h_{t-1}
 */
export type RecurrentKind = 'rnn' | 'lstm' | 'gru';

const GATES: Record<RecurrentKind, number> = { rnn: 1, lstm: 4, gru: 3 };

export interface RecurrentOptions {
  numLayers?: number;
  bias?: boolean;
  seed?: number;
}

/** The final state of every layer: h (and c for LSTM), each [numLayers, N, H]. */
export interface RecurrentState {
  h: Tensor;
  c?: Tensor;
}

abstract class Recurrent extends Module {
  readonly numLayers: number;
  readonly hasBias: boolean;

  constructor(readonly kind: RecurrentKind, readonly inputSize: number, readonly hiddenSize: number, options: RecurrentOptions = {}) {
    super();
    options = optionsOf(options, this.typeName);
    checkSize(inputSize, `${this.typeName}: inputSize`);
    checkSize(hiddenSize, `${this.typeName}: hiddenSize`);
    this.numLayers = checkSize(options.numLayers ?? 1, `${this.typeName}: numLayers`, 1, 1024);
    this.hasBias = checkBoolean(options.bias ?? true, `${this.typeName}: bias`);
    checkElements(`${this.typeName}: weight_ih_l0 [G*H, inputSize]`, GATES[kind], hiddenSize, Math.max(inputSize, hiddenSize));
    const seed = options.seed ?? nextDefaultSeed();
    const g = GATES[kind] * hiddenSize;
    const bound = 1 / Math.sqrt(hiddenSize);
    let stream = 0;
    const init = (shape: number[]) => tensor(uniformValues(shape.reduce((a, b) => a * b, 1), bound, (seed + 0x9e3779b9 * ++stream) >>> 0), shape);
    for (let layer = 0; layer < this.numLayers; layer++) {
      const input = layer === 0 ? inputSize : hiddenSize;
      this.registerParameter(`weight_ih_l${layer}`, init([g, input]));
      this.registerParameter(`weight_hh_l${layer}`, init([g, hiddenSize]));
      if (this.hasBias) {
        this.registerParameter(`bias_ih_l${layer}`, init([g]));
        this.registerParameter(`bias_hh_l${layer}`, init([g]));
      }
    }
  }

  override describe(): string {
    return `in=${this.inputSize}, hidden=${this.hiddenSize}${this.numLayers > 1 ? `, layers=${this.numLayers}` : ''}`;
  }

  /** Output sequence only. */
  forward(x: Tensor): Tensor {
    const { output, state } = this.run(x);
    state.h.dispose();
    state.c?.dispose();
    return output;
  }

  /**
   * Output sequence and final state. `initial` (h0, and c0 for LSTM, [numLayers, N, H]) defaults
   * to zeros. The caller owns the returned tensors.
   */
  run(x: Tensor, initial?: RecurrentState): { output: Tensor; state: RecurrentState } {
    if (x.shape.length !== 3 || x.shape[2] !== this.inputSize) {
      throw new ShapeError(`${this.typeName}: input shape [${x.shape.join(', ')}] must be [N, T, ${this.inputSize}] (batch first)`);
    }
    const [n, t] = x.shape as [number, number, number];
    const hSize = this.hiddenSize;
    return scope(() => {
      let layerInput = x;
      const finalH: Tensor[] = [];
      const finalC: Tensor[] = [];
      for (let layer = 0; layer < this.numLayers; layer++) {
        const w = {
          ih: this.param(`weight_ih_l${layer}`),
          hh: this.param(`weight_hh_l${layer}`),
          bih: this.optionalParam(`bias_ih_l${layer}`) ?? null,
          bhh: this.optionalParam(`bias_hh_l${layer}`) ?? null,
        };
        const pick = (s: Tensor | undefined) => (s ? reshape(slice(s, [layer]), [n, hSize]) : zeros([n, hSize], { dtype: x.dtype }));
        const h0 = pick(initial?.h);
        const c0 = this.kind === 'lstm' ? pick(initial?.c) : null;
        // Input projections of every step in one matrix product: [N, T, G*H]; then the fused time loop.
        // RNN and LSTM add both biases to the same pre-activations, so they enter once, summed, in
        // the time loop's per-step GEMM epilogue: their gradient (the same sum over N*T rows of the
        // gate gradients) is then reduced once instead of twice. GRU's b_hn sits inside r * (...),
        // so it keeps b_ih in the projection.
        const merged = this.kind !== 'gru' && w.bih !== null && w.bhh !== null;
        const projected = linear(layerInput, w.ih, merged ? null : w.bih, { weightLayout: 'oi' });
        const bias = merged ? add(w.bih!, w.bhh!) : w.bhh;
        const { output, c } = recurrence(this.kind, projected, w.hh, bias, h0, c0);
        layerInput = output;
        finalH.push(reshape(slice(output, [null, t - 1]), [n, hSize]));
        if (c) finalC.push(c);
      }
      const state: RecurrentState = { h: stack(finalH, 0) };
      if (this.kind === 'lstm') state.c = stack(finalC, 0);
      return { output: layerInput, state };
    });
  }
}

export class RNN extends Recurrent {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('rnn', inputSize, hiddenSize, options);
  }
}

export class LSTM extends Recurrent {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('lstm', inputSize, hiddenSize, options);
  }
}

export class GRU extends Recurrent {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('gru', inputSize, hiddenSize, options);
  }
}
