// @neurite/ml: classical machine learning in the scikit-learn style.
export type { Classifier, Estimator, FitOptions, FitProgress, Labels, MatrixInput, Params, Predictor, Transformer } from './base/protocol.ts';
export { BaseEstimator, checkAborted, type EstimatorJSON, FitAbortedError, report } from './base/estimator.ts';
export { decodeLabels, type EncodedLabels, encodeLabels, toTargets } from './base/labels.ts';
export { NotFittedError, toMatrix, type Matrix } from '@neurite/tensor';
