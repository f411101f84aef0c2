/**
 * Types of the training jobs: a serializable configuration (model spec, optimizer, loss, data or a
 * data source the worker loads itself), the progress events sent through the proxied callback, and
 * the results. Everything here survives structured cloning; typed arrays are transferred.
 */

import type { ModelSpec } from '@neurite/nn';

/**
 * Models are @neurite/nn's one serializable vocabulary (its ModelSpec, built with its buildModel):
 * re-exported so that callers of the worker need no other import. The last layer outputs logits
 * (no softmax); a classifier's output must be flat, [classes].
 */
export type { FusedActivation, LayerSpec, ModelSpec, SpecSize } from '@neurite/nn';

export type OptimizerSpec =
  | { type: 'sgd'; learningRate: number; momentum?: number; nesterov?: boolean; weightDecay?: number }
  | { type: 'adam' | 'adamw'; learningRate: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number }
  | { type: 'rmsprop'; learningRate: number; alpha?: number; eps?: number; momentum?: number; weightDecay?: number };

/** crossEntropy takes integer class labels and logits; mse takes float targets. */
export type LossName = 'crossEntropy' | 'mse';

/**
 * Training data: arrays sent with the call (their buffers are transferred to the worker), or a URL
 * the worker fetches itself. 'idx' is MNIST's IDX format: an unsigned-byte image file (magic 2051)
 * and a label file (magic 2049); pixels are scaled to [0, 1].
 */
export type DataSource =
  | { kind: 'arrays'; x: Float32Array; xShape: readonly number[]; y: Int32Array | Float32Array; yShape: readonly number[] }
  | { kind: 'idx'; imagesUrl: string; labelsUrl: string; limit?: number };

export interface TrainConfig {
  model: ModelSpec;
  optimizer: OptimizerSpec;
  loss: LossName;
  epochs: number;
  batchSize: number;
  /** Seeds initialization, shuffling, dropout and the validation split. */
  seed: number;
  data: DataSource;
  /** Hold out a seeded fraction of `data` (0..1), or validate on separate data. */
  validation?: { fraction: number } | { data: DataSource };
  /** Send a 'batch' event every this many batches (default 10); 'epoch' events are always sent. */
  progressEvery?: number;
}

export interface BatchProgress {
  type: 'batch';
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  /** Mean loss of this batch. */
  loss: number;
  /** Training accuracy of this batch (classification only). */
  accuracy?: number;
  samplesPerSecond: number;
  elapsedMs: number;
}

/**
 * One epoch's metrics under @neurite/nn's names (its EpochLogs): `loss` and `accuracy` on the
 * training data, `valLoss` and `valAccuracy` on the validation data when there is some.
 */
export interface EpochProgress {
  type: 'epoch';
  epoch: number;
  /** Mean training loss of the epoch. */
  loss: number;
  /** Training accuracy of the epoch (classification only). */
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Row-major [classes, classes] counts: row = true class, column = predicted class. */
  confusionMatrix?: Int32Array;
  classes?: number;
  samplesPerSecond: number;
  elapsedMs: number;
}

export type TrainProgressEvent = BatchProgress | EpochProgress;

export interface TrainResult {
  /** Names the trained model inside this worker, for predict() and weights(). */
  modelId: string;
  parameterCount: number;
  history: EpochProgress[];
  /** Threads the kernels ran on (see exposeNeuriteWorker's `trainingThreads`). */
  threads: number;
}

export interface PredictRequest {
  modelId: string;
  /** A batch of inputs, [batch, ...inputShape] (transferred). */
  x: Float32Array;
  shape: readonly number[];
}

export interface PredictResult {
  /** Softmax probabilities [batch, classes] for classifiers, raw outputs otherwise (transferred). */
  output: Float32Array;
  shape: number[];
  /** argmax per row for classifiers. */
  predicted?: Int32Array;
}

export interface LoadWeightsRequest {
  model: ModelSpec;
  /** A safetensors file (transferred). */
  safetensors: Uint8Array;
}
