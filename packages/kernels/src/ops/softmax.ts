// Checked wrappers of assembly/softmax.ts and softmax-f64.ts: row-wise softmax over the last axis of
// [rows, cols], float32 or float64 (`dtype`).
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import type { PoolKernel } from '../threads/protocol.ts';
import { checkCount, checkData, checkInt32, freeOnFailure, outputData, outputsF32 } from './checks.ts';
import { type DTypeOption, type FloatDType, type KernelTable, kernelTable, resolveKernel } from './dtype.ts';
import type { OutOption } from './elementwise.ts';

const SOFTMAX: KernelTable = kernelTable({ float32: 'softmax_f32', float64: 'softmax_f64' });
const SOFTMAX_BACKWARD: KernelTable = kernelTable({ float32: 'softmax_backward_f32', float64: 'softmax_backward_f64' });
const CROSS_ENTROPY: KernelTable = kernelTable({ float32: 'softmax_cross_entropy_f32', float64: 'softmax_cross_entropy_f64' });

/**
 * One call of a row kernel over `rows` rows of `cols`, split into blocks of rows over a threaded
 * backend's pool for large inputs (rows are independent: the results are identical).
 * `args(start, count)` gives the kernel's arguments for rows [start, start + count).
 */
function rowKernel(backend: Backend, kernel: PoolKernel, rows: number, cols: number, args: (start: number, count: number) => number[]): void {
  if (rows * cols === 0) return;
  const pool = backend.pool;
  if (pool !== undefined && pool.forRanges(backend, kernel, rows, 1, cols * 8, args) > 0) return;
  const token = pool?.singleStart() ?? -1;
  (backend.kernels[kernel] as (...a: number[]) => void)(...args(0, rows));
  if (token >= 0) pool!.singleEnd(token);
}

function checkRows(backend: Backend, what: string, rows: number, cols: number): number {
  checkCount(rows, `${what}: rows`);
  checkCount(cols, `${what}: cols`);
  const n = rows * cols;
  checkCount(n, `${what}: rows * cols`);
  return n;
}

/**
 * y = softmax(x) or, with `log`, log_softmax(x), over each row (max-subtracted: stable for any
 * finite logits; a row of equal values, e.g. all -1e9, gives the uniform distribution). A NaN in a
 * row makes the row NaN; a row of -Inf gives NaN (0/0), as PyTorch. `out` may equal x.
 */
export function softmax(
  backend: Backend, x: number, rows: number, cols: number, options: OutOption & DTypeOption & { log?: boolean } = {},
): number {
  const what = options.log === true ? 'logSoftmax' : 'softmax';
  const { info, name } = options.dtype === undefined ? SOFTMAX.float32! : resolveKernel(SOFTMAX, options.dtype, what);
  const n = checkRows(backend, what, rows, cols);
  checkData(backend, x, n, info.bytes, `${what}: x`);
  const out = outputData(backend, n, info.bytes, options.out, `${what}: out`);
  const row = cols * info.bytes, log = options.log === true ? 1 : 0;
  // Tiny rows (attention scores, class logits) are common: one-thread float32 calls go straight to the kernel.
  if (backend.pool === undefined && info.bytes === 4) {
    if (n > 0) backend.kernels.softmax_f32(rows, cols, x, out, log);
  } else {
    freeOnFailure(backend, [[out, options.out]], () =>
      rowKernel(backend, name as PoolKernel, rows, cols, (r, count) => [count, cols, x + r * row, out + r * row, log]));
  }
  return out;
}

/**
 * Gradient of softmax (or log-softmax, `log`) with respect to its input, given the forward output
 * y and the upstream gradient dy: dx = y (dy - sum(dy y)), or dx = dy - exp(y) sum(dy). `out` may equal dy.
 */
export function softmaxBackward(
  backend: Backend, y: number, dy: number, rows: number, cols: number, options: OutOption & DTypeOption & { log?: boolean } = {},
): number {
  const what = options.log === true ? 'logSoftmaxBackward' : 'softmaxBackward';
  const { info, name } = options.dtype === undefined ? SOFTMAX_BACKWARD.float32! : resolveKernel(SOFTMAX_BACKWARD, options.dtype, what);
  const n = checkRows(backend, what, rows, cols);
  checkData(backend, y, n, info.bytes, `${what}: y`);
  checkData(backend, dy, n, info.bytes, `${what}: dy`);
  const out = outputData(backend, n, info.bytes, options.out, `${what}: out`);
  const row = cols * info.bytes, log = options.log === true ? 1 : 0;
  freeOnFailure(backend, [[out, options.out]], () =>
    rowKernel(backend, name as PoolKernel, rows, cols, (r, count) => [count, cols, y + r * row, dy + r * row, out + r * row, log]));
  return out;
}

