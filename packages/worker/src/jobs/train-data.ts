/**
 * Training and prediction data of the model jobs: loading (arrays sent with the call, or IDX files
 * the worker fetches itself) and validation against the model before anything is allocated or
 * trained: shapes, finite values, and integer class labels in range.
 */
import type * as Tensor from '@neurite/tensor';
import { WorkerArgumentError } from '../errors.ts';
import { idxDataset } from '../data/idx.ts';
import type { JobContext } from '../job-context.ts';
import type { DataSource, LossName } from './train-types.ts';

export interface Dataset {
  x: { data: Float32Array; shape: number[] };
  y: { data: Int32Array | Float32Array; shape: number[] };
}

/** The typed errors of @neurite/tensor, from the worker's lazily loaded copy. */
export type TensorErrors = Pick<typeof Tensor, 'NonFiniteError' | 'ShapeError'>;

/** What loading needs of the job: a signal that aborts a fetch on cancel, and the cancel check. */
export type LoadContext = Pick<JobContext<unknown>, 'signal' | 'throwIfCancelled'>;

async function fetchBytes(url: string, field: string, context: LoadContext): Promise<Uint8Array> {
  try {
    const response = await fetch(url, { signal: context.signal });
    if (!response.ok) throw new WorkerArgumentError(field, `(${url}) answered HTTP ${response.status}; expected 200`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    context.throwIfCancelled(); // a cancel aborts the download: JobCancelledError, not a fetch error
    if (cause instanceof WorkerArgumentError) throw cause;
    throw new WorkerArgumentError(field, `(${url}) could not be fetched: ${String(cause)}`);
  }
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function checkShape(shape: unknown, field: string): number[] {
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
    throw new WorkerArgumentError(field, `is ${JSON.stringify(shape)}; expected a non-empty array of sizes`);
  }
  return [...shape];
}

/** Loads a data source; checks that each array holds as many values as its declared shape. */
export async function loadData(source: DataSource, field: string, context: LoadContext): Promise<Dataset> {
  if (source?.kind === 'idx') {
    const [images, labels] = await Promise.all([fetchBytes(source.imagesUrl, `${field}.imagesUrl`, context), fetchBytes(source.labelsUrl, `${field}.labelsUrl`, context)]);
    context.throwIfCancelled();
    const { x, xShape, y } = idxDataset(images, labels, source.limit);
    return { x: { data: x, shape: xShape }, y: { data: y, shape: [y.length] } };
  }
  if (source?.kind === 'arrays') {
    const xShape = checkShape(source.xShape, `${field}.xShape`);
    const yShape = checkShape(source.yShape, `${field}.yShape`);
    if (!(source.x instanceof Float32Array) || product(xShape) !== source.x.length) {
      throw new WorkerArgumentError(`${field}.x`, `has ${source.x?.length} values; expected a Float32Array of shape [${xShape.join(', ')}]`);
    }
    if (!(source.y instanceof Int32Array || source.y instanceof Float32Array) || yShape[0] !== xShape[0] || product(yShape) !== source.y.length) {
      throw new WorkerArgumentError(`${field}.y`, `has shape [${yShape.join(', ')}] and ${source.y?.length} values; expected an Int32Array or Float32Array of ${xShape[0]} rows`);
    }
    return { x: { data: source.x, shape: xShape }, y: { data: source.y, shape: yShape } };
  }
  throw new WorkerArgumentError(`${field}.kind`, `is ${JSON.stringify((source as { kind?: unknown })?.kind)}; expected 'arrays' or 'idx'`);
}

/** Throws NonFiniteError at the first NaN or infinity of `values`. */
export function checkFinite(values: Float32Array | Int32Array, what: string, errors: TensorErrors): void {
  if (values instanceof Int32Array) return;
  for (let i = 0; i < values.length; i++) {
    // x - x is 0 for every finite x and NaN for NaN and +-Infinity.
    if (values[i]! - values[i]! !== 0) throw new errors.NonFiniteError(what, i, values[i]!);
  }
}

/** Checks that a batch of model inputs is [rows >= 1, ...inputShape] and finite. */
export function checkInputs(x: { data: Float32Array; shape: readonly number[] }, inputShape: readonly number[], field: string, errors: TensorErrors): void {
  const rowShape = x.shape.slice(1);
  if (rowShape.length !== inputShape.length || rowShape.some((s, i) => s !== inputShape[i])) {
    throw new errors.ShapeError(`${field} has shape [${x.shape.join(', ')}]; the model expects [rows, ${inputShape.join(', ')}]`);
  }
  if (!(x.shape[0]! >= 1)) throw new WorkerArgumentError(field, `has ${x.shape[0]} rows; expected at least one`);
  checkFinite(x.data, field, errors);
}

/**
 * Checks what a loss needs of the model's output shape (one example, no batch axis), before any
 * data is loaded: cross-entropy takes flat logits [classes] with at least two classes (nn's linear
 * acts on the last axis, so a model without a flatten can output more axes). MSE takes any shape.
 */
export function checkModelOutputs(outputShape: readonly number[], loss: LossName, errors: TensorErrors): void {
  if (loss !== 'crossEntropy') return;
  if (outputShape.length !== 1) {
    throw new errors.ShapeError(`model outputs [${outputShape.join(', ')}] per example; cross-entropy expects flat logits [classes]: add { type: 'flatten' } before the last linear layer`);
  }
  if (outputShape[0]! < 2) throw new WorkerArgumentError('model', `outputs [${outputShape[0]}] per example; cross-entropy expects at least 2 classes`);
}

/**
 * Checks `data` against the model before training: inputs as checkInputs; for cross-entropy,
 * labels [rows] that are integers in 0..classes-1 (returned as an Int32Array); for MSE, finite
 * targets [rows, ...outputShape] ([rows] is accepted for one output and reshaped).
 */
export function checkDataset(
  data: Dataset,
  model: { inputShape: readonly number[]; outputShape: readonly number[] },
  loss: LossName,
  field: string,
  errors: TensorErrors,
): Dataset {
  checkInputs(data.x, model.inputShape, `${field}.x`, errors);
  const rows = data.x.shape[0]!;
  const y = data.y;
  checkFinite(y.data, `${field}.y`, errors);
  if (loss === 'crossEntropy') {
    const classes = model.outputShape[0]!; // flat: see checkModelOutputs
    if (y.shape.length !== 1) throw new errors.ShapeError(`${field}.y has shape [${y.shape.join(', ')}]; cross-entropy expects class labels of shape [${rows}]`);
    for (let i = 0; i < y.data.length; i++) {
      const label = y.data[i]!;
      if (!Number.isInteger(label) || label < 0 || label >= classes) {
        throw new WorkerArgumentError(`${field}.y[${i}]`, `is ${label}; expected an integer class label in 0..${classes - 1} (the model has ${classes} outputs)`);
      }
    }
    return { x: data.x, y: { data: y.data instanceof Int32Array ? y.data : Int32Array.from(y.data), shape: y.shape } };
  }
  const targetShape = [rows, ...model.outputShape];
  const single = y.shape.length === 1 && product(model.outputShape) === 1;
  if (!single && (y.shape.length !== targetShape.length || y.shape.some((s, i) => s !== targetShape[i]))) {
    throw new errors.ShapeError(`${field}.y has shape [${y.shape.join(', ')}]; the model's outputs are [${targetShape.join(', ')}]`);
  }
  return { x: data.x, y: { data: y.data instanceof Float32Array ? y.data : Float32Array.from(y.data), shape: targetShape } };
}
