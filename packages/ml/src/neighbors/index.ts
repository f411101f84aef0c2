// k-nearest neighbours: classifier and regressor over exact brute-force (GEMM-screened) or KD-tree search.
export { KNeighborsClassifier, type KNeighborsClassifierParams } from './k-neighbors-classifier.ts';
export { KNeighborsRegressor, type KNeighborsRegressorParams } from './k-neighbors-regressor.ts';
export type { KNeighborsResult, NeighborsParams } from './neighbors-base.ts';
export type { NeighborMetric } from './metrics.ts';
