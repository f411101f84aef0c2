// Mean squared, root mean squared and mean absolute errors, as scikit-learn 1.9's
// mean_squared_error, root_mean_squared_error and mean_absolute_error:
//   MSE_j = 1/n sum_i (y_ij - p_ij)^2,  RMSE_j = sqrt(MSE_j),  MAE_j = 1/n sum_i |y_ij - p_ij|,
// per output j, then averaged over outputs by multioutput (RMSE averages the per-output roots).
import { checkOptions, type NumericInput, readWeights } from '../classification/inputs.ts';
import { checkMultioutput, type Multioutput, readTargets, reduceOutputs, type RegressionInput } from './targets.ts';

export interface RegressionErrorOptions {
  /** 'uniform_average' (default), 'raw_values' or output weights. */
  multioutput?: Exclude<Multioutput, 'variance_weighted'>;
  /** One weight per sample: weighted means over the samples. */
  sampleWeight?: NumericInput;
}

function perOutput(yTrue: RegressionInput, yPred: RegressionInput, options: RegressionErrorOptions | undefined, where: string, f: (d: number) => number) {
  const o = checkOptions(options, ['multioutput', 'sampleWeight'], where);
  const [t, p] = readTargets(yTrue, yPred, where);
  const multioutput = checkMultioutput(o.multioutput, t.cols, false, where);
  const weights = readWeights(o.sampleWeight, t.rows, where);
  const sums = new Float64Array(t.cols);
  let weightSum = 0;
  for (let i = 0; i < t.rows; i++) {
    const w = weights === null ? 1 : weights[i]!;
    weightSum += w;
    for (let j = 0; j < t.cols; j++) sums[j]! += w * f(t.data[i * t.cols + j]! - p.data[i * t.cols + j]!);
  }
  for (let j = 0; j < t.cols; j++) sums[j]! /= weightSum;
  return { values: sums, multioutput };
}

/** Mean squared error. */
export function meanSquaredError(yTrue: RegressionInput, yPred: RegressionInput, options?: RegressionErrorOptions): number | number[] {
  const r = perOutput(yTrue, yPred, options, 'meanSquaredError', (d) => d * d);
  return reduceOutputs(r.values, r.multioutput);
}

/** Root mean squared error (the root of each output's MSE, then averaged). */
export function rootMeanSquaredError(yTrue: RegressionInput, yPred: RegressionInput, options?: RegressionErrorOptions): number | number[] {
  const r = perOutput(yTrue, yPred, options, 'rootMeanSquaredError', (d) => d * d);
  return reduceOutputs(r.values.map(Math.sqrt), r.multioutput);
}

/** Mean absolute error. */
export function meanAbsoluteError(yTrue: RegressionInput, yPred: RegressionInput, options?: RegressionErrorOptions): number | number[] {
  const r = perOutput(yTrue, yPred, options, 'meanAbsoluteError', Math.abs);
  return reduceOutputs(r.values, r.multioutput);
}
