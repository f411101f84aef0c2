import { deriveSeed } from '../data/random.ts';
import { GELU, LeakyReLU, ReLU, Sigmoid, Tanh } from '../layers/activations.ts';
import { Dropout } from '../layers/dropout.ts';
import { Linear } from '../layers/linear.ts';
import { Sequential } from '../layers/sequential.ts';
import { nextDefaultSeed } from '../module/init.ts';
import type { Module } from '../module/module.ts';

export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'leakyRelu' | 'gelu';

export interface MlpOptions {
  /** Hidden activation (default 'relu'). ReLU, tanh and sigmoid are fused into the Linear's GEMM. */
  activation?: ActivationName;
  /** Dropout probability after each hidden activation (default 0: none). */
  dropout?: number;
  seed?: number;
}

/** A new module for an activation name. */
export function activationModule(name: ActivationName): Module {
  switch (name) {
    case 'relu': return new ReLU();
    case 'tanh': return new Tanh();
    case 'sigmoid': return new Sigmoid();
    case 'leakyRelu': return new LeakyReLU();
    case 'gelu': return new GELU();
  }
}

/**
 * A multilayer perceptron: sizes [in, hidden..., out], Linear layers with the activation after
 * every hidden layer and none after the last (outputs are logits / raw values).
 */
export function mlp(sizes: readonly number[], options: MlpOptions = {}): Sequential {
  if (sizes.length < 2) throw new RangeError(`mlp: sizes must list at least [in, out], got [${sizes.join(', ')}]`);
  const activation = options.activation ?? 'relu';
  const seed = options.seed ?? nextDefaultSeed();
  const fusable = activation === 'relu' || activation === 'tanh' || activation === 'sigmoid';
  const model = new Sequential();
  for (let i = 0; i + 1 < sizes.length; i++) {
    const hidden = i + 2 < sizes.length;
    model.append(new Linear(sizes[i]!, sizes[i + 1]!, { seed: deriveSeed(seed, i), activation: hidden && fusable ? activation : 'none' }));
    if (hidden && !fusable) model.append(activationModule(activation));
    if (hidden && options.dropout) model.append(new Dropout(options.dropout, { seed: deriveSeed(seed, 1000 + i) }));
  }
  return model;
}
