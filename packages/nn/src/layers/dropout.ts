import { mul, scope, type Tensor, tensor } from '@neurite/tensor';
import { Generator } from '@neurite/tensor';
import { nextDefaultSeed } from '../module/init.ts';
import { Module } from '../module/module.ts';
import { checkNumber, optionsOf } from '../validate.ts';

/**
 * Inverted dropout: in training, zeroes each element with probability p and scales the kept ones
 * by 1 / (1 - p); in eval mode it is the identity. The mask stream is seeded (option `seed`, else
 * the package default stream), so training runs repeat exactly.
 */
export class Dropout extends Module {
  readonly p: number;
  private readonly random: Generator;

  constructor(p = 0.5, options: { seed?: number } = {}) {
    super();
    checkNumber(p, 'Dropout: p', { min: 0, max: 1, maxExclusive: true });
    options = optionsOf(options, 'Dropout');
    this.p = p;
    this.random = new Generator(options.seed ?? nextDefaultSeed());
  }

  override describe(): string {
    return `p=${this.p}`;
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    const mask = new Float32Array(x.size);
    const scale = 1 / (1 - this.p);
    for (let i = 0; i < mask.length; i++) mask[i] = this.random.random() < this.p ? 0 : scale;
    return scope(() => mul(x, tensor(mask, x.shape, { dtype: x.dtype })));
  }
}
