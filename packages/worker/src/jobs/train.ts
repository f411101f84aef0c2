/**
 * Training jobs over @neurite/nn's fit(): build a model from its spec, load the data (arrays sent
 * with the call, or IDX files the worker fetches itself), split a seeded validation set, train with
 * per-batch and per-epoch progress (with a validation confusion matrix), and keep the model in this
 * worker for predict() and weights(). nn and tensor are imported lazily, on the first training job,
 * which also picks the worker's one tensor backend (threaded where it can: see trainingThreads()).
 */
import { JobCancelledError, WorkerArgumentError } from '../errors.ts';
import type { JobContext } from '../job-context.ts';
import { buildModel, modelOutputShape } from './model-builder.ts';
import type { JobResult } from './registry.ts';
import { checkDataset, checkInputs, type Dataset, loadData, type TensorErrors } from './train-data.ts';
import type { EpochProgress, LoadWeightsRequest, ModelSpec, OptimizerSpec, PredictRequest, PredictResult, TrainConfig, TrainProgressEvent, TrainResult } from './train-types.ts';
import type * as NN from '@neurite/nn';
import { threadsStatus } from './kernel-benchmark.ts';
import { concatArrays } from './concat.ts';

interface StoredModel {
  model: NN.Module;
  spec: ModelSpec;
  classifier: boolean;
}

/** Trained or loaded models of this worker; the oldest is disposed beyond this many. */
const MAX_MODELS = 4;
const models = new Map<string, StoredModel>();
let nextModel = 0;

/** What exposeNeuriteWorker() asked for: threads for the tensors of training and prediction. */
let requestedThreads: number | 'auto' = 'auto';
/** The backend every model of this worker lives on, created by the first job that needs one. */
let training: Promise<Libraries> | undefined;

interface Libraries {
  nn: typeof NN;
  errors: TensorErrors;
  threads: number;
}

/** @internal Set by exposeNeuriteWorker() before any job runs. */
export function configureTraining(threads: number | 'auto'): void {
  if (threads !== 'auto' && !(Number.isInteger(threads) && threads >= 1 && threads <= 64)) {
    throw new WorkerArgumentError('exposeNeuriteWorker: trainingThreads', `is ${String(threads)}; expected 'auto' or an integer in 1..64`);
  }
  requestedThreads = threads;
}

/** The thread count training will use here: 'auto' is 2 where threads are available, else 1. */
export function trainingThreads(): number {
  if (!threadsStatus().available) return 1;
  return requestedThreads === 'auto' ? 2 : requestedThreads;
}

/**
 * nn, with tensor initialised on this worker's one backend: the threaded kernels (GEMM,
 * convolutions, softmax, elementwise ops and optimizer steps split across threads) when trainingThreads() > 1,
 * else the single-threaded ones. If the threaded backend cannot start, training runs on one thread.
 */
function libraries(): Promise<Libraries> {
  training ??= startTraining().catch((error: unknown) => {
    training = undefined; // let the next job try again
    throw error;
  });
  return training;
}

async function startTraining(): Promise<Libraries> {
  const [nn, tensor] = await Promise.all([import('@neurite/nn'), import('@neurite/tensor')]);
  const errors: TensorErrors = { NonFiniteError: tensor.NonFiniteError, ShapeError: tensor.ShapeError };
  const threads = trainingThreads();
  if (threads > 1) {
    try {
      await tensor.init({ threads });
      return { nn, errors, threads };
    } catch {
      // No shared memory of that size, or a worker could not start: one thread still trains.
    }
  }
  await tensor.init();
  return { nn, errors, threads: 1 };
}

function store(entry: StoredModel): string {
  const id = `model-${++nextModel}`;
  models.set(id, entry);
  for (const [oldId, old] of models) {
    if (models.size <= MAX_MODELS) break;
    old.model.dispose();
    models.delete(oldId);
  }
  return id;
}

