// @neurite/features: feature engineering transformers (the Transformer protocol of @neurite/ml, satisfied structurally).
export { NotFittedError, toMatrix, type Matrix, type MatrixInput } from '@neurite/tensor';
export { BaseTransformer, type Params } from './base/transformer.ts';
export type { JSONNumber, TransformerJSON } from './base/json.ts';
export { MinMaxScaler, type MinMaxScalerParams } from './scaling/min-max-scaler.ts';
export { StandardScaler, type StandardScalerParams } from './scaling/standard-scaler.ts';
export { RobustScaler, type RobustScalerParams } from './scaling/robust-scaler.ts';
export { LogTransformer } from './scaling/log-transformer.ts';
export { MedianLogTransformer } from './scaling/median-log-transformer.ts';
export { FunctionTransformer, type FunctionTransformerParams, type MatrixFunction } from './scaling/function-transformer.ts';
export { hashedColumn, murmurhash3, murmurhash3Bytes, murmurhash3String } from './hashing/murmurhash3.ts';
export {
  type DictSample, FeatureHasher, type FeatureHasherParams, type FeatureValue, type HashInput, type HashInputType, type PairSample, type StringSample,
} from './hashing/feature-hasher.ts';
export { type CollisionStatistics, collisionStatistics } from './hashing/collisions.ts';
export { checkCsr, type CsrMatrix, MAX_DENSE_ELEMENTS, toDense } from './hashing/sparse.ts';
