import { ArgumentError, noGrad, scope, ShapeError, type Tensor, tensor } from '@neurite/tensor';
import { checkCount, checkModule, describeValue, invalidArgument, optionsOf } from '../validate.ts';
import { checkColumn, type Column } from '../data/data-loader.ts';
import type { Module } from '../module/module.ts';
import { bceWithLogitsLoss, crossEntropyLoss, hingeLoss, huberLoss, maeLoss, mseLoss, squaredHingeLoss } from '../losses/losses.ts';
import { checkMetrics, EpochMetrics, type Metrics } from './epoch-metrics.ts';

/** Built-in losses by name; targets: int32 labels [N] for 'crossEntropy', else floats shaped like the output. */
export type LossName = 'crossEntropy' | 'mse' | 'mae' | 'huber' | 'bceWithLogits' | 'hinge' | 'squaredHinge';
/** A loss: (model output, targets) -> scalar tensor. */
export type LossFunction = (output: Tensor, target: Tensor | Int32Array) => Tensor;

export function lossFunction(loss: LossName | LossFunction): LossFunction {
  if (typeof loss === 'function') return loss;
  switch (loss) {
    case 'crossEntropy': return (o, t) => crossEntropyLoss(o, t);
    case 'mse': return (o, t) => mseLoss(o, t as Tensor);
    case 'mae': return (o, t) => maeLoss(o, t as Tensor);
    case 'huber': return (o, t) => huberLoss(o, t as Tensor);
    case 'bceWithLogits': return (o, t) => bceWithLogitsLoss(o, t as Tensor);
    case 'hinge': return (o, t) => hingeLoss(o, t as Tensor);
    case 'squaredHinge': return (o, t) => squaredHingeLoss(o, t as Tensor);
    default: throw new ArgumentError(`loss must be a function or one of crossEntropy, mse, mae, huber, bceWithLogits, hinge, squaredHinge; got ${String(loss)}`);
  }
}

/** Targets as the loss wants them: int32 labels stay a typed array, the rest become a float32 tensor. */
/** Features of a batch as a tensor: Int32Array stays int32 (token ids for Embedding), the rest becomes float32. */
export function featuresOf(x: Column): Tensor {
  if (x.data instanceof Int32Array) return tensor(x.data, x.shape, { dtype: 'int32' });
  return tensor(x.data instanceof Float32Array ? x.data : Float32Array.from(x.data), x.shape);
}

export function targetOf(y: Column, loss: LossName | LossFunction): Tensor | Int32Array {
  if (y.data instanceof Int32Array && (loss === 'crossEntropy' || typeof loss === 'function')) return y.data;
  return tensor(y.data instanceof Float32Array ? y.data : Float32Array.from(y.data), y.shape);
}

/**
 * Correct predictions in a batch (host side): argmax for multi-class outputs with int labels,
 * sign of the logit for one-column outputs of the binary losses (targets 0/1 or -1/+1).
 * undefined when accuracy does not apply (regression).
 */
export function countCorrect(output: Float32Array | Float64Array | Int32Array, outputShape: readonly number[], y: Column, loss: LossName | LossFunction): number | undefined {
  const rows = outputShape[0] ?? 1;
  const cols = output.length / Math.max(rows, 1);
  if (y.data instanceof Int32Array && y.data.length === rows && cols > 1) {
    let correct = 0;
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let c = 1; c < cols; c++) if (output[r * cols + c]! > output[r * cols + best]!) best = c;
      if (best === y.data[r]) correct++;
    }
    return correct;
  }
  const binary = loss === 'bceWithLogits' || loss === 'hinge' || loss === 'squaredHinge';
  if (binary && cols === 1 && y.data.length === rows) {
    let correct = 0;
    for (let r = 0; r < rows; r++) if (output[r]! > 0 === y.data[r]! > 0.5) correct++;
    return correct;
  }
  return undefined;
}

export interface EvaluateOptions {
  loss: LossName | LossFunction;
  batchSize?: number;
  /** Metrics over all rows, by name (e.g. `{ f1: (t, p) => f1Score(t, p, { average: 'macro' }) }` with @neurite/metrics). */
  metrics?: Metrics;
}

/** What evaluate returns; `metrics` when metrics were asked for. */
export interface Evaluation {
  loss: number;
  accuracy?: number;
  metrics?: Record<string, number>;
}

function rowsOf(column: Column): number {
  return checkColumn('column', column);
}

function batchRows(column: Column, from: number, to: number): Column {
  const rowSize = column.shape.slice(1).reduce((a, b) => a * b, 1);
  return { data: column.data.subarray(from * rowSize, to * rowSize), shape: [to - from, ...column.shape.slice(1)] };
}

/** Mean loss (weighted by batch size), accuracy and the asked metrics over a dataset, in eval mode without gradients. */
export function evaluate(model: Module, data: { x: Column; y: Column }, options: EvaluateOptions): Evaluation {
  checkModule(model, 'evaluate: model');
  if (typeof data !== 'object' || data === null) invalidArgument(`evaluate: data must be { x, y }, got ${describeValue(data)}`);
  options = optionsOf(options, 'evaluate') as EvaluateOptions;
  const lossFn = lossFunction(options.loss);
  const batchSize = checkCount(options.batchSize ?? 256, 'evaluate: batchSize', 1, 0x7fffffff);
  const metrics = new EpochMetrics(checkMetrics(options.metrics, 'evaluate'), options.loss);
  const n = rowsOf(data.x);
  if (rowsOf(data.y) !== n) throw new ShapeError(`evaluate: x has ${n} rows, y has ${rowsOf(data.y)}`);
  const wasTraining = model.training;
  model.eval();
  let total = 0, correct = 0, accuracyApplies = true;
  try {
    noGrad(() => {
      for (let from = 0; from < n; from += batchSize) {
        const to = Math.min(n, from + batchSize);
        const xb = batchRows(data.x, from, to), yb = batchRows(data.y, from, to);
        scope(() => {
          const out = model.forward(featuresOf(xb));
          total += lossFn(out, targetOf(yb, options.loss)).item() * (to - from);
          const values = out.toArray();
          metrics.add(values, out.shape, yb);
          const c = countCorrect(values, out.shape, yb, options.loss);
          if (c === undefined) accuracyApplies = false;
          else correct += c;
        });
      }
    });
  } finally {
    model.train(wasTraining);
  }
  const result: Evaluation = accuracyApplies && n > 0 ? { loss: total / n, accuracy: correct / n } : { loss: n > 0 ? total / n : NaN };
  if (metrics.active) result.metrics = metrics.compute('evaluate');
  return result;
}

/** Model outputs for every row of `x`, computed in batches in eval mode: values and shape [N, ...]. */
export function predict(model: Module, x: Column, options: { batchSize?: number } = {}): { data: Float32Array; shape: number[] } {
  checkModule(model, 'predict: model');
  options = optionsOf(options, 'predict');
  const batchSize = checkCount(options.batchSize ?? 256, 'predict: batchSize', 1, 0x7fffffff);
  const n = rowsOf(x);
  const wasTraining = model.training;
  model.eval();
  const parts: Float32Array[] = [];
  let rowShape: number[] = [];
  try {
    noGrad(() => {
      for (let from = 0; from < n; from += batchSize) {
        const to = Math.min(n, from + batchSize);
        const xb = batchRows(x, from, to);
        scope(() => {
          const out = model.forward(featuresOf(xb));
          rowShape = out.shape.slice(1);
          parts.push(Float32Array.from(out.toArray()));
        });
      }
    });
  } finally {
    model.train(wasTraining);
  }
  const data = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return { data, shape: [n, ...rowShape] };
}
