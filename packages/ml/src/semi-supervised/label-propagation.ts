// LabelPropagation (Zhu & Ghahramani 2002) and LabelSpreading (Zhou et al. 2004, "Learning with
// local and global consistency") as scikit-learn's: unlabelled rows are marked -1 in y.
// Propagation: T = D⁻¹ W (rows of W normalised), F <- T F with rows normalised and the labelled
// rows clamped to their one-hot labels. Spreading: S = D^-1/2 W D^-1/2 with a zero diagonal
// (degrees as column sums of W without its diagonal, SciPy's normalised Laplacian), F <- alpha S F
// + (1 - alpha) Y. Both stop when sum |F - F_previous| < tol or after maxIter iterations.
import { ArgumentError, ShapeError, toMatrix, type Matrix, type MatrixInput } from '@neurite/tensor';
import { BaseEstimator, checkAborted, report, type EstimatorJSON } from '../base/estimator.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';
import { buildAffinity, type GraphKernel, nearestNeighbours, rbfKernel } from './graph.ts';

export interface LabelPropagationParams {
  [key: string]: unknown;
  kernel: GraphKernel;
  gamma: number;
  nNeighbors: number;
  maxIter: number;
  tol: number;
}

export interface LabelSpreadingParams extends LabelPropagationParams {
  alpha: number;
}

interface State {
  x: Matrix;
  classes: number[];
  distributions: Float64Array;
  transduction: number[];
  nIter: number;
}

abstract class BaseLabelPropagation<P extends LabelPropagationParams> extends BaseEstimator<P> {
  /** The class's name for toJSON and messages, spelled out: minifiers rename classes. */
  protected abstract get typeName(): string;
  protected state?: State;
  protected abstract readonly variant: 'propagation' | 'spreading';

  protected override validateParams(p: P): void {
    const name = this.typeName;
    if (p.kernel !== 'rbf' && p.kernel !== 'knn') throw new ArgumentError(`${name}: kernel must be 'rbf' or 'knn', got ${String(p.kernel)}`);
    if (!(p.gamma > 0) || !Number.isFinite(p.gamma)) throw new ArgumentError(`${name}: gamma must be a finite number > 0, got ${p.gamma}`);
    if (!Number.isInteger(p.nNeighbors) || p.nNeighbors < 1) throw new ArgumentError(`${name}: nNeighbors must be an integer >= 1, got ${p.nNeighbors}`);
    if (!Number.isInteger(p.maxIter) || p.maxIter < 1) throw new ArgumentError(`${name}: maxIter must be an integer >= 1, got ${p.maxIter}`);
    if (!(p.tol >= 0)) throw new ArgumentError(`${name}: tol must be >= 0, got ${p.tol}`);
  }

  /** The graph operator applied each iteration ([n, n] dense). */
  protected abstract graph(w: Float64Array, n: number): Float64Array;

  get classes(): number[] {
    return [...this.fitted(this.state, 'classes').classes];
  }
  /** Labels given to every training row (the labelled rows keep theirs under propagation). */
  get transduction(): number[] {
    return [...this.fitted(this.state, 'transduction').transduction];
  }
  /** Row-normalised label distributions [n, classes]. */
  get labelDistributions(): Matrix {
    const s = this.fitted(this.state, 'labelDistributions');
    return { rows: s.x.rows, cols: s.classes.length, data: s.distributions.slice() };
  }
  get nIter(): number {
    return this.fitted(this.state, 'nIter').nIter;
  }

