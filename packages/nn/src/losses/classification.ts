import {
  add, ArgumentError, div, DTypeError, logSoftmax, mul, neg, permute, reshape, scope, ShapeError, softmaxCrossEntropy, sum, Tensor, tensor,
} from '@neurite/tensor';
import { checkNumber, checkTensor, describeValue, optionsOf } from '../validate.ts';
import { checkReduction, type Reduction } from './reduction.ts';

/**
 * The classification losses, with PyTorch's shapes: scores [N, C] or [N, C, d1, ..., dk] (classes on
 * axis 1, as in PyTorch: a loss is not an image layer, so it keeps PyTorch's convention even though
 * Neurite's images are channels-last; move the classes with `permute` first) or unbatched [C];
 * class-index targets [N] / [N, d1, ..., dk] / [] (int32 Tensor, or an Int32Array of that many
 * labels); 'none' returns losses of the target's shape.
 */

export interface NllOptions {
  reduction?: Reduction;
  /** Per-class weights w_c (length C). */
  weights?: ArrayLike<number>;
  /** Targets with this label add nothing to the loss, the gradient or the 'mean' divisor (default -100, PyTorch's). */
  ignoreIndex?: number;
}

export interface CrossEntropyOptions extends NllOptions {
  /** Label smoothing epsilon in [0, 1). */
  labelSmoothing?: number;
}

interface Checked { c: number; m: number; outer: number[]; w: ArrayLike<number> | undefined; reduction: Reduction }

function checkScores(what: string, scores: Tensor, options: NllOptions): Checked {
  const name = what === 'nllLoss' ? 'logProbs' : 'logits';
  checkTensor(scores, `${what}: ${name}`);
  if (scores.rank < 1) throw new ShapeError(`${what}: ${name} must be [N, C, d1, ...] or [C], got a scalar`);
  if (scores.dtype === 'int32') throw new DTypeError(`${what}: ${name} must be float, got int32`);
  const c = scores.rank === 1 ? scores.shape[0]! : scores.shape[1]!;
  const outer = scores.rank === 1 ? [] : [scores.shape[0]!, ...scores.shape.slice(2)];
  const reduction = checkReduction(options.reduction, what);
  const w = options.weights;
  if (w !== undefined) {
    if (typeof w !== 'object' || w === null || typeof w.length !== 'number') throw new ArgumentError(`${what}: weights must be an array of numbers, got ${describeValue(w)}`);
    if (w.length !== c) throw new ShapeError(`${what}: weights has ${w.length} values, expected ${c} (one per class)`);
    for (let i = 0; i < c; i++) checkNumber(w[i], `${what}: weights[${i}]`, { min: 0 });
  }
  return { c, m: outer.reduce((a, b) => a * b, 1), outer, w, reduction };
}

/** Checked class-index labels (each in [0, C) or the ignore index), flat, and the ignore index. */
function checkLabels(what: string, labels: Tensor | Int32Array, { c, m, outer }: Checked, options: NllOptions) {
  if (labels instanceof Tensor) {
    if (labels.dtype !== 'int32') throw new DTypeError(`${what}: labels must be int32${what === 'crossEntropyLoss' ? ' (or float probabilities of the logits\' shape)' : ''}, got ${labels.dtype}`);
    if (labels.rank !== outer.length || labels.shape.some((d, i) => d !== outer[i])) {
      throw new ShapeError(`${what}: labels must be [${outer.join(', ')}], got [${labels.shape.join(', ')}]`);
    }
  } else if (!(labels instanceof Int32Array)) {
    throw new ArgumentError(`${what}: labels must be an Int32Array or an int32 Tensor, got ${describeValue(labels)}`);
  }
  const y = labels instanceof Int32Array ? labels : (labels.toArray() as Int32Array);
  if (y.length !== m) throw new ShapeError(`${what}: ${y.length} labels for ${m} targets`);
  const ignoreIndex = checkNumber(options.ignoreIndex ?? -100, `${what}: ignoreIndex`);
  if (!Number.isInteger(ignoreIndex) || Math.abs(ignoreIndex) > 0x7fffffff) throw new ArgumentError(`${what}: ignoreIndex must be an int32 integer, got ${ignoreIndex}`);
  for (let i = 0; i < m; i++) {
    const label = y[i]!;
    if (label !== ignoreIndex && (label < 0 || label >= c)) throw new ArgumentError(`${what}: label ${label} at target ${i} is not in [0, ${c}) nor the ignore index ${ignoreIndex}`);
  }
  return { y, ignoreIndex };
}

