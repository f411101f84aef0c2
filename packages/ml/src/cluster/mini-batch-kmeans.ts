// MiniBatchKMeans as scikit-learn's (Sculley 2010, "Web-scale k-means clustering"): each step
// assigns a random batch to its closest centres and moves every centre to the running mean of all
// points it has received: c <- (c w + sum(batch points)) / (w + count). Centres whose accumulated
// weight falls below reassignmentRatio x the largest are moved to random batch points every
// (10 + min weight) steps. The fit stops after maxIter epochs, or when the exponentially weighted
// batch inertia has not improved for maxNoImprovement steps (alpha = 2 batchSize / (n + 1)), or when
// the squared centre shift is <= tol (scaled by the mean feature variance) if tol > 0.
import { ArgumentError, Generator, ShapeError, toMatrix, type Matrix, type MatrixInput } from '@neurite/tensor';
import { checkAborted, report, type EstimatorJSON } from '../base/estimator.ts';
import { rowSquaredNorms } from '../base/float64-gemm.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';
import { CentroidClusterer } from './centroid-clusterer.ts';
import { checkCentersInit, meanVariance } from './cluster-utils.ts';
import { kmeansPlusPlus, randomRows } from './kmeans-init.ts';
import { assign, inertiaOf } from './kmeans-lloyd.ts';

export interface MiniBatchKMeansParams {
  [key: string]: unknown;
  nClusters: number;
  init: 'k-means++' | 'random' | readonly (readonly number[])[];
  maxIter: number;
  batchSize: number;
  tol: number;
  maxNoImprovement: number | null;
  reassignmentRatio: number;
  randomState: number;
}

export class MiniBatchKMeans extends CentroidClusterer<MiniBatchKMeansParams> {
  protected readonly typeName = 'MiniBatchKMeans';
  protected readonly iterationsName = 'nSteps';

  constructor(params?: Partial<MiniBatchKMeansParams>) {
    super({ nClusters: 8, init: 'k-means++', maxIter: 100, batchSize: 1024, tol: 0, maxNoImprovement: 10, reassignmentRatio: 0.01, randomState: 0 }, params);
  }

  protected override validateParams(p: MiniBatchKMeansParams): void {
    if (!Number.isInteger(p.nClusters) || p.nClusters < 1) throw new ArgumentError(`MiniBatchKMeans: nClusters must be an integer >= 1, got ${p.nClusters}`);
    if (p.init !== 'k-means++' && p.init !== 'random') checkCentersInit(p.init, p.nClusters, 'MiniBatchKMeans: init');
    if (!Number.isInteger(p.maxIter) || p.maxIter < 1) throw new ArgumentError(`MiniBatchKMeans: maxIter must be an integer >= 1, got ${p.maxIter}`);
    if (!Number.isInteger(p.batchSize) || p.batchSize < 1) throw new ArgumentError(`MiniBatchKMeans: batchSize must be an integer >= 1, got ${p.batchSize}`);
    if (!(p.tol >= 0)) throw new ArgumentError(`MiniBatchKMeans: tol must be >= 0, got ${p.tol}`);
    if (p.maxNoImprovement !== null && (!Number.isInteger(p.maxNoImprovement) || p.maxNoImprovement < 1)) throw new ArgumentError(`MiniBatchKMeans: maxNoImprovement must be null or an integer >= 1, got ${p.maxNoImprovement}`);
    if (!(p.reassignmentRatio >= 0)) throw new ArgumentError(`MiniBatchKMeans: reassignmentRatio must be >= 0, got ${p.reassignmentRatio}`);
    if (!Number.isInteger(p.randomState)) throw new ArgumentError(`MiniBatchKMeans: randomState must be an integer, got ${p.randomState}`);
  }

  /** Mini-batch steps taken. */
  get nSteps(): number {
    return this.iterations();
  }