function storedModel(id: string): StoredModel {
  const entry = models.get(id);
  if (entry === undefined) throw new WorkerArgumentError('modelId', `is ${JSON.stringify(id)}; expected a model trained or loaded in this worker (${[...models.keys()].join(', ') || 'none yet'})`);
  return entry;
}

function optimizerFor(nn: typeof NN, model: NN.Module, spec: OptimizerSpec): NN.Optimizer {
  if (!(spec?.learningRate > 0)) throw new WorkerArgumentError('optimizer.learningRate', `is ${spec?.learningRate}; expected a number > 0`);
  const lr = spec.learningRate;
  const params = model.parameters();
  switch (spec.type) {
    case 'sgd':
      return new nn.SGD(params, { lr, momentum: spec.momentum ?? 0, nesterov: spec.nesterov ?? false, weightDecay: spec.weightDecay ?? 0 });
    case 'adam':
    case 'adamw': {
      const options = { lr, beta1: spec.beta1 ?? 0.9, beta2: spec.beta2 ?? 0.999, eps: spec.eps ?? 1e-8, weightDecay: spec.weightDecay ?? (spec.type === 'adamw' ? 0.01 : 0) };
      return spec.type === 'adam' ? new nn.Adam(params, options) : new nn.AdamW(params, options);
    }
    case 'rmsprop':
      return new nn.RMSprop(params, { lr, alpha: spec.alpha ?? 0.99, eps: spec.eps ?? 1e-8, momentum: spec.momentum ?? 0, weightDecay: spec.weightDecay ?? 0 });
    default:
      throw new WorkerArgumentError('optimizer.type', `is ${JSON.stringify((spec as { type?: unknown }).type)}; expected sgd, adam, adamw or rmsprop`);
  }
}

function argmaxRows(values: Float32Array, classes: number): Int32Array {
  const rows = values.length / classes;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (values[r * classes + c]! > values[r * classes + best]!) best = c;
    out[r] = best;
  }
  return out;
}

function confusionMatrix(predicted: Int32Array, labels: Int32Array, classes: number): Int32Array {
  const counts = new Int32Array(classes * classes);
  for (let i = 0; i < labels.length; i++) {
    const truth = labels[i]!;
    if (truth >= 0 && truth < classes) counts[truth * classes + predicted[i]!]!++;
  }
  return counts;
}

/** Rows per forward pass of predict(); cancellation is checked between them. */
const PREDICT_ROWS = 256;

