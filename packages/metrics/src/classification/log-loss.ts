// Log loss (cross-entropy of predicted probabilities), as scikit-learn 1.9's log_loss:
//   -1/n sum_i sum_k [y_i = k] log(clip(p_ik, eps, 1 - eps)),  eps = 2^-52 (float64 machine epsilon).
// Probabilities are not renormalised (scikit-learn 1.9 only warns when rows do not sum to 1; this
// function does not warn). A vector of probabilities is the probability of the greater of two classes.
import { ArgumentError, ShapeError } from '@neurite/tensor';
import { checkChoice, checkNotEmpty, checkOptions, checkSameLength, type NumericInput, readWeights } from './inputs.ts';
import { checkLabelList, encodeLabels, type Label, type LabelInput, readLabels, sortLabels, uniqueLabels } from './labels.ts';
import { toFloat64Matrix } from './inputs.ts';
import type { ScoreInput } from './ranking-scores.ts';

export interface LogLossOptions {
  /** true (default): the mean over samples; false: the sum. */
  normalize?: boolean;
  /** The classes of the probability columns (default: the sorted classes of yTrue); sorted as np.unique. */
  labels?: readonly Label[];
  /** One weight per sample: the weighted mean (or sum) of the per-sample losses. */
  sampleWeight?: NumericInput;
}

const EPS = 2 ** -52;

/** Log loss of probabilities `yProba` ([samples, classes], or a vector for two classes). */
export function logLoss(yTrue: LabelInput, yProba: ScoreInput, options?: LogLossOptions): number {
  const where = 'logLoss';
  const o = checkOptions(options, ['normalize', 'labels', 'sampleWeight'], where);
  const normalize = checkChoice(o.normalize ?? true, [true, false], `${where}: normalize`);
  const t = readLabels(yTrue, `${where}: yTrue`);
  checkNotEmpty(t.length, 'yTrue', where);
  const p = toFloat64Matrix(yProba, `${where}: yProba`);
  checkSameLength(t.length, p.rows, 'yTrue', 'yProba', where);
  const weights = readWeights(o.sampleWeight, t.length, where);
  for (let i = 0; i < p.data.length; i++) {
    const v = p.data[i]!;
    if (v < 0 || v > 1) throw new ArgumentError(`${where}: yProba contains ${v}; probabilities must be in [0, 1]`);
  }
  let classes: Label[];
  if (o.labels !== undefined) {
    // LabelBinarizer sorts the labels it is given; the columns follow that order.
    classes = sortLabels(checkLabelList(o.labels, `${where}: labels`));
  } else {
    classes = uniqueLabels([t]);
  }
  const codes = encodeLabels(t, classes);
  const missing = codes.indexOf(-1);
  if (missing >= 0) throw new ArgumentError(`${where}: yTrue[${missing}] = ${String(t.data[missing])} is not among the labels`);
  if (classes.length < 2) {
    throw new ArgumentError(o.labels === undefined
      ? `${where}: yTrue contains only one label (${String(classes[0])}); give every class through options.labels`
      : `${where}: labels must contain at least two labels`);
  }
  const k = p.ndim === 1 || p.cols === 1 ? 2 : p.cols;
  if (k !== classes.length) throw new ShapeError(`${where}: ${classes.length} classes but yProba has ${k} columns`);
  let loss = 0, weightSum = 0;
  for (let i = 0; i < t.length; i++) {
    const w = weights === null ? 1 : weights[i]!;
    weightSum += w;
    let q: number;
    if (p.cols === 1) q = codes[i] === 1 ? p.data[i]! : 1 - p.data[i]!;
    else q = p.data[i * p.cols + codes[i]!]!;
    loss -= w * Math.log(Math.min(Math.max(q, EPS), 1 - EPS));
  }
  return normalize ? loss / weightSum : loss;
}
