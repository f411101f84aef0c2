import { abs, add, mul, NonFiniteError, scope, square, sum, type Tensor } from '@neurite/tensor';
import { type Column, DataLoader, splitColumns } from '../data/data-loader.ts';
import type { ForwardOptions, Module } from '../module/module.ts';
import { clipGradNorm, clipGradValue } from '../optim/clip.ts';
import { Optimizer } from '../optim/optimizer.ts';
import { checkBoolean, checkCount, checkModule, checkNumber, describeValue, invalidArgument, optionsOf } from '../validate.ts';
import type { Callback, EpochLogs, History, TrainContext } from './callbacks.ts';
import { checkMetrics, EpochMetrics, type Metrics } from './epoch-metrics.ts';
import { countCorrect, evaluate, featuresOf, type LossFunction, lossFunction, type LossName, targetOf } from './evaluate.ts';
import { ConsoleProgress, defaultVerbosity, type Verbosity } from './console-progress.ts';
import { yieldToEventLoop } from './yield.ts';

/** x: features [N, ...] (float, or int32 token ids for an Embedding); y: int32 labels [N] for classification, floats [N, ...] for the other losses. */
export type FitData = { x: Column; y: Column };

export interface FitOptions {
  epochs: number;
  optimizer: Optimizer;
  loss: LossName | LossFunction;
  /** Default 32. */
  batchSize?: number;
  /** Hold out this fraction of the rows (chosen by a permutation seeded with `seed`) for validation. */
  validationSplit?: number;
  /** Validation set (takes precedence over validationSplit). */
  validationData?: FitData;
  /** Reshuffle the training rows every epoch (default true). */
  shuffle?: boolean;
  /** Seed of the shuffling and of the validation split (default 0). */
  seed?: number;
  /** Drop the last incomplete batch (default false). */
  dropLast?: boolean;
  callbacks?: Callback[];
  /** Stops training before the next step once aborted; fit resolves with status 'aborted'. */
  signal?: AbortSignal;
  /** Check every layer's output and every gradient; throw NonFiniteError naming the first layer with NaN/Inf. */
  debug?: boolean;
  /** Clip gradients by global L2 norm before each step. */
  clipGradNorm?: number;
  /** Clip every gradient element to [-v, v] before each step. */
  clipGradValue?: number;
  /** Penalties added to the loss: l1 * sum |w| and l2 * sum w^2 over the trainable weights (not biases or norm parameters: names ending in "weight" or starting with "weight_"). */
  l1?: number;
  l2?: number;
  /** Transforms each training batch (e.g. data augmentation) before the step. */
  transformBatch?: (batch: FitData, epoch: number) => FitData;
  /**
   * Metrics computed over each epoch's training rows (as predicted during the epoch) and over the
   * validation rows, by name, into the logs' `metrics` and `valMetrics`; e.g.
   * `{ f1: (t, p) => f1Score(t, p, { average: 'macro' }) }` with @neurite/metrics (see Metric).
   */
  metrics?: Metrics;
  /** Evaluation batch size (default 256). */
  evaluationBatchSize?: number;
  /** Let the event loop run at least this often, in ms (default 20), so aborts and messages get through. */
  yieldEveryMs?: number;
  /**
   * Progress output as Keras: 0 silent, 1 a progress bar per epoch with the running loss and ETA, 2 one
   * line per epoch. Default 1 when standard output is a terminal (Node's main thread), else 0.
   */
  verbose?: Verbosity;
  /** Where progress text goes (default standard output in Node, the console elsewhere). */
  log?: (text: string) => void;
}

