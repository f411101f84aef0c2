// The losses of gradient boosting as scikit-learn 1.9 defines them (sklearn/_loss): half squared
// error for regression, half binomial deviance (log loss, one raw score per sample) for two
// classes and half multinomial deviance (one raw score per class, symmetric logit link) for more.
// Reported losses are scaled as scikit-learn's train_score_ (x2 for squared and binomial).

export type BoostingLoss = 'squared' | 'absolute' | 'quantile' | 'binomial' | 'exponential' | 'multinomial';

/**
 * scikit-learn's _weighted_percentile (inverted CDF, no averaging): the smallest value whose
 * cumulative weight, values sorted ascending (stably), reaches rank / 100 of the total.
 */
export function weightedPercentile(values: ArrayLike<number>, weights: ArrayLike<number>, rank: number): number {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i]!;
  let target = (rank / 100) * total;
  if (target === 0) target = Number.MIN_VALUE;
  let acc = 0;
  for (let j = 0; j < n; j++) {
    acc += weights[order[j]!]!;
    if (acc >= target) return values[order[j]!]!;
  }
  return values[order[n - 1]!]!;
}

/** How many raw scores (trees per stage) the loss needs. */
export function outputsOf(loss: BoostingLoss, nClasses: number): number {
  return loss === 'multinomial' ? nClasses : 1;
}

function expit(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Initial raw scores: the weighted mean (squared), logit of the positive prior (binomial), log(p / geometric mean p) (multinomial); priors clipped to [eps, 1 - eps]. */
export function initialRaw(loss: BoostingLoss, y: Float64Array | Int32Array, w: Float64Array, nClasses: number, alpha = 0.9): Float64Array {
  if (loss === 'absolute') return Float64Array.of(weightedPercentile(y, w, 50));
  if (loss === 'quantile') return Float64Array.of(weightedPercentile(y, w, 100 * alpha));
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i]!;
  if (loss === 'squared') {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += w[i]! * y[i]!;
    return Float64Array.of(s / total);
  }
  const eps = 2.220446049250313e-16;
  const prior = new Float64Array(nClasses);
  for (let i = 0; i < y.length; i++) prior[y[i]!]! += w[i]!;
  for (let k = 0; k < nClasses; k++) prior[k] = Math.min(Math.max(prior[k]! / total, eps), 1 - eps);
  if (loss === 'binomial') return Float64Array.of(Math.log(prior[1]! / (1 - prior[1]!)));
  if (loss === 'exponential') return Float64Array.of(0.5 * Math.log(prior[1]! / (1 - prior[1]!)));
  let meanLog = 0;
  for (let k = 0; k < nClasses; k++) meanLog += Math.log(prior[k]!);
  const gm = Math.exp(meanLog / nClasses);
  return prior.map((p) => Math.log(p / gm));
}

/** Negative gradients (n x K, row-major) at the raw scores (n x K). */
export function negativeGradient(loss: BoostingLoss, y: Float64Array | Int32Array, raw: Float64Array, K: number, out: Float64Array, alpha = 0.9): void {
  const n = y.length;
  if (loss === 'squared') for (let i = 0; i < n; i++) out[i] = y[i]! - raw[i]!;
  else if (loss === 'absolute') for (let i = 0; i < n; i++) out[i] = y[i]! >= raw[i]! ? 1 : -1; // scikit-learn's gradient 2 * (raw > y) - 1
  else if (loss === 'quantile') for (let i = 0; i < n; i++) out[i] = y[i]! >= raw[i]! ? alpha : alpha - 1;
  else if (loss === 'binomial') for (let i = 0; i < n; i++) out[i] = y[i]! - expit(raw[i]!);
  else if (loss === 'exponential') for (let i = 0; i < n; i++) out[i] = y[i] === 1 ? Math.exp(-raw[i]!) : -Math.exp(raw[i]!);
  else {
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, raw[i * K + k]!);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(raw[i * K + k]! - max);
      for (let k = 0; k < K; k++) out[i * K + k] = (y[i] === k ? 1 : 0) - Math.exp(raw[i * K + k]! - max) / sum;
    }
  }
}

/** Weighted mean loss over the samples with mask[i] (all when mask is null), scaled as train_score_. */
export function lossValue(loss: BoostingLoss, y: Float64Array | Int32Array, raw: Float64Array, K: number, w: Float64Array, mask: Uint8Array | null, alpha = 0.9): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    if (mask && !mask[i]) continue;
    let l: number;
    if (loss === 'squared') l = (y[i]! - raw[i]!) ** 2;
    else if (loss === 'absolute') l = Math.abs(y[i]! - raw[i]!);
    else if (loss === 'quantile') l = y[i]! >= raw[i]! ? alpha * (y[i]! - raw[i]!) : (1 - alpha) * (raw[i]! - y[i]!);
    else if (loss === 'exponential') l = y[i] === 1 ? Math.exp(-raw[i]!) : Math.exp(raw[i]!);
    else if (loss === 'binomial') {
      const r = raw[i]!;
      l = 2 * ((r > 0 ? r + Math.log1p(Math.exp(-r)) : Math.log1p(Math.exp(r))) - y[i]! * r);
    } else {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, raw[i * K + k]!);
      let s = 0;
      for (let k = 0; k < K; k++) s += Math.exp(raw[i * K + k]! - max);
      l = max + Math.log(s) - raw[i * K + y[i]!]!;
    }
    sum += w[i]! * l;
    total += w[i]!;
  }
  return sum / total;
}

/** Probabilities from raw scores: [1 - p, p] for binomial (p = expit(raw)) and exponential (p = expit(2 raw)), softmax for multinomial. */
export function probaOf(loss: BoostingLoss, raw: Float64Array, rows: number, nClasses: number): Float64Array {
  const out = new Float64Array(rows * nClasses);
  if (loss === 'binomial' || loss === 'exponential') {
    const scale = loss === 'exponential' ? 2 : 1;
    for (let i = 0; i < rows; i++) {
      const p = expit(scale * raw[i]!);
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    }
    return out;
  }
  const K = nClasses;
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, raw[i * K + k]!);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += out[i * K + k] = Math.exp(raw[i * K + k]! - max);
    for (let k = 0; k < K; k++) out[i * K + k]! /= sum;
  }
  return out;
}
