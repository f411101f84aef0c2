// The coefficient of determination and the explained variance, as scikit-learn 1.9's r2_score and
// explained_variance_score, per output j:
//   R^2_j = 1 - sum_i (y_ij - p_ij)^2 / sum_i (y_ij - mean_j(y))^2
//   EV_j  = 1 - Var_j(y - p) / Var_j(y)
// With forceFinite (the default) a perfect prediction scores 1 and a non-zero numerator over a
// zero denominator (constant yTrue) scores 0, instead of NaN or -Infinity. R^2 of fewer than two
// samples is NaN. 'variance_weighted' weighs outputs by the denominators.

import { checkChoice, checkOptions, type NumericInput, readWeights } from '../classification/inputs.ts';
import type { Float64Matrix } from '../classification/inputs.ts';
import { checkMultioutput, type Multioutput, readTargets, reduceOutputs, type RegressionInput } from './targets.ts';

export interface ExplainedDevianceOptions {
  /** 'uniform_average' (default), 'raw_values', 'variance_weighted' or output weights. */
  multioutput?: Multioutput;
  /** Replace NaN and -Infinity of constant targets by 1 or 0 (default true). */
  forceFinite?: boolean;
  /** One weight per sample: weighted sums and means over the samples. */
  sampleWeight?: NumericInput;
}

/** Column means, weighted by `weights` when given (np.average). */
function columnMeans(m: Float64Matrix, weights: Float64Array | null): Float64Array {
  const means = new Float64Array(m.cols);
  let weightSum = 0;
  for (let i = 0; i < m.rows; i++) {
    const w = weights === null ? 1 : weights[i]!;
    weightSum += w;
    for (let j = 0; j < m.cols; j++) means[j]! += w * m.data[i * m.cols + j]!;
  }
  for (let j = 0; j < m.cols; j++) means[j]! /= weightSum;
  return means;
}

function assemble(numerator: Float64Array, denominator: Float64Array, multioutput: Multioutput, forceFinite: boolean): number | number[] {
  const scores = new Float64Array(numerator.length);
  for (let j = 0; j < scores.length; j++) {
    const num = numerator[j]!, den = denominator[j]!;
    if (!forceFinite) scores[j] = 1 - num / den;
    else scores[j] = num === 0 ? 1 : den === 0 ? 0 : 1 - num / den;
  }
  return reduceOutputs(scores, multioutput, denominator);
}

function read(yTrue: RegressionInput, yPred: RegressionInput, options: ExplainedDevianceOptions | undefined, where: string) {
  const o = checkOptions(options, ['multioutput', 'forceFinite', 'sampleWeight'], where);
  const forceFinite = checkChoice(o.forceFinite ?? true, [true, false], `${where}: forceFinite`);
  const [t, p] = readTargets(yTrue, yPred, where);
  return { t, p, forceFinite, multioutput: checkMultioutput(o.multioutput, t.cols, true, where), weights: readWeights(o.sampleWeight, t.rows, where) };
}

/** R^2, the coefficient of determination (1 is perfect; may be negative). */
export function r2Score(yTrue: RegressionInput, yPred: RegressionInput, options?: ExplainedDevianceOptions): number | number[] {
  const { t, p, forceFinite, multioutput, weights } = read(yTrue, yPred, options, 'r2Score');
  if (t.rows < 2) return NaN;
  const means = columnMeans(t, weights), num = new Float64Array(t.cols), den = new Float64Array(t.cols);
  for (let i = 0; i < t.rows; i++) {
    const w = weights === null ? 1 : weights[i]!;
    for (let j = 0; j < t.cols; j++) {
      const y = t.data[i * t.cols + j]!, d = y - p.data[i * t.cols + j]!, c = y - means[j]!;
      num[j]! += w * (d * d);
      den[j]! += w * (c * c);
    }
  }
  return assemble(num, den, multioutput, forceFinite);
}

/** The explained variance 1 - Var(y - p) / Var(y) (differs from R^2 by ignoring a constant bias). */
export function explainedVarianceScore(yTrue: RegressionInput, yPred: RegressionInput, options?: ExplainedDevianceOptions): number | number[] {
  const { t, p, forceFinite, multioutput, weights } = read(yTrue, yPred, options, 'explainedVarianceScore');
  const residual: Float64Matrix = { rows: t.rows, cols: t.cols, data: t.data.map((y, i) => y - p.data[i]!) };
  const rMeans = columnMeans(residual, weights), tMeans = columnMeans(t, weights);
  const num = new Float64Array(t.cols), den = new Float64Array(t.cols);
  let weightSum = 0;
  for (let i = 0; i < t.rows; i++) {
    const w = weights === null ? 1 : weights[i]!;
    weightSum += w;
    for (let j = 0; j < t.cols; j++) {
      const a = residual.data[i * t.cols + j]! - rMeans[j]!, b = t.data[i * t.cols + j]! - tMeans[j]!;
      num[j]! += w * (a * a);
      den[j]! += w * (b * b);
    }
  }
  for (let j = 0; j < t.cols; j++) {
    num[j]! /= weightSum;
    den[j]! /= weightSum;
  }
  return assemble(num, den, multioutput, forceFinite);
}