/** Every argument of fit, checked before anything is allocated or trained (ArgumentError / ShapeError). */
function checkFitArguments(model: Module, data: FitData, options: FitOptions): void {
  checkModule(model, 'fit: model');
  optionsOf(options, 'fit');
  for (const [name, d] of [['data', data], ['validationData', options.validationData]] as const) {
    if (d === undefined && name === 'validationData') continue;
    if (typeof d !== 'object' || d === null || d.x === undefined || d.y === undefined) invalidArgument(`fit: ${name} must be { x, y } columns, got ${describeValue(d)}`);
  }
  checkCount(options.epochs, 'fit: epochs');
  if (!(options.optimizer instanceof Optimizer)) invalidArgument(`fit: optimizer must be an Optimizer, got ${describeValue(options.optimizer)}`);
  lossFunction(options.loss);
  if (options.batchSize !== undefined) checkCount(options.batchSize, 'fit: batchSize', 1, 0x7fffffff);
  if (options.evaluationBatchSize !== undefined) checkCount(options.evaluationBatchSize, 'fit: evaluationBatchSize', 1, 0x7fffffff);
  if (options.validationSplit !== undefined) checkNumber(options.validationSplit, 'fit: validationSplit', { min: 0, max: 1, maxExclusive: true });
  if (options.seed !== undefined) checkNumber(options.seed, 'fit: seed');
  for (const key of ['shuffle', 'dropLast', 'debug'] as const) if (options[key] !== undefined) checkBoolean(options[key], `fit: ${key}`);
  if (options.clipGradNorm !== undefined && options.clipGradNorm !== Infinity) checkNumber(options.clipGradNorm, 'fit: clipGradNorm', { min: 0, minExclusive: true });
  for (const key of ['clipGradValue', 'l1', 'l2', 'yieldEveryMs'] as const) if (options[key] !== undefined) checkNumber(options[key], `fit: ${key}`, { min: 0 });
  if (options.callbacks !== undefined && !Array.isArray(options.callbacks)) invalidArgument(`fit: callbacks must be an array, got ${describeValue(options.callbacks)}`);
  if (options.transformBatch !== undefined && typeof options.transformBatch !== 'function') invalidArgument(`fit: transformBatch must be a function, got ${describeValue(options.transformBatch)}`);
  if (options.verbose !== undefined && options.verbose !== 0 && options.verbose !== 1 && options.verbose !== 2) invalidArgument(`fit: verbose must be 0, 1 or 2, got ${describeValue(options.verbose)}`);
  if (options.log !== undefined && typeof options.log !== 'function') invalidArgument(`fit: log must be a function, got ${describeValue(options.log)}`);
  checkMetrics(options.metrics, 'fit');
}

function penalizedParameters(model: Module): Tensor[] {
  return model.namedParameters().filter(([name, p]) => {
    const last = name.split('.').pop()!;
    return p.requiresGrad && (last === 'weight' || last.startsWith('weight_'));
  }).map(([, p]) => p);
}

/** Wraps every module's forward to check its output; returns the function that undoes it. */
function instrumentForNonFinite(model: Module): () => void {
  const restored: (() => void)[] = [];
  for (const [name, module] of model.namedModules()) {
    const original = module.forward;
    const label = `layer ${name === '' ? '(root)' : name} (${module.typeName}) output`;
    module.forward = function (this: Module, input: Tensor, options?: ForwardOptions): Tensor {
      const out = original.call(this, input, options);
      assertFinite(out, label);
      return out;
    };
    restored.push(() => {
      delete (module as { forward?: unknown }).forward;
    });
  }
  return () => restored.forEach((f) => f());
}

function assertFinite(t: Tensor, what: string): void {
  const values = t.toArray();
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) throw new NonFiniteError(what, i, values[i]!);
  }
}

/**
 * Trains `model` on `data` for `options.epochs` epochs of mini-batches: forward, loss (plus
 * penalties), backward, clipping, optimizer step, all inside a scope per step. Reports per-epoch
 * loss and accuracy (and validation figures), runs the callbacks, honours an AbortSignal between
 * steps (a step is never half-applied) and leaves the live-tensor count where it found it
 * (gradients are cleared at the end). Resolves with the history.
 */
