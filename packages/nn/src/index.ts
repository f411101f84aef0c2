export { ModelLoadError, type ModelLoadErrorCode, ModelSaveError } from './errors.ts';
export * from './io/index.ts';
export * from './data/index.ts';
export { ConstantLR, CosineAnnealingLR, ExponentialLR, type LearningRateSchedule, LinearWarmup, StepLR } from './optim/lr-schedule.ts';
