/**
 * The wire protocol between a client (createNeuriteWorker) and a worker (exposeNeuriteWorker):
 * a ready handshake outside Comlink, then one Comlink-exposed object with `info`, `run` and `cancel`.
 */
import type { RemoteError } from './remote-error.ts';
import type { KernelBenchmarkProgress, KernelBenchmarkRequest, KernelBenchmarkResult } from './jobs/kernel-benchmark-types.ts';
import type {
  TokenizeProgress,
  TokenizeRequest,
  TokenizeResult,
  TokenizerTrainingProgress,
  TrainedTokenizerInfo,
  TrainTokenizerRequest,
} from './jobs/tokenize-types.ts';
import type {
  LoadWeightsRequest,
  PredictRequest,
  PredictResult,
  TrainConfig,
  TrainProgressEvent,
  TrainResult,
} from './jobs/train-types.ts';
import type {
  AttentionMapRequest,
  AttentionMapResult,
  FineTuneLoraRequest,
  FineTuneLoraResult,
  GenerateTextProgress,
  GenerateTextRequest,
  GenerateTextResult,
  LanguageModelInfo,
  LoadLlama2cRequest,
  TrainCharModelProgress,
  TrainCharModelRequest,
} from './jobs/language-model-types.ts';
import type { ClassifyEmailRequest, ClassifyEmailResult, SpamFilterInfo, SpamTrainingProgress, TrainSpamFilterRequest } from './jobs/spam-types.ts';

export const PROTOCOL_VERSION = 1;

/** Posted by the worker once it listens, and again in answer to every hello. */
export interface ReadyMessage {
  neuriteWorker: 'ready';
  protocol: number;
}
/** Posted by the client when it attaches, in case the first ready message was posted before that. */
export interface HelloMessage {
  neuriteWorker: 'hello';
}

export function isReadyMessage(data: unknown): data is ReadyMessage {
  return typeof data === 'object' && data !== null && (data as { neuriteWorker?: unknown }).neuriteWorker === 'ready';
}
export function isHelloMessage(data: unknown): data is HelloMessage {
  return typeof data === 'object' && data !== null && (data as { neuriteWorker?: unknown }).neuriteWorker === 'hello';
}

/** What the worker can do, reported by `info()`. */
export interface WorkerInfo {
  protocol: number;
  runtime: 'browser' | 'node';
  /** `crossOriginIsolated` in browsers; always true in Node (SharedArrayBuffer is always usable there). */
  crossOriginIsolated: boolean;
  simd: boolean;
  relaxedSimd: boolean;
  /** Multi-threaded kernels: whether this worker can run them, and why not. */
  threads: { available: boolean; reason: string };
  /** Threads train() and the other model jobs will run on (see ExposeOptions.trainingThreads). */
  trainingThreads: number;
  /** Jobs whose libraries are present in this build; a missing one rejects with JobUnavailableError. */
  jobs: Record<JobName, boolean>;
  /** Layer types `train` accepts: @neurite/nn's LAYER_TYPES (a spec with any other is rejected with nn's ArgumentError). */
  trainableLayers: string[];
}

/** Every job: its request, the progress events it may send, and its result. */
export interface JobMap {
  benchmarkKernel: { request: KernelBenchmarkRequest; progress: KernelBenchmarkProgress; result: KernelBenchmarkResult };
  tokenize: { request: TokenizeRequest; progress: TokenizeProgress; result: TokenizeResult };
  trainTokenizer: { request: TrainTokenizerRequest; progress: TokenizerTrainingProgress; result: TrainedTokenizerInfo };
  train: { request: TrainConfig; progress: TrainProgressEvent; result: TrainResult };
  predict: { request: PredictRequest; progress: never; result: PredictResult };
  weights: { request: { modelId: string }; progress: never; result: Uint8Array };
  loadWeights: { request: LoadWeightsRequest; progress: never; result: { modelId: string } };
  trainCharModel: { request: TrainCharModelRequest; progress: TrainCharModelProgress; result: LanguageModelInfo };
  fineTuneLora: { request: FineTuneLoraRequest; progress: TrainCharModelProgress; result: FineTuneLoraResult };
  loadLlama2c: { request: LoadLlama2cRequest; progress: never; result: LanguageModelInfo };
  generateText: { request: GenerateTextRequest; progress: GenerateTextProgress; result: GenerateTextResult };
  attentionMap: { request: AttentionMapRequest; progress: never; result: AttentionMapResult };
  trainSpamFilter: { request: TrainSpamFilterRequest; progress: SpamTrainingProgress; result: SpamFilterInfo };
  classifyEmail: { request: ClassifyEmailRequest; progress: never; result: ClassifyEmailResult };
}
export type JobName = keyof JobMap;
export const JOB_NAMES: readonly JobName[] = [
  'benchmarkKernel', 'tokenize', 'trainTokenizer', 'train', 'predict', 'weights', 'loadWeights',
  'trainCharModel', 'fineTuneLora', 'loadLlama2c', 'generateText', 'attentionMap',
  'trainSpamFilter', 'classifyEmail',
];

/** Sent with every job: its id (for cancel), where progress goes, and a shared cancel flag when usable. */
export interface JobControl {
  id: number;
  /** A MessagePort whose other end exposes the client's progress callback (Comlink). */
  progressPort?: MessagePort;
  /** Int32Array over a SharedArrayBuffer; element 0 becomes 1 on cancel. Only when shared memory is usable. */
  cancelFlag?: Int32Array;
}

/** Jobs answer with an envelope so that errors survive the trip as their own class (see remote-error.ts). */
export type JobOutcome<T> = { ok: true; value: T } | ({ ok: false } & RemoteError);

/** The object the worker exposes over Comlink. */
export interface WorkerEndpointApi {
  info(): Promise<WorkerInfo>;
  run(job: JobName, request: unknown, control: JobControl): Promise<JobOutcome<unknown>>;
  cancel(jobId: number): void;
}
