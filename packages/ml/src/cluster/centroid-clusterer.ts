// The fitted state and the methods that KMeans and MiniBatchKMeans share: centres, training labels
// and inertia behind NotFittedError getters; predict, transform (distances to every centre),
// score (minus the inertia of X), fitPredict / fitTransform; and the JSON state of centres, labels,
// inertia and one iteration counter whose name each subclass gives (nIter or nSteps).
import { ShapeError, toMatrix, type Matrix, type MatrixInput } from '@neurite/tensor';
import { BaseEstimator, type EstimatorJSON } from '../base/estimator.ts';
import { rowSquaredNorms, squaredDistances } from '../base/float64-gemm.ts';
import type { FitOptions, Labels, Params } from '../base/protocol.ts';
import { checkJSON, matrixToRows } from './cluster-utils.ts';
import { assign } from './kmeans-lloyd.ts';

/** What fit learns: centres [nClusters, features], every training row's cluster, the inertia and an iteration count. */
export interface CentroidFit {
  centers: Matrix;
  labels: Int32Array;
  inertia: number;
  iterations: number;
}

export abstract class CentroidClusterer<P extends Params> extends BaseEstimator<P> {
  protected state?: CentroidFit;
  /** The class name written to JSON and used in messages (stable under minification). */
  protected abstract readonly typeName: string;
  /** The name of the iteration counter in JSON and in its getter ('nIter' or 'nSteps'). */
  protected abstract readonly iterationsName: string;

  abstract fit(X: MatrixInput, y?: Labels, options?: FitOptions): this;

  /** Learned centres [nClusters, features]. */
  get clusterCenters(): Matrix {
    const c = this.fitted(this.state, 'clusterCenters').centers;
    return { rows: c.rows, cols: c.cols, data: c.data.slice() };
  }
  /** Cluster index of every training row. */
  get labels(): Int32Array {
    return this.fitted(this.state, 'labels').labels.slice();
  }
  /** Sum of squared distances of the training rows to their closest centre. */
  get inertia(): number {
    return this.fitted(this.state, 'inertia').inertia;
  }

  protected iterations(): number {
    return this.fitted(this.state, this.iterationsName).iterations;
  }

  /** The centres, after checking that X has their number of features. */
  private centersFor(X: MatrixInput, method: string): { x: Matrix; c: Matrix } {
    const c = this.fitted(this.state, 'clusterCenters').centers;
    const x = toMatrix(X, `${this.typeName}.${method}: X`);
    if (x.cols !== c.cols) throw new ShapeError(`${this.typeName}.${method}: X has ${x.cols} features, the model was fitted on ${c.cols}`);
    return { x, c };
  }

  /** The closest centre of every row. */
  predict(X: MatrixInput): Int32Array {
    const { x, c } = this.centersFor(X, 'predict');
    return assign(x, c, rowSquaredNorms(x)).labels;
  }

  fitPredict(X: MatrixInput, y?: Labels, options?: FitOptions): Int32Array {
    return this.fit(X, y, options).labels;
  }

  /** Euclidean distances [rows, nClusters] to every centre (cluster-distance space). */
  transform(X: MatrixInput): Matrix {
    const { x, c } = this.centersFor(X, 'transform');
    const d = squaredDistances(x, c);
    for (let i = 0; i < d.length; i++) d[i] = Math.sqrt(d[i]!);
    return { rows: x.rows, cols: c.rows, data: d };
  }

  fitTransform(X: MatrixInput, y?: Labels, options?: FitOptions): Matrix {
    return this.fit(X, y, options).transform(X);
  }

  /** Opposite of the inertia of X for the learned centres (scikit-learn's score). */
  score(X: MatrixInput): number {
    const { x, c } = this.centersFor(X, 'score');
    const { distances } = assign(x, c, rowSquaredNorms(x));
    return -distances.reduce((s, v) => s + v, 0);
  }

  toJSON(): EstimatorJSON {
    const s = this.state;
    const state = s === undefined ? null : {
      clusterCenters: matrixToRows(s.centers), labels: [...s.labels], inertia: s.inertia, [this.iterationsName]: s.iterations,
    };
    return { type: this.typeName, params: this.getParams(), state };
  }

  /** Restores the state written by toJSON into a new, unfitted `model`. */
  protected static restore<M extends CentroidClusterer<Params>>(model: M, json: EstimatorJSON): M {
    const type = model.typeName;
    checkJSON(json, type);
    const s = json.state as Record<string, unknown> | null;
    if (s !== null) {
      model.state = {
        centers: toMatrix(s.clusterCenters as number[][], `${type}.fromJSON: clusterCenters`),
        labels: Int32Array.from(s.labels as number[]),
        inertia: s.inertia as number,
        iterations: s[model.iterationsName] as number,
      };
    }
    return model;
  }
}
