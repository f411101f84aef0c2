// User metrics for fit and evaluate: functions over a whole epoch's targets and predictions, such as
// those of @neurite/metrics (which nn may not import: the caller hands them in).
import { ArgumentError } from '@neurite/tensor';
import type { Column, ColumnData } from '../data/data-loader.ts';
import { describeValue, invalidArgument } from '../validate.ts';

/**
 * A metric over all rows of an epoch (or of an evaluation): `yTrue` holds the targets as given,
 * `yPred` the predicted class labels for classification (the argmax of a multi-class output with
 * int32 labels; 0/1, or -1/+1 when the targets use -1, from the sign of a one-column output of the
 * binary losses) and the model's outputs otherwise. Returns a number, as scikit-learn's metrics do.
 */
export type Metric = (yTrue: ColumnData, yPred: Int32Array | Float32Array) => number;
export type Metrics = Readonly<Record<string, Metric>>;

const BINARY_LOSSES: readonly unknown[] = ['bceWithLogits', 'hinge', 'squaredHinge'];

/** `metrics` as a validated list of [name, function] (ArgumentError before anything runs). */
export function checkMetrics(metrics: unknown, what: string): [string, Metric][] {
  if (metrics === undefined) return [];
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) invalidArgument(`${what}: metrics must be an object of name -> function, got ${describeValue(metrics)}`);
  const entries = Object.entries(metrics as Record<string, unknown>);
  for (const [name, fn] of entries) {
    if (name === '') invalidArgument(`${what}: a metric name must not be empty`);
    if (typeof fn !== 'function') invalidArgument(`${what}: metrics.${name} must be a function (yTrue, yPred) => number, got ${describeValue(fn)}`);
  }
  return entries as [string, Metric][];
}

/** Collects targets and predictions batch by batch, then computes every metric once. */
export class EpochMetrics {
  private readonly targets: ColumnData[] = [];
  private readonly predictions: (Int32Array | Float32Array)[] = [];
  private binary = false;

  /** `loss`: fit's loss option (a name, or a function: never one of the binary losses). */
  constructor(private readonly metrics: [string, Metric][], private readonly loss: unknown) {}

  get active(): boolean {
    return this.metrics.length > 0;
  }

  /** One batch: the model's outputs (values and shape) and its target column. */
  add(output: ArrayLike<number>, outputShape: readonly number[], y: Column): void {
    if (!this.active) return;
    const rows = outputShape[0] ?? 1;
    const cols = rows > 0 ? output.length / rows : 0;
    this.targets.push(y.data.slice());
    if (y.data instanceof Int32Array && y.data.length === rows && cols > 1) {
      const labels = new Int32Array(rows);
      for (let r = 0; r < rows; r++) {
        let best = 0;
        for (let c = 1; c < cols; c++) if (output[r * cols + c]! > output[r * cols + best]!) best = c;
        labels[r] = best;
      }
      this.predictions.push(labels);
    } else if (BINARY_LOSSES.includes(this.loss) && cols === 1 && y.data.length === rows) {
      this.binary = true;
      const labels = new Int32Array(rows);
      for (let r = 0; r < rows; r++) labels[r] = output[r]! > 0 ? 1 : 0;
      this.predictions.push(labels);
    } else {
      this.predictions.push(Float32Array.from(output));
    }
  }

  /** Every metric on the rows added so far: { name: value }. */
  compute(what: string): Record<string, number> {
    const yTrue = concat(this.targets);
    const yPred = concat(this.predictions) as Int32Array | Float32Array;
    if (this.binary && yPred instanceof Int32Array && (yTrue as Float64Array).some((v) => v < 0)) {
      for (let i = 0; i < yPred.length; i++) if (yPred[i] === 0) yPred[i] = -1;
    }
    const out: Record<string, number> = {};
    for (const [name, metric] of this.metrics) {
      const value = metric(yTrue, yPred);
      if (typeof value !== 'number') throw new ArgumentError(`${what}: metric ${name} returned ${describeValue(value)}; a metric must return a number`);
      out[name] = value;
    }
    return out;
  }
}

function concat<T extends ColumnData>(parts: readonly T[]): T {
  const first = parts[0];
  if (first === undefined) return new Float32Array(0) as T;
  const Ctor = first.constructor as new (n: number) => T;
  const sameKind = parts.every((p) => p.constructor === Ctor);
  const out = sameKind ? new Ctor(parts.reduce((s, p) => s + p.length, 0)) : (new Float64Array(parts.reduce((s, p) => s + p.length, 0)) as T);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