/** Scores (or same-shaped probabilities) as rows [M, C], classes last. Call inside a scope. */
function rowsOf(x: Tensor, c: number, m: number): Tensor {
  if (x.rank <= 2) return x.rank === 2 ? x : reshape(x, [1, c]);
  return reshape(permute(x, [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2), 1]), [m, c]);
}

/** Per-target losses [M] reduced, or shaped like the target for 'none'. */
function finish(losses: Tensor, { outer, reduction }: Checked, divisor: number): Tensor {
  if (reduction === 'none') return outer.length === 1 ? losses : reshape(losses, outer);
  const total = sum(losses);
  return reduction === 'sum' ? total : div(total, divisor);
}

/**
 * Multi-class cross-entropy on logits (PyTorch CrossEntropyLoss), shapes as above. With class-index
 * labels: loss = -sum_c T_c log softmax(x)_c with T_c = (1 - eps) w_y [c = y] + (eps / C) w_c;
 * targets labelled `ignoreIndex` (default -100) count for nothing; 'mean' divides by the sum of
 * w_y over the counted targets (their number without weights; NaN when every target is ignored, as
 * in PyTorch). One fused kernel computes the losses and their gradient (tensor's
 * softmaxCrossEntropy), max-subtracted: stable at logits of +-1e4 and rows of -1e9.
 * With probability targets (a float Tensor of the logits' shape, soft labels): T_c = w_c ((1 - eps) p_c + eps / C),
 * `ignoreIndex` does not apply, and 'mean' divides by the number of targets (PyTorch's rules).
 */
export function crossEntropyLoss(logits: Tensor, labels: Tensor | Int32Array, options: CrossEntropyOptions = {}): Tensor {
  options = optionsOf(options, 'crossEntropyLoss');
  const checked = checkScores('crossEntropyLoss', logits, options);
  const eps = checkNumber(options.labelSmoothing ?? 0, 'crossEntropyLoss: labelSmoothing', { min: 0, max: 1, maxExclusive: true });
  const { c, m, w } = checked;
  if (labels instanceof Tensor && labels.dtype !== 'int32' && labels.rank === logits.rank) {
    checkTensor(labels, 'crossEntropyLoss: probabilities');
    if (labels.shape.some((d, i) => d !== logits.shape[i])) throw new ShapeError(`crossEntropyLoss: probabilities [${labels.shape.join(', ')}] must have the logits' shape [${logits.shape.join(', ')}]`);
    return scope(() => {
      let target = rowsOf(labels, c, m);
      if (eps > 0) target = add(mul(target, 1 - eps), eps / c);
      if (w !== undefined) target = mul(target, tensor(Float64Array.from(w), [c], { dtype: logits.dtype }));
      return finish(neg(sum(mul(logSoftmax(rowsOf(logits, c, m), -1), target), [1])), checked, m);
    });
  }
  const { ignoreIndex } = checkLabels('crossEntropyLoss', labels, checked, options);
  return scope(() => {
    const flat = labels instanceof Int32Array ? tensor(labels, [m], { dtype: 'int32' }) : labels.rank === 1 ? labels : reshape(labels, [m]);
    const losses = softmaxCrossEntropy(rowsOf(logits, c, m), flat, {
      weights: w === undefined ? undefined : tensor(Float32Array.from(w), [c]),
      labelSmoothing: eps,
      ignoreIndex,
      reduction: checked.reduction,
    });
    return checked.reduction === 'none' ? finish(losses, checked, m) : losses;
  });
}

/**
 * Negative log-likelihood of log-probabilities (e.g. LogSoftmax's output; PyTorch NLLLoss), shapes
 * as above: loss = -w_y logProbs[y], 0 for targets labelled `ignoreIndex` (default -100). 'mean'
 * divides by the sum of w_y over the counted targets.
 */
export function nllLoss(logProbs: Tensor, labels: Tensor | Int32Array, options: NllOptions = {}): Tensor {
  options = optionsOf(options, 'nllLoss');
  const checked = checkScores('nllLoss', logProbs, options);
  const { y, ignoreIndex } = checkLabels('nllLoss', labels, checked, options);
  const { c, m, w } = checked;
  // T[i, y_i] = -w_{y_i}: the loss is the row sum of logProbs * T, differentiable by autograd.
  const picks = logProbs.dtype === 'float64' ? new Float64Array(m * c) : new Float32Array(m * c);
  let divisor = 0;
  for (let i = 0; i < m; i++) {
    const label = y[i]!;
    if (label === ignoreIndex) continue;
    const weight = w === undefined ? 1 : Number(w[label]);
    picks[i * c + label] = -weight;
    divisor += weight;
  }
  return scope(() => finish(sum(mul(rowsOf(logProbs, c, m), tensor(picks, [m, c], { dtype: logProbs.dtype })), [1]), checked, divisor));
}
