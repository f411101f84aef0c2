// What the k-nearest-neighbour estimators share: the hyperparameters (scikit-learn's names and
// defaults: nNeighbors 5, weights 'uniform', algorithm 'auto', leafSize 30, metric here one of
// euclidean / manhattan / cosine, default euclidean, scikit-learn's 'minkowski' with p = 2), fit
// (stores the training rows; builds a KD-tree when chosen), kneighbors and the neighbour weights.
// 'auto' picks the KD-tree for euclidean or manhattan data with fewer than 15 features and more
// than leafSize rows, brute force otherwise (cosine is always brute force).
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { BaseEstimator, checkAborted } from '../base/estimator.ts';
import { checkChoiceParam, checkFeatureCount, checkIntegerParam, readNumbers } from '../base/hyperparameter-checks.ts';
import type { FitOptions } from '../base/protocol.ts';
import { bruteForceSearch, type NeighborResult, type SearchData } from './brute-force.ts';
import { KDTree } from './kd-tree.ts';
import { METRICS, type NeighborMetric, unitRows } from './metrics.ts';

export interface NeighborsParams {
  [key: string]: unknown;
  nNeighbors: number;
  weights: 'uniform' | 'distance';
  algorithm: 'auto' | 'brute' | 'kd_tree';
  leafSize: number;
  metric: NeighborMetric;
}

export const NEIGHBORS_DEFAULTS: NeighborsParams = { nNeighbors: 5, weights: 'uniform', algorithm: 'auto', leafSize: 30, metric: 'euclidean' };

export interface KNeighborsResult {
  /** Distances, queries x k, increasing along each row. */
  distances: Matrix;
  /** Training-row indices, queries x k (ties: the smaller index first). */
  indices: { rows: number; cols: number; data: Int32Array };
}

export abstract class NeighborsBase<P extends NeighborsParams> extends BaseEstimator<P> {
  private train?: SearchData & { raw: Matrix };
  private tree?: KDTree | null;

  protected override validateParams(p: P): void {
    const o = this.constructor.name;
    checkIntegerParam(o, 'nNeighbors', p.nNeighbors, 1);
    checkChoiceParam(o, 'weights', p.weights, ['uniform', 'distance'] as const);
    checkChoiceParam(o, 'algorithm', p.algorithm, ['auto', 'brute', 'kd_tree'] as const);
    checkIntegerParam(o, 'leafSize', p.leafSize, 1);
    checkChoiceParam(o, 'metric', p.metric, METRICS);
    if (p.algorithm === 'kd_tree' && p.metric === 'cosine') throw new ArgumentError(`${o}: the KD-tree supports euclidean and manhattan, not cosine; use algorithm 'brute' or 'auto'`);
  }

  /** Number of training rows. */
  get nSamplesFit(): number {
    return this.fitted(this.train, 'nSamplesFit').n;
  }

  /** The search actually used: 'brute' or 'kd_tree'. */
  get fitAlgorithm(): 'brute' | 'kd_tree' {
    this.fitted(this.train, 'fitAlgorithm');
    return this.tree ? 'kd_tree' : 'brute';
  }

  /** Stores the training rows (and builds the search structure). */
  protected fitRows(x: Matrix, options?: FitOptions): void {
    checkAborted(options, `${this.constructor.name}.fit`);
    const p = this.params, { rows: n, cols: d } = x;
    const data = p.metric === 'cosine' ? unitRows(x.data, n, d) : x.data;
    const train = { data, n, d, metric: p.metric, raw: x };
    const useTree = p.algorithm === 'kd_tree' || (p.algorithm === 'auto' && p.metric !== 'cosine' && d < 15 && n > p.leafSize);
    this.tree = useTree ? new KDTree(train, p.leafSize) : null;
    this.train = train;
  }

  protected fittedRows(): Matrix {
    return this.fitted(this.train, 'nSamplesFit').raw;
  }

  /**
   * The k nearest training rows of each row of X (k defaults to nNeighbors). Without X, the
   * neighbours of each training row among the others (the row itself excluded), as scikit-learn.
   */
  kneighbors(X?: MatrixInput, nNeighbors?: number): KNeighborsResult {
    const train = this.fitted(this.train, 'kneighbors');
    const k = nNeighbors ?? this.params.nNeighbors;
    checkIntegerParam(`${this.constructor.name}.kneighbors`, 'nNeighbors', k, 1);
    const excludeSelf = X === undefined;
    const available = excludeSelf ? train.n - 1 : train.n;
    if (k > available) throw new ArgumentError(`${this.constructor.name}.kneighbors: nNeighbors is ${k}, but only ${available} training rows can be neighbours`);
    const x = excludeSelf ? train.raw : toMatrix(X, 'X');
    checkFeatureCount(this.constructor.name, x.cols, train.d);
    const queries = this.params.metric === 'cosine' ? unitRows(x.data, x.rows, x.cols) : x.data;
    const result: NeighborResult = this.tree ? this.tree.query(queries, x.rows, k, excludeSelf) : bruteForceSearch(train, queries, x.rows, k, excludeSelf);
    return { distances: { rows: x.rows, cols: k, data: result.distances }, indices: { rows: x.rows, cols: k, data: result.indices } };
  }

  /**
   * Neighbour weights, queries x k: 1 ('uniform') or 1 / distance ('distance'; a query with a
   * neighbour at distance 0 gives weight 1 to those neighbours and 0 to the rest, as scikit-learn).
   */
  protected neighborWeights(distances: Matrix): Float64Array {
    const { rows, cols, data } = distances, out = new Float64Array(rows * cols).fill(1);
    if (this.params.weights === 'uniform') return out;
    for (let q = 0; q < rows; q++) {
      let exact = false;
      for (let j = 0; j < cols; j++) if (data[q * cols + j] === 0) exact = true;
      for (let j = 0; j < cols; j++) {
        const v = data[q * cols + j]!;
        out[q * cols + j] = exact ? (v === 0 ? 1 : 0) : 1 / v;
      }
    }
    return out;
  }

  protected serializeRows(): { rows: number; cols: number; X: number[] } | null {
    return this.train ? { rows: this.train.n, cols: this.train.d, X: [...this.train.raw.data] } : null;
  }

  protected restoreRows(state: Record<string, unknown>): Matrix {
    const o = this.constructor.name, { rows, cols } = state;
    if (typeof rows !== 'number' || typeof cols !== 'number' || !Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
      throw new ArgumentError(`${o}.fromJSON: state.rows and state.cols must be positive integers`);
    }
    const x = { rows, cols, data: readNumbers(o, 'X', state.X, rows * cols) };
    this.fitRows(x);
    return x;
  }
}

