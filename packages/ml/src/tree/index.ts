// Decision trees (CART) in the scikit-learn style; re-exported from the package root.
export { type BaseTreeParams, type TreeFitOptions } from './base-decision-tree.ts';
export { type ClassificationCriterion, type RegressionCriterion } from './build-tree.ts';
export { type PruningPath } from './cost-complexity.ts';
export { DecisionTreeClassifier, type DecisionTreeClassifierParams } from './decision-tree-classifier.ts';
export { DecisionTreeRegressor, type DecisionTreeRegressorParams } from './decision-tree-regressor.ts';
export { TREE_LEAF, TREE_UNDEFINED, type TreeArrays, type TreeJSON } from './tree-arrays.ts';
export { type MaxFeatures } from './tree-params.ts';
