import { ArgumentError } from '@neurite/tensor';
import { saveCheckpoint } from '../io/model-io.ts';
import { checkBoolean, checkCount, checkNumber, checkOneOf, describeValue, invalidArgument, optionsOf } from '../validate.ts';
import type { Module, StateDict } from '../module/module.ts';
import type { LearningRateSchedule } from '../optim/lr-schedule.ts';
import type { Optimizer } from '../optim/optimizer.ts';

/** Metrics of one epoch. Validation figures are present when there is validation data. */
export interface EpochLogs {
  epoch: number;
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  /** fit's `metrics` over the epoch's training rows, by name. */
  metrics?: Record<string, number>;
  /** fit's `metrics` over the validation rows, by name. */
  valMetrics?: Record<string, number>;
  learningRate: number;
  seconds: number;
}

export interface BatchInfo {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
}

export interface TrainContext {
  readonly model: Module;
  readonly optimizer: Optimizer;
  readonly epochs: number;
  /** Set by a callback to end training after the current epoch. */
  stopTraining: boolean;
  /** Why training stopped early, when it did. */
  stopReason?: string;
}

export interface History {
  epochs: EpochLogs[];
  /** 'completed', 'stopped' (a callback asked) or 'aborted' (the AbortSignal fired). */
  status: 'completed' | 'stopped' | 'aborted';
  stopReason?: string;
}

/** Hooks called by `fit`. Each may be async; fit awaits it. */
export interface Callback {
  onTrainBegin?(ctx: TrainContext): void | Promise<void>;
  onEpochBegin?(epoch: number, ctx: TrainContext): void | Promise<void>;
  onBatchEnd?(info: BatchInfo, ctx: TrainContext): void | Promise<void>;
  onEpochEnd?(logs: EpochLogs, ctx: TrainContext): void | Promise<void>;
  onTrainEnd?(history: History, ctx: TrainContext): void | Promise<void>;
}

/** Reports progress: `onBatch` after every batch (epoch, batch, loss), `onEpoch` after every epoch. */
export class ProgressCallback implements Callback {
  constructor(private readonly handlers: { onBatch?: (info: BatchInfo) => void | Promise<void>; onEpoch?: (logs: EpochLogs) => void | Promise<void> }) {}
  onBatchEnd(info: BatchInfo): void | Promise<void> {
    return this.handlers.onBatch?.(info);
  }
  onEpochEnd(logs: EpochLogs): void | Promise<void> {
    return this.handlers.onEpoch?.(logs);
  }
}

/** A figure of the epoch logs: a built-in one, or one of fit's `metrics` as 'metrics.<name>' or 'valMetrics.<name>'. */
export type Monitor = 'loss' | 'valLoss' | 'accuracy' | 'valAccuracy' | `metrics.${string}` | `valMetrics.${string}`;
const MONITORS: readonly string[] = ['loss', 'valLoss', 'accuracy', 'valAccuracy'];
const METRIC_MONITOR = /^(metrics|valMetrics)\.(.+)$/;

/** The monitor, and its mode: given, or 'max' for accuracies and 'min' for losses; a metric's mode must be given. */
function checkMonitor(monitor: unknown, mode: unknown, what: string): { monitor: Monitor; mode: 'min' | 'max' } {
  if (typeof monitor !== 'string' || !(MONITORS.includes(monitor) || METRIC_MONITOR.test(monitor))) {
    invalidArgument(`${what}: monitor must be one of ${MONITORS.join(', ')}, 'metrics.<name>' or 'valMetrics.<name>', got ${describeValue(monitor)}`);
  }
  if (mode === undefined && METRIC_MONITOR.test(monitor)) invalidArgument(`${what}: monitoring ${monitor} needs mode 'min' or 'max' (whether lower or higher is better)`);
  const resolved = checkOneOf(mode ?? (monitor.toLowerCase().includes('accuracy') ? 'max' : 'min'), `${what}: mode`, ['min', 'max'] as const);
  return { monitor: monitor as Monitor, mode: resolved };
}

