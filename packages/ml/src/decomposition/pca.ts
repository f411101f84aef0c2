// Principal component analysis as scikit-learn's sklearn.decomposition.PCA: centre the data, take
// the leading right singular vectors as components, explained variance s²/(n-1) and its ratio,
// optional whitening, inverse transform, nComponents as a count, a variance fraction in (0, 1) or
// null (all min(n, d)). Signs follow svd_flip(u_based_decision=False): the largest-magnitude entry
// of every component is positive, so results match scikit-learn's up to rounding.
// Solvers: 'covariance_eigh' (scatter matrix of the raw data's non-constant columns, centred in wasm
// panels, or the Gram matrix when n < d; then the symmetric eigendecomposition in wasm),
// 'full' (Jacobi SVD of the centred data), 'randomized' (Halko et al.); 'auto' picks covariance_eigh
// when min(n, d) <= 1000, randomized when an integer nComponents is below 0.8 min(n, d), else full.
import { ArgumentError, ShapeError, toMatrix, type Matrix, type MatrixInput } from '@neurite/tensor';
import { BaseEstimator, checkAborted, report, type EstimatorJSON } from '../base/estimator.ts';
import { gemmAB, gemmABt } from '../base/float64-gemm.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';
import { flipSigns, fullSvd, gramEigh, scatterEigh } from './pca-solvers.ts';
import { randomizedSvd } from './randomized-svd.ts';

export interface PCAParams {
  [key: string]: unknown;
  /** A count (integer >= 1), a fraction of the variance to keep in (0, 1), or null for min(n, d). */
  nComponents: number | null;
  whiten: boolean;
  svdSolver: 'auto' | 'full' | 'covariance_eigh' | 'randomized';
  iteratedPower: number | 'auto';
  nOversamples: number;
  randomState: number;
}

interface PCAState {
  components: Matrix;
  explainedVariance: Float64Array;
  explainedVarianceRatio: Float64Array;
  singularValues: Float64Array;
  mean: Float64Array;
  noiseVariance: number;
  nSamples: number;
}

/** Column means of x, four rows at a time (one pass over the rows, a quarter of the stores into the sums). */
function columnMeans(x: Matrix): Float64Array {
  const n = x.rows, d = x.cols, data = x.data, sums = new Float64Array(d);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const r0 = i * d, r1 = r0 + d, r2 = r1 + d, r3 = r2 + d;
    for (let f = 0; f < d; f++) sums[f] += data[r0 + f]! + data[r1 + f]! + data[r2 + f]! + data[r3 + f]!;
  }
  for (; i < n; i++) for (let f = 0; f < d; f++) sums[f] += data[i * d + f]!;
  for (let f = 0; f < d; f++) sums[f] /= n;
  return sums;
}

export class PCA extends BaseEstimator<PCAParams> {
  private state?: PCAState;

  constructor(params?: Partial<PCAParams>) {
    super({ nComponents: null, whiten: false, svdSolver: 'auto', iteratedPower: 'auto', nOversamples: 10, randomState: 0 }, params);
  }

  protected override validateParams(p: PCAParams): void {
    const c = p.nComponents;
    if (c !== null && !(typeof c === 'number' && ((Number.isInteger(c) && c >= 1) || (c > 0 && c < 1)))) {
      throw new ArgumentError(`PCA: nComponents must be null, an integer >= 1 or a fraction in (0, 1), got ${String(c)}`);
    }
    if (!['auto', 'full', 'covariance_eigh', 'randomized'].includes(p.svdSolver)) throw new ArgumentError(`PCA: svdSolver must be 'auto', 'full', 'covariance_eigh' or 'randomized', got ${String(p.svdSolver)}`);
    if (p.svdSolver === 'randomized' && c !== null && c < 1) throw new ArgumentError(`PCA: nComponents as a fraction (${c}) needs svdSolver 'full', 'covariance_eigh' or 'auto'`);
    if (p.iteratedPower !== 'auto' && (!Number.isInteger(p.iteratedPower) || p.iteratedPower < 0)) throw new ArgumentError(`PCA: iteratedPower must be 'auto' or an integer >= 0, got ${String(p.iteratedPower)}`);
    if (!Number.isInteger(p.nOversamples) || p.nOversamples < 0) throw new ArgumentError(`PCA: nOversamples must be an integer >= 0, got ${p.nOversamples}`);
    if (typeof p.whiten !== 'boolean') throw new ArgumentError(`PCA: whiten must be a boolean, got ${String(p.whiten)}`);
    if (!Number.isInteger(p.randomState)) throw new ArgumentError(`PCA: randomState must be an integer, got ${p.randomState}`);
  }

