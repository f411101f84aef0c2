// Bias-variance decomposition by bootstrap, as mlxtend's bias_variance_decomp defines it
// (S. Raschka; after P. Domingos, "A unified bias-variance decomposition", ICML 2000): numRounds
// clones are fitted on bootstrap samples of the training set and predict the test set.
//   'mse':       main prediction = mean; bias = mean_i (main_i - y_i)^2 (the squared bias, noise
//                included: one label per point cannot separate them); variance = mean over rounds
//                and points of (pred - main)^2; expectedLoss = mean squared error = bias + variance.
//   '0-1_loss':  main prediction = the most frequent prediction (ties to the smallest label);
//                bias = fraction of points whose main prediction is wrong; variance = mean fraction
//                of predictions differing from the main one; expectedLoss = mean error rate (not
//                additive for this loss).
import { ArgumentError, Generator, type MatrixInput, toMatrix } from '@neurite/tensor';
import { cloneEstimator } from '../base/clone.ts';
import { checkAborted, report } from '../base/estimator.ts';
import type { FitOptions, Labels, Predictor } from '../base/protocol.ts';
import { checkLabelCount, takeLabels, takeRows } from './indexing.ts';

export interface BiasVarianceOptions extends FitOptions {
  loss?: 'mse' | '0-1_loss';
  numRounds?: number;
  randomState?: number | null;
}

export interface BiasVariance {
  expectedLoss: number;
  bias: number;
  variance: number;
}

export function biasVarianceDecomp(estimator: Predictor, XTrain: MatrixInput, yTrain: Labels, XTest: MatrixInput, yTest: Labels, options: BiasVarianceOptions = {}): BiasVariance {
  const loss = options.loss ?? '0-1_loss';
  if (loss !== 'mse' && loss !== '0-1_loss') throw new ArgumentError(`biasVarianceDecomp: loss must be 'mse' or '0-1_loss', got ${String(loss)}`);
  const rounds = options.numRounds ?? 200;
  if (!Number.isInteger(rounds) || rounds < 1) throw new ArgumentError(`biasVarianceDecomp: numRounds must be an integer >= 1, got ${rounds}`);
  const xTrain = toMatrix(XTrain, 'biasVarianceDecomp: XTrain');
  const xTest = toMatrix(XTest, 'biasVarianceDecomp: XTest');
  checkLabelCount(yTrain, xTrain.rows, 'biasVarianceDecomp: yTrain');
  checkLabelCount(yTest, xTest.rows, 'biasVarianceDecomp: yTest');
  const n = xTrain.rows, m = xTest.rows;
  const generator = new Generator(options.randomState ?? 0);
  const predictions: ArrayLike<unknown>[] = [];
  for (let r = 0; r < rounds; r++) {
    checkAborted(options, 'biasVarianceDecomp');
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = Math.floor(generator.random() * n);
    const model = cloneEstimator(estimator).fit(takeRows(xTrain, rows), takeLabels(yTrain, rows), { signal: options.signal });
    predictions.push(model.predict(xTest) as ArrayLike<unknown>);
    report(options, { stage: 'biasVarianceDecomp', done: r + 1, total: rounds });
  }
  if (loss === 'mse') {
    const main = new Float64Array(m);
    let expected = 0, variance = 0, bias = 0;
    for (const p of predictions) for (let i = 0; i < m; i++) main[i]! += (p[i] as number) / rounds;
    for (const p of predictions) {
      for (let i = 0; i < m; i++) {
        expected += ((p[i] as number) - (yTest[i] as number)) ** 2;
        variance += ((p[i] as number) - main[i]!) ** 2;
      }
    }
    for (let i = 0; i < m; i++) bias += (main[i]! - (yTest[i] as number)) ** 2;
    return { expectedLoss: expected / (rounds * m), bias: bias / m, variance: variance / (rounds * m) };
  }
  const labels = [...new Set<unknown>([...Array.from(yTest as ArrayLike<unknown>), ...predictions.flatMap((p) => Array.from(p))])].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);
  const index = new Map(labels.map((l, i) => [l, i] as const));
  const main = new Int32Array(m), counts = new Int32Array(labels.length);
  for (let i = 0; i < m; i++) {
    counts.fill(0);
    for (const p of predictions) counts[index.get(p[i])!]!++;
    let best = 0;
    for (let c = 1; c < labels.length; c++) if (counts[c]! > counts[best]!) best = c;
    main[i] = best;
  }
  let expected = 0, variance = 0, bias = 0;
  for (const p of predictions) {
    for (let i = 0; i < m; i++) {
      if (p[i] !== yTest[i]) expected++;
      if (index.get(p[i]) !== main[i]) variance++;
    }
  }
  for (let i = 0; i < m; i++) if (labels[main[i]!] !== yTest[i]) bias++;
  return { expectedLoss: expected / (rounds * m), bias: bias / m, variance: variance / (rounds * m) };
}