export interface SoftmaxCrossEntropyOptions {
  /** Element type of logits, weights, losses and grad (labels are int32); default float32. */
  dtype?: FloatDType;
  /** Pointer to cols class weights (of `dtype`) (PyTorch's `weight`); default all 1. */
  weights?: number;
  /** Label smoothing in [0, 1] (PyTorch's `label_smoothing`); default 0. */
  labelSmoothing?: number;
  /** Rows with this label get loss 0 and a zero gradient (PyTorch's `ignore_index`). */
  ignoreIndex?: number;
  /** Write the per-row losses (rows elements of `dtype`) here. */
  losses?: number;
  /** Write the gradient (rows * cols elements of `dtype`) here; it must not overlap the logits. */
  grad?: number;
}

/**
 * Fused softmax cross-entropy forward and gradient for int32 class labels, PyTorch semantics:
 *   losses[r] = -(1 - e) w[y] logp[y] - (e / C) sum_c w[c] logp[c]   (e = labelSmoothing, C = cols)
 *   grad[r, :] = d losses[r] / d logits[r, :]
 * No reduction: for PyTorch's 'mean' divide the sum of losses (and the gradient) by the sum of
 * w[y] over the rows that are not ignored (by their count when unweighted).
 */
export function softmaxCrossEntropy(
  backend: Backend, logits: number, labels: number, rows: number, cols: number, options: SoftmaxCrossEntropyOptions = {},
): { losses: number; grad: number } {
  const { info, name } = options.dtype === undefined ? CROSS_ENTROPY.float32! : resolveKernel(CROSS_ENTROPY, options.dtype, 'softmaxCrossEntropy');
  const bytes = info.bytes;
  const n = checkRows(backend, 'softmaxCrossEntropy', rows, cols);
  checkData(backend, logits, n, bytes, 'softmaxCrossEntropy: logits');
  backend.heap.checkRange(labels, rows, 4, 'softmaxCrossEntropy: labels');
  const smoothing = options.labelSmoothing ?? 0;
  if (!(smoothing >= 0 && smoothing <= 1)) {
    throw new ShapeError(`softmaxCrossEntropy: labelSmoothing must be in [0, 1], got ${smoothing}`);
  }
  const ignore = options.ignoreIndex;
  if (ignore !== undefined) checkInt32(ignore, 'softmaxCrossEntropy: ignoreIndex');
  if (options.weights !== undefined) checkData(backend, options.weights, cols, bytes, 'softmaxCrossEntropy: weights');
  if (rows > 0 && cols === 0) throw new ShapeError('softmaxCrossEntropy: cols is 0; a label needs at least one class');
  const labelView = backend.heap.i32(labels, rows);
  for (let r = 0; r < rows; r++) {
    const label = labelView[r]!;
    if (label !== ignore && (label < 0 || label >= cols)) {
      throw new ShapeError(`softmaxCrossEntropy: labels[${r}] is ${label}, expected a class in [0, ${cols})${ignore === undefined ? '' : ` or ignoreIndex ${ignore}`}`);
    }
  }
  if (options.grad !== undefined && n > 0 && options.grad < logits + n * bytes && logits < options.grad + n * bytes) {
    throw new ShapeError('softmaxCrossEntropy: grad overlaps logits; the kernel reads the logits after writing the gradient');
  }
  const [losses, grad] = outputsF32(backend,
    [[rows, options.losses, 'softmaxCrossEntropy: losses', bytes], [n, options.grad, 'softmaxCrossEntropy: grad', bytes]]) as [number, number];
  // Without an ignoreIndex, pass a label no row can hold (labels were checked to be >= 0).
  const row = cols * bytes, weights = options.weights ?? 0, ignoreLabel = ignore ?? -1;
  freeOnFailure(backend, [[losses, options.losses], [grad, options.grad]], () =>
    rowKernel(backend, name as PoolKernel, rows, cols, (r, count) =>
      [count, cols, logits + r * row, labels + r * 4, weights, smoothing, ignoreLabel, losses + r * bytes, grad + r * row]));
  return { losses, grad };
}