export async function train(config: TrainConfig, context: JobContext<TrainProgressEvent>): Promise<JobResult<TrainResult>> {
  for (const [field, value, max] of [['epochs', config?.epochs, 10_000], ['batchSize', config?.batchSize, 1 << 20]] as const) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) throw new WorkerArgumentError(field, `is ${String(value)}; expected an integer in 1..${max}`);
  }
  if (config.loss !== 'crossEntropy' && config.loss !== 'mse') throw new WorkerArgumentError('loss', `is ${JSON.stringify(config.loss)}; expected 'crossEntropy' or 'mse'`);
  const seed = Number.isInteger(config.seed) ? config.seed : 0;
  // The model spec is checked (and its output shape found) before anything is loaded or allocated.
  const shapes = { inputShape: config.model?.inputShape ?? [], outputShape: modelOutputShape(config.model) };
  const { nn, errors, threads } = await libraries();
  context.throwIfCancelled();
  let data = checkDataset(await loadData(config.data, 'data', context), shapes, config.loss, 'data', errors);
  context.throwIfCancelled();
  let validation: Dataset | undefined;
  if (config.validation !== undefined && 'data' in config.validation) {
    validation = checkDataset(await loadData(config.validation.data, 'validation.data', context), shapes, config.loss, 'validation.data', errors);
  } else if (config.validation !== undefined) {
    const fraction = config.validation.fraction;
    if (!(fraction > 0 && fraction < 1)) throw new WorkerArgumentError('validation.fraction', `is ${fraction}; expected a number in (0, 1)`);
    const [rest, held] = nn.splitColumns({ x: data.x, y: data.y }, 1 - fraction, seed);
    if (rest.x.shape[0] === 0 || held.x.shape[0] === 0) {
      throw new WorkerArgumentError('validation.fraction', `is ${fraction} of ${data.x.shape[0]} rows, which leaves ${rest.x.shape[0]} to train on and ${held.x.shape[0]} to validate; expected at least one of each`);
    }
    data = rest as Dataset;
    validation = held as Dataset;
  }
  context.throwIfCancelled();
  const { model, outputShape } = buildModel(nn, config.model, seed);
  const classifier = config.loss === 'crossEntropy';
  const classes = outputShape[0] ?? 1;
  let optimizer: NN.Optimizer | undefined;
  const abort = new AbortController();
  /** The client's cancel (shared flag or message) becomes fit's signal: fit stops before its next step. */
  const followCancel = () => {
    if (context.cancelled) abort.abort();
  };
  const every = Math.max(1, Math.floor(config.progressEvery ?? 10));
  const started = performance.now();
  let epochStarted = started;
  let rowsThisEpoch = 0;
  const history: EpochProgress[] = [];
  let kept = false;
  try {
    optimizer = optimizerFor(nn, model, config.optimizer);
    const progress: NN.Callback = {
      onEpochBegin: () => {
        followCancel();
        epochStarted = performance.now();
        rowsThisEpoch = 0;
      },
      onBatchEnd: async (info) => {
        followCancel();
        // A diverging model fails the job (as fit's debug mode does) instead of reporting null losses.
        if (!Number.isFinite(info.loss)) throw new errors.NonFiniteError(`training loss (epoch ${info.epoch}, batch ${info.batch})`, 0, info.loss);
        rowsThisEpoch += Math.min(config.batchSize, data.x.shape[0]! - info.batch * config.batchSize);
        if (info.batch % every !== 0 && info.batch !== info.batches - 1) return;
        const elapsed = performance.now() - epochStarted;
        await context.report({ type: 'batch', epoch: info.epoch, batch: info.batch, batchesPerEpoch: info.batches, loss: info.loss, samplesPerSecond: rowsThisEpoch / Math.max(elapsed / 1000, 1e-6), elapsedMs: performance.now() - started });
        followCancel();
      },
      onEpochEnd: async (logs) => {
        followCancel();
        if (abort.signal.aborted) return;
        const event: EpochProgress = { type: 'epoch', epoch: logs.epoch, trainLoss: logs.loss, samplesPerSecond: rowsThisEpoch / Math.max(logs.seconds, 1e-6), elapsedMs: performance.now() - started };
        if (logs.accuracy !== undefined) event.trainAccuracy = logs.accuracy;
        if (logs.valLoss !== undefined) event.validationLoss = logs.valLoss;
        if (logs.valAccuracy !== undefined) event.validationAccuracy = logs.valAccuracy;
        if (classifier && validation !== undefined && classes > 1) {
          const out = nn.predict(model, validation.x);
          event.confusionMatrix = confusionMatrix(argmaxRows(out.data, classes), validation.y.data as Int32Array, classes);
          event.classes = classes;
        }
        history.push(event);
        await context.report(event);
        followCancel();
      },
    };
    const result = await nn.fit(model, { x: data.x, y: data.y }, {
      epochs: config.epochs,
      optimizer,
      loss: config.loss,
      batchSize: config.batchSize,
      seed,
      callbacks: [progress],
      signal: abort.signal,
      ...(validation !== undefined ? { validationData: { x: validation.x, y: validation.y } } : {}),
    });
    if (result.status === 'aborted' || context.cancelled) throw new JobCancelledError('train');
    const parameterCount = model.parameters().reduce((n, p) => n + p.size, 0);
    const modelId = store({ model, spec: config.model, classifier });
    kept = true;
    // Confusion matrices are copies made here: transfer their buffers.
    return { value: { modelId, parameterCount, history, threads }, transfer: history.flatMap((e) => (e.confusionMatrix ? [e.confusionMatrix.buffer as ArrayBuffer] : [])) };
  } finally {
    optimizer?.dispose();
    if (!kept) model.dispose();
  }
}

