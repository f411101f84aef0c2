import { mean, sum, type Tensor } from '@neurite/tensor';
import { checkOneOf } from '../validate.ts';

const REDUCTIONS = ['mean', 'sum', 'none'] as const;

/** How a loss reduces its per-element losses: their mean (default), their sum, or none (returned as they are). */
export type Reduction = 'mean' | 'sum' | 'none';

export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;  // checked by checkReduction before any op
  return reduction === 'sum' ? sum(loss) : mean(loss);
}

export function checkReduction(reduction: unknown, what: string): Reduction {
  return checkOneOf(reduction ?? 'mean', `${what}: reduction`, REDUCTIONS);
}
