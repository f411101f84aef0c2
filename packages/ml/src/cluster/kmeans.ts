// KMeans in scikit-learn's terms (sklearn.cluster.KMeans): nClusters, init ('k-means++',
// 'random' or an array of initial centres), nInit ('auto' = 1 for k-means++ or an array, 10 for
// 'random'), maxIter, tol (relative to the mean per-feature variance of X, as scikit-learn scales
// it), algorithm ('lloyd' or 'elkan'), randomState. The best of nInit runs (lowest inertia) is kept.
import { ArgumentError, Generator, ShapeError, toMatrix, type Matrix, type MatrixInput } from '@neurite/tensor';
import { BaseEstimator, checkAborted, report, type EstimatorJSON } from '../base/estimator.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';
import { rowSquaredNorms, squaredDistances } from '../base/float64-gemm.ts';
import { kmeansPlusPlus, randomRows } from './kmeans-init.ts';
import { assign, elkan, lloyd, type KMeansRun } from './kmeans-lloyd.ts';
import { checkJSON, checkCentersInit, matrixToRows, meanVariance } from './cluster-utils.ts';

export interface KMeansParams {
  [key: string]: unknown;
  nClusters: number;
  init: 'k-means++' | 'random' | readonly (readonly number[])[];
  nInit: number | 'auto';
  maxIter: number;
  tol: number;
  algorithm: 'lloyd' | 'elkan';
  randomState: number;
}

export class KMeans extends BaseEstimator<KMeansParams> {
  private centers?: Matrix;
  private labelsValue?: Int32Array;
  private inertiaValue?: number;
  private nIterValue?: number;

  constructor(params?: Partial<KMeansParams>) {
    super({ nClusters: 8, init: 'k-means++', nInit: 'auto', maxIter: 300, tol: 1e-4, algorithm: 'lloyd', randomState: 0 }, params);
  }

  protected override validateParams(p: KMeansParams): void {
    if (!Number.isInteger(p.nClusters) || p.nClusters < 1) throw new ArgumentError(`KMeans: nClusters must be an integer >= 1, got ${p.nClusters}`);
    if (p.init !== 'k-means++' && p.init !== 'random') checkCentersInit(p.init, p.nClusters, 'KMeans: init');
    if (p.nInit !== 'auto' && (!Number.isInteger(p.nInit) || p.nInit < 1)) throw new ArgumentError(`KMeans: nInit must be 'auto' or an integer >= 1, got ${String(p.nInit)}`);
    if (!Number.isInteger(p.maxIter) || p.maxIter < 1) throw new ArgumentError(`KMeans: maxIter must be an integer >= 1, got ${p.maxIter}`);
    if (!(p.tol >= 0) || !Number.isFinite(p.tol)) throw new ArgumentError(`KMeans: tol must be a finite number >= 0, got ${p.tol}`);
    if (p.algorithm !== 'lloyd' && p.algorithm !== 'elkan') throw new ArgumentError(`KMeans: algorithm must be 'lloyd' or 'elkan', got ${String(p.algorithm)}`);
    if (!Number.isInteger(p.randomState)) throw new ArgumentError(`KMeans: randomState must be an integer, got ${p.randomState}`);
  }

  /** Learned centres [nClusters, features]. */
  get clusterCenters(): Matrix {
    const c = this.fitted(this.centers, 'clusterCenters');
    return { rows: c.rows, cols: c.cols, data: c.data.slice() };
  }
  /** Cluster index of every training row. */
  get labels(): Int32Array {
    return this.fitted(this.labelsValue, 'labels').slice();
  }
  /** Sum of squared distances of the training rows to their closest centre. */
  get inertia(): number {
    return this.fitted(this.inertiaValue, 'inertia');
  }
  /** Iterations of the kept run. */
  get nIter(): number {
    return this.fitted(this.nIterValue, 'nIter');
  }