  fit(X: MatrixInput, y: Labels, options?: FitOptions): this {
    const name = this.typeName;
    const x = toMatrix(X, `${name}.fit: X`);
    const n = x.rows;
    if (y.length !== n) throw new ShapeError(`${name}.fit: ${y.length} labels for ${n} rows`);
    const labels = Array.from(y as ArrayLike<number>, (v, i) => {
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new ArgumentError(`${name}.fit: y[${i}] is ${String(v)}; labels must be integers, -1 for unlabelled`);
      return v;
    });
    const classes = [...new Set(labels.filter((v) => v !== -1))].sort((a, b) => a - b);
    if (classes.length === 0) throw new ArgumentError(`${name}.fit: every label is -1; at least one labelled row is needed`);
    const p = this.params, c = classes.length;
    const graph = this.graph(buildAffinity(x, p.kernel, p.gamma, p.nNeighbors), n);
    let f = new Float64Array(n * c);
    labels.forEach((v, i) => {
      if (v !== -1) f[i * c + classes.indexOf(v)] = 1;
    });
    const alpha = this.variant === 'spreading' ? (p as unknown as LabelSpreadingParams).alpha : 1;
    const fixed = f.map((v, i) => (this.variant === 'propagation' ? (labels[Math.floor(i / c)] === -1 ? 0 : v) : v * (1 - alpha)));
    let previous = new Float64Array(n * c);
    let iter = 0;
    for (; iter < p.maxIter; iter++) {
      let change = 0;
      for (let i = 0; i < f.length; i++) change += Math.abs(f[i]! - previous[i]!);
      if (change < p.tol) break;
      if (iter % 10 === 0) {
        checkAborted(options, `${name}.fit`);
        report(options, { stage: this.variant, done: iter, total: p.maxIter, value: change });
      }
      previous = f;
      const next = new Float64Array(n * c);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const g = graph[i * n + j]!;
          if (g === 0) continue;
          for (let k = 0; k < c; k++) next[i * c + k] += g * previous[j * c + k]!;
        }
      }
      if (this.variant === 'propagation') {
        for (let i = 0; i < n; i++) {
          if (labels[i] !== -1) {
            for (let k = 0; k < c; k++) next[i * c + k] = fixed[i * c + k]!;
            continue;
          }
          let s = 0;
          for (let k = 0; k < c; k++) s += next[i * c + k]!;
          if (s === 0) s = 1;
          for (let k = 0; k < c; k++) next[i * c + k] /= s;
        }
      } else {
        for (let i = 0; i < next.length; i++) next[i] = alpha * next[i]! + fixed[i]!;
      }
      f = next;
    }
    // scikit-learn counts the iteration that did not converge within maxIter.
    const nIter = iter;
    const transduction: number[] = [];
    for (let i = 0; i < n; i++) {
      let s = 0, best = 0;
      for (let k = 0; k < c; k++) {
        s += f[i * c + k]!;
        if (f[i * c + k]! > f[i * c + best]!) best = k;
      }
      if (s === 0) s = 1;
      for (let k = 0; k < c; k++) f[i * c + k] /= s;
      transduction.push(classes[best]!);
    }
    this.state = { x, classes, distributions: f, transduction, nIter };
    return this;
  }

  /** Class probabilities of new rows from the kernel weights to the training rows. */
  predictProba(X: MatrixInput): Matrix {
    const s = this.fitted(this.state, 'classes');
    const q = toMatrix(X, `${this.typeName}.predictProba: X`);
    if (q.cols !== s.x.cols) throw new ShapeError(`${this.typeName}.predictProba: X has ${q.cols} features, the model was fitted on ${s.x.cols}`);
    const n = s.x.rows, c = s.classes.length, p = this.params;
    const out = new Float64Array(q.rows * c);
    if (p.kernel === 'knn') {
      const k = Math.min(p.nNeighbors, n);
      const nn = nearestNeighbours(s.x, q, k);
      for (let i = 0; i < q.rows; i++) for (let t = 0; t < k; t++) for (let j = 0; j < c; j++) out[i * c + j] += s.distributions[nn[i * k + t]! * c + j]!;
    } else {
      const w = rbfKernel(s.x, q, p.gamma);
      for (let i = 0; i < q.rows; i++) for (let r = 0; r < n; r++) {
        const g = w[i * n + r]!;
        if (g !== 0) for (let j = 0; j < c; j++) out[i * c + j] += g * s.distributions[r * c + j]!;
      }
    }
    for (let i = 0; i < q.rows; i++) {
      let sum = 0;
      for (let j = 0; j < c; j++) sum += out[i * c + j]!;
      for (let j = 0; j < c; j++) out[i * c + j] = sum === 0 ? 1 / c : out[i * c + j]! / sum;
    }
    return { rows: q.rows, cols: c, data: out };
  }

  predict(X: MatrixInput): number[] {
    const proba = this.predictProba(X), c = proba.cols, classes = this.state!.classes;
    return Array.from({ length: proba.rows }, (_, i) => {
      let best = 0;
      for (let k = 1; k < c; k++) if (proba.data[i * c + k]! > proba.data[i * c + best]!) best = k;
      return classes[best]!;
    });
  }

  /** Accuracy of predict on labelled rows. */
  score(X: MatrixInput, y: Labels): number {
    const predicted = this.predict(X);
    if (y.length !== predicted.length) throw new ShapeError(`${this.typeName}.score: ${y.length} labels for ${predicted.length} rows`);
    return predicted.filter((v, i) => v === y[i]).length / predicted.length;
  }

  toJSON(): EstimatorJSON {
    const s = this.state;
    const state = s === undefined ? null : {
      x: Array.from(s.x.data), cols: s.x.cols, classes: s.classes, distributions: Array.from(s.distributions), transduction: s.transduction, nIter: s.nIter,
    };
    return { type: this.typeName, params: this.getParams(), state };
  }

  protected restore(json: EstimatorJSON): this {
    const s = json.state as { x: number[]; cols: number; classes: number[]; distributions: number[]; transduction: number[]; nIter: number } | null;
    if (s !== null) {
      const rows = s.x.length / s.cols;
      if (!Number.isInteger(rows) || s.distributions.length !== rows * s.classes.length) throw new ShapeError(`${json.type}.fromJSON: inconsistent state sizes`);
      this.state = { x: { rows, cols: s.cols, data: Float64Array.from(s.x) }, classes: s.classes, distributions: Float64Array.from(s.distributions), transduction: s.transduction, nIter: s.nIter };
    }
    return this;
  }
}