  private get s(): PCAState {
    return this.fitted(this.state, 'components');
  }
  /** Principal axes as rows [nComponents, features]. */
  get components(): Matrix {
    const c = this.s.components;
    return { rows: c.rows, cols: c.cols, data: c.data.slice() };
  }
  get nComponents(): number {
    return this.s.components.rows;
  }
  /** Variance along each component (s² / (n - 1)). */
  get explainedVariance(): Float64Array {
    return this.s.explainedVariance.slice();
  }
  get explainedVarianceRatio(): Float64Array {
    return this.s.explainedVarianceRatio.slice();
  }
  get singularValues(): Float64Array {
    return this.s.singularValues.slice();
  }
  /** Per-feature mean of the training data. */
  get mean(): Float64Array {
    return this.s.mean.slice();
  }
  /** Probabilistic PCA noise: the mean variance of the dropped components (0 when none is dropped). */
  get noiseVariance(): number {
    return this.s.noiseVariance;
  }

  fit(X: MatrixInput, _y?: Labels, options?: FitOptions): this {
    // X is only read: a float64 table is used in place, and its check for NaN and infinities is the mean's (below).
    const x = toMatrix(X, 'PCA.fit: X', { copy: false, allowNonFinite: true });
    const n = x.rows, d = x.cols, limit = Math.min(n, d);
    const p = this.params;
    if (n < 2) throw new ShapeError(`PCA.fit: X needs at least 2 rows, got ${n}`);
    if (p.nComponents !== null && p.nComponents >= 1 && p.nComponents > limit) throw new ArgumentError(`PCA: nComponents = ${p.nComponents} exceeds min(rows, features) = ${limit}`);
    checkAborted(options, 'PCA.fit');
    const mean = columnMeans(x);
    // A column with NaN or an infinity has a mean that is not finite (so may one of huge finite values): toMatrix names the cell.
    if (!mean.every(Number.isFinite)) toMatrix(X, 'PCA.fit: X');
    let solver = p.svdSolver;
    const count = p.nComponents !== null && p.nComponents >= 1 ? p.nComponents : undefined;
    if (solver === 'auto') solver = limit <= 1000 ? 'covariance_eigh' : count !== undefined && count < 0.8 * limit ? 'randomized' : 'full';
    report(options, { stage: solver, done: 0, total: 1 });
    let squared: Float64Array, vt: Float64Array, totalVariance = 0;
    // The scatter's eigenvectors come signed by svd_flip's rule already (the eigensolver's; the zeros of
    // constant columns cannot hold a row's largest entry), so only the other solvers' rows are flipped.
    const signed = solver === 'covariance_eigh' && n >= d;
    if (signed) {
      // The raw data goes in: the scatter matrix is formed from centred panels in wasm memory.
      let trace: number;
      ({ squared, vt, trace } = scatterEigh(x));
      totalVariance = trace / (n - 1);
    } else {
      const centred = new Float64Array(n * d);
      for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) centred[i * d + f] = x.data[i * d + f]! - mean[f]!;
      const xc: Matrix = { rows: n, cols: d, data: centred };
      for (let i = 0; i < centred.length; i++) totalVariance += centred[i]! * centred[i]!;
      totalVariance /= n - 1;
      if (solver === 'randomized') {
        const k = count ?? limit;
        const r = randomizedSvd(xc, k, { nOversamples: p.nOversamples, nIter: p.iteratedPower, seed: p.randomState });
        squared = r.s.map((v) => v * v);
        vt = r.vt.data;
      } else {
        ({ squared, vt } = solver === 'full' ? fullSvd(xc) : gramEigh(xc));
      }
    }
    checkAborted(options, 'PCA.fit');
    const variance = squared.map((v) => v / (n - 1));
    let k: number;
    if (p.nComponents === null) k = Math.min(limit, squared.length);
    else if (p.nComponents >= 1) k = p.nComponents;
    else {
      // scikit-learn: searchsorted(cumsum(ratio), fraction, side='right') + 1
      let cumulative = 0;
      k = variance.length;
      for (let i = 0; i < variance.length; i++) {
        cumulative += variance[i]! / totalVariance;
        if (cumulative > p.nComponents) {
          k = i + 1;
          break;
        }
      }
    }
    let noiseVariance = 0;
    if (k < limit) {
      if (solver === 'randomized') noiseVariance = (totalVariance - variance.slice(0, k).reduce((s, v) => s + v, 0)) / (limit - k);
      else noiseVariance = variance.slice(k, limit).reduce((s, v) => s + v, 0) / (limit - k);
    }
    const components = vt.slice(0, k * d);
    if (!signed) flipSigns(components, k, d);
    const explainedVariance = variance.slice(0, k);
    this.state = {
      components: { rows: k, cols: d, data: components }, explainedVariance,
      explainedVarianceRatio: explainedVariance.map((v) => v / totalVariance),
      singularValues: squared.slice(0, k).map(Math.sqrt), mean, noiseVariance, nSamples: n,
    };
    report(options, { stage: solver, done: 1, total: 1 });
    return this;
  }

  /** Projects X on the components ((X - mean) Vᵀ), divided by sqrt(explainedVariance) when whitening. */
  transform(X: MatrixInput): Matrix {
    const s = this.s;
    const x = toMatrix(X, 'PCA.transform: X');
    const d = s.mean.length, k = s.components.rows;
    if (x.cols !== d) throw new ShapeError(`PCA.transform: X has ${x.cols} features, the model was fitted on ${d}`);
    const centred = new Float64Array(x.data.length);
    for (let i = 0; i < x.rows; i++) for (let f = 0; f < d; f++) centred[i * d + f] = x.data[i * d + f]! - s.mean[f]!;
    const out = gemmABt({ rows: x.rows, cols: d, data: centred }, s.components);
    if (this.params.whiten) {
      for (let i = 0; i < x.rows; i++) for (let j = 0; j < k; j++) out[i * k + j] /= Math.sqrt(s.explainedVariance[j]!);
    }
    return { rows: x.rows, cols: k, data: out };
  }

  fitTransform(X: MatrixInput, y?: Labels, options?: FitOptions): Matrix {
    return this.fit(X, y, options).transform(X);
  }

  /** Maps component scores back to feature space: Z V + mean (Z scaled back first when whitening). */
  inverseTransform(Z: MatrixInput): Matrix {
    const s = this.s;
    const z = toMatrix(Z, 'PCA.inverseTransform: Z');
    const k = s.components.rows, d = s.mean.length;
    if (z.cols !== k) throw new ShapeError(`PCA.inverseTransform: Z has ${z.cols} columns, the model has ${k} components`);
    const scores = z.data.slice();
    if (this.params.whiten) for (let i = 0; i < z.rows; i++) for (let j = 0; j < k; j++) scores[i * k + j] *= Math.sqrt(s.explainedVariance[j]!);
    const out = gemmAB({ rows: z.rows, cols: k, data: scores }, s.components);
    for (let i = 0; i < z.rows; i++) for (let f = 0; f < d; f++) out[i * d + f] += s.mean[f]!;
    return { rows: z.rows, cols: d, data: out };
  }

  toJSON(): EstimatorJSON {
    const s = this.state;
    const state = s === undefined ? null : {
      components: Array.from(s.components.data), nComponents: s.components.rows, explainedVariance: [...s.explainedVariance],
      explainedVarianceRatio: [...s.explainedVarianceRatio], singularValues: [...s.singularValues], mean: [...s.mean],
      noiseVariance: s.noiseVariance, nSamples: s.nSamples,
    };
    return { type: 'PCA', params: this.getParams(), state };
  }

  static fromJSON(json: EstimatorJSON): PCA {
    if (json === null || typeof json !== 'object' || json.type !== 'PCA') throw new ArgumentError(`PCA.fromJSON: expected { type: 'PCA', params, state }`);
    const model = new PCA(json.params as Partial<PCAParams>);
    const s = json.state as Record<string, number[] | number> | null;
    if (s !== null) {
      const mean = Float64Array.from(s.mean as number[]), k = s.nComponents as number;
      const components = Float64Array.from(s.components as number[]);
      if (components.length !== k * mean.length) throw new ShapeError(`PCA.fromJSON: ${components.length} component values for ${k} x ${mean.length}`);
      model.state = {
        components: { rows: k, cols: mean.length, data: components }, explainedVariance: Float64Array.from(s.explainedVariance as number[]),
        explainedVarianceRatio: Float64Array.from(s.explainedVarianceRatio as number[]), singularValues: Float64Array.from(s.singularValues as number[]),
        mean, noiseVariance: s.noiseVariance as number, nSamples: s.nSamples as number,
      };
    }
    return model;
  }
}
