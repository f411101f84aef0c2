// @neurite/metrics: evaluation metrics as plain functions over arrays or tensors.
export * from './classification/index.ts';
export * from './regression/index.ts';
export * from './clustering/index.ts';
export * from './text/index.ts';
export * from './codebleu/index.ts';
