// t-SNE as scikit-learn's sklearn.manifold.TSNE (van der Maaten & Hinton 2008; Barnes-Hut:
// van der Maaten 2014): perplexity 30, earlyExaggeration 12 for the first 250 iterations with
// momentum 0.5, then momentum 0.8; learningRate 'auto' = max(n / earlyExaggeration / 4, 50)
// (Belkina et al. 2019); delta-bar-delta gains (+0.2 / x0.8, at least 0.01); init 'pca' (scaled
// so the first coordinate has standard deviation 1e-4) or 'random' (N(0, 1e-4²)); stops at
// maxIter, when the gradient norm falls below minGradNorm, or after nIterWithoutProgress
// iterations without a lower KL divergence (checked every 50 iterations). Seeded by randomState:
// runs are reproducible, though not bit-equal to scikit-learn's (different random streams).
import { ArgumentError, Generator, ShapeError, toMatrix, type Matrix, type MatrixInput } from '@neurite/tensor';
import { BaseEstimator, checkAborted, report, type EstimatorJSON } from '../base/estimator.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';
import { PCA } from './pca.ts';
import { exactAffinities, neighbourAffinities } from './tsne-affinities.ts';
import { BarnesHutTree } from './barnes-hut-tree.ts';
import { barnesHutGradient, exactGradient } from './tsne-gradient.ts';

export interface TSNEParams {
  [key: string]: unknown;
  nComponents: number;
  perplexity: number;
  earlyExaggeration: number;
  learningRate: number | 'auto';
  maxIter: number;
  nIterWithoutProgress: number;
  minGradNorm: number;
  init: 'pca' | 'random';
  method: 'barnes_hut' | 'exact';
  angle: number;
  randomState: number;
}

const EXPLORATION_ITERATIONS = 250;
const CHECK_EVERY = 50;

export class TSNE extends BaseEstimator<TSNEParams> {
  private embeddingState?: Matrix;
  private kl?: number;
  private iterations?: number;

  constructor(params?: Partial<TSNEParams>) {
    super({
      nComponents: 2, perplexity: 30, earlyExaggeration: 12, learningRate: 'auto', maxIter: 1000, nIterWithoutProgress: 300, minGradNorm: 1e-7,
      init: 'pca', method: 'barnes_hut', angle: 0.5, randomState: 0,
    }, params);
  }

  protected override validateParams(p: TSNEParams): void {
    if (!Number.isInteger(p.nComponents) || p.nComponents < 1) throw new ArgumentError(`TSNE: nComponents must be an integer >= 1, got ${p.nComponents}`);
    if (p.method === 'barnes_hut' && p.nComponents > 3) throw new ArgumentError(`TSNE: method 'barnes_hut' supports nComponents up to 3 (a tree of 2^nComponents children per cell), got ${p.nComponents}; use method 'exact'`);
    if (!(p.perplexity > 0)) throw new ArgumentError(`TSNE: perplexity must be > 0, got ${p.perplexity}`);
    if (!(p.earlyExaggeration >= 1)) throw new ArgumentError(`TSNE: earlyExaggeration must be >= 1, got ${p.earlyExaggeration}`);
    if (p.learningRate !== 'auto' && !(p.learningRate > 0)) throw new ArgumentError(`TSNE: learningRate must be 'auto' or > 0, got ${String(p.learningRate)}`);
    if (!Number.isInteger(p.maxIter) || p.maxIter < EXPLORATION_ITERATIONS) throw new ArgumentError(`TSNE: maxIter must be an integer >= 250, got ${p.maxIter}`);
    if (!Number.isInteger(p.nIterWithoutProgress) || p.nIterWithoutProgress < 1) throw new ArgumentError(`TSNE: nIterWithoutProgress must be an integer >= 1, got ${p.nIterWithoutProgress}`);
    if (!(p.minGradNorm >= 0)) throw new ArgumentError(`TSNE: minGradNorm must be >= 0, got ${p.minGradNorm}`);
    if (p.init !== 'pca' && p.init !== 'random') throw new ArgumentError(`TSNE: init must be 'pca' or 'random', got ${String(p.init)}`);
    if (p.method !== 'barnes_hut' && p.method !== 'exact') throw new ArgumentError(`TSNE: method must be 'barnes_hut' or 'exact', got ${String(p.method)}`);
    if (!(p.angle >= 0 && p.angle <= 1)) throw new ArgumentError(`TSNE: angle must be in [0, 1], got ${p.angle}`);
    if (!Number.isInteger(p.randomState)) throw new ArgumentError(`TSNE: randomState must be an integer, got ${p.randomState}`);
  }

  /** The embedding of the training rows [n, nComponents]. */
  get embedding(): Matrix {
    const e = this.fitted(this.embeddingState, 'embedding');
    return { rows: e.rows, cols: e.cols, data: e.data.slice() };
  }
  /** KL(P || Q) after optimisation. */
  get klDivergence(): number {
    return this.fitted(this.kl, 'klDivergence');
  }
  get nIter(): number {
    return this.fitted(this.iterations, 'nIter');
  }

