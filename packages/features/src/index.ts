// @neurite/features: feature engineering transformers (the Transformer protocol of @neurite/ml, satisfied structurally).
export { NotFittedError, toMatrix, type Matrix, type MatrixInput } from '@neurite/tensor';
