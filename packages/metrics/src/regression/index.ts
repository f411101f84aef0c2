// Regression metrics: MSE, RMSE, MAE, R^2 and explained variance, with multioutput handling.
export { meanAbsoluteError, meanSquaredError, type RegressionErrorOptions, rootMeanSquaredError } from './errors.ts';
export { type ExplainedDevianceOptions, explainedVarianceScore, r2Score } from './explained-deviance.ts';
export type { Multioutput, RegressionInput } from './targets.ts';