  fit(X: MatrixInput, _y?: Labels, options?: FitOptions): this {
    const x = toMatrix(X, 'MiniBatchKMeans.fit: X');
    const p = this.params, n = x.rows, d = x.cols, k = p.nClusters;
    if (n < k) throw new ShapeError(`MiniBatchKMeans.fit: X has ${n} rows, fewer than nClusters = ${k}`);
    const rng = new Generator(p.randomState);
    const norms = rowSquaredNorms(x);
    let centers: Float64Array;
    if (typeof p.init === 'object') {
      const given = toMatrix(p.init, 'MiniBatchKMeans: init');
      if (given.cols !== d) throw new ShapeError(`MiniBatchKMeans: init has ${given.cols} features, X has ${d}`);
      centers = given.data.slice();
    } else {
      // As scikit-learn: initialise on a random subset of 3 x batchSize rows (at least k).
      const size = Math.min(n, Math.max(3 * p.batchSize, k));
      const ids = rng.permutation(n).subarray(0, size);
      const sub = new Float64Array(size * d);
      ids.forEach((r, i) => sub.set(x.data.subarray(r * d, r * d + d), i * d));
      const subset: Matrix = { rows: size, cols: d, data: sub };
      centers = (p.init === 'random' ? randomRows(subset, k, rng) : kmeansPlusPlus(subset, k, rng, rowSquaredNorms(subset))).data;
    }
    const batch = Math.min(p.batchSize, n);
    const steps = Math.ceil((p.maxIter * n) / batch);
    const tol = p.tol * meanVariance(x);
    const weights = new Float64Array(k);
    const alpha = Math.min(1, (2 * batch) / (n + 1));
    let ewa: number | undefined, best = Infinity, noImprovement = 0, step = 0;
    const rows = new Int32Array(batch), part = new Float64Array(batch * d), partNorms = new Float64Array(batch);
    for (; step < steps; step++) {
      if (step % 10 === 0) checkAborted(options, 'MiniBatchKMeans.fit');
      for (let i = 0; i < batch; i++) rows[i] = Math.floor(rng.random() * n);
      rows.forEach((r, i) => {
        part.set(x.data.subarray(r * d, r * d + d), i * d);
        partNorms[i] = norms[r]!;
      });
      const batchMatrix: Matrix = { rows: batch, cols: d, data: part };
      const { labels, distances } = assign(batchMatrix, { rows: k, cols: d, data: centers }, partNorms);
      const sums = new Float64Array(k * d), counts = new Float64Array(k);
      for (let i = 0; i < batch; i++) {
        const c = labels[i]!;
        counts[c]++;
        for (let f = 0; f < d; f++) sums[c * d + f] += part[i * d + f]!;
      }
      let shift = 0;
      for (let c = 0; c < k; c++) {
        if (counts[c] === 0) continue;
        const w = weights[c]! + counts[c]!;
        for (let f = 0; f < d; f++) {
          const next = (centers[c * d + f]! * weights[c]! + sums[c * d + f]!) / w;
          shift += (next - centers[c * d + f]!) ** 2;
          centers[c * d + f] = next;
        }
        weights[c] = w;
      }
      if (p.reassignmentRatio > 0 && (step + 1) % (10 + Math.floor(Math.min(...weights))) === 0) {
        const top = Math.max(...weights);
        const low: number[] = [];
        for (let c = 0; c < k; c++) if (weights[c]! < p.reassignmentRatio * top) low.push(c);
        const picks = rng.permutation(batch);
        low.slice(0, Math.floor(batch / 2)).forEach((c, t) => {
          centers.set(part.subarray(picks[t]! * d, picks[t]! * d + d), c * d);
          // scikit-learn gives a reassigned centre the smallest weight among the kept ones.
          let kept = Infinity;
          for (let j = 0; j < k; j++) if (!low.includes(j)) kept = Math.min(kept, weights[j]!);
          weights[c] = Number.isFinite(kept) ? kept : 0;
        });
      }
      const batchInertia = distances.reduce((s, v) => s + v, 0) / batch;
      ewa = ewa === undefined ? batchInertia : ewa * (1 - alpha) + batchInertia * alpha;
      report(options, { stage: 'mini-batch', done: step + 1, total: steps, value: ewa });
      if (tol > 0 && shift <= tol) break;
      if (ewa < best) {
        best = ewa;
        noImprovement = 0;
      } else if (p.maxNoImprovement !== null && ++noImprovement >= p.maxNoImprovement) break;
    }
    const centerMatrix: Matrix = { rows: k, cols: d, data: centers };
    const labels = assign(x, centerMatrix, norms).labels;
    this.state = { centers: centerMatrix, labels, inertia: inertiaOf(x, centers, labels), iterations: Math.min(step + 1, steps) };
    return this;
  }

  static fromJSON(json: EstimatorJSON): MiniBatchKMeans {
    return CentroidClusterer.restore(new MiniBatchKMeans(json.params as Partial<MiniBatchKMeansParams>), json);
  }
}
