// SelfTrainingClassifier as scikit-learn's (Yarowsky 1995 self-training): fit the wrapped
// classifier on the labelled rows (y = -1 marks unlabelled), label the unlabelled rows it
// predicts with probability > threshold (criterion 'threshold') or its kBest most confident
// ('k_best'), and repeat until every row is labelled, nothing new is selected, or maxIter rounds
// (null: no limit). The wrapped classifier is refitted on all labelled rows at the end.
import { ArgumentError, ShapeError, toMatrix, type Matrix, type MatrixInput } from '@neurite/tensor';
import { BaseEstimator, checkAborted, type EstimatorJSON, report } from '../base/estimator.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';

/** What SelfTrainingClassifier needs of the wrapped classifier. */
export interface ProbabilisticClassifier {
  fit(X: MatrixInput, y: Labels, options?: FitOptions): unknown;
  predictProba(X: MatrixInput): Matrix;
  readonly classes: readonly number[] | readonly string[];
  /** Needed only to serialise a SelfTrainingClassifier. */
  toJSON?(): EstimatorJSON;
}

export interface SelfTrainingParams {
  [key: string]: unknown;
  estimator: ProbabilisticClassifier | null;
  threshold: number;
  criterion: 'threshold' | 'k_best';
  kBest: number;
  maxIter: number | null;
}

export type TerminationCondition = 'max_iter' | 'no_change' | 'all_labeled';

export class SelfTrainingClassifier extends BaseEstimator<SelfTrainingParams> {
  private transductionValue?: number[];
  private labeledIterValue?: Int32Array;
  private nIterValue?: number;
  private termination?: TerminationCondition;

  constructor(params?: Partial<SelfTrainingParams>) {
    super({ estimator: null, threshold: 0.75, criterion: 'threshold', kBest: 10, maxIter: 10 }, params);
  }

  protected override validateParams(p: SelfTrainingParams): void {
    if (p.estimator !== null && (typeof p.estimator?.fit !== 'function' || typeof p.estimator?.predictProba !== 'function')) {
      throw new ArgumentError('SelfTrainingClassifier: estimator must have fit and predictProba methods');
    }
    if (!(p.threshold >= 0 && p.threshold < 1)) throw new ArgumentError(`SelfTrainingClassifier: threshold must be in [0, 1), got ${p.threshold}`);
    if (p.criterion !== 'threshold' && p.criterion !== 'k_best') throw new ArgumentError(`SelfTrainingClassifier: criterion must be 'threshold' or 'k_best', got ${String(p.criterion)}`);
    if (!Number.isInteger(p.kBest) || p.kBest < 1) throw new ArgumentError(`SelfTrainingClassifier: kBest must be an integer >= 1, got ${p.kBest}`);
    if (p.maxIter !== null && (!Number.isInteger(p.maxIter) || p.maxIter < 0)) throw new ArgumentError(`SelfTrainingClassifier: maxIter must be null or an integer >= 0, got ${p.maxIter}`);
  }

  private get model(): ProbabilisticClassifier {
    const e = this.params.estimator;
    if (e === null) throw new ArgumentError('SelfTrainingClassifier: no estimator was given');
    return e;
  }

  /** Labels of every training row after self-training (-1 where none was assigned). */
  get transduction(): number[] {
    return [...this.fitted(this.transductionValue, 'transduction')];
  }
  /** The round in which each row was labelled (0: given; -1: never). */
  get labeledIter(): Int32Array {
    return this.fitted(this.labeledIterValue, 'labeledIter').slice();
  }
  get nIter(): number {
    return this.fitted(this.nIterValue, 'nIter');
  }
  get terminationCondition(): TerminationCondition {
    return this.fitted(this.termination, 'terminationCondition');
  }
  get classes(): readonly number[] | readonly string[] {
    this.fitted(this.termination, 'classes');
    return this.model.classes;
  }