  fit(X: MatrixInput, _y?: Labels, options?: FitOptions): this {
    const x = toMatrix(X, 'KMeans.fit: X');
    const p = this.params;
    if (x.rows < p.nClusters) throw new ShapeError(`KMeans.fit: X has ${x.rows} rows, fewer than nClusters = ${p.nClusters}`);
    const given = typeof p.init === 'object' ? toMatrix(p.init, 'KMeans: init') : undefined;
    if (given && given.cols !== x.cols) throw new ShapeError(`KMeans: init has ${given.cols} features, X has ${x.cols}`);
    const nInit = p.nInit === 'auto' ? (p.init === 'random' ? 10 : 1) : p.nInit;
    const tol = p.tol * meanVariance(x);
    const norms = rowSquaredNorms(x);
    const rng = new Generator(p.randomState);
    let best: KMeansRun | undefined;
    for (let run = 0; run < nInit; run++) {
      checkAborted(options, 'KMeans.fit');
      const init = given ?? (p.init === 'random' ? randomRows(x, p.nClusters, rng) : kmeansPlusPlus(x, p.nClusters, rng, norms));
      const onIteration = (iter: number, shift: number): void => {
        checkAborted(options, 'KMeans.fit');
        report(options, { stage: `run ${run + 1} of ${nInit}`, done: iter, total: p.maxIter, value: shift });
      };
      const result = p.algorithm === 'elkan' ? elkan(x, init, p.maxIter, tol, onIteration) : lloyd(x, init, p.maxIter, tol, norms, onIteration);
      if (best === undefined || result.inertia < best.inertia) best = result;
    }
    this.centers = { rows: p.nClusters, cols: x.cols, data: best!.centers };
    this.labelsValue = best!.labels;
    this.inertiaValue = best!.inertia;
    this.nIterValue = best!.nIter;
    return this;
  }

  /** The closest centre of every row. */
  predict(X: MatrixInput): Int32Array {
    const c = this.fitted(this.centers, 'clusterCenters');
    const x = toMatrix(X, 'KMeans.predict: X');
    if (x.cols !== c.cols) throw new ShapeError(`KMeans.predict: X has ${x.cols} features, the model was fitted on ${c.cols}`);
    return assign(x, c, rowSquaredNorms(x)).labels;
  }

  fitPredict(X: MatrixInput, y?: Labels, options?: FitOptions): Int32Array {
    return this.fit(X, y, options).labels;
  }

  /** Euclidean distances [rows, nClusters] to every centre (cluster-distance space). */
  transform(X: MatrixInput): Matrix {
    const c = this.fitted(this.centers, 'clusterCenters');
    const x = toMatrix(X, 'KMeans.transform: X');
    if (x.cols !== c.cols) throw new ShapeError(`KMeans.transform: X has ${x.cols} features, the model was fitted on ${c.cols}`);
    const d = squaredDistances(x, c);
    for (let i = 0; i < d.length; i++) d[i] = Math.sqrt(d[i]!);
    return { rows: x.rows, cols: c.rows, data: d };
  }

  fitTransform(X: MatrixInput, y?: Labels, options?: FitOptions): Matrix {
    return this.fit(X, y, options).transform(X);
  }

  /** Opposite of the inertia of X for the learned centres (scikit-learn's KMeans.score). */
  score(X: MatrixInput): number {
    const c = this.fitted(this.centers, 'clusterCenters');
    const x = toMatrix(X, 'KMeans.score: X');
    if (x.cols !== c.cols) throw new ShapeError(`KMeans.score: X has ${x.cols} features, the model was fitted on ${c.cols}`);
    const { distances } = assign(x, c, rowSquaredNorms(x));
    return -distances.reduce((s, v) => s + v, 0);
  }

  toJSON(): EstimatorJSON {
    const state = this.centers === undefined ? null : {
      clusterCenters: matrixToRows(this.centers), labels: [...this.labelsValue!], inertia: this.inertiaValue!, nIter: this.nIterValue!,
    };
    return { type: 'KMeans', params: this.getParams(), state };
  }

  static fromJSON(json: EstimatorJSON): KMeans {
    checkJSON(json, 'KMeans');
    const model = new KMeans(json.params as Partial<KMeansParams>);
    const s = json.state as { clusterCenters: number[][]; labels: number[]; inertia: number; nIter: number } | null;
    if (s !== null) {
      model.centers = toMatrix(s.clusterCenters, 'KMeans.fromJSON: clusterCenters');
      model.labelsValue = Int32Array.from(s.labels);
      model.inertiaValue = s.inertia;
      model.nIterValue = s.nIter;
    }
    return model;
  }
}
