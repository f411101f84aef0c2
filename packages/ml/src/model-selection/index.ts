// Model selection: splitters, hold-out splits, cross-validation, grid search, learning and
// validation curves, bias-variance decomposition, scorers.
export { type Fold } from './indexing.ts';
export { KFold, type KFoldOptions, type Splitter, StratifiedKFold } from './k-fold.ts';
export { LeaveOneOut } from './leave-one-out.ts';
export { TimeSeriesSplit, type TimeSeriesSplitOptions } from './time-series-split.ts';
export {
  type SplitIndices, trainTestSplit, type TrainTestSplit, trainTestSplitIndices, type TrainTestSplitOptions, trainValTestSplit, type TrainValTestSplit,
  type TrainValTestSplitOptions,
} from './train-test-split.ts';
export { getScorer, type Scorer, SCORING_NAMES, type Scoring, type ScoringName } from './scoring.ts';
export {
  crossValidate, type CrossValidateOptions, type CrossValidateResult, type CrossValidator, crossValScore, type CrossValScoreOptions, isClassifier,
} from './cross-validation.ts';
export { type CvResults, GridSearchCV, type GridSearchCVParams, type ParamGrid, parameterGrid } from './grid-search.ts';
export { learningCurve, type LearningCurve, type LearningCurveOptions, validationCurve, type ValidationCurveOptions } from './curves.ts';
export { type BiasVariance, biasVarianceDecomp, type BiasVarianceOptions } from './bias-variance.ts';