  fit(X: MatrixInput, _y?: Labels, options?: FitOptions): this {
    const x = toMatrix(X, 'TSNE.fit: X');
    const p = this.params, n = x.rows, dims = p.nComponents;
    if (p.perplexity >= n) throw new ArgumentError(`TSNE: perplexity (${p.perplexity}) must be less than the number of rows (${n})`);
    if (n < 2) throw new ShapeError(`TSNE.fit: X needs at least 2 rows, got ${n}`);
    const rng = new Generator(p.randomState);
    report(options, { stage: 'affinities', done: 0, total: p.maxIter });
    const exact = p.method === 'exact';
    const dense = exact ? exactAffinities(x, p.perplexity) : undefined;
    const sparse = exact ? undefined : neighbourAffinities(x, p.perplexity);
    const y = new Float64Array(n * dims);
    if (p.init === 'pca' && x.cols >= dims) {
      const scores = new PCA({ nComponents: dims, svdSolver: 'randomized', randomState: p.randomState }).fitTransform(x).data;
      let mean = 0, variance = 0;
      for (let i = 0; i < n; i++) mean += scores[i * dims]!;
      mean /= n;
      for (let i = 0; i < n; i++) variance += (scores[i * dims]! - mean) ** 2;
      const scale = 1e-4 / Math.sqrt(variance / n || 1);
      for (let i = 0; i < y.length; i++) y[i] = scores[i]! * scale;
    } else {
      for (let i = 0; i < y.length; i++) y[i] = 1e-4 * rng.normal();
    }
    const learningRate = p.learningRate === 'auto' ? Math.max(n / p.earlyExaggeration / 4, 50) : p.learningRate;
    const scaleP = (factor: number): void => {
      const values = dense ?? sparse!.values;
      for (let i = 0; i < values.length; i++) values[i] *= factor;
    };
    const scratch = dense ? new Float64Array(n * dims) : undefined;
    const tree = dense ? undefined : new BarnesHutTree(n, dims as 1 | 2 | 3), repulsive = new Float64Array(n * dims), attract = new Float64Array(n * dims);
    const gradient = (grad: Float64Array, withError: boolean): number =>
      dense ? exactGradient(dense, y, n, dims, grad, withError, scratch!) : barnesHutGradient(sparse!, y, n, dims as 1 | 2 | 3, p.angle, grad, withError, tree, repulsive, attract);

    scaleP(p.earlyExaggeration);
    const update = new Float64Array(n * dims), gains = new Float64Array(n * dims).fill(1), grad = new Float64Array(n * dims);
    let kl = Infinity, bestError = Infinity, bestIter = 0, iter = 0;
    for (; iter < p.maxIter; iter++) {
      if (iter === EXPLORATION_ITERATIONS) {
        scaleP(1 / p.earlyExaggeration);
        bestError = Infinity;
        bestIter = iter;
        // scikit-learn runs the second phase as a fresh _gradient_descent: zero update, unit gains.
        update.fill(0);
        gains.fill(1);
      }
      const exploring = iter < EXPLORATION_ITERATIONS;
      const momentum = exploring ? 0.5 : 0.8;
      const check = (iter + 1) % CHECK_EVERY === 0 || iter === p.maxIter - 1;
      const error = gradient(grad, check);
      let norm = 0;
      for (let i = 0; i < grad.length; i++) {
        const g = grad[i]!;
        norm += g * g;
        const gain = update[i]! * g < 0 ? gains[i]! + 0.2 : gains[i]! * 0.8;
        gains[i] = gain < 0.01 ? 0.01 : gain;
        update[i] = momentum * update[i]! - learningRate * gains[i]! * g;
        y[i] += update[i]!;
      }
      norm = Math.sqrt(norm);
      if (check) {
        checkAborted(options, 'TSNE.fit');
        kl = exploring ? error / p.earlyExaggeration - Math.log(p.earlyExaggeration) : error;
        report(options, { stage: exploring ? 'early exaggeration' : 'optimisation', done: iter + 1, total: p.maxIter, value: kl });
        if (error < bestError) {
          bestError = error;
          bestIter = iter;
        } else if (iter - bestIter > p.nIterWithoutProgress) break;
        if (norm <= p.minGradNorm) break;
      }
    }
    if (iter < EXPLORATION_ITERATIONS) scaleP(1 / p.earlyExaggeration);
    this.embeddingState = { rows: n, cols: dims, data: y };
    this.kl = kl;
    this.iterations = Math.min(iter + 1, p.maxIter);
    return this;
  }

  fitTransform(X: MatrixInput, y?: Labels, options?: FitOptions): Matrix {
    return this.fit(X, y, options).embedding;
  }

  toJSON(): EstimatorJSON {
    const e = this.embeddingState;
    const state = e === undefined ? null : { embedding: Array.from(e.data), rows: e.rows, klDivergence: this.kl!, nIter: this.iterations! };
    return { type: 'TSNE', params: this.getParams(), state };
  }

  static fromJSON(json: EstimatorJSON): TSNE {
    if (json === null || typeof json !== 'object' || json.type !== 'TSNE') throw new ArgumentError(`TSNE.fromJSON: expected { type: 'TSNE', params, state }`);
    const model = new TSNE(json.params as Partial<TSNEParams>);
    const s = json.state as { embedding: number[]; rows: number; klDivergence: number; nIter: number } | null;
    if (s !== null) {
      const cols = model.params.nComponents;
      if (s.embedding.length !== s.rows * cols) throw new ShapeError(`TSNE.fromJSON: ${s.embedding.length} values for ${s.rows} x ${cols}`);
      model.embeddingState = { rows: s.rows, cols, data: Float64Array.from(s.embedding) };
      model.kl = s.klDivergence;
      model.iterations = s.nIter;
    }
    return model;
  }
}
