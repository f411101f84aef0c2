// KMeans in scikit-learn's terms (sklearn.cluster.KMeans): nClusters, init ('k-means++',
// 'random' or an array of initial centres), nInit ('auto' = 1 for k-means++ or an array, 10 for
// 'random'), maxIter, tol (relative to the mean per-feature variance of X, as scikit-learn scales
// it), algorithm ('lloyd' or 'elkan'), randomState. The best of nInit runs (lowest inertia) is kept.
import { ArgumentError, Generator, isInitialized, ShapeError, toMatrix, type MatrixInput } from '@neurite/tensor';
import { checkAborted, report, type EstimatorJSON } from '../base/estimator.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';
import { ResidentMatrix, rowSquaredNorms } from '../base/float64-gemm.ts';
import { CentroidClusterer } from './centroid-clusterer.ts';
import { kmeansPlusPlus, randomRows } from './kmeans-init.ts';
import { elkanStep } from './kmeans-elkan.ts';
import { lloyd, type KMeansRun } from './kmeans-lloyd.ts';
import { IntegerRows, screenedLloydStep } from './kmeans-screen.ts';
import { checkCentersInit, meanVariance } from './cluster-utils.ts';

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

export class KMeans extends CentroidClusterer<KMeansParams> {
  protected readonly typeName = 'KMeans';
  protected readonly iterationsName = 'nIter';

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

  /** Iterations of the kept run. */
  get nIter(): number {
    return this.iterations();
  }

  fit(X: MatrixInput, _y?: Labels, options?: FitOptions): this {
    // X is only read: a float64 table is used in place (no copy of a large table).
    const x = toMatrix(X, 'KMeans.fit: X', { copy: false });
    const p = this.params;
    if (x.rows < p.nClusters) throw new ShapeError(`KMeans.fit: X has ${x.rows} rows, fewer than nClusters = ${p.nClusters}`);
    const given = typeof p.init === 'object' ? toMatrix(p.init, 'KMeans: init') : undefined;
    if (given && given.cols !== x.cols) throw new ShapeError(`KMeans: init has ${given.cols} features, X has ${x.cols}`);
    const nInit = p.nInit === 'auto' ? (p.init === 'random' ? 10 : 1) : p.nInit;
    const tol = p.tol * meanVariance(x);
    const norms = rowSquaredNorms(x);
    const rng = new Generator(p.randomState);
    let best: KMeansRun | undefined;
    // X is copied into wasm memory once for k-means++ and every iteration of every run.
    const resident = new ResidentMatrix(x);
    // Lloyd's labels screened in exact integer products when X is integers over one scale (kmeans-screen.ts).
    const integer = p.algorithm === 'lloyd' && isInitialized() ? IntegerRows.of(x) : null;
    const runs = (): void => {
      for (let run = 0; run < nInit; run++) {
        checkAborted(options, 'KMeans.fit');
        const init = given ?? (p.init === 'random' ? randomRows(x, p.nClusters, rng) : kmeansPlusPlus(x, p.nClusters, rng, norms, resident));
        const onIteration = (iter: number, shift: number): void => {
          checkAborted(options, 'KMeans.fit');
          report(options, { stage: `run ${run + 1} of ${nInit}`, done: iter, total: p.maxIter, value: shift });
        };
        const step = p.algorithm === 'elkan' ? elkanStep(x, p.nClusters, norms, resident) : integer !== null ? screenedLloydStep(x, norms, resident, integer) : undefined;
        const result = lloyd(x, init, p.maxIter, tol, norms, onIteration, resident, step);
        if (best === undefined || result.inertia < best.inertia) best = result;
      }
    };
    try {
      // The integer rows held as int16 for every run's screened steps.
      if (integer !== null) integer.hold(runs);
      else runs();
    } finally {
      resident.dispose();
      integer?.dispose();
    }
    this.state = { centers: { rows: p.nClusters, cols: x.cols, data: best!.centers }, labels: best!.labels, inertia: best!.inertia, iterations: best!.nIter };
    return this;
  }

  static fromJSON(json: EstimatorJSON): KMeans {
    return CentroidClusterer.restore(new KMeans(json.params as Partial<KMeansParams>), json);
  }
}
