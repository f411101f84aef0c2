// Accuracy (the fraction of exact matches; subset accuracy for multilabel indicator matrices) and
// balanced accuracy (the mean of the per-class recalls over the classes present in yTrue), as
// scikit-learn 1.9's accuracy_score and balanced_accuracy_score.
import { countPairs } from './confusion-matrix.ts';
import { checkChoice, checkOptions, type NumericInput, readWeights } from './inputs.ts';
import { type IndicatorInput, isIndicator, readIndicatorPair } from './indicator.ts';
import { encodeLabels, type LabelInput, readLabelPair, uniqueLabels } from './labels.ts';

export interface AccuracyOptions {
  /** true (default): the fraction of correct samples; false: their count. */
  normalize?: boolean;
  /** One weight per sample: the weighted fraction (or the sum of the weights of correct samples). */
  sampleWeight?: NumericInput;
}

/** The fraction (or count) of samples whose prediction equals the truth (every label, for indicator matrices). */
export function accuracyScore(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: AccuracyOptions): number {
  const where = 'accuracyScore';
  const o = checkOptions(options, ['normalize', 'sampleWeight'], where);
  const normalize = checkChoice(o.normalize ?? true, [true, false], `${where}: normalize`);
  let correct = 0, n: number, weights: Float64Array | null;
  if (isIndicator(yTrue) || isIndicator(yPred)) {
    const [t, p] = readIndicatorPair(yTrue, yPred, where);
    n = t.rows;
    weights = readWeights(o.sampleWeight, n, where);
    for (let i = 0; i < n; i++) {
      let same = true;
      for (let j = 0; j < t.cols && same; j++) same = t.data[i * t.cols + j] === p.data[i * t.cols + j];
      if (same) correct += weights === null ? 1 : weights[i]!;
    }
  } else {
    const [t, p] = readLabelPair(yTrue, yPred, where);
    n = t.length;
    weights = readWeights(o.sampleWeight, n, where);
    const a = t.data, b = p.data;
    if (weights === null) {
      for (let i = 0; i < n; i++) if (a[i] === b[i]) correct++;
    } else {
      for (let i = 0; i < n; i++) if (a[i] === b[i]) correct += weights[i]!;
    }
  }
  if (!normalize) return correct;
  return correct / (weights === null ? n : weights.reduce((s, w) => s + w, 0));
}

export interface BalancedAccuracyOptions {
  /** Rescale so that chance scores 0 and perfect 1: (score - 1/k) / (1 - 1/k). */
  adjusted?: boolean;
  /** One weight per sample. */
  sampleWeight?: NumericInput;
}

/** The mean recall over the classes of yTrue (classes only predicted are left out, as scikit-learn does). */
export function balancedAccuracyScore(yTrue: LabelInput, yPred: LabelInput, options?: BalancedAccuracyOptions): number {
  const where = 'balancedAccuracyScore';
  const o = checkOptions(options, ['adjusted', 'sampleWeight'], where);
  const adjusted = checkChoice(o.adjusted ?? false, [true, false], `${where}: adjusted`);
  const [t, p] = readLabelPair(yTrue, yPred, where);
  const classes = uniqueLabels([t, p]), k = classes.length;
  const table = countPairs(encodeLabels(t, classes), encodeLabels(p, classes), k, readWeights(o.sampleWeight, t.length, where));
  let sum = 0, count = 0;
  for (let c = 0; c < k; c++) {
    let row = 0;
    for (let j = 0; j < k; j++) row += table[c * k + j]!;
    if (row === 0) continue;
    sum += table[c * k + c]! / row;
    count++;
  }
  let score = sum / count;
  if (adjusted) {
    const chance = 1 / count;
    score = (score - chance) / (1 - chance);
  }
  return score;
}
