// Regularisation paths of the elastic net and the lasso, as scikit-learn's enet_path / lasso_path:
// coordinate descent over a decreasing grid of alphas, each fit warm-started from the previous
// one. Like scikit-learn's functions, the paths fit no intercept: centre X and y first if needed.
// The default grid has nAlphas values from alpha_max = max_j |x_j . y| / (n l1Ratio) (the
// smallest alpha with all weights 0) down to eps alpha_max, evenly spaced in log scale.
import { ArgumentError, type MatrixInput } from '@neurite/tensor';
import { checkAborted, report } from '../base/estimator.ts';
import { checkBooleanParam, checkIntegerParam, checkNumberParam, checkRangeParam } from '../base/hyperparameter-checks.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';
import { coordinateDescent, toColumns } from './coordinate-descent.ts';
import { readRegressionData } from './linear-model.ts';
import { transposeTimes } from './preprocess.ts';

export interface EnetPathOptions extends FitOptions {
  /** Share of L1 in the penalty, in (0, 1] (default 0.5 for enetPath, 1 for lassoPath). */
  l1Ratio?: number;
  /** Ratio alpha_min / alpha_max of the default grid (default 1e-3). */
  eps?: number;
  /** Number of alphas of the default grid (default 100). */
  nAlphas?: number;
  /** An explicit grid (sorted into decreasing order); overrides eps and nAlphas. */
  alphas?: readonly number[] | Float64Array;
  maxIter?: number;
  tol?: number;
  positive?: boolean;
  /** Starting weights for the first alpha (default zeros). */
  coefInit?: readonly number[] | Float64Array;
}

export interface RegularizationPath {
  /** The alphas, decreasing. */
  alphas: Float64Array;
  /** coefs[k] are the weights at alphas[k] (scikit-learn's coefs[:, k]). */
  coefs: Float64Array[];
  /** Duality gap at the end of each fit, divided by n. */
  dualGaps: Float64Array;
  /** Sweeps run for each alpha. */
  nIters: number[];
}

/** The default grid: nAlphas values from alpha_max down to eps alpha_max, log-spaced (numpy's geomspace). */
export function alphaGrid(X: MatrixInput, y: Labels, options: { l1Ratio?: number; eps?: number; nAlphas?: number } = {}): Float64Array {
  const { x, y: t } = readRegressionData(X, y);
  const l1Ratio = checkRangeParam('alphaGrid', 'l1Ratio', options.l1Ratio ?? 1, 0, 1);
  const eps = checkNumberParam('alphaGrid', 'eps', options.eps ?? 1e-3, 0, true);
  const count = checkIntegerParam('alphaGrid', 'nAlphas', options.nAlphas ?? 100, 1);
  return gridOf(transposeTimes(x, t), x.rows, l1Ratio, eps, count);
}

function gridOf(xty: Float64Array, n: number, l1Ratio: number, eps: number, count: number): Float64Array {
  if (l1Ratio === 0) throw new ArgumentError('alphaGrid: l1Ratio = 0 has no finite alpha_max; give the alphas explicitly');
  let top = 0;
  for (const v of xty) top = Math.max(top, Math.abs(v));
  const alphaMax = top / (n * l1Ratio);
  const resolution = 1e-15;
  if (alphaMax <= resolution) return new Float64Array(count).fill(resolution);
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) out[k] = count === 1 ? alphaMax : alphaMax * eps ** (k / (count - 1));
  out[count - 1] = alphaMax * eps;
  out[0] = alphaMax;
  return out;
}

/** The elastic-net path: weights for each alpha of a decreasing grid (see the file header). */
export function enetPath(X: MatrixInput, y: Labels, options: EnetPathOptions = {}): RegularizationPath {
  const { x, y: t } = readRegressionData(X, y);
  const n = x.rows, d = x.cols;
  const l1Ratio = checkRangeParam('enetPath', 'l1Ratio', options.l1Ratio ?? 0.5, 0, 1);
  const maxIter = checkIntegerParam('enetPath', 'maxIter', options.maxIter ?? 1000, 1);
  const tol = checkNumberParam('enetPath', 'tol', options.tol ?? 1e-4, 0);
  const positive = checkBooleanParam('enetPath', 'positive', options.positive ?? false);
  let alphas: Float64Array;
  if (options.alphas !== undefined) {
    const given = options.alphas;
    if (given === null || typeof given !== 'object' || typeof given.length !== 'number' || given.length === 0) throw new ArgumentError('enetPath: alphas must be a non-empty array of numbers >= 0');
    alphas = Float64Array.from(given, (a, k) => checkNumberParam('enetPath', `alphas[${k}]`, a, 0)).sort().reverse();
  } else {
    const eps = checkNumberParam('enetPath', 'eps', options.eps ?? 1e-3, 0, true);
    const count = checkIntegerParam('enetPath', 'nAlphas', options.nAlphas ?? 100, 1);
    alphas = gridOf(transposeTimes(x, t), n, l1Ratio, eps, count);
  }
  const w = new Float64Array(d);
  if (options.coefInit !== undefined) {
    if (options.coefInit.length !== d) throw new ArgumentError(`enetPath: coefInit has ${options.coefInit.length} values, X has ${d} features`);
    for (let j = 0; j < d; j++) w[j] = checkNumberParam('enetPath', `coefInit[${j}]`, options.coefInit[j]);
  }
  const columns = toColumns(x.data, n, d);
  const coefs: Float64Array[] = [], dualGaps = new Float64Array(alphas.length), nIters: number[] = [];
  for (let k = 0; k < alphas.length; k++) {
    checkAborted(options, 'enetPath');
    const alpha = alphas[k]!;
    const result = coordinateDescent({
      columns, n, d, y: t, l1: alpha * l1Ratio * n, l2: alpha * (1 - l1Ratio) * n, maxIter, tol, positive, random: null,
    }, w, { signal: options.signal }, 'enetPath'); // progress is reported per alpha below
    coefs.push(Float64Array.from(w));
    dualGaps[k] = result.gap / n;
    nIters.push(result.nIter);
    report(options, { stage: 'enetPath', done: k + 1, total: alphas.length, value: alpha });
  }
  return { alphas, coefs, dualGaps, nIters };
}

/** The lasso path: enetPath with l1Ratio = 1. */
export function lassoPath(X: MatrixInput, y: Labels, options: Omit<EnetPathOptions, 'l1Ratio'> = {}): RegularizationPath {
  return enetPath(X, y, { ...options, l1Ratio: 1 });
}
