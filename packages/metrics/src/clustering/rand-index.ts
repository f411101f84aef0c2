// The Rand index and the adjusted Rand index of two clusterings, as scikit-learn 1.9's rand_score
// and adjusted_rand_score, from the pair confusion matrix C (pairs of samples counted as ordered
// pairs, as scikit-learn's pair_confusion_matrix):
//   C11 = sum n_ij^2 - n,  C01 = sum_ij n_ij b_j - sum n_ij^2,  C10 = sum_ij n_ij a_i - sum n_ij^2,
//   C00 = n^2 - C01 - C10 - sum n_ij^2
//   RI = (C00 + C11) / n^2 (1 when every pair agrees or there are no pairs)
//   ARI = 2 (C11 C00 - C10 C01) / ((C11 + C10)(C10 + C00) + (C11 + C01)(C01 + C00)) (1 when C01 = C10 = 0)
// The ARI products are formed in BigInt (scikit-learn converts to Python integers), so they are exact.
import { checkOptions, checkSameLength } from '../classification/inputs.ts';
import { encodeLabels, type LabelInput, readLabels, uniqueLabels } from '../classification/labels.ts';

/** The 2x2 pair confusion matrix [[C00, C01], [C10, C11]] (ordered pairs of distinct samples). */
export function pairConfusionMatrix(labelsTrue: LabelInput, labelsPred: LabelInput): [[number, number], [number, number]] {
  const where = 'pairConfusionMatrix';
  const t = readLabels(labelsTrue, `${where}: labelsTrue`), p = readLabels(labelsPred, `${where}: labelsPred`);
  checkSameLength(t.length, p.length, 'labelsTrue', 'labelsPred', where);
  const ct = uniqueLabels([t]), cp = uniqueLabels([p]);
  const ti = encodeLabels(t, ct), pi = encodeLabels(p, cp);
  const kp = cp.length, n = t.length;
  const cells = new Map<number, number>();
  const a = new Float64Array(ct.length), b = new Float64Array(kp);
  for (let i = 0; i < n; i++) {
    const key = ti[i]! * kp + pi[i]!;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    a[ti[i]!]!++;
    b[pi[i]!]!++;
  }
  let squares = 0, rowWeighted = 0, colWeighted = 0;
  for (const [key, count] of cells) {
    squares += count * count;
    colWeighted += count * b[key % kp]!;
    rowWeighted += count * a[Math.floor(key / kp)]!;
  }
  const c11 = squares - n, c01 = colWeighted - squares, c10 = rowWeighted - squares;
  return [[n * n - c01 - c10 - squares, c01], [c10, c11]];
}

/** The Rand index: the fraction of sample pairs on which the clusterings agree. */
export function randScore(labelsTrue: LabelInput, labelsPred: LabelInput, options?: Record<string, never>): number {
  checkOptions(options, [], 'randScore');
  const [[c00, c01], [c10, c11]] = pairConfusionMatrix(labelsTrue, labelsPred);
  const agree = c00 + c11, all = c00 + c01 + c10 + c11;
  return agree === all || all === 0 ? 1 : agree / all;
}

/** The adjusted Rand index: the Rand index corrected for chance (1 identical, about 0 random, may be negative). */
export function adjustedRandScore(labelsTrue: LabelInput, labelsPred: LabelInput, options?: Record<string, never>): number {
  checkOptions(options, [], 'adjustedRandScore');
  const [[tn0, fp0], [fn0, tp0]] = pairConfusionMatrix(labelsTrue, labelsPred);
  if (fn0 === 0 && fp0 === 0) return 1;
  const tn = BigInt(tn0), fp = BigInt(fp0), fn = BigInt(fn0), tp = BigInt(tp0);
  const numerator = 2n * (tp * tn - fn * fp), denominator = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn);
  return Number(numerator) / Number(denominator);
}
