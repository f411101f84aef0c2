// @neurite/ml: classical machine learning in the scikit-learn style.
export type { Classifier, Estimator, FitOptions, FitProgress, Labels, MatrixInput, Params, Predictor, Transformer } from './base/protocol.ts';
export { BaseEstimator, checkAborted, type EstimatorJSON, FitAbortedError, report } from './base/estimator.ts';
export { decodeLabels, type EncodedLabels, encodeLabels, toTargets } from './base/labels.ts';
export { NotFittedError, toMatrix, type Matrix } from '@neurite/tensor';
export * from './linear/index.ts';
export * from './naive-bayes/index.ts';
export * from './neighbors/index.ts';
export * from './tree/index.ts';
export * from './ensemble/index.ts';
export * from './svm/index.ts';
export * from './model-selection/index.ts';
export * from './compose/index.ts';
export * from './cluster/index.ts';
export * from './decomposition/index.ts';
export * from './association/index.ts';
export * from './semi-supervised/index.ts';
export * from './reinforcement/index.ts';
export * from './onnx/index.ts';