export async function fit(model: Module, data: FitData, options: FitOptions): Promise<History> {
  checkFitArguments(model, data, options);
  const seed = options.seed ?? 0;
  let train = data;
  let validation = options.validationData;
  if (validation === undefined && options.validationSplit !== undefined && options.validationSplit > 0) {
    const [rest, held] = splitColumns(data, 1 - options.validationSplit, seed);
    train = rest;
    validation = held;
  }
  const loader = new DataLoader(train, { batchSize: options.batchSize ?? 32, shuffle: options.shuffle ?? true, seed, dropLast: options.dropLast ?? false });
  const lossFn = lossFunction(options.loss);
  const verbosity = options.verbose ?? defaultVerbosity();
  const callbacks: Callback[] = verbosity === 0 ? options.callbacks ?? [] : [...(options.callbacks ?? []), new ConsoleProgress(verbosity, options.log)];
  const ctx: TrainContext = { model, optimizer: options.optimizer, epochs: options.epochs, stopTraining: false };
  const history: History = { epochs: [], status: 'completed' };
  const yieldEvery = options.yieldEveryMs ?? 20;
  const penalized = options.l1 || options.l2 ? penalizedParameters(model) : [];
  const wasTraining = model.training;
  const undoDebug = options.debug ? instrumentForNonFinite(model) : () => {};
  const namedParameters = model.namedParameters();
  const metrics = checkMetrics(options.metrics, 'fit');
  let lastYield = Date.now();
  try {
    for (const c of callbacks) await c.onTrainBegin?.(ctx);
    for (let epoch = 0; epoch < options.epochs && !ctx.stopTraining; epoch++) {
      if (options.signal?.aborted) break;
      for (const c of callbacks) await c.onEpochBegin?.(epoch, ctx);
      model.train();
      const started = Date.now();
      let lossSum = 0, rows = 0, correct = 0, accuracyApplies = true, batchIndex = 0;
      const epochMetrics = new EpochMetrics(metrics, options.loss);
      for (const raw of loader.batches(epoch)) {
        if (Date.now() - lastYield >= yieldEvery) {
          await yieldToEventLoop();
          lastYield = Date.now();
        }
        if (options.signal?.aborted) break;
        const batch = options.transformBatch ? options.transformBatch({ x: raw.x, y: raw.y }, epoch) : { x: raw.x, y: raw.y };
        const n = batch.x.shape[0]!;
        options.optimizer.zeroGrad();
        const lossValue = scope(() => {
          const out = model.forward(featuresOf(batch.x));
          let loss = lossFn(out, targetOf(batch.y, options.loss));
          const reported = loss.item();
          if (options.debug && !Number.isFinite(reported)) throw new NonFiniteError('loss', 0, reported);
          for (const p of penalized) {
            if (options.l1) loss = add(loss, mul(sum(abs(p)), options.l1));
            if (options.l2) loss = add(loss, mul(sum(square(p)), options.l2));
          }
          loss.backward();
          const values = out.toArray();
          epochMetrics.add(values, out.shape, batch.y);
          const c = countCorrect(values, out.shape, batch.y, options.loss);
          if (c === undefined) accuracyApplies = false;
          else correct += c;
          return reported;
        });
        if (options.debug) {
          for (const [name, p] of namedParameters) if (p.grad) assertFinite(p.grad, `gradient of ${name}`);
        }
        if (options.clipGradValue !== undefined) clipGradValue(model.parameters(), options.clipGradValue);
        if (options.clipGradNorm !== undefined) clipGradNorm(model.parameters(), options.clipGradNorm);
        options.optimizer.step();
        lossSum += lossValue * n;
        rows += n;
        for (const c of callbacks) await c.onBatchEnd?.({ epoch, epochs: options.epochs, batch: batchIndex, batches: loader.length, loss: lossValue }, ctx);
        batchIndex++;
      }
      if (options.signal?.aborted) {
        history.status = 'aborted';
        break;
      }
      const logs: EpochLogs = { epoch, loss: rows > 0 ? lossSum / rows : NaN, learningRate: options.optimizer.learningRate, seconds: (Date.now() - started) / 1000 };
      if (accuracyApplies && rows > 0) logs.accuracy = correct / rows;
      if (epochMetrics.active) logs.metrics = epochMetrics.compute('fit');
      if (validation !== undefined) {
        const v = evaluate(model, validation, { loss: options.loss, batchSize: options.evaluationBatchSize, metrics: options.metrics });
        logs.valLoss = v.loss;
        if (v.accuracy !== undefined) logs.valAccuracy = v.accuracy;
        if (v.metrics !== undefined) logs.valMetrics = v.metrics;
      }
      history.epochs.push(logs);
      for (const c of callbacks) await c.onEpochEnd?.(logs, ctx);
    }
    if (options.signal?.aborted) history.status = 'aborted';
    else if (ctx.stopTraining) {
      history.status = 'stopped';
      if (ctx.stopReason !== undefined) history.stopReason = ctx.stopReason;
    }
    for (const c of callbacks) await c.onTrainEnd?.(history, ctx);
    return history;
  } finally {
    undoDebug();
    options.optimizer.zeroGrad();
    model.train(wasTraining);
  }
}
