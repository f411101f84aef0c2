// Tree ensembles in the scikit-learn style; re-exported from the package root.
export { RandomForestClassifier, type RandomForestClassifierParams } from './random-forest-classifier.ts';
export { RandomForestRegressor, type RandomForestRegressorParams } from './random-forest-regressor.ts';
export { GradientBoostingClassifier, type GradientBoostingClassifierParams } from './gradient-boosting-classifier.ts';
export { GradientBoostingRegressor, type GradientBoostingRegressorParams } from './gradient-boosting-regressor.ts';
export { AdaBoostClassifier, type AdaBoostClassifierParams } from './adaboost-classifier.ts';
export { AdaBoostRegressor, type AdaBoostRegressorParams } from './adaboost-regressor.ts';
export type { MemberClassifier, MemberRegressor, Revivers, WeightedFitOptions } from './meta-estimator.ts';
export { BaggingClassifier, type BaggingClassifierParams } from './bagging-classifier.ts';
export { BaggingRegressor, type BaggingRegressorParams } from './bagging-regressor.ts';
export { type Named, VotingClassifier, type VotingClassifierParams, VotingRegressor, type VotingRegressorParams } from './voting.ts';
export { StackingClassifier, type StackingClassifierParams, StackingRegressor, type StackingRegressorParams } from './stacking.ts';
export { ExtraTreesClassifier, type ExtraTreesClassifierParams, ExtraTreesRegressor, type ExtraTreesRegressorParams } from './extra-trees.ts';
export { MultiOutputClassifier, type MultiOutputClassifierParams, MultiOutputRegressor, type MultiOutputRegressorParams } from './multi-output.ts';
