// The Matthews correlation coefficient for binary and multiclass labels (Gorodkin's R_K), as
// scikit-learn 1.9's matthews_corrcoef: from the confusion matrix C with row sums t, column sums p,
// trace c and total s,  MCC = (c s - t.p) / sqrt((s^2 - p.p)(s^2 - t.t)), and 0 when the
// denominator is 0.
import { countPairs } from './confusion-matrix.ts';
import { checkOptions, type NumericInput, readWeights } from './inputs.ts';
import { encodeLabels, type LabelInput, readLabelPair, uniqueLabels } from './labels.ts';

/** Matthews correlation coefficient in [-1, 1]. */
export function matthewsCorrcoef(yTrue: LabelInput, yPred: LabelInput, options?: { sampleWeight?: NumericInput }): number {
  const where = 'matthewsCorrcoef';
  const o = checkOptions(options, ['sampleWeight'], where);
  const [t, p] = readLabelPair(yTrue, yPred, where);
  const classes = uniqueLabels([t, p]), k = classes.length;
  const table = countPairs(encodeLabels(t, classes), encodeLabels(p, classes), k, readWeights(o.sampleWeight, t.length, where));
  const tSum = new Float64Array(k), pSum = new Float64Array(k);
  let correct = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      tSum[a]! += table[a * k + b]!;
      pSum[b]! += table[a * k + b]!;
    }
    correct += table[a * k + a]!;
  }
  let s = 0, tp = 0, pp = 0, tt = 0;
  for (let a = 0; a < k; a++) {
    s += pSum[a]!;
    tp += tSum[a]! * pSum[a]!;
    pp += pSum[a]! * pSum[a]!;
    tt += tSum[a]! * tSum[a]!;
  }
  const covTP = correct * s - tp, covPP = s * s - pp, covTT = s * s - tt;
  const denominator = covPP * covTT;
  return denominator === 0 ? 0 : covTP / Math.sqrt(denominator);
}
