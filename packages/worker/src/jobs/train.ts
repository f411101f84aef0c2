/**
 * The training job over @neurite/nn's fit(): build a model from its spec (nn's ModelSpec and
 * buildModel: a bad spec's ShapeError or ArgumentError reaches the caller as itself), load and
 * check the data (arrays sent with the call, or IDX files the worker fetches itself), split a
 * seeded validation set, train with per-batch and per-epoch progress (with a validation confusion
 * matrix), and keep the model in this worker for predict() and weights().
 */
import type * as NN from '@neurite/nn';
import { JobCancelledError, WorkerArgumentError } from '../errors.ts';
import type { JobContext } from '../job-context.ts';
import { argmaxRows } from './model-jobs.ts';
import { libraries, store } from './model-store.ts';
import type { JobResult } from './job-result.ts';
import { checkDataset, checkModelOutputs, type Dataset, loadData } from './train-data.ts';
import type { EpochProgress, OptimizerSpec, TrainConfig, TrainProgressEvent, TrainResult } from './train-types.ts';

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

/**
 * The validation confusion matrix, flat [classes x classes] (rows true class, columns predicted),
 * by @neurite/metrics' confusionMatrix over every class 0..classes-1 (absent classes give zero
 * rows). Loaded on first use, like nn and tensor.
 */
async function confusionMatrix(predicted: Int32Array, labels: Int32Array, classes: number): Promise<Int32Array> {
  const { confusionMatrix: countPairs } = await import('@neurite/metrics');
  const all = Array.from({ length: classes }, (_, c) => c);
  return Int32Array.from(countPairs(labels, predicted, { labels: all }).flat());
}

export async function train(config: TrainConfig, context: JobContext<TrainProgressEvent>): Promise<JobResult<TrainResult>> {
  for (const [field, value, max] of [['epochs', config?.epochs, 10_000], ['batchSize', config?.batchSize, 1 << 20]] as const) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) throw new WorkerArgumentError(field, `is ${String(value)}; expected an integer in 1..${max}`);
  }
  if (config.loss !== 'crossEntropy' && config.loss !== 'mse') throw new WorkerArgumentError('loss', `is ${JSON.stringify(config.loss)}; expected 'crossEntropy' or 'mse'`);
  const seed = Number.isInteger(config.seed) ? config.seed : 0;
  const { nn, errors, threads } = await libraries();
  context.throwIfCancelled();
  // The model spec is checked (and its output shape found) before any data is loaded or anything allocated.
  const outputShape = nn.modelOutputShape(config.model);
  const shapes = { inputShape: config.model.inputShape, outputShape };
  checkModelOutputs(shapes.outputShape, config.loss, errors);
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
  const model = nn.buildModel(config.model, { seed });
  const classifier = config.loss === 'crossEntropy';
  const classes = outputShape[0]!;
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
  let batchesCompleted = 0;
  let kept = false;
  try {
    if (model.parameters().length === 0) throw new WorkerArgumentError('model.layers', 'have no parameters to train; expected a linear, conv2d, batchNorm or layerNorm layer');
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
        batchesCompleted++;
        rowsThisEpoch += Math.min(config.batchSize, data.x.shape[0]! - info.batch * config.batchSize);
        if (info.batch % every !== 0 && info.batch !== info.batches - 1) return;
        const elapsed = performance.now() - epochStarted;
        await context.report({ type: 'batch', epoch: info.epoch, batch: info.batch, batchesPerEpoch: info.batches, loss: info.loss, samplesPerSecond: rowsThisEpoch / Math.max(elapsed / 1000, 1e-6), elapsedMs: performance.now() - started });
        followCancel();
      },
      onEpochEnd: async (logs) => {
        followCancel();
        if (abort.signal.aborted) return;
        const event: EpochProgress = { type: 'epoch', epoch: logs.epoch, loss: logs.loss, samplesPerSecond: rowsThisEpoch / Math.max(logs.seconds, 1e-6), elapsedMs: performance.now() - started };
        if (logs.accuracy !== undefined) event.accuracy = logs.accuracy;
        if (logs.valLoss !== undefined) event.valLoss = logs.valLoss;
        if (logs.valAccuracy !== undefined) event.valAccuracy = logs.valAccuracy;
        if (classifier && validation !== undefined && classes > 1) {
          const out = nn.predict(model, validation.x);
          event.confusionMatrix = await confusionMatrix(argmaxRows(out.data, classes), validation.y.data as Int32Array, classes);
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
    if (result.status === 'aborted' || context.cancelled) {
      if (batchesCompleted === 0) throw new JobCancelledError('train');
      // Cancelled after some steps: the partly trained model stays usable (predict, weights, save).
      const modelId = store({ model, spec: config.model, classifier });
      kept = true;
      throw new JobCancelledError('train', { modelId, epochsCompleted: history.length, batchesCompleted });
    }
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
