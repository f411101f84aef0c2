export { ModelLoadError, type ModelLoadErrorCode, ModelSaveError } from './errors.ts';
export * from './io/index.ts';
