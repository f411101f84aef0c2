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
  type DictSample, FeatureHasher, type FeatureHasherParams, type FeatureValue, type HashInput, type HashInputType, type HashOutput, type PairSample, type StringSample,
} from './hashing/feature-hasher.ts';
export { type CollisionStatistics, collisionStatistics } from './hashing/collisions.ts';
export { checkCsr, type CsrMatrix, MAX_DENSE_ELEMENTS, toDense } from './hashing/sparse.ts';
export {
  type CategoricalColumns, type CategoricalInput, type CategoricalRows, type CategoricalTable, type Category, compareCodePoints, toCategoricalTable,
} from './encoding/categorical-input.ts';
export { OneHotEncoder, type OneHotEncoderParams } from './encoding/one-hot-encoder.ts';
export { OrdinalEncoder, type OrdinalEncoderParams } from './encoding/ordinal-encoder.ts';
export { binIndex, KBinsDiscretizer, type KBinsDiscretizerParams } from './discretization/k-bins-discretizer.ts';
export { crossTokens, FeatureCross, type FeatureCrossParams } from './discretization/feature-cross.ts';
export { type QuantileMethod } from './base/quantile.ts';
export { embeddingDimension, type EmbeddingDimensionOptions } from './embedding/embedding-size.ts';
export { CategoricalEmbedding, type CategoricalEmbeddingParams } from './embedding/categorical-embedding.ts';
export { dropMissing, type DropMissingOptions, type DropMissingResult, isMissing, missingCounts } from './imputation/missing.ts';
export { SimpleImputer, type SimpleImputerParams } from './imputation/simple-imputer.ts';
export { KNNImputer, type KNNImputerParams, nanEuclidean } from './imputation/knn-imputer.ts';
export { HashingVectorizer, type HashingVectorizerParams, type VectorizerOutput } from './hashing/hashing-vectorizer.ts';
export { wordTokens, type WordTokenOptions } from './hashing/text-tokens.ts';
export { CountVectorizer, type CountVectorizerParams } from './text/count-vectorizer.ts';
export { TfidfTransformer, type TfidfParams } from './text/tfidf-transformer.ts';
export { TfidfVectorizer, type TfidfVectorizerParams } from './text/tfidf-vectorizer.ts';
