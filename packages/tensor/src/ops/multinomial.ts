// multinomial (torch.multinomial): int32 category indices drawn from the non-negative weights of
// each row of `probs` (1-D: one distribution; 2-D: one per row; rows need not sum to 1). Seeded
// through the package's Generator (the given `generator`, else defaultGenerator()), so the draws
// are reproducible but are not PyTorch's numbers. The drawing is a small per-row loop over
// Generator.choice: sampling is sequential random-number work with nothing to hand to a kernel.
// Without replacement the draws are distinct, in the order drawn (Efraimidis-Spirakis keys).
import { ArgumentError, DTypeError, ShapeError } from '../errors.ts';
import { defaultGenerator, Generator } from '../random/generator.ts';
import { checkTensor, emptyTensor, type Tensor } from '../tensor.ts';
import { checkFlag, checkInteger, checkShape, describeValue, MAX_ELEMENTS, optionsOf } from '../validate.ts';

export interface MultinomialOptions {
  /** Draw with replacement (default false: distinct categories). */
  replacement?: boolean;
  generator?: Generator;
}

export function multinomial(probs: Tensor, numSamples: number, options?: MultinomialOptions): Tensor {
  checkTensor(probs, 'multinomial: probs');
  if (probs.dtype === 'int32') throw new DTypeError('multinomial: probs must be float32 or float64, got int32');
  if (probs.rank !== 1 && probs.rank !== 2) throw new ShapeError(`multinomial: probs must be 1-D or 2-D, got shape [${probs.shape}]`);
  const o = optionsOf(options, 'multinomial');
  const replacement = checkFlag(o.replacement, false, 'multinomial: replacement');
  if (o.generator !== undefined && !(o.generator instanceof Generator)) {
    throw new ArgumentError(`multinomial: generator must be a Generator, got ${describeValue(o.generator)}`);
  }
  const n = probs.shape[probs.rank - 1]!;
  const rows = probs.rank === 1 ? 1 : probs.shape[0]!;
  checkInteger(numSamples, 'multinomial: numSamples', 1, MAX_ELEMENTS);
  const outShape = checkShape(probs.rank === 1 ? [numSamples] : [rows, numSamples], 'multinomial');
  // Validate every row before drawing or allocating anything.
  const weights = Float64Array.from(probs.view());
  for (let r = 0; r < rows; r++) {
    let total = 0, positive = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[r * n + i]!;
      if (!(w >= 0) || w === Infinity) throw new ArgumentError(`multinomial: probs row ${r} has weight ${w} at ${i}, expected finite and >= 0`);
      total += w;
      if (w > 0) positive++;
    }
    if (!(total > 0)) throw new ArgumentError(`multinomial: probs row ${r} sums to ${total}, expected a positive sum`);
    if (!replacement && numSamples > positive) {
      throw new ShapeError(`multinomial: cannot draw ${numSamples} distinct samples without replacement from row ${r}, which has ${positive} categories of positive weight`);
    }
  }
  const generator = o.generator ?? defaultGenerator();
  const draws: Int32Array[] = [];
  for (let r = 0; r < rows; r++) {
    draws.push(generator.choice(n, numSamples, { replace: replacement, weights: weights.subarray(r * n, (r + 1) * n) }));
  }
  const out = emptyTensor(outShape, 'int32', 'multinomial');
  const v = out.view();
  draws.forEach((d, r) => v.set(d, r * numSamples));
  return out;
}
