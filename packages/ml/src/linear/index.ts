// Linear models: least squares, ridge, lasso and elastic net with their paths, regression
// diagnostics, and logistic regression.
export { LinearRegression, type LinearRegressionParams } from './linear-regression.ts';
export { Ridge, type RidgeParams, type RidgeSolver } from './ridge.ts';
export { ElasticNet, type ElasticNetParams, Lasso, type LassoParams } from './elastic-net.ts';
export { alphaGrid, enetPath, type EnetPathOptions, lassoPath, type RegularizationPath } from './regularization-path.ts';
export { shapiroWilk, type TestResult } from './shapiro-wilk.ts';
export {
  breuschPagan, type BreuschPaganResult, durbinWatson, jarqueBera, type RegressionDiagnostics, regressionDiagnostics, residualPlotData,
  type ResidualPlotData, varianceInflationFactors,
} from './diagnostics.ts';
export { type ClassWeight, LogisticRegression, type LogisticPenalty, type LogisticRegressionParams } from './logistic-regression.ts';