/** Outputs of `x` in slices of PREDICT_ROWS rows, with a cancellation checkpoint after each. */
async function predictRows(nn: typeof NN, model: NN.Module, x: { data: Float32Array; shape: number[] }, context: JobContext<never>): Promise<{ data: Float32Array; shape: number[] }> {
  const rows = x.shape[0]!;
  const rowSize = x.data.length / rows;
  const parts: Float32Array[] = [];
  let rowShape: number[] = [];
  for (let from = 0; from < rows; from += PREDICT_ROWS) {
    const to = Math.min(rows, from + PREDICT_ROWS);
    const out = nn.predict(model, { data: x.data.subarray(from * rowSize, to * rowSize), shape: [to - from, ...x.shape.slice(1)] });
    parts.push(out.data);
    rowShape = out.shape.slice(1);
    await context.checkpoint();
  }
  return { data: concatArrays(parts, (n) => new Float32Array(n)), shape: [rows, ...rowShape] };
}

export async function predict(request: PredictRequest, context: JobContext<never>): Promise<JobResult<PredictResult>> {
  const entry = storedModel(request?.modelId);
  const { nn, errors } = await libraries();
  context.throwIfCancelled();
  if (!Array.isArray(request.shape) || !(request.x instanceof Float32Array) || request.shape.reduce((a, b) => a * b, 1) !== request.x.length) {
    throw new WorkerArgumentError('x', `has ${request.x?.length} values; expected a Float32Array of shape [${String(request.shape)}]`);
  }
  const x = { data: request.x, shape: [...request.shape] };
  checkInputs(x, entry.spec.inputShape, 'x', errors);
  const out = await predictRows(nn, entry.model, x, context);
  const output = out.data;
  if (!entry.classifier) return { value: { output, shape: out.shape }, transfer: [output.buffer] };
  // Softmax per row (max-subtracted) for probabilities.
  const classes = out.shape[1] ?? 1;
  for (let r = 0; r < output.length / classes; r++) {
    const row = output.subarray(r * classes, (r + 1) * classes);
    const max = Math.max(...row);
    let total = 0;
    for (let c = 0; c < classes; c++) total += row[c] = Math.exp(row[c]! - max);
    for (let c = 0; c < classes; c++) row[c]! /= total;
  }
  const predicted = argmaxRows(output, classes);
  return { value: { output, shape: out.shape, predicted }, transfer: [output.buffer, predicted.buffer] };
}

export async function weights(request: { modelId: string }, context: JobContext<never>): Promise<JobResult<Uint8Array>> {
  const entry = storedModel(request?.modelId);
  const { nn } = await libraries();
  context.throwIfCancelled();
  const bytes = nn.saveWeights(entry.model, { format: 'neurite', model: JSON.stringify(entry.spec) }).slice();
  return { value: bytes, transfer: [bytes.buffer] };
}

export async function loadWeights(request: LoadWeightsRequest, context: JobContext<never>): Promise<JobResult<{ modelId: string }>> {
  const { nn } = await libraries();
  context.throwIfCancelled();
  if (!(request?.safetensors instanceof Uint8Array)) throw new WorkerArgumentError('safetensors', 'is not a Uint8Array; expected the bytes of a safetensors file');
  const { model } = buildModel(nn, request.model, 0);
  try {
    nn.loadWeights(model, request.safetensors);
  } catch (error) {
    model.dispose();
    throw error;
  }
  const last = request.model.layers.at(-1);
  return { value: { modelId: store({ model, spec: request.model, classifier: last?.type === 'dense' && last.activation === undefined }) }, transfer: [] };
}
