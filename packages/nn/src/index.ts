// @neurite/nn: modules, layers, losses, optimizers, training, data loading and safetensors.
export { ModelLoadError, type ModelLoadErrorCode, ModelSaveError, OptimizerStepError } from './errors.ts';
// The argument and shape errors nn throws are @neurite/tensor's classes (one family for every layer).
export { ArgumentError, DTypeError, NeuriteError, ShapeError } from '@neurite/tensor';
export * from './io/index.ts';
export { loadCheckpoint, loadWeights, readStateDict, saveCheckpoint, saveWeights } from './io/model-io.ts';
export * from './data/index.ts';
export { type ForwardOptions, Module, type StateDict, type StateEntry } from './module/module.ts';
export { buffer, parameter, type TensorRole } from './module/parameter.ts';
export { ModulePathError } from './module/module-path.ts';
export { ModuleList } from './module/module-list.ts';
export { ModuleDict } from './module/module-dict.ts';
export {
  gain, type Initializer, initialValues, kaimingNormal, kaimingUniform, nextDefaultSeed, type Nonlinearity, normalValues, uniformValues,
  xavierNormal, xavierUniform,
} from './module/init.ts';
export * from './layers/index.ts';
export {
  bceWithLogitsLoss, crossEntropyLoss, type CrossEntropyOptions, hingeLoss, huberLoss, l1Penalty, l2Penalty, maeLoss, mseLoss, type Reduction, squaredHingeLoss,
} from './losses/losses.ts';
export {
  ConstantLR, CosineAnnealingLR, ExponentialLR, type LearningRateSchedule, LinearWarmup, OneCycleLR, type OneCycleOptions, StepLR,
} from './optim/lr-schedule.ts';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './optim/reduce-on-plateau.ts';
export { type GroupOptions, MAX_STEP, Optimizer, type OptimizerState, type ParamGroup, type ParamsInput } from './optim/optimizer.ts';
export { Adagrad, type AdagradOptions, Adam, type AdamOptions, AdamW, RMSprop, type RmspropOptions, SGD, type SgdOptions } from './optim/optimizers.ts';
export { clipGradNorm, clipGradValue } from './optim/clip.ts';
export {
  type BatchInfo, type Callback, type CheckpointOptions, EarlyStopping, type EarlyStoppingOptions, type EpochLogs, type History,
  LearningRateScheduler, ModelCheckpoint, type Monitor, ProgressCallback, type TrainContext,
} from './train/callbacks.ts';
export { evaluate, type Evaluation, type EvaluateOptions, type LossFunction, type LossName, predict } from './train/evaluate.ts';
export type { Metric, Metrics } from './train/epoch-metrics.ts';
export { fit, type FitData, type FitOptions } from './train/fit.ts';
export { ConsoleProgress, defaultVerbosity, type Verbosity } from './train/console-progress.ts';
export { yieldToEventLoop } from './train/yield.ts';
export { activationModule, type ActivationName, mlp, type MlpOptions } from './models/mlp.ts';
export {
  alexNetConfig, buildFromConfig, type ImageModelOptions, leNet5, residualBlock, smallCnn, smallResNet, smallVgg, type VggOptions,
} from './models/cnn.ts';
export { type FusedActivation, LAYER_TYPES, type LayerSpec, type ModelSpec, modelOutputShape, type SpecSize } from './models/model-spec.ts';
export { buildModel } from './models/build-model.ts';
export { BernoulliRBM, type RbmFitOptions } from './models/rbm.ts';
export { nllLoss } from './losses/losses.ts';
export * from './language-models/index.ts';
export * from './transformer/index.ts';
export * from './lora/index.ts';
export { exportOnnx, type ExportOnnxOptions } from './onnx/export-onnx.ts';
export { ONNX_FLOAT, ONNX_INT32, ONNX_INT64, type OnnxAttribute, OnnxGraph } from './onnx/onnx-graph.ts';
