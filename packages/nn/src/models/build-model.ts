import { deriveSeed } from '../data/random.ts';
import { Sequential } from '../layers/sequential.ts';
import { nextDefaultSeed } from '../module/init.ts';
import { checkNumber, optionsOf } from '../validate.ts';
import { type ModelSpec, planModel } from './model-spec.ts';

/**
 * Builds a Sequential from a ModelSpec: every layer is checked against the shape flowing into it
 * before any is allocated (ShapeError for shapes and sizes, ArgumentError for other fields), then
 * layer i is module i, seeded with deriveSeed(seed, i). If a constructor still throws, the layers
 * already made are disposed: nothing is left allocated.
 */
export function buildModel(spec: ModelSpec, options: { seed?: number } = {}): Sequential {
  const seed = checkNumber(optionsOf(options, 'buildModel').seed ?? nextDefaultSeed(), 'buildModel: seed');
  const { layers } = planModel(spec);
  const model = new Sequential();
  try {
    layers.forEach((layer, i) => model.append(layer.make(deriveSeed(seed, i))));
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
