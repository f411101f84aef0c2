// What SVC and NuSVC share (scikit-learn's BaseSVC over libsvm's C-SVC and nu-SVC): one-vs-one
// training on the SMO solver, the libsvm model layout, decision functions, votes, Platt
// probabilities and JSON. The subclasses give the hyperparameters and the per-pair costs or nu.
//
// Signs follow scikit-learn: with two classes dualCoef and intercept are negated from libsvm's so
// that a positive decision value means classes[1]; with more, pair (i, j) is positive for classes[i].
import { ArgumentError, Generator, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { BaseEstimator, checkAborted, type EstimatorJSON, report } from '../base/estimator.ts';
import { decodeLabels, encodeLabels } from '../base/labels.ts';
import type { Labels } from '../base/protocol.ts';
import { optionalSampleWeights, type WeightedFitOptions } from '../base/sample-weight.ts';
import { ovoDecision, ovoVotes, ovrFromOvo } from './decision.ts';
import type { KernelSpec } from './kernel.ts';
import { cacheBytes, KERNEL_DEFAULTS, type KernelParams, kernelSpec, validateKernelParams } from './params.ts';
import { ovoProbabilities, pairSigmoid } from './platt.ts';
import { keepWeightedRows, keptValues } from './sample-weights.ts';
import { readArray, readCount, readIndices, readSpec } from './serialize.ts';
import { trainOvo, type TrainOptions } from './train.ts';

export interface BaseSVCParams extends KernelParams {
  /** Fit Platt scaling on an internal 5-fold cross-validation (slower fit) so predictProba works. */
  probability: boolean;
  /** Shape of decisionFunction with more than two classes: 'ovr' (scikit-learn's default) or 'ovo'. */
  decisionFunctionShape: 'ovr' | 'ovo';
  /** Predict the argmax of the 'ovr' decision function instead of libsvm's first-most-voted class. */
  breakTies: boolean;
  /** Seed of the probability folds (null: seed 0; nothing here draws unseeded numbers). */
  randomState: number | null;
}

interface SVCState {
  classes: number[] | string[];
  spec: KernelSpec;
  supportVectors: Matrix;
  support: Int32Array;
  nSupport: Int32Array;
  /** libsvm's sv_coef layout and signs. */
  coef: Float64Array;
  rho: Float64Array;
  nIter: Int32Array;
  classWeight: Float64Array;
  probA: Float64Array | null;
  probB: Float64Array | null;
}

export const BASE_SVC_DEFAULTS = { ...KERNEL_DEFAULTS, probability: false, decisionFunctionShape: 'ovr' as 'ovr' | 'ovo', breakTies: false, randomState: null as number | null };

/** Per-class costs (C times the class weight) for C-SVC, or nu for nu-SVC. */
export interface PairCosts {
  cost: Float64Array;
  classWeight: Float64Array;
  nu?: number;
}

export abstract class BaseSVC<P extends BaseSVCParams> extends BaseEstimator<P> {
  private state?: SVCState;
  /** The class name, in errors and in JSON. */
  protected abstract readonly kind: string;

  /** Checks the shared hyperparameters; subclasses add theirs. */
  protected validateShared(owner: string, p: BaseSVCParams): void {
    validateKernelParams(owner, p);
    if (typeof p.probability !== 'boolean') throw new ArgumentError(`${owner}: probability must be a boolean, got ${String(p.probability)}`);
    if (p.decisionFunctionShape !== 'ovr' && p.decisionFunctionShape !== 'ovo') throw new ArgumentError(`${owner}: decisionFunctionShape must be 'ovr' or 'ovo', got ${String(p.decisionFunctionShape)}`);
    if (typeof p.breakTies !== 'boolean') throw new ArgumentError(`${owner}: breakTies must be a boolean, got ${String(p.breakTies)}`);
    if (p.breakTies && p.decisionFunctionShape === 'ovo') throw new ArgumentError(`${owner}: breakTies needs decisionFunctionShape 'ovr'`);
    if (p.randomState !== null && (typeof p.randomState !== 'number' || !Number.isFinite(p.randomState))) throw new ArgumentError(`${owner}: randomState must be null or a finite number, got ${String(p.randomState)}`);
  }

  /** The per-class costs or nu, checked against the class counts before anything is trained. */
  protected abstract pairCosts(classes: number[] | string[], indices: Int32Array): PairCosts;

  /** With options.sampleWeight, sample i's bound is C times its class weight times its weight (rows of weight 0 are dropped). */
  fit(X: MatrixInput, y: Labels, options?: WeightedFitOptions): this {
    const what = `${this.kind}.fit`;
    const x = toMatrix(X, `${what}: X`);
    const { classes, indices: allIndices } = encodeLabels(y, x.rows, `${what}: y`);
    const k = classes.length;
    if (k < 2) throw new ArgumentError(`${what}: y has ${k} class; at least 2 are needed`);
    const kept = keepWeightedRows(x, optionalSampleWeights(options, x.rows, what));
    const train = kept.x, indices = keptValues(allIndices, kept.rows);
    {
      const seen = new Uint8Array(k);
      for (const c of indices) seen[c] = 1;
      const missing = seen.indexOf(0);
      if (missing >= 0) throw new ArgumentError(`${what}: class ${String(classes[missing])} has no sample of positive weight`);
    }
    const p = this.params;
    const { cost, classWeight, nu } = this.pairCosts(classes, allIndices);
    checkAborted(options, what);
    const spec = kernelSpec(p, x);
    const pairs = (k * (k - 1)) / 2;
    const total = p.probability ? 2 * pairs : pairs;
    let done = 0;
    const trainOptions: TrainOptions = {
      eps: p.tol,
      shrinking: p.shrinking,
      maxIter: p.maxIter,
      cacheBytes: cacheBytes(p),
      sampleWeight: kept.sampleWeight,
      onIterations: () => checkAborted(options, what),
      onSubproblem: () => {
        checkAborted(options, what);
        report(options, { stage: 'svc', done: ++done, total });
      },
    };
    let probA: Float64Array | null = null, probB: Float64Array | null = null;
    if (p.probability) {
      probA = new Float64Array(pairs);
      probB = new Float64Array(pairs);
      const generator = new Generator(p.randomState ?? 0);
      let q = 0;
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++, q++) {
          const rows: number[] = [];
          for (let i = 0; i < train.rows; i++) if (indices[i] === a || indices[i] === b) rows.push(i);
          const sub = new Float64Array(rows.length * train.cols);
          const classOf = new Int32Array(rows.length);
          rows.forEach((i, r) => {
            sub.set(train.data.subarray(i * train.cols, (i + 1) * train.cols), r * train.cols);
            classOf[r] = indices[i] === a ? 0 : 1;
          });
          const costs = Float64Array.of(cost[a]!, cost[b]!);
          const sampleWeight = kept.sampleWeight === undefined ? undefined : Float64Array.from(rows, (i) => kept.sampleWeight![i]!);
          [probA[q], probB[q]] = pairSigmoid({ rows: rows.length, cols: train.cols, data: sub }, classOf, spec, costs, { ...trainOptions, onSubproblem: undefined, sampleWeight }, generator, nu);
          trainOptions.onSubproblem!(0, 0);
        }
      }
    }
    const model = trainOvo(train, indices, k, spec, cost, trainOptions, nu);
    const d = x.cols, nSV = model.support.length;
    const sv = new Float64Array(nSV * d);
    model.support.forEach((i, r) => sv.set(train.data.subarray(i * d, (i + 1) * d), r * d));
    this.state = {
      classes, spec, supportVectors: { rows: nSV, cols: d, data: sv }, support: kept.rows === null ? model.support : model.support.map((i) => kept.rows![i]!), nSupport: model.nSupport,
      coef: model.dualCoef, rho: model.rho, nIter: model.iterations, classWeight, probA, probB,
    };
    return this;
  }

  private get fittedState(): SVCState {
    return this.fitted(this.state, 'state');
  }

  /** The class labels, sorted. */
  get classes(): number[] | string[] {
    return this.fitted(this.state, 'classes').classes.slice() as number[] | string[];
  }
  /** The support vectors [nSV, features], grouped by class. */
  get supportVectors(): Matrix {
    const s = this.fitted(this.state, 'supportVectors').supportVectors;
    return { rows: s.rows, cols: s.cols, data: s.data.slice() };
  }
  /** Training-row index of each support vector. */
  get support(): Int32Array {
    return this.fitted(this.state, 'support').support.slice();
  }
  /** Support vectors per class. */
  get nSupport(): Int32Array {
    return this.fitted(this.state, 'nSupport').nSupport.slice();
  }
  /** [classes - 1, nSV]: alpha_i y_i of each support vector in the pairs of its class (scikit-learn's dual_coef_). */
  get dualCoef(): Matrix {
    const s = this.fitted(this.state, 'dualCoef');
    const data = s.coef.slice();
    if (s.classes.length === 2) for (let i = 0; i < data.length; i++) data[i] = -data[i]!;
    return { rows: s.classes.length - 1, cols: s.supportVectors.rows, data };
  }
  /** One intercept per pair of classes (scikit-learn's intercept_). */
  get intercept(): Float64Array {
    const s = this.fitted(this.state, 'intercept');
    return s.classes.length === 2 ? Float64Array.from(s.rho) : s.rho.map((r) => -r);
  }
  /** SMO iterations of each pair. */
  get nIter(): Int32Array {
    return this.fitted(this.state, 'nIter').nIter.slice();
  }
  /** The gamma the kernel used ('scale' and 'auto' resolved on the training data). */
  get gamma(): number {
    return this.fitted(this.state, 'gamma').spec.gamma;
  }
  /** Platt parameters per pair (probability: true). */
  get probA(): Float64Array {
    return this.fitted(this.fitted(this.state, 'probA').probA, 'probA').slice();
  }
  get probB(): Float64Array {
    return this.fitted(this.fitted(this.state, 'probB').probB, 'probB').slice();
  }
  /** Primal weights of a linear kernel: [1, features] with two classes, [pairs, features] with more. */
  get coef(): Matrix {
    const s = this.fitted(this.state, 'coef');
    if (s.spec.kernel !== 'linear') throw new ArgumentError(`${this.kind}.coef: only a linear kernel has primal weights, this one is ${s.spec.kernel}`);
    const k = s.classes.length, d = s.supportVectors.cols, nSV = s.supportVectors.rows, pairs = s.rho.length;
    const start = new Int32Array(k);
    for (let c = 1; c < k; c++) start[c] = start[c - 1]! + s.nSupport[c - 1]!;
    const out = new Float64Array(pairs * d);
    const sign = k === 2 ? -1 : 1;
    let p = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++, p++) {
        for (const [c, row] of [[i, j - 1], [j, i]] as const) {
          for (let v = start[c]!; v < start[c]! + s.nSupport[c]!; v++) {
            const a = sign * s.coef[row * nSV + v]!;
            for (let f = 0; f < d; f++) out[p * d + f]! += a * s.supportVectors.data[v * d + f]!;
          }
        }
      }
    }
    return { rows: pairs, cols: d, data: out };
  }

  private input(X: MatrixInput, what: string): Matrix {
    const s = this.fittedState;
    const x = toMatrix(X, what);
    if (x.cols !== s.supportVectors.cols) throw new ArgumentError(`${what} has ${x.cols} features, ${this.kind} was fitted on ${s.supportVectors.cols}`);
    return x;
  }

  private ovo(x: Matrix): Float64Array {
    const s = this.fittedState;
    return ovoDecision(x, s.supportVectors, s.nSupport, s.coef, s.rho, s.spec);
  }

  /**
   * Decision values as a Matrix: [rows, 1] with two classes (positive means classes[1]); with more,
   * [rows, classes] for 'ovr' (votes plus squashed confidences) or [rows, pairs] for 'ovo'.
   */
  decisionFunction(X: MatrixInput): Matrix {
    const s = this.fittedState;
    const x = this.input(X, `${this.kind}.decisionFunction: X`);
    const k = s.classes.length;
    const ovo = this.ovo(x);
    if (k === 2) return { rows: x.rows, cols: 1, data: ovo.map((v) => -v) };
    if (this.params.decisionFunctionShape === 'ovo') return { rows: x.rows, cols: ovo.length / x.rows, data: ovo };
    return { rows: x.rows, cols: k, data: ovrFromOvo(ovo, x.rows, k) };
  }

  predict(X: MatrixInput): number[] | string[] {
    const s = this.fittedState;
    const x = this.input(X, `${this.kind}.predict: X`);
    const k = s.classes.length;
    const ovo = this.ovo(x);
    let winners: Int32Array;
    if (this.params.breakTies && k > 2) {
      const ovr = ovrFromOvo(ovo, x.rows, k);
      winners = new Int32Array(x.rows);
      for (let r = 0; r < x.rows; r++) {
        let best = 0;
        for (let c = 1; c < k; c++) if (ovr[r * k + c]! > ovr[r * k + best]!) best = c;
        winners[r] = best;
      }
    } else winners = ovoVotes(ovo, x.rows, k);
    return decodeLabels(s.classes, winners);
  }

  /** Class probabilities [rows, classes] from Platt scaling; needs probability: true at fit time. */
  predictProba(X: MatrixInput): Matrix {
    const s = this.fittedState;
    if (s.probA === null || s.probB === null) throw new ArgumentError(`${this.kind}.predictProba: fit with probability: true to estimate probabilities`);
    const x = this.input(X, `${this.kind}.predictProba: X`);
    const k = s.classes.length;
    return { rows: x.rows, cols: k, data: ovoProbabilities(this.ovo(x), x.rows, k, s.probA, s.probB) };
  }

  /** Log of predictProba. */
  predictLogProba(X: MatrixInput): Matrix {
    const p = this.predictProba(X);
    return { rows: p.rows, cols: p.cols, data: p.data.map(Math.log) };
  }

  /** Accuracy of predict on (X, y). */
  score(X: MatrixInput, y: Labels): number {
    const predicted = this.predict(X);
    if (y.length !== predicted.length) throw new ArgumentError(`${this.kind}.score: ${y.length} labels for ${predicted.length} rows`);
    let hits = 0;
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === y[i]) hits++;
    return hits / predicted.length;
  }

  toJSON(): EstimatorJSON {
    const s = this.state;
    return {
      type: this.kind,
      params: this.getParams(),
      state: s === undefined ? null : {
        classes: s.classes, kernel: s.spec, cols: s.supportVectors.cols, supportVectors: Array.from(s.supportVectors.data), support: Array.from(s.support),
        nSupport: Array.from(s.nSupport), dualCoef: Array.from(s.coef), rho: Array.from(s.rho), nIter: Array.from(s.nIter), classWeight: Array.from(s.classWeight),
        probA: s.probA && Array.from(s.probA), probB: s.probB && Array.from(s.probB),
      },
    };
  }

  /** Restores the learned state of a serialised model (fromJSON of the subclasses). */
  protected restore(state: Record<string, unknown> | null): this {
    if (state === null) return this;
    const owner = this.kind;
    const classes = state.classes;
    if (!Array.isArray(classes) || classes.length < 2) throw new ArgumentError(`${owner}.fromJSON: state.classes must list at least 2 labels`);
    const k = classes.length, pairs = (k * (k - 1)) / 2;
    const cols = readCount(owner, state, 'cols', 1);
    const nSupport = readIndices(owner, state, 'nSupport', 2 ** 30, k);
    const nSV = nSupport.reduce((a, b) => a + b, 0);
    const spec = readSpec(owner, state.kernel);
    const readOptional = (name: string): Float64Array | null => (state[name] === null || state[name] === undefined ? null : readArray(owner, state, name, pairs));
    this.state = {
      classes: classes as number[] | string[], spec,
      supportVectors: { rows: nSV, cols, data: readArray(owner, state, 'supportVectors', nSV * cols) },
      support: readIndices(owner, state, 'support', 2 ** 30, nSV), nSupport, coef: readArray(owner, state, 'dualCoef', (k - 1) * nSV),
      rho: readArray(owner, state, 'rho', pairs), nIter: Int32Array.from(readArray(owner, state, 'nIter', pairs)),
      classWeight: readArray(owner, state, 'classWeight', k), probA: readOptional('probA'), probB: readOptional('probB'),
    };
    return this;
  }
}