function checkType(json: EstimatorJSON, type: string): void {
  if (json === null || typeof json !== 'object' || json.type !== type) throw new ArgumentError(`${type}.fromJSON: expected { type: '${type}', params, state }`);
}

export class LabelPropagation extends BaseLabelPropagation<LabelPropagationParams> {
  protected override get typeName(): string {
    return 'LabelPropagation';
  }

  protected readonly variant = 'propagation';

  constructor(params?: Partial<LabelPropagationParams>) {
    super({ kernel: 'rbf', gamma: 20, nNeighbors: 7, maxIter: 1000, tol: 1e-3 }, params);
  }

  protected graph(w: Float64Array, n: number): Float64Array {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += w[i * n + j]!;
      if (s !== 0) for (let j = 0; j < n; j++) w[i * n + j] /= s;
    }
    return w;
  }

  static fromJSON(json: EstimatorJSON): LabelPropagation {
    checkType(json, 'LabelPropagation');
    return new LabelPropagation(json.params as Partial<LabelPropagationParams>).restore(json);
  }
}

export class LabelSpreading extends BaseLabelPropagation<LabelSpreadingParams> {
  protected override get typeName(): string {
    return 'LabelSpreading';
  }

  protected readonly variant = 'spreading';

  constructor(params?: Partial<LabelSpreadingParams>) {
    super({ kernel: 'rbf', gamma: 20, nNeighbors: 7, alpha: 0.2, maxIter: 30, tol: 1e-3 }, params);
  }

  protected override validateParams(p: LabelSpreadingParams): void {
    super.validateParams(p);
    if (!(p.alpha > 0 && p.alpha < 1)) throw new ArgumentError(`LabelSpreading: alpha must be in (0, 1), got ${p.alpha}`);
  }

  protected graph(w: Float64Array, n: number): Float64Array {
    const degree = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i * n + i] = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) degree[j] += w[i * n + j]!;
    for (let j = 0; j < n; j++) degree[j] = degree[j] === 0 ? 1 : Math.sqrt(degree[j]!);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) w[i * n + j] /= degree[i]! * degree[j]!;
    return w;
  }

  static fromJSON(json: EstimatorJSON): LabelSpreading {
    checkType(json, 'LabelSpreading');
    return new LabelSpreading(json.params as Partial<LabelSpreadingParams>).restore(json);
  }
}
