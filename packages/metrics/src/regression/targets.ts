// Regression targets, as scikit-learn 1.9's _check_reg_targets: a vector (one output) or a
// [samples, outputs] matrix for both yTrue and yPred, finite, with the same shape; and the
// multioutput option: 'uniform_average' (the default), 'raw_values' (one value per output) or an
// array of output weights ('variance_weighted' for R^2 and explained variance only).
import { ArgumentError, ShapeError } from '@neurite/tensor';
import { checkNotEmpty, checkSameLength, describe, type Float64Matrix, toFloat64Matrix } from '../classification/inputs.ts';

/** A vector of targets or a [samples, outputs] matrix: number[], number[][], typed arrays or Tensors. */
export type RegressionInput = readonly number[] | readonly (readonly number[])[] | ArrayLike<number> | import('@neurite/tensor').Tensor;

export type Multioutput = 'uniform_average' | 'raw_values' | 'variance_weighted' | readonly number[];

/** Reads yTrue and yPred as matrices of one shape. */
export function readTargets(yTrue: unknown, yPred: unknown, where: string): [Float64Matrix, Float64Matrix] {
  const t = toFloat64Matrix(yTrue, `${where}: yTrue`), p = toFloat64Matrix(yPred, `${where}: yPred`);
  checkSameLength(t.rows, p.rows, 'yTrue', 'yPred', where);
  checkNotEmpty(t.rows, 'yTrue', where);
  if (t.cols !== p.cols) throw new ShapeError(`${where}: yTrue has ${t.cols} outputs but yPred has ${p.cols}`);
  return [t, p];
}

/** Checks multioutput for `outputs` columns; `allowVariance` for R^2 and explained variance. */
export function checkMultioutput(value: unknown, outputs: number, allowVariance: boolean, where: string): Multioutput {
  const names = allowVariance ? ['uniform_average', 'raw_values', 'variance_weighted'] : ['uniform_average', 'raw_values'];
  if (value === undefined) return 'uniform_average';
  if (typeof value === 'string') {
    if (!names.includes(value)) throw new ArgumentError(`${where}: multioutput must be one of ${names.join(', ')} or an array of weights, got ${describe(value)}`);
    return value as Multioutput;
  }
  if (!Array.isArray(value) || value.some((w) => typeof w !== 'number' || !Number.isFinite(w))) throw new ArgumentError(`${where}: multioutput must be one of ${names.join(', ')} or an array of finite weights, got ${describe(value)}`);
  if (outputs === 1) throw new ArgumentError(`${where}: custom multioutput weights need more than one output`);
  if (value.length !== outputs) throw new ShapeError(`${where}: ${value.length} multioutput weights for ${outputs} outputs`);
  return value as number[];
}

/** Per-output values reduced by multioutput (np.average; 'variance_weighted' uses `variance`). */
export function reduceOutputs(values: Float64Array, multioutput: Multioutput, variance?: Float64Array): number | number[] {
  if (multioutput === 'raw_values') return Array.from(values);
  let weights: ArrayLike<number> | null = null;
  if (multioutput === 'variance_weighted') {
    weights = variance!;
    if (variance!.every((v) => v === 0)) weights = null;
  } else if (multioutput !== 'uniform_average') {
    weights = multioutput;
  }
  let sum = 0, weightSum = 0;
  for (let j = 0; j < values.length; j++) {
    const w = weights ? weights[j]! : 1;
    sum += values[j]! * w;
    weightSum += w;
  }
  if (weightSum === 0) throw new ArgumentError('multioutput weights sum to zero');
  return sum / weightSum;
}
