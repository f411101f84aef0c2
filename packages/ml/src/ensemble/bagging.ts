// Bootstrap aggregating (Breiman 1996) as scikit-learn's BaggingClassifier and BaggingRegressor
// do it: each member is a clone of the base estimator fitted on a random draw of the rows (with
// replacement when bootstrap) and of the columns (maxFeatures; with replacement when
// bootstrapFeatures); out-of-bag predictions come from the members that did not draw a row. The
// draws follow scikit-learn's: member t's seed is the t-th RandomState(randomState).randint(2^31 - 1),
// the member's randomState RandomState(seed).randint(2^31 - 1), and its rows a fresh
// RandomState(seed).randint(0, n, maxSamples) (after its columns when bootstrapFeatures), so with
// bootstrap, all columns and this package's trees the members are scikit-learn's. Subsets drawn
// without replacement use a partial Fisher-Yates shuffle on the same stream (not scikit-learn's).
import { ArgumentError, type Matrix, ShapeError } from '@neurite/tensor';
import { checkAborted, report } from '../base/estimator.ts';
import { MAX_INT32, NumpyRandomState } from '../base/numpy-random-state.ts';
import type { FitOptions } from '../base/protocol.ts';
import { checkRandomState, checkPositiveInteger, drawSeed } from '../tree/tree-params.ts';

export interface BaggingParams {
  [key: string]: unknown;
  nEstimators: number;
  /** Rows per member: an integer >= 2 is a count, a number in (0, 1] a fraction of the rows (1: all). */
  maxSamples: number;
  /** Columns per member, the same convention. */
  maxFeatures: number;
  bootstrap: boolean;
  bootstrapFeatures: boolean;
  oobScore: boolean;
  randomState: number | null;
}

export const BAGGING_DEFAULTS = { nEstimators: 10, maxSamples: 1, maxFeatures: 1, bootstrap: true, bootstrapFeatures: false, oobScore: false, randomState: null } as const;

function checkAmount(value: unknown, what: string): void {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value) || (value > 1 && !Number.isInteger(value))) {
    throw new ArgumentError(`${what} must be an integer >= 2 (a count) or a fraction in (0, 1], got ${String(value)}`);
  }
}

export function checkBaggingParams(p: BaggingParams, name: string): void {
  checkPositiveInteger(p.nEstimators, `${name}: nEstimators`);
  checkAmount(p.maxSamples, `${name}: maxSamples`);
  checkAmount(p.maxFeatures, `${name}: maxFeatures`);
  for (const key of ['bootstrap', 'bootstrapFeatures', 'oobScore'] as const) if (typeof p[key] !== 'boolean') throw new ArgumentError(`${name}: ${key} must be a boolean`);
  if (p.oobScore && !p.bootstrap) throw new ArgumentError(`${name}: oobScore needs bootstrap`);
  checkRandomState(p.randomState, `${name}: randomState`);
}

function amountOf(value: number, total: number, what: string): number {
  const count = value <= 1 ? Math.max(1, Math.floor(value * total)) : value;
  if (count > total) throw new ShapeError(`${what}: ${count} is more than the ${total} available`);
  return count;
}

export interface BaggingDraw {
  rows: Int32Array;
  features: Int32Array;
  inBag: Uint8Array;
}

/** The rows of X (repeated as drawn) restricted to `features`. */
export function subMatrix(X: Matrix, rows: ArrayLike<number> | null, features: Int32Array): Matrix {
  const n = rows === null ? X.rows : rows.length;
  const F = features.length;
  const data = new Float64Array(n * F);
  for (let j = 0; j < n; j++) {
    const base = (rows === null ? j : rows[j]!) * X.cols;
    for (let f = 0; f < F; f++) data[j * F + f] = X.data[base + features[f]!]!;
  }
  return { rows: n, cols: F, data };
}

/** k of 0..n-1 without replacement, ascending (all of them, drawing nothing, when k = n). */
function subset(random: NumpyRandomState, n: number, k: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (k === n) return order;
  for (let i = 0; i < k; i++) {
    const j = random.randint(i, n);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order.slice(0, k).sort();
}

/** Fits the members: `fitMember(draw, seed)` fits one clone on the draw; returns the draws. */
export function fitBagging(X: Matrix, p: BaggingParams, options: FitOptions | undefined, name: string, fitMember: (draw: BaggingDraw, seed: number) => void): BaggingDraw[] {
  const nRows = amountOf(p.maxSamples, X.rows, `${name}: maxSamples`);
  const nFeatures = amountOf(p.maxFeatures, X.cols, `${name}: maxFeatures`);
  const seeds = new NumpyRandomState(p.randomState ?? drawSeed(null));
  const draws: BaggingDraw[] = [];
  for (let t = 0; t < p.nEstimators; t++) {
    checkAborted(options, `${name}.fit`);
    const seed = seeds.randint(0, MAX_INT32);
    const random = new NumpyRandomState(seed);
    const features = p.bootstrapFeatures ? Int32Array.from({ length: nFeatures }, () => random.randint(0, X.cols)) : subset(random, X.cols, nFeatures);
    const rows = p.bootstrap ? Int32Array.from({ length: nRows }, () => random.randint(0, X.rows)) : subset(random, X.rows, nRows);
    const inBag = new Uint8Array(X.rows);
    for (const r of rows) inBag[r] = 1;
    const draw = { rows, features, inBag };
    fitMember(draw, new NumpyRandomState(seed).randint(0, MAX_INT32));
    draws.push(draw);
    report(options, { stage: 'estimator', done: t + 1, total: p.nEstimators });
  }
  return draws;
}
