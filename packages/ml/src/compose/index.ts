// Composition: Pipeline (transformers then an estimator), ColumnTransformer (transformers per column
// selection, over numeric matrices or mixed tables with string columns), cloneEstimator
// (scikit-learn's clone) for code that refits estimators, and estimatorFromJSON to load any saved one.
export { Pipeline, makePipeline, type PipelineInput, type PipelineParams, type PipelineStep } from './pipeline.ts';
export {
  type ColumnSelection, ColumnTransformer, type ColumnTransformerEntry, type ColumnTransformerParams, makeColumnTransformer,
} from './column-transformer.ts';
export { type Cell, type TableColumns, type TableInput, type TableRows } from '../base/table-input.ts';
export { type JSONRevivers } from './step-json.ts';
export { estimatorFromJSON, loadableEstimatorTypes } from './estimator-from-json.ts';
export { cloneEstimator, isEstimator } from '../base/clone.ts';
