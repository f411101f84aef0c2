// Diagnostics of under- and over-fitting as scikit-learn's learning_curve and validation_curve:
// train and test scores per fold as the training set grows, or as one hyperparameter varies.
import { ArgumentError, Generator } from '@neurite/tensor';
import { cloneEstimator } from '../base/clone.ts';
import type { FitOptions, Labels, Predictor } from '../base/protocol.ts';
import { type CrossValidator, resolveFolds } from './cross-validation.ts';
import type { SampleInput } from '../base/table-input.ts';
import { fitFolds } from './fold-fits.ts';
import { checkLabelCount, toSamples, permutation } from './indexing.ts';
import { getScorer, type Scoring } from './scoring.ts';

export interface LearningCurveOptions extends FitOptions {
  /** Fractions in (0, 1] of the largest training fold, or counts (default 0.1, 0.325, 0.55, 0.775, 1). */
  trainSizes?: readonly number[];
  cv?: CrossValidator;
  scoring?: Scoring;
  /** Shuffle each training fold (seeded) before taking its first rows. */
  shuffle?: boolean;
  randomState?: number | null;
}

export interface LearningCurve {
  /** Training-set sizes used (distinct, increasing). */
  trainSizes: Int32Array;
  /** [size][fold] scores. */
  trainScores: Float64Array[];
  testScores: Float64Array[];
}

/** Fractions or counts to distinct absolute sizes, as scikit-learn's _translate_train_sizes. */
function absoluteSizes(sizes: readonly number[], max: number): Int32Array {
  if (sizes.length === 0) throw new ArgumentError('learningCurve: trainSizes must not be empty');
  const fractions = sizes.every((s) => s > 0 && s <= 1 && !Number.isInteger(s)) || sizes.every((s) => s > 0 && s <= 1);
  const abs = sizes.map((s) => {
    if (typeof s !== 'number' || !Number.isFinite(s) || s <= 0) throw new ArgumentError(`learningCurve: a train size must be > 0, got ${s}`);
    const v = fractions ? Math.max(1, Math.floor(s * max)) : s;
    if (!Number.isInteger(v) || v > max) throw new ArgumentError(`learningCurve: train size ${s} must be a fraction in (0, 1] or a count <= ${max}`);
    return v;
  });
  return Int32Array.from([...new Set(abs)].sort((a, b) => a - b));
}

export function learningCurve(estimator: Predictor, X: SampleInput, y: Labels, options: LearningCurveOptions = {}): LearningCurve {
  const x = toSamples(X, 'learningCurve: X');
  checkLabelCount(y, x.rows, 'learningCurve: y');
  const scorer = getScorer(options.scoring, 'learningCurve: scoring');
  const folds = resolveFolds(options.cv, estimator, x.rows, y, 'learningCurve');
  const sizes = absoluteSizes(options.trainSizes ?? [0.1, 0.325, 0.55, 0.775, 1], folds[0]!.train.length);
  const generator = new Generator(options.randomState ?? 0);
  const trainScores = Array.from(sizes, () => new Float64Array(folds.length));
  const testScores = Array.from(sizes, () => new Float64Array(folds.length));
  // each fold's training rows, shuffled (the folds in order from one seeded generator) when asked
  const trains = folds.map((fold) => (options.shuffle ? permutation(fold.train.length, generator).map((i) => fold.train[i]!) : fold.train));
  const loop = { stage: 'learningCurve', variants: sizes.length, trainRowsOf: (f: number, s: number) => trains[f]!.subarray(0, sizes[s]!) };
  fitFolds(estimator, x, y, folds, loop, options, ({ model, fold: f, variant: s, xTrain, yTrain, xTest, yTest }) => {
    trainScores[s]![f] = scorer(model, xTrain, yTrain);
    testScores[s]![f] = scorer(model, xTest, yTest);
  });
  return { trainSizes: sizes, trainScores, testScores };
}

export interface ValidationCurveOptions extends FitOptions {
  paramName: string;
  paramRange: readonly unknown[];
  cv?: CrossValidator;
  scoring?: Scoring;
}

/** [value][fold] train and test scores as paramName takes each value of paramRange. */
export function validationCurve(estimator: Predictor, X: SampleInput, y: Labels, options: ValidationCurveOptions): { trainScores: Float64Array[]; testScores: Float64Array[] } {
  const x = toSamples(X, 'validationCurve: X');
  checkLabelCount(y, x.rows, 'validationCurve: y');
  if (typeof options?.paramName !== 'string' || !Array.isArray(options.paramRange) || options.paramRange.length === 0) {
    throw new ArgumentError('validationCurve: paramName (a string) and paramRange (a non-empty array) are required');
  }
  const scorer = getScorer(options.scoring, 'validationCurve: scoring');
  const folds = resolveFolds(options.cv, estimator, x.rows, y, 'validationCurve');
  cloneEstimator(estimator).setParams({ [options.paramName]: options.paramRange[0] }); // an unknown name fails before any fit
  const trainScores = options.paramRange.map(() => new Float64Array(folds.length));
  const testScores = options.paramRange.map(() => new Float64Array(folds.length));
  const loop = { stage: 'validationCurve', variants: options.paramRange.length, paramsOf: (v: number) => ({ [options.paramName]: options.paramRange[v] }) };
  fitFolds(estimator, x, y, folds, loop, options, ({ model, fold: f, variant: v, xTrain, yTrain, xTest, yTest }) => {
    trainScores[v]![f] = scorer(model, xTrain, yTrain);
    testScores[v]![f] = scorer(model, xTest, yTest);
  });
  return { trainScores, testScores };
}
