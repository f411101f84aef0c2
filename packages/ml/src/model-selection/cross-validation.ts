// Cross-validation as scikit-learn's cross_validate / cross_val_score: for each fold a clone of the
// estimator (cloneEstimator: a Pipeline is cloned whole, so every transformer is fitted on the
// training fold only) is fitted on the training rows and scored on the test rows.
// cv: a fold count (StratifiedKFold for classifiers with class labels, KFold otherwise, both
// unshuffled as scikit-learn's default), a splitter, or explicit folds.
import { ArgumentError } from '@neurite/tensor';
import type { FitOptions, Labels, Predictor } from '../base/protocol.ts';
import type { SampleInput } from '../base/table-input.ts';
import { fitFolds } from './fold-fits.ts';
import { checkLabelCount, toSamples, type Fold } from './indexing.ts';
import { KFold, type Splitter, StratifiedKFold } from './k-fold.ts';
import { getScorer, type Scorer, type Scoring } from './scoring.ts';

export type CrossValidator = number | Splitter | readonly Fold[];

/** True when the estimator classifies: an `estimatorType` of 'classifier', or a `classes` member. */
export function isClassifier(estimator: object): boolean {
  const type = (estimator as { estimatorType?: unknown }).estimatorType;
  if (typeof type === 'string') return type === 'classifier';
  return 'classes' in estimator;
}

function isClassLabels(y: Labels): boolean {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v === 'number' && !Number.isInteger(v)) return false;
  }
  return true;
}

/** The folds of a cv argument for (X, y) and this estimator. */
export function resolveFolds(cv: CrossValidator | undefined, estimator: object, n: number, y: Labels | undefined, what: string): Fold[] {
  const spec = cv ?? 5;
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec) || spec < 2) throw new ArgumentError(`${what}: cv must be an integer >= 2, a splitter or a list of folds, got ${spec}`);
    const stratified = y !== undefined && isClassifier(estimator) && isClassLabels(y);
    return (stratified ? new StratifiedKFold({ nSplits: spec }) : new KFold({ nSplits: spec })).split(n, y);
  }
  if (Array.isArray(spec)) {
    for (const f of spec as readonly Fold[]) {
      if (!f || !f.train || !f.test) throw new ArgumentError(`${what}: every fold needs train and test indices`);
      for (const i of [...Array.from(f.train), ...Array.from(f.test)]) if (!Number.isInteger(i) || i < 0 || i >= n) throw new ArgumentError(`${what}: fold index ${i} is outside [0, ${n})`);
    }
    return spec as Fold[];
  }
  if (typeof (spec as Splitter).split !== 'function') throw new ArgumentError(`${what}: cv must be an integer, a splitter with split() or a list of folds`);
  return (spec as Splitter).split(n, y);
}

export interface CrossValidateOptions extends FitOptions {
  cv?: CrossValidator;
  /** One scoring (name, function or null for estimator.score) or several by name. */
  scoring?: Scoring | Record<string, Scoring>;
  returnTrainScore?: boolean;
  returnEstimator?: boolean;
}

export interface CrossValidateResult<E> {
  /** Test scores of the (first) scoring, one per fold. */
  testScore: Float64Array;
  trainScore?: Float64Array;
  /** Every scoring by name ('score' for a single one): test and, when asked, train scores. */
  scores: Record<string, { test: Float64Array; train?: Float64Array }>;
  /** Seconds spent fitting and scoring each fold. */
  fitTime: Float64Array;
  scoreTime: Float64Array;
  estimators?: E[];
}

function now(): number {
  return globalThis.performance?.now() ?? 0;
}

export function scorersOf(scoring: Scoring | Record<string, Scoring> | undefined, what: string): [string, Scorer][] {
  if (scoring !== null && typeof scoring === 'object') {
    const entries = Object.entries(scoring);
    if (entries.length === 0) throw new ArgumentError(`${what}: scoring must name at least one scorer`);
    return entries.map(([name, s]) => [name, getScorer(s, `${what}: scoring.${name}`)]);
  }
  return [['score', getScorer(scoring as Scoring | undefined, `${what}: scoring`)]];
}

/** Fits a clone on every training fold and scores it on the test fold (and the training fold on request). */
export function crossValidate<E extends Predictor>(estimator: E, X: SampleInput, y: Labels, options: CrossValidateOptions = {}): CrossValidateResult<E> {
  const x = toSamples(X, 'crossValidate: X');
  checkLabelCount(y, x.rows, 'crossValidate: y');
  const scorers = scorersOf(options.scoring, 'crossValidate');
  const folds = resolveFolds(options.cv, estimator, x.rows, y, 'crossValidate');
  const k = folds.length;
  const scores: Record<string, { test: Float64Array; train?: Float64Array }> = {};
  for (const [name] of scorers) scores[name] = { test: new Float64Array(k), ...(options.returnTrainScore ? { train: new Float64Array(k) } : {}) };
  const fitTime = new Float64Array(k), scoreTime = new Float64Array(k);
  const estimators: E[] = [];
  fitFolds(estimator, x, y, folds, { stage: 'crossValidate' }, options, ({ model, fold: f, xTrain, yTrain, xTest, yTest, fitSeconds }) => {
    fitTime[f] = fitSeconds;
    const t = now();
    for (const [name, scorer] of scorers) {
      scores[name]!.test[f] = scorer(model, xTest, yTest);
      if (options.returnTrainScore) scores[name]!.train![f] = scorer(model, xTrain, yTrain);
    }
    scoreTime[f] = (now() - t) / 1000;
    if (options.returnEstimator) estimators.push(model);
    return scores[scorers[0]![0]]!.test[f];
  });
  const first = scores[scorers[0]![0]]!;
  return {
    testScore: first.test, ...(first.train ? { trainScore: first.train } : {}), scores, fitTime, scoreTime,
    ...(options.returnEstimator ? { estimators } : {}),
  };
}

export interface CrossValScoreOptions extends FitOptions {
  cv?: CrossValidator;
  scoring?: Scoring;
}

/** The test score of each fold (crossValidate with one scoring). */
export function crossValScore(estimator: Predictor, X: SampleInput, y: Labels, options: CrossValScoreOptions = {}): Float64Array {
  return crossValidate(estimator, X, y, options).testScore;
}
