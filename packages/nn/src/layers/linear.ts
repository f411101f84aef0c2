import { linear, type LinearActivation, ShapeError, type Tensor, tensor } from '@neurite/tensor';
import { type Initializer, initialValues, nextDefaultSeed, type Nonlinearity, uniformValues } from '../module/init.ts';
import { Module } from '../module/module.ts';
import { checkElements, checkSize, optionsOf } from '../validate.ts';

export interface LinearOptions {
  bias?: boolean;
  /** Weight initializer (default 'kaimingUniform' with PyTorch's bound 1/sqrt(in), see below). */
  init?: Initializer | 'default';
  nonlinearity?: Nonlinearity;
  seed?: number;
  /** Activation fused into the matrix product's store (default 'none'): Linear + ReLU in one kernel call. */
  activation?: LinearActivation;
}

/**
 * y = act(x W^T + b) with W [out, in] and b [out] (PyTorch's layout, so weights load from PyTorch
 * state dicts). Input [..., in] -> output [..., out].
 * Default initialization is PyTorch's: W and b uniform in +-1/sqrt(in).
 */
export class Linear extends Module {
  readonly activation: LinearActivation;

  constructor(readonly inFeatures: number, readonly outFeatures: number, options: LinearOptions = {}) {
    super();
    checkSize(inFeatures, 'Linear: inFeatures');
    checkSize(outFeatures, 'Linear: outFeatures');
    checkElements('Linear: weight [outFeatures, inFeatures]', outFeatures, inFeatures);
    options = optionsOf(options, 'Linear');
    this.activation = options.activation ?? 'none';
    const seed = options.seed ?? nextDefaultSeed();
    const count = inFeatures * outFeatures;
    const kind = options.init ?? 'default';
    const w = kind === 'default' ? uniformValues(count, 1 / Math.sqrt(inFeatures), seed) : initialValues(kind, count, inFeatures, outFeatures, seed, options.nonlinearity);
    this.registerParameter('weight', tensor(w, [outFeatures, inFeatures]));
    if (options.bias ?? true) {
      const b = kind === 'default' ? uniformValues(outFeatures, 1 / Math.sqrt(inFeatures), seed ^ 0x5bd1e995) : new Float32Array(outFeatures);
      this.registerParameter('bias', tensor(b, [outFeatures]));
    }
  }

  get weight(): Tensor {
    return this.param('weight');
  }

  get bias(): Tensor | undefined {
    return this.optionalParam('bias');
  }

  override describe(): string {
    return `in=${this.inFeatures}, out=${this.outFeatures}${this.bias ? '' : ', bias=false'}${this.activation === 'none' ? '' : `, ${this.activation}`}`;
  }

  forward(x: Tensor): Tensor {
    const last = x.shape[x.shape.length - 1];
    if (last !== this.inFeatures) throw new ShapeError(`Linear: input shape [${x.shape.join(', ')}] must end in ${this.inFeatures} features`);
    return linear(x, this.weight, this.bias ?? null, { weightLayout: 'oi', activation: this.activation });
  }
}