function monitored(logs: EpochLogs, monitor: Monitor): number {
  const metric = METRIC_MONITOR.exec(monitor);
  const value = metric ? logs[metric[1] as 'metrics' | 'valMetrics']?.[metric[2]!] : logs[monitor as 'loss' | 'valLoss' | 'accuracy' | 'valAccuracy'];
  if (value === undefined) throw new ArgumentError(`monitor ${monitor} is not in the epoch logs (is there validation data${metric ? `, and a metric named ${metric[2]} in fit's metrics` : ''}?)`);
  return value;
}

function improves(value: number, best: number, mode: 'min' | 'max', minDelta: number): boolean {
  return mode === 'min' ? value < best - minDelta : value > best + minDelta;
}

export interface EarlyStoppingOptions {
  /** Metric to watch (default 'valLoss'). */
  monitor?: Monitor;
  /** Epochs without improvement before stopping (default 3). */
  patience?: number;
  /** Smallest change counted as an improvement (default 0). */
  minDelta?: number;
  /** 'min' for losses, 'max' for accuracies (default from the monitor; required for a metric). */
  mode?: 'min' | 'max';
  /** Put back the best epoch's weights when training ends (default true). */
  restoreBestWeights?: boolean;
}

/** Stops training when the monitored metric stops improving; optionally restores the best weights. */
export class EarlyStopping implements Callback {
  readonly monitor: Monitor;
  readonly patience: number;
  readonly minDelta: number;
  readonly mode: 'min' | 'max';
  readonly restoreBestWeights: boolean;
  bestValue = NaN;
  bestEpoch = -1;
  private wait = 0;
  private bestState: StateDict | undefined;

  constructor(options: EarlyStoppingOptions = {}) {
    options = optionsOf(options, 'EarlyStopping');
    const { monitor, mode } = checkMonitor(options.monitor ?? 'valLoss', options.mode, 'EarlyStopping');
    this.monitor = monitor;
    this.mode = mode;
    this.patience = checkCount(options.patience ?? 3, 'EarlyStopping: patience');
    this.minDelta = checkNumber(options.minDelta ?? 0, 'EarlyStopping: minDelta', { min: 0 });
    this.restoreBestWeights = checkBoolean(options.restoreBestWeights ?? true, 'EarlyStopping: restoreBestWeights');
  }

  onTrainBegin(): void {
    this.bestValue = NaN;
    this.bestEpoch = -1;
    this.wait = 0;
    this.bestState = undefined;
  }

  onEpochEnd(logs: EpochLogs, ctx: TrainContext): void {
    const value = monitored(logs, this.monitor);
    if (this.bestEpoch < 0 || improves(value, this.bestValue, this.mode, this.minDelta)) {
      this.bestValue = value;
      this.bestEpoch = logs.epoch;
      this.wait = 0;
      if (this.restoreBestWeights) this.bestState = ctx.model.stateDict();
      return;
    }
    this.wait++;
    if (this.wait > this.patience) {
      ctx.stopTraining = true;
      ctx.stopReason = `early stopping: ${this.monitor} did not improve for ${this.wait} epochs (best ${this.bestValue} at epoch ${this.bestEpoch})`;
    }
  }

  onTrainEnd(_history: History, ctx: TrainContext): void {
    if (this.restoreBestWeights && this.bestState !== undefined) ctx.model.loadStateDict(this.bestState);
    this.bestState = undefined;
  }
}

export interface CheckpointOptions {
  /** Receives the checkpoint (safetensors bytes of the model, optimizer state included) and the epoch logs. */
  save: (bytes: Uint8Array, logs: EpochLogs) => void | Promise<void>;
  /** Save only when the monitored metric improves (default false: every epoch). */
  saveBestOnly?: boolean;
  monitor?: Monitor;
  mode?: 'min' | 'max';
  /** Builds the bytes; the default is saveCheckpoint (model weights and optimizer state). */
  serialize?: (ctx: TrainContext) => Uint8Array;
}

/** Saves a checkpoint after each epoch (or each improvement) through a user-given sink. */
export class ModelCheckpoint implements Callback {
  private best = NaN;
  private readonly monitor: Monitor;
  private readonly mode: 'min' | 'max';
  constructor(private readonly options: CheckpointOptions) {
    const o = optionsOf(options, 'ModelCheckpoint');
    if (typeof o.save !== 'function') invalidArgument(`ModelCheckpoint: save must be a function, got ${describeValue(o.save)}`);
    if (o.serialize !== undefined && typeof o.serialize !== 'function') invalidArgument(`ModelCheckpoint: serialize must be a function, got ${describeValue(o.serialize)}`);
    checkBoolean(o.saveBestOnly ?? false, 'ModelCheckpoint: saveBestOnly');
    ({ monitor: this.monitor, mode: this.mode } = checkMonitor(o.monitor ?? 'valLoss', o.mode, 'ModelCheckpoint'));
  }
  async onEpochEnd(logs: EpochLogs, ctx: TrainContext): Promise<void> {
    if (this.options.saveBestOnly) {
      const value = monitored(logs, this.monitor);
      if (!Number.isNaN(this.best) && !improves(value, this.best, this.mode, 0)) return;
      this.best = value;
    }
    const bytes = this.options.serialize ? this.options.serialize(ctx) : saveCheckpoint(ctx.model, ctx.optimizer, { epoch: String(logs.epoch) });
    await this.options.save(bytes, logs);
  }
}

/** Sets the optimizer's learning rate from a schedule before each epoch (or each step with per: 'step'). */
export class LearningRateScheduler implements Callback {
  private steps = 0;
  constructor(private readonly schedule: LearningRateSchedule, private readonly per: 'epoch' | 'step' = 'epoch') {
    if (typeof schedule !== 'object' || schedule === null || typeof schedule.rate !== 'function') invalidArgument(`LearningRateScheduler: schedule must have rate(t), got ${describeValue(schedule)}`);
    checkOneOf(per, 'LearningRateScheduler: per', ['epoch', 'step'] as const);
  }
  /** The rate, and the momentum where the schedule cycles it (OneCycleLR), at step t. */
  private apply(t: number, ctx: TrainContext): void {
    ctx.optimizer.setLearningRate(this.schedule.rate(t));
    const momentum = this.schedule.momentum?.(t);
    if (momentum !== undefined) ctx.optimizer.setMomentum(momentum);
  }
  onTrainBegin(ctx: TrainContext): void {
    this.steps = 0;
    this.apply(0, ctx);
  }
  onEpochBegin(epoch: number, ctx: TrainContext): void {
    if (this.per === 'epoch') this.apply(epoch, ctx);
  }
  onBatchEnd(_info: BatchInfo, ctx: TrainContext): void {
    if (this.per === 'step') this.apply(++this.steps, ctx);
  }
}
