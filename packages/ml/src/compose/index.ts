// Composition: Pipeline (transformers then an estimator), ColumnTransformer (transformers per column
// selection), and cloneEstimator (scikit-learn's clone) for code that refits estimators.
export { Pipeline, makePipeline, type PipelineParams, type PipelineStep } from './pipeline.ts';
export {
  type ColumnSelection, ColumnTransformer, type ColumnTransformerEntry, type ColumnTransformerParams, makeColumnTransformer,
} from './column-transformer.ts';
export { cloneEstimator, isEstimator } from '../base/clone.ts';
