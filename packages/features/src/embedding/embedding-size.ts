// The embedding-dimension heuristic for categorical features: d = ceil(multiplier * D^(1/4)) for D
// categories (the fourth-root rule of thumb from Google's feature-column guidance, e.g. 10,000
// categories -> 10 dimensions). The product is shrunk by one part in 1e12 before the ceiling so a
// fourth power (81 -> 3) is not pushed up by rounding; the result is clamped to [min, max].
import { ArgumentError } from '@neurite/tensor';
import { checkFinite, checkInteger, optionsOf } from '../base/validate.ts';

export interface EmbeddingDimensionOptions {
  /** Scales the fourth root (default 1); larger tables for richer categories. */
  multiplier?: number;
  /** Smallest dimension returned (default 1). */
  min?: number;
  /** Largest dimension returned (default unbounded). */
  max?: number;
}

export function embeddingDimension(numCategories: number, options: EmbeddingDimensionOptions = {}): number {
  checkInteger(numCategories, 'embeddingDimension: numCategories', 1);
  const o = optionsOf(options, 'embeddingDimension');
  const multiplier = checkFinite(o.multiplier ?? 1, 'embeddingDimension: multiplier', Number.MIN_VALUE);
  const min = checkInteger(o.min ?? 1, 'embeddingDimension: min', 1);
  const max = o.max === undefined ? Infinity : checkInteger(o.max, 'embeddingDimension: max', 1);
  if (min > max) throw new ArgumentError(`embeddingDimension: min ${min} is above max ${max}`);
  const d = Math.ceil(multiplier * Math.pow(numCategories, 0.25) * (1 - 1e-12));
  return Math.min(Math.max(d, min), max);
}
