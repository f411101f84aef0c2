// Epsilon-support vector regression (scikit-learn's SVR, libsvm's epsilon-SVR) on the same SMO
// solver: 2n variables a, a* with f(x) = sum_i (a_i - a*_i) K(x_i, x) - rho; dualCoef holds a - a* of
// the support vectors and intercept is -rho, as scikit-learn's. BaseSVR is shared with NuSVR.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { BaseEstimator, checkAborted, type EstimatorJSON, report } from '../base/estimator.ts';
import { toTargets } from '../base/labels.ts';
import type { Labels } from '../base/protocol.ts';
import { optionalSampleWeights, type WeightedFitOptions } from '../base/sample-weight.ts';
import { regressionDecision } from './decision.ts';
import type { KernelSpec } from './kernel.ts';
import { cacheBytes, KERNEL_DEFAULTS, type KernelParams, kernelSpec, validateKernelParams } from './params.ts';
import { keepWeightedRows, keptValues } from './sample-weights.ts';
import { readArray, readCount, readEnvelope, readIndices, readSpec } from './serialize.ts';
import { type SvrModel, trainEpsilonSvr, type TrainOptions } from './train.ts';

export interface SVRParams extends KernelParams {
  /** Half-width of the tube in which errors cost nothing. */
  epsilon: number;
}

interface SVRState {
  spec: KernelSpec;
  supportVectors: Matrix;
  support: Int32Array;
  coef: Float64Array;
  rho: number;
  nIter: number;
}

export abstract class BaseSVR<P extends KernelParams> extends BaseEstimator<P> {
  private state?: SVRState;
  protected abstract readonly kind: string;

  /** Trains the model on checked data (the subclass's formulation). */
  protected abstract solve(x: Matrix, target: Float64Array, spec: KernelSpec, options: TrainOptions): SvrModel;

  /** With options.sampleWeight, sample i's bound is C times its weight (rows of weight 0 are dropped). */
  fit(X: MatrixInput, y: Labels, options?: WeightedFitOptions): this {
    const what = `${this.kind}.fit`;
    const x = toMatrix(X, `${what}: X`);
    const allTargets = toTargets(y, x.rows, `${what}: y`);
    const kept = keepWeightedRows(x, optionalSampleWeights(options, x.rows, what));
    const train = kept.x, target = keptValues(allTargets, kept.rows);
    checkAborted(options, what);
    const p = this.params;
    const spec = kernelSpec(p, x);
    const model = this.solve(train, target, spec, {
      eps: p.tol, shrinking: p.shrinking, maxIter: p.maxIter, cacheBytes: cacheBytes(p), sampleWeight: kept.sampleWeight,
      onIterations: (iterations) => {
        checkAborted(options, what);
        report(options, { stage: 'svr', done: iterations });
      },
    });
    const d = x.cols, nSV = model.support.length;
    const sv = new Float64Array(nSV * d);
    model.support.forEach((i, r) => sv.set(train.data.subarray(i * d, (i + 1) * d), r * d));
    const support = kept.rows === null ? model.support : model.support.map((i) => kept.rows![i]!);
    this.state = { spec, supportVectors: { rows: nSV, cols: d, data: sv }, support, coef: model.dualCoef, rho: model.rho, nIter: model.iterations };
    report(options, { stage: 'svr', done: model.iterations, total: model.iterations });
    return this;
  }

