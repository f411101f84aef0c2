// Perplexity of a language model from its mean cross-entropy H per token:
//   PP = base^H  (e^H for natural-log cross-entropy, the default; base 2 when H is in bits).
// Given per-token losses, their mean is taken first.
import { ArgumentError } from '@neurite/tensor';
import { checkOptions, describe, type NumericInput, toFloat64Vector } from '../classification/inputs.ts';

export interface PerplexityOptions {
  /** The base of the logarithm the cross-entropy was measured with (default Math.E). */
  base?: number;
}

/** Perplexity from a mean cross-entropy (a number) or from per-token cross-entropies (their mean). */
export function perplexity(crossEntropy: number | NumericInput, options?: PerplexityOptions): number {
  const where = 'perplexity';
  const o = checkOptions(options, ['base'], where);
  const base = o.base ?? Math.E;
  if (typeof base !== 'number' || !(base > 0) || base === 1 || !Number.isFinite(base)) throw new ArgumentError(`${where}: base must be a finite number > 0 other than 1, got ${describe(base)}`);
  let h: number;
  if (typeof crossEntropy === 'number') {
    if (Number.isNaN(crossEntropy)) throw new ArgumentError(`${where}: crossEntropy is NaN`);
    h = crossEntropy;
  } else {
    const losses = toFloat64Vector(crossEntropy, `${where}: crossEntropy`, false);
    if (losses.length === 0) throw new ArgumentError(`${where}: crossEntropy is empty; give at least one token's loss`);
    let sum = 0;
    for (let i = 0; i < losses.length; i++) {
      if (Number.isNaN(losses[i]!)) throw new ArgumentError(`${where}: crossEntropy[${i}] is NaN`);
      sum += losses[i]!;
    }
    h = sum / losses.length;
  }
  return base === Math.E ? Math.exp(h) : Math.pow(base, h);
}
