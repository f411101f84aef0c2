// softmax and logSoftmax along an axis, and the fused softmax cross-entropy, forward and backward.
// Every float dtype runs the softmax kernels of its dtype (rows = everything but the axis, which is
// moved last when it is not already).
import { softmax as softmaxKernel, softmaxBackward, softmaxCrossEntropy as sceKernel } from '@neurite/kernels';
import { record } from '../autograd/record.ts';
import { atomic } from '../scope.ts';
import { DTypeError, ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { checkTensor, emptyTensor, type Tensor } from '../tensor.ts';
import { checkIndexValues, checkInteger, checkNumber, checkOneOf, optionsOf } from '../validate.ts';
import { cast } from './copy.ts';
import { div, mul } from './elementwise.ts';
import { sum } from './reduce.ts';
import { normalizeAxis, permute, reshape } from './shape.ts';

function lastAxis(x: Tensor, rows: number, cols: number, log: boolean): Tensor {
  const y = emptyTensor(x.shape, x.dtype, log ? 'logSoftmax' : 'softmax');
  const dtype = x.dtype === 'float64' ? 'float64' : 'float32';
  softmaxKernel(runtimeUnchecked().backend, x.storage.ptr, rows, cols, { log, out: y.storage.ptr, dtype });
  return record(log ? 'logSoftmax' : 'softmax', [x], y, [y], (g, [ys]) => {
    const dx = emptyTensor(g.shape, g.dtype, 'softmax backward');
    softmaxBackward(runtimeUnchecked().backend, ys!.storage.ptr, g.storage.ptr, rows, cols, { log, out: dx.storage.ptr, dtype });
    return [dx];
  });
}

function softmaxAlong(x: Tensor, axis: number, log: boolean): Tensor {
  return atomic(() => {
    const what = log ? 'logSoftmax' : 'softmax';
    checkTensor(x, what);
    if (x.dtype === 'int32') throw new DTypeError(`${what}: expected a float tensor, got int32`);
    if (x.rank === 0) throw new ShapeError(`${what}: needs rank >= 1, got a scalar`);
    const ax = normalizeAxis(axis, x.rank, what);
    const cols = x.shape[ax]!;
    if (ax === x.rank - 1) return lastAxis(x, cols === 0 ? 0 : x.size / cols, cols, log);
    const perm = x.shape.map((_, i) => i).filter((i) => i !== ax).concat(ax);
    const moved = permute(x, perm);
    const y = lastAxis(moved, cols === 0 ? 0 : moved.size / cols, cols, log);
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => (inverse[p] = i));
    const out = permute(y, inverse);
    moved.dispose();
    y.dispose();
    return out;
  });
}

/** exp(x) / sum(exp(x)) along `axis` (default last), max-subtracted. */
export const softmax = (x: Tensor, axis = -1) => softmaxAlong(x, axis, false);
/** x - logsumexp(x) along `axis` (default last). */
export const logSoftmax = (x: Tensor, axis = -1) => softmaxAlong(x, axis, true);

export interface CrossEntropyOptions {
  /** [C] class weights (float; cast to the logits' dtype). */
  weights?: Tensor;
  labelSmoothing?: number;
  /** Rows with this label contribute nothing. */
  ignoreIndex?: number;
  /** 'mean' (default; divided by the summed weights of the counted rows), 'sum' or 'none' ([N]). */
  reduction?: 'mean' | 'sum' | 'none';
}

/**
 * Cross-entropy of logits [N, C] against int32 class labels [N], fused (one kernel computes the
 * losses and their gradient). PyTorch's CrossEntropyLoss semantics, including label smoothing,
 * class weights and ignoreIndex.
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor, options?: CrossEntropyOptions): Tensor {
  return atomic(() => {
    checkTensor(logits, 'softmaxCrossEntropy: logits');
    checkTensor(labels, 'softmaxCrossEntropy: labels');
    const opts = optionsOf(options, 'softmaxCrossEntropy');
    if (logits.rank !== 2) throw new ShapeError(`softmaxCrossEntropy: logits must be [N, C], got [${logits.shape}]`);
    if (labels.dtype !== 'int32') throw new DTypeError(`softmaxCrossEntropy: labels must be int32, got ${labels.dtype}`);
    if (logits.dtype === 'int32') throw new DTypeError('softmaxCrossEntropy: logits must be float');
    const [rows, cols] = logits.shape as [number, number];
    if (labels.size !== rows || labels.rank !== 1) throw new ShapeError(`softmaxCrossEntropy: labels must have shape [${rows}], got [${labels.shape}]`);
    const weights = opts.weights === undefined || opts.weights === null ? undefined : checkTensor(opts.weights, 'softmaxCrossEntropy: weights');
    if (weights && (weights.size !== cols || weights.rank !== 1 || weights.dtype === 'int32')) throw new ShapeError(`softmaxCrossEntropy: weights must be float [${cols}], got [${weights.shape}] ${weights.dtype}`);
    const smoothing = opts.labelSmoothing === undefined ? 0 : checkNumber(opts.labelSmoothing, 'softmaxCrossEntropy: labelSmoothing', { min: 0, max: 1 });
    const ignore = opts.ignoreIndex === undefined ? undefined : checkInteger(opts.ignoreIndex, 'softmaxCrossEntropy: ignoreIndex', -0x80000000, 0x7fffffff);
    const reduction = checkOneOf(opts.reduction, ['mean', 'sum', 'none'] as const, 'mean', 'softmaxCrossEntropy: reduction');
    // Labels are checked before the two outputs are allocated (a bad one must leak nothing).
    checkIndexValues(labels.view(), cols, 'softmaxCrossEntropy: labels', ignore);
    const losses = emptyTensor([rows], logits.dtype, 'softmaxCrossEntropy');
    const grad = emptyTensor([rows, cols], logits.dtype, 'softmaxCrossEntropy');
    const dtype = logits.dtype === 'float64' ? 'float64' : 'float32';
    const w = weights === undefined || weights.dtype === dtype ? weights : cast(weights, dtype);
    sceKernel(runtimeUnchecked().backend, logits.storage.ptr, labels.storage.ptr, rows, cols, {
      dtype, weights: w?.storage.ptr, labelSmoothing: smoothing, ignoreIndex: ignore, losses: losses.storage.ptr, grad: grad.storage.ptr,
    });
    if (w !== weights) w!.dispose();
    let denominator = 1;
    if (reduction === 'mean') {
      const lv = labels.view() as Int32Array;
      const wv = weights?.view();
      denominator = 0;
      for (let r = 0; r < rows; r++) if (lv[r] !== ignore) denominator += wv ? wv[lv[r]!]! : 1;
    }
    const perRow = record('softmaxCrossEntropy', [logits], losses, [grad], (g, [gr]) => {
      const g2 = reshape(g, [rows, 1]);
      const r = mul(gr!, g2);
      g2.dispose();
      return [r];
    });
    grad.dispose();
    if (reduction === 'none') return perRow;
    const total = sum(perRow);
    perRow.dispose();
    if (reduction === 'sum') return total;
    const mean = div(total, denominator);
    total.dispose();
    return mean;
  });
}
