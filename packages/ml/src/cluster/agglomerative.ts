// AgglomerativeClustering in scikit-learn's terms (nClusters, linkage, distanceThreshold, Euclidean
// metric) on the O(n²)-memory linkage of ./linkage.ts. The fitted model keeps the full SciPy-format
// linkage matrix (dendrogram data), scikit-learn's children and distances, and the flat labels.
// With distanceThreshold the tree is cut where merges reach it (scikit-learn: clusters =
// 1 + number of merges with distance >= threshold). Labels are 0-based, numbered in SciPy fcluster's
// order; the partition equals scikit-learn's.
import { ArgumentError, ShapeError, toMatrix, type MatrixInput } from '@neurite/tensor';
import { BaseEstimator, type EstimatorJSON } from '../base/estimator.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';
import { checkJSON } from './cluster-utils.ts';
import { fcluster } from './fcluster.ts';
import { linkage, type LinkageMatrix, type LinkageMethod } from './linkage.ts';

export interface AgglomerativeClusteringParams {
  [key: string]: unknown;
  nClusters: number | null;
  linkage: LinkageMethod;
  distanceThreshold: number | null;
}

export class AgglomerativeClustering extends BaseEstimator<AgglomerativeClusteringParams> {
  private tree?: LinkageMatrix;
  private labelsValue?: Int32Array;

  constructor(params?: Partial<AgglomerativeClusteringParams>) {
    super({ nClusters: 2, linkage: 'ward', distanceThreshold: null }, params);
  }

  protected override validateParams(p: AgglomerativeClusteringParams): void {
    if ((p.nClusters === null) === (p.distanceThreshold === null)) throw new ArgumentError('AgglomerativeClustering: exactly one of nClusters and distanceThreshold must be non-null');
    if (p.nClusters !== null && (!Number.isInteger(p.nClusters) || p.nClusters < 1)) throw new ArgumentError(`AgglomerativeClustering: nClusters must be an integer >= 1, got ${p.nClusters}`);
    if (p.distanceThreshold !== null && !(p.distanceThreshold >= 0)) throw new ArgumentError(`AgglomerativeClustering: distanceThreshold must be >= 0, got ${p.distanceThreshold}`);
    if (!['single', 'complete', 'average', 'ward'].includes(p.linkage)) throw new ArgumentError(`AgglomerativeClustering: linkage must be 'ward', 'complete', 'average' or 'single', got ${String(p.linkage)}`);
  }

  /** SciPy-format linkage matrix [n - 1, 4]. */
  get linkageMatrix(): LinkageMatrix {
    const z = this.fitted(this.tree, 'linkageMatrix');
    return { rows: z.rows, cols: 4, data: z.data.slice() };
  }
  get labels(): Int32Array {
    return this.fitted(this.labelsValue, 'labels').slice();
  }
  get nClustersFitted(): number {
    const l = this.fitted(this.labelsValue, 'nClustersFitted');
    return l.reduce((m, v) => Math.max(m, v), -1) + 1;
  }
  get nLeaves(): number {
    return this.fitted(this.tree, 'nLeaves').rows + 1;
  }
  /** scikit-learn's children_: the two ids merged at each step. */
  get children(): [number, number][] {
    const z = this.fitted(this.tree, 'children');
    return Array.from({ length: z.rows }, (_, r) => [z.data[r * 4]!, z.data[r * 4 + 1]!] as [number, number]);
  }
  /** Merge distances in merge order. */
  get distances(): Float64Array {
    const z = this.fitted(this.tree, 'distances');
    return Float64Array.from({ length: z.rows }, (_, r) => z.data[r * 4 + 2]!);
  }

  fit(X: MatrixInput, _y?: Labels, options?: FitOptions): this {
    const x = toMatrix(X, 'AgglomerativeClustering.fit: X');
    const p = this.params;
    if (p.nClusters !== null && p.nClusters > x.rows) throw new ShapeError(`AgglomerativeClustering.fit: nClusters = ${p.nClusters} exceeds the ${x.rows} rows of X`);
    if (x.rows === 1) {
      this.tree = { rows: 0, cols: 4, data: new Float64Array(0) };
      this.labelsValue = new Int32Array(1);
      return this;
    }
    const z = linkage(x, p.linkage, options);
    let k = p.nClusters;
    if (k === null) {
      k = 1;
      for (let r = 0; r < z.rows; r++) if (z.data[r * 4 + 2]! >= p.distanceThreshold!) k++;
    }
    const labels = fcluster(z, k, 'maxclust');
    for (let i = 0; i < labels.length; i++) labels[i]--;
    this.tree = z;
    this.labelsValue = labels;
    return this;
  }

  fitPredict(X: MatrixInput, y?: Labels, options?: FitOptions): Int32Array {
    return this.fit(X, y, options).labels;
  }

  toJSON(): EstimatorJSON {
    const state = this.tree === undefined ? null : { linkage: Array.from(this.tree.data), labels: Array.from(this.labelsValue!) };
    return { type: 'AgglomerativeClustering', params: this.getParams(), state };
  }

  static fromJSON(json: EstimatorJSON): AgglomerativeClustering {
    checkJSON(json, 'AgglomerativeClustering');
    const model = new AgglomerativeClustering(json.params as Partial<AgglomerativeClusteringParams>);
    const s = json.state as { linkage: number[]; labels: number[] } | null;
    if (s !== null) {
      if (s.linkage.length !== (s.labels.length - 1) * 4) throw new ShapeError(`AgglomerativeClustering.fromJSON: ${s.linkage.length} linkage values for ${s.labels.length} points`);
      model.tree = { rows: s.labels.length - 1, cols: 4, data: Float64Array.from(s.linkage) };
      model.labelsValue = Int32Array.from(s.labels);
    }
    return model;
  }
}
