import { deriveSeed } from '../data/random.ts';
import { GELU, LeakyReLU, ReLU, Sigmoid, Tanh } from '../layers/activations.ts';
import { Dropout } from '../layers/dropout.ts';
import { Linear } from '../layers/linear.ts';
import { Sequential } from '../layers/sequential.ts';
import { nextDefaultSeed } from '../module/init.ts';
import type { Module } from '../module/module.ts';
import { checkElements, checkNumber, checkOneOf, checkSize, describeValue, invalidArgument, optionsOf } from '../validate.ts';

const ACTIVATIONS: readonly ActivationName[] = ['relu', 'tanh', 'sigmoid', 'leakyRelu', 'gelu'];

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
  checkOneOf(name, 'activationModule: name', ACTIVATIONS);
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
  if (!Array.isArray(sizes) || sizes.length < 2) invalidArgument(`mlp: sizes must list at least [in, out], got ${describeValue(sizes)}`);
  // Every argument is checked before the first layer allocates its weights.
  sizes.forEach((s, i) => checkSize(s, `mlp: sizes[${i}]`));
  for (let i = 0; i + 1 < sizes.length; i++) checkElements(`mlp: layer ${i} weight`, sizes[i + 1]!, sizes[i]!);
  options = optionsOf(options, 'mlp');
  const activation = checkOneOf(options.activation ?? 'relu', 'mlp: activation', ACTIVATIONS);
  if (options.dropout !== undefined) checkNumber(options.dropout, 'mlp: dropout', { min: 0, max: 1, maxExclusive: true });
  const seed = checkNumber(options.seed ?? nextDefaultSeed(), 'mlp: seed');
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