  fit(X: MatrixInput, y: Labels, options?: FitOptions): this {
    const x = toMatrix(X, 'SelfTrainingClassifier.fit: X');
    const model = this.model, p = this.params, n = x.rows, d = x.cols;
    if (y.length !== n) throw new ShapeError(`SelfTrainingClassifier.fit: ${y.length} labels for ${n} rows`);
    const transduction = Array.from(y as ArrayLike<number>, (v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ArgumentError(`SelfTrainingClassifier.fit: y[${i}] is ${String(v)}; labels must be numbers, -1 for unlabelled`);
      return v;
    });
    const has = transduction.map((v) => v !== -1);
    if (!has.some(Boolean)) throw new ArgumentError('SelfTrainingClassifier.fit: every label is -1; at least one labelled row is needed');
    const labeledIter = new Int32Array(n).fill(-1);
    has.forEach((h, i) => h && (labeledIter[i] = 0));
    const rows = (mask: boolean[], want: boolean): Matrix => {
      const ids = mask.flatMap((m, i) => (m === want ? [i] : []));
      const data = new Float64Array(ids.length * d);
      ids.forEach((r, t) => data.set(x.data.subarray(r * d, r * d + d), t * d));
      return { rows: ids.length, cols: d, data };
    };
    let iter = 0;
    let termination: TerminationCondition | undefined;
    while (!has.every(Boolean) && (p.maxIter === null || iter < p.maxIter)) {
      checkAborted(options, 'SelfTrainingClassifier.fit');
      iter++;
      model.fit(rows(has, true), transduction.filter((_, i) => has[i]));
      const unlabelled = has.flatMap((h, i) => (h ? [] : [i]));
      const proba = model.predictProba(rows(has, false));
      const c = proba.cols, classes = model.classes as readonly number[];
      const best = unlabelled.map((_, t) => {
        let k = 0;
        for (let j = 1; j < c; j++) if (proba.data[t * c + j]! > proba.data[t * c + k]!) k = j;
        return { t, k, p: proba.data[t * c + k]! };
      });
      let selected: typeof best;
      if (p.criterion === 'threshold') selected = best.filter((b) => b.p > p.threshold);
      else selected = best.length <= p.kBest ? best : [...best].sort((a, b) => b.p - a.p || a.t - b.t).slice(0, p.kBest);
      for (const s of selected) {
        const row = unlabelled[s.t]!;
        transduction[row] = classes[s.k]!;
        has[row] = true;
        labeledIter[row] = iter;
      }
      report(options, { stage: 'self-training', done: iter, total: p.maxIter ?? undefined, value: selected.length });
      if (selected.length === 0) {
        termination = 'no_change';
        break;
      }
    }
    if (p.maxIter !== null && iter === p.maxIter) termination = 'max_iter';
    if (has.every(Boolean)) termination = 'all_labeled';
    model.fit(rows(has, true), transduction.filter((_, i) => has[i]));
    this.transductionValue = transduction;
    this.labeledIterValue = labeledIter;
    this.nIterValue = iter;
    this.termination = termination ?? 'no_change';
    return this;
  }

  predictProba(X: MatrixInput): Matrix {
    this.fitted(this.termination, 'predictProba');
    return this.model.predictProba(X);
  }

  predict(X: MatrixInput): number[] {
    const proba = this.predictProba(X), c = proba.cols, classes = this.classes as readonly number[];
    return Array.from({ length: proba.rows }, (_, i) => {
      let best = 0;
      for (let k = 1; k < c; k++) if (proba.data[i * c + k]! > proba.data[i * c + best]!) best = k;
      return classes[best]!;
    });
  }

  score(X: MatrixInput, y: Labels): number {
    const predicted = this.predict(X);
    if (y.length !== predicted.length) throw new ShapeError(`SelfTrainingClassifier.score: ${y.length} labels for ${predicted.length} rows`);
    return predicted.filter((v, i) => v === y[i]).length / predicted.length;
  }

  /** Serialises the hyperparameters, the wrapped classifier (through its own toJSON) and the learned state. */
  toJSON(): EstimatorJSON {
    const { estimator, ...rest } = this.params;
    if (estimator !== null && typeof estimator.toJSON !== 'function') throw new ArgumentError('SelfTrainingClassifier.toJSON: the wrapped estimator has no toJSON method');
    const state = this.termination === undefined ? null : {
      transduction: this.transductionValue!, labeledIter: Array.from(this.labeledIterValue!), nIter: this.nIterValue!, terminationCondition: this.termination,
    };
    return { type: 'SelfTrainingClassifier', params: { ...rest, estimator: estimator?.toJSON?.() ?? null }, state };
  }

  /** Restores a serialised model; `reviveEstimator` rebuilds the wrapped classifier from its JSON (e.g. its class's fromJSON). */
  static fromJSON(json: EstimatorJSON, reviveEstimator: (json: EstimatorJSON) => ProbabilisticClassifier): SelfTrainingClassifier {
    if (json === null || typeof json !== 'object' || json.type !== 'SelfTrainingClassifier') throw new ArgumentError("SelfTrainingClassifier.fromJSON: expected { type: 'SelfTrainingClassifier', params, state }");
    const { estimator, ...rest } = json.params as Record<string, unknown>;
    const model = new SelfTrainingClassifier({ ...(rest as Partial<SelfTrainingParams>), estimator: estimator === null || estimator === undefined ? null : reviveEstimator(estimator as EstimatorJSON) });
    const s = json.state as { transduction: number[]; labeledIter: number[]; nIter: number; terminationCondition: TerminationCondition } | null;
    if (s !== null) {
      model.transductionValue = s.transduction;
      model.labeledIterValue = Int32Array.from(s.labeledIter);
      model.nIterValue = s.nIter;
      model.termination = s.terminationCondition;
    }
    return model;
  }
}
