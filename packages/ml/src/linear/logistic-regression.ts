// Logistic regression, scikit-learn's LogisticRegression: P(y = 1) = 1 / (1 + e^-(w.x + b)) for
// two classes, softmax over one weight row per class for more (always multinomial, as scikit-learn
// 1.7+). Minimises C sum_i s_i l_i + penalty with penalty 'l2' ||W||^2 / 2, 'l1' ||W||_1,
// 'elasticnet' l1Ratio ||W||_1 + (1 - l1Ratio) ||W||^2 / 2, or 'none'; s_i from classWeight
// ('balanced': n / (classes * count of the class), or a map label -> weight) times the sample
// weights given to fit (options.sampleWeight), as scikit-learn multiplies class and sample weights.
// Solvers: 'lbfgs' (./lbfgs.ts, smooth penalties only, stops when max |gradient| <= tol of the
// objective divided by C S), 'newton-cholesky' (./newton-cholesky.ts, the same objective and stop,
// exact Hessians: for many samples and few features) and 'saga' (./saga.ts, any penalty); 'auto' (the default here;
// scikit-learn's default is 'lbfgs', which rejects L1) picks lbfgs for 'l2' and 'none', saga otherwise.
// Differences from scikit-learn 1.9: the penalty is named by `penalty` (scikit-learn 1.8 deprecated
// it for l1Ratio alone); coef is a Matrix (rows x features) and intercept a Float64Array.
import { ArgumentError, Generator, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { BaseEstimator, checkAborted, type EstimatorJSON, report } from '../base/estimator.ts';
import { ResidentMatrix } from '../base/dense-products.ts';
import {
  checkBooleanParam, checkChoiceParam, checkFeatureCount, checkIntegerParam, checkJSON, checkNumberParam, checkRangeParam, readClasses, readNumbers,
} from '../base/hyperparameter-checks.ts';
import { decodeLabels, encodeLabels } from '../base/labels.ts';
import type { Labels } from '../base/protocol.ts';
import { optionalSampleWeights, type WeightedFitOptions } from '../base/sample-weight.ts';
import { dropBlankColumns } from './blank-columns.ts';
import { lbfgs } from './lbfgs.ts';
import { newtonCholesky } from './newton-cholesky.ts';
import { logisticObjective, sigmoid, softmaxRows, splitParameters } from './logistic-loss.ts';
import { saga } from './saga.ts';

export type LogisticPenalty = 'l2' | 'l1' | 'elasticnet' | 'none';
export type ClassWeight = null | 'balanced' | Record<string, number>;

export interface LogisticRegressionParams {
  [key: string]: unknown;
  penalty: LogisticPenalty;
  /** Inverse regularisation strength, > 0 (default 1). */
  C: number;
  /** L1 share for 'elasticnet', in [0, 1] (default 0.5 here: scikit-learn requires it set). */
  l1Ratio: number;
  fitIntercept: boolean;
  classWeight: ClassWeight;
  solver: 'auto' | 'lbfgs' | 'newton-cholesky' | 'saga';
  /** Iterations (lbfgs, newton-cholesky) or epochs (saga), default 100. */
  maxIter: number;
  tol: number;
  warmStart: boolean;
  /** Seed of saga's sample order. */
  randomState: number;
}

const DEFAULTS: LogisticRegressionParams = {
  penalty: 'l2', C: 1, l1Ratio: 0.5, fitIntercept: true, classWeight: null, solver: 'auto', maxIter: 100, tol: 1e-4, warmStart: false, randomState: 0,
};

interface LogisticState {
  classes: number[] | string[];
  coef: Matrix;
  intercept: Float64Array;
  nIter: number;
  converged: boolean;
}

export class LogisticRegression extends BaseEstimator<LogisticRegressionParams> {
  private state?: LogisticState;

  constructor(params?: Partial<LogisticRegressionParams>) {
    super({ ...DEFAULTS }, params);
  }

  protected override validateParams(p: LogisticRegressionParams): void {
    const o = 'LogisticRegression';
    checkChoiceParam(o, 'penalty', p.penalty, ['l2', 'l1', 'elasticnet', 'none'] as const);
    checkNumberParam(o, 'C', p.C, 0, true, true);
    checkRangeParam(o, 'l1Ratio', p.l1Ratio, 0, 1);
    checkBooleanParam(o, 'fitIntercept', p.fitIntercept);
    checkChoiceParam(o, 'solver', p.solver, ['auto', 'lbfgs', 'newton-cholesky', 'saga'] as const);
    checkIntegerParam(o, 'maxIter', p.maxIter, 1);
    checkNumberParam(o, 'tol', p.tol, 0);
    checkBooleanParam(o, 'warmStart', p.warmStart);
    checkIntegerParam(o, 'randomState', p.randomState, 0);
    const w = p.classWeight;
    if (w !== null && w !== 'balanced') {
      if (typeof w !== 'object' || Array.isArray(w)) throw new ArgumentError(`${o}: classWeight must be null, 'balanced' or a map label -> weight, got ${String(w)}`);
      for (const [label, v] of Object.entries(w)) checkNumberParam(o, `classWeight["${label}"]`, v, 0);
    }
    if ((p.solver === 'lbfgs' || p.solver === 'newton-cholesky') && (p.penalty === 'l1' || p.penalty === 'elasticnet')) throw new ArgumentError(`${o}: solver '${p.solver}' supports penalty 'l2' or 'none', got '${p.penalty}'; use solver 'saga' or 'auto'`);
  }

  private get learned(): LogisticState {
    return this.fitted(this.state, 'coef');
  }

  /** The class labels, sorted. */
  get classes(): number[] | string[] {
    return this.fitted(this.state, 'classes').classes;
  }

  /** Weights: 1 x features for two classes, classes x features otherwise. */
  get coef(): Matrix {
    return this.learned.coef;
  }

  get intercept(): Float64Array {
    return this.learned.intercept;
  }

  /** Iterations (lbfgs, newton-cholesky) or epochs (saga) of the last fit. */
  get nIter(): number {
    return this.fitted(this.state, 'nIter').nIter;
  }

  /** Whether the last fit met its tolerance within maxIter. */
  get converged(): boolean {
    return this.fitted(this.state, 'converged').converged;
  }

  fit(X: MatrixInput, y: Labels, options?: WeightedFitOptions): this {
    const x = toMatrix(X, 'X');
    const { classes, indices } = encodeLabels(y, x.rows);
    const given = optionalSampleWeights(options, x.rows, 'LogisticRegression.fit');
    const p = this.params, n = x.rows, d = x.cols, k = classes.length;
    if (k < 2) throw new ArgumentError(`LogisticRegression: y must hold at least 2 classes, got only ${String(classes[0])}`);
    const sampleWeights = this.sampleWeights(classes, indices, given);
    checkAborted(options, 'LogisticRegression.fit');
    const rows = k === 2 ? 1 : k, stride = d + (p.fitIntercept ? 1 : 0);
    const params = new Float64Array(rows * stride);
    const previous = this.state;
    if (p.warmStart && previous && previous.coef.rows === rows && previous.coef.cols === d) {
      for (let c = 0; c < rows; c++) {
        params.set(previous.coef.data.subarray(c * d, (c + 1) * d), c * stride);
        if (p.fitIntercept) params[c * stride + d] = previous.intercept[c]!;
      }
    }
    const targets = indices; // binary: class 1 is the positive one
    const penalty = p.penalty === 'none' || p.C === Infinity ? 'none' : p.penalty;
    const rho = penalty === 'l1' ? 1 : penalty === 'elasticnet' ? p.l1Ratio : 0;
    const solver = p.solver === 'auto' ? (rho > 0 ? 'saga' : 'lbfgs') : p.solver;
    let nIter: number, converged: boolean, solution: Float64Array;
    if (solver === 'lbfgs' || solver === 'newton-cholesky') {
      let total = 0;
      for (const s of sampleWeights) total += s;
      // columns zero in every row keep zero coefficients: the solver runs without them
      const reduction = dropBlankColumns(x, params, rows, p.fitIntercept);
      const xs = reduction?.x ?? x, start = reduction?.params ?? params;
      const resident = new ResidentMatrix(xs);
      try {
        const problem = { x: resident, targets, sampleWeights, rows, fitIntercept: p.fitIntercept, l2: penalty === 'none' ? 0 : 1 / (p.C * total) };
        const onIteration = (iteration: number, value: number): void => {
          checkAborted(options, 'LogisticRegression.fit');
          report(options, { stage: solver, done: iteration, total: p.maxIter, value });
        };
        const result = solver === 'lbfgs'
          ? lbfgs((w) => logisticObjective(problem, w), start, { maxIter: p.maxIter, gtol: p.tol, onIteration })
          : newtonCholesky(problem, xs, start, { maxIter: p.maxIter, tol: p.tol, onIteration });
        ({ nIter, converged } = result);
        solution = reduction ? reduction.widen(result.x) : result.x;
      } finally {
        resident.dispose();
      }
    } else {
      const scale = penalty === 'none' ? 0 : 1 / (p.C * n);
      const result = saga({ x, targets, sampleWeights, rows, fitIntercept: p.fitIntercept, alpha: (1 - rho) * scale, beta: rho * scale }, params, {
        maxIter: p.maxIter, tol: p.tol, random: new Generator(p.randomState),
        onEpoch: (epoch) => {
          checkAborted(options, 'LogisticRegression.fit');
          report(options, { stage: 'saga', done: epoch, total: p.maxIter });
        },
      });
      ({ nIter, converged } = result);
      solution = params;
    }
    const { w, b } = splitParameters(solution, rows, d, p.fitIntercept);
    this.state = { classes, coef: { rows, cols: d, data: w }, intercept: b, nIter, converged };
    return this;
  }

  /** Class weight times sample weight per sample; 'balanced' counts classes by their sample weights (scikit-learn's compute_class_weight). */
  private sampleWeights(classes: number[] | string[], indices: Int32Array, given: Float64Array | null): Float64Array {
    const weights = given === null ? new Float64Array(indices.length).fill(1) : Float64Array.from(given), spec = this.params.classWeight, k = classes.length;
    if (spec === null) return weights;
    const perClass = new Float64Array(k).fill(1);
    if (spec === 'balanced') {
      const counts = new Float64Array(k);
      let total = 0;
      for (let i = 0; i < indices.length; i++) {
        counts[indices[i]!]! += weights[i]!;
        total += weights[i]!;
      }
      for (let c = 0; c < k; c++) perClass[c] = total / (k * counts[c]!);
    } else {
      const known = new Set(classes.map(String));
      for (const label of Object.keys(spec)) if (!known.has(label)) throw new ArgumentError(`LogisticRegression: classWeight names class "${label}", which is not in y`);
      classes.forEach((c, i) => { if (String(c) in spec) perClass[i] = spec[String(c)]!; });
    }
    for (let i = 0; i < indices.length; i++) weights[i] = perClass[indices[i]!]! * weights[i]!;
    return weights;
  }

  /** X W^T + b: n values for two classes (the positive class's score), n x classes otherwise. */
  decisionFunction(X: MatrixInput): Float64Array | Matrix {
    const scores = this.scores(X);
    return this.learned.coef.rows === 1 ? scores.data : scores;
  }

  private scores(X: MatrixInput): Matrix {
    const { coef, intercept } = this.learned;
    const x = toMatrix(X, 'X');
    checkFeatureCount('LogisticRegression', x.cols, coef.cols);
    const n = x.rows, d = x.cols, rows = coef.rows, out = new Float64Array(n * rows);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < rows; c++) {
        let s = intercept[c]!;
        for (let j = 0; j < d; j++) s += x.data[i * d + j]! * coef.data[c * d + j]!;
        out[i * rows + c] = s;
      }
    }
    return { rows: n, cols: rows, data: out };
  }

  /** Class probabilities, n x classes (columns in the order of `classes`). */
  predictProba(X: MatrixInput): Matrix {
    const scores = this.scores(X);
    const n = scores.rows;
    if (scores.cols === 1) {
      const out = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        const p = sigmoid(scores.data[i]!);
        out[2 * i] = 1 - p;
        out[2 * i + 1] = p;
      }
      return { rows: n, cols: 2, data: out };
    }
    softmaxRows(scores.data, scores.cols);
    return scores;
  }

  /** Log of predictProba, computed stably from the scores. */
  predictLogProba(X: MatrixInput): Matrix {
    const scores = this.scores(X);
    const n = scores.rows, k = scores.cols === 1 ? 2 : scores.cols, out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      if (scores.cols === 1) {
        const z = scores.data[i]!;
        out[2 * i] = -(z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
        out[2 * i + 1] = -(z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z)));
        continue;
      }
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, scores.data[i * k + c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(scores.data[i * k + c]! - max);
      const logSum = max + Math.log(sum);
      for (let c = 0; c < k; c++) out[i * k + c] = scores.data[i * k + c]! - logSum;
    }
    return { rows: n, cols: k, data: out };
  }

  /** The most probable class of each row (the first on ties). */
  predict(X: MatrixInput): number[] | string[] {
    const scores = this.scores(X);
    const n = scores.rows, k = scores.cols, picks = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (k === 1) {
        picks[i] = scores.data[i]! > 0 ? 1 : 0;
        continue;
      }
      let best = 0;
      for (let c = 1; c < k; c++) if (scores.data[i * k + c]! > scores.data[i * k + best]!) best = c;
      picks[i] = best;
    }
    return decodeLabels(this.classes, picks);
  }

  /** Mean accuracy of predict(X) against y. */
  score(X: MatrixInput, y: Labels): number {
    const predicted = this.predict(X);
    if (y.length !== predicted.length) throw new ArgumentError(`LogisticRegression.score: ${y.length} labels for ${predicted.length} samples`);
    let hits = 0;
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === y[i]) hits++;
    return hits / predicted.length;
  }

  toJSON(): EstimatorJSON {
    const s = this.state;
    return {
      type: 'LogisticRegression', params: this.getParams(),
      state: s ? { classes: s.classes, rows: s.coef.rows, cols: s.coef.cols, coef: [...s.coef.data], intercept: [...s.intercept], nIter: s.nIter, converged: s.converged } : null,
    };
  }

  static fromJSON(json: unknown): LogisticRegression {
    const { params, state } = checkJSON('LogisticRegression', json);
    const model = new LogisticRegression(params as Partial<LogisticRegressionParams>);
    if (state === null) return model;
    const o = 'LogisticRegression';
    const classes = readClasses(o, state.classes);
    const rows = classes.length === 2 ? 1 : classes.length;
    if (state.rows !== rows || typeof state.cols !== 'number' || !Number.isInteger(state.cols) || state.cols < 0) throw new ArgumentError(`${o}.fromJSON: state.rows/cols do not fit ${classes.length} classes`);
    const cols = state.cols;
    model.state = {
      classes, coef: { rows, cols, data: readNumbers(o, 'coef', state.coef, rows * cols) }, intercept: readNumbers(o, 'intercept', state.intercept, rows),
      nIter: typeof state.nIter === 'number' ? state.nIter : 0, converged: state.converged === true,
    };
    return model;
  }
}
