// Tree ensembles in the scikit-learn style; re-exported from the package root.
export { RandomForestClassifier, type RandomForestClassifierParams } from './random-forest-classifier.ts';
export { RandomForestRegressor, type RandomForestRegressorParams } from './random-forest-regressor.ts';
