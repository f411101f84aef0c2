// ONNX export of fitted estimators, transformers and Pipelines through the ai.onnx.ml domain.
export { exportEstimatorOnnx, type ExportEstimatorOnnxOptions } from './export-estimator-onnx.ts';
export { EXPORTABLE_ESTIMATORS } from './onnx-step.ts';
