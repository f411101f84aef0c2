/**
 * Jobs on a stored model: predict (softmax probabilities for classifiers, in slices of rows with a
 * cancellation checkpoint after each), weights (a safetensors file) and loadWeights.
 */
import type * as NN from '@neurite/nn';
import { WorkerArgumentError } from '../errors.ts';
import type { JobContext } from '../job-context.ts';
import { concatArrays } from './concat.ts';
import { libraries, store, storedModel } from './model-store.ts';
import type { JobResult } from './job-result.ts';
import { checkInputs } from './train-data.ts';
import type { LoadWeightsRequest, PredictRequest, PredictResult } from './train-types.ts';

/** Rows per forward pass of predict(); cancellation is checked between them. */
const PREDICT_ROWS = 256;

/** Index of the largest value of each row of a row-major [rows, classes] array. */
export function argmaxRows(values: Float32Array, classes: number): Int32Array {
  const rows = values.length / classes;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (values[r * classes + c]! > values[r * classes + best]!) best = c;
    out[r] = best;
  }
  return out;
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
  const outputShape = nn.modelOutputShape(request.model);
  const model = nn.buildModel(request.model, { seed: 0 });
  try {
    nn.loadWeights(model, request.safetensors);
  } catch (error) {
    model.dispose();
    throw error;
  }
  // A model whose last layer is a plain linear one with flat outputs [classes] is taken for a classifier.
  const last = request.model.layers.at(-1);
  const classifier = last?.type === 'linear' && (last.activation ?? 'none') === 'none' && outputShape.length === 1 && outputShape[0]! > 1;
  return { value: { modelId: store({ model, spec: request.model, classifier }) }, transfer: [] };
}