  private get fittedState(): SVRState {
    return this.fitted(this.state, 'state');
  }
  get supportVectors(): Matrix {
    const s = this.fitted(this.state, 'supportVectors').supportVectors;
    return { rows: s.rows, cols: s.cols, data: s.data.slice() };
  }
  get support(): Int32Array {
    return this.fitted(this.state, 'support').support.slice();
  }
  get nSupport(): Int32Array {
    return Int32Array.of(this.fitted(this.state, 'nSupport').support.length);
  }
  /** [1, nSV]: a - a* of each support vector. */
  get dualCoef(): Matrix {
    const s = this.fitted(this.state, 'dualCoef');
    return { rows: 1, cols: s.coef.length, data: s.coef.slice() };
  }
  get intercept(): Float64Array {
    return Float64Array.of(-this.fitted(this.state, 'intercept').rho);
  }
  get nIter(): number {
    return this.fitted(this.state, 'nIter').nIter;
  }
  get gamma(): number {
    return this.fitted(this.state, 'gamma').spec.gamma;
  }
  /** Primal weights [1, features] of a linear kernel. */
  get coef(): Matrix {
    const s = this.fitted(this.state, 'coef');
    if (s.spec.kernel !== 'linear') throw new ArgumentError(`${this.kind}.coef: only a linear kernel has primal weights, this one is ${s.spec.kernel}`);
    const d = s.supportVectors.cols, out = new Float64Array(d);
    for (let v = 0; v < s.coef.length; v++) for (let f = 0; f < d; f++) out[f]! += s.coef[v]! * s.supportVectors.data[v * d + f]!;
    return { rows: 1, cols: d, data: out };
  }

  predict(X: MatrixInput): Float64Array {
    const s = this.fittedState;
    const x = toMatrix(X, `${this.kind}.predict: X`);
    if (x.cols !== s.supportVectors.cols) throw new ArgumentError(`${this.kind}.predict: X has ${x.cols} features, ${this.kind} was fitted on ${s.supportVectors.cols}`);
    return regressionDecision(x, s.supportVectors, s.coef, s.rho, s.spec);
  }

  /** R^2 of predict on (X, y). */
  score(X: MatrixInput, y: Labels): number {
    const predicted = this.predict(X);
    const t = toTargets(y, predicted.length, `${this.kind}.score: y`);
    let mean = 0;
    for (const v of t) mean += v;
    mean /= t.length;
    let ssRes = 0, ssTot = 0;
    for (let i = 0; i < t.length; i++) {
      ssRes += (t[i]! - predicted[i]!) ** 2;
      ssTot += (t[i]! - mean) ** 2;
    }
    return ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot;
  }

  toJSON(): EstimatorJSON {
    const s = this.state;
    return {
      type: this.kind,
      params: this.getParams(),
      state: s === undefined ? null : {
        kernel: s.spec, cols: s.supportVectors.cols, supportVectors: Array.from(s.supportVectors.data), support: Array.from(s.support),
        dualCoef: Array.from(s.coef), rho: s.rho, nIter: s.nIter,
      },
    };
  }

  /** Restores the learned state of a serialised model (fromJSON of the subclasses). */
  protected restore(state: Record<string, unknown> | null): this {
    if (state === null) return this;
    const owner = this.kind;
    const cols = readCount(owner, state, 'cols', 1);
    const coef = readArray(owner, state, 'dualCoef');
    const nSV = coef.length;
    const rho = state.rho;
    if (typeof rho !== 'number' || !Number.isFinite(rho)) throw new ArgumentError(`${owner}.fromJSON: state.rho must be a finite number`);
    this.state = {
      spec: readSpec(owner, state.kernel), supportVectors: { rows: nSV, cols, data: readArray(owner, state, 'supportVectors', nSV * cols) },
      support: readIndices(owner, state, 'support', 2 ** 30, nSV), coef, rho, nIter: readCount(owner, state, 'nIter'),
    };
    return this;
  }
}

export class SVR extends BaseSVR<SVRParams> {
  protected readonly kind = 'SVR';

  constructor(params?: Partial<SVRParams>) {
    super({ ...KERNEL_DEFAULTS, epsilon: 0.1 }, params);
  }

  protected override validateParams(p: SVRParams): void {
    validateKernelParams('SVR', p);
    if (typeof p.epsilon !== 'number' || !(p.epsilon >= 0) || !Number.isFinite(p.epsilon)) throw new ArgumentError(`SVR: epsilon must be a finite number >= 0, got ${String(p.epsilon)}`);
  }

  protected solve(x: Matrix, target: Float64Array, spec: KernelSpec, options: TrainOptions): SvrModel {
    return trainEpsilonSvr(x, target, spec, this.params.C, this.params.epsilon, options);
  }

  static fromJSON(json: unknown): SVR {
    const { params, state } = readEnvelope('SVR', json);
    return new SVR(params as Partial<SVRParams>).restore(state);
  }
}
