import {
  abs, add, ArgumentError, div, mean, minimum, mul, relu, scope, ShapeError, softmaxCrossEntropy, softplus, square, sub, sum, Tensor, tensor,
} from '@neurite/tensor';
import { checkNumber, checkOneOf, checkTensor, checkTensorList, describeValue, optionsOf } from '../validate.ts';

const REDUCTIONS = ['mean', 'sum', 'none'] as const;

/**
 * Loss functions (PyTorch's names and formulas unless stated). Every loss takes predictions and
 * targets of the same shape (cross-entropy: logits [N, C] and int32 labels [N]) and a reduction:
 * 'mean' (default), 'sum' or 'none' (per-element losses). They are built from differentiable
 * tensor ops, so their gradients come from autograd; each runs in its own scope, so only the
 * returned loss stays live.
 */
export type Reduction = 'mean' | 'sum' | 'none';

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;  // checked by checkReduction before any op
  return reduction === 'sum' ? sum(loss) : mean(loss);
}

function checkReduction(reduction: unknown, what: string): Reduction {
  return checkOneOf(reduction ?? 'mean', `${what}: reduction`, REDUCTIONS);
}

function checkSameShape(what: string, prediction: Tensor, target: Tensor): void {
  checkTensor(prediction, `${what}: prediction`);
  checkTensor(target, `${what}: target`);
  if (prediction.shape.length !== target.shape.length || prediction.shape.some((d, i) => d !== target.shape[i])) {
    throw new ShapeError(`${what}: prediction shape [${prediction.shape.join(', ')}] and target shape [${target.shape.join(', ')}] must match`);
  }
}

/** Mean squared error: (x - y)^2. */
export function mseLoss(prediction: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  checkSameShape('mseLoss', prediction, target);
  checkReduction(reduction, 'mseLoss');
  return scope(() => reduce(square(sub(prediction, target)), reduction));
}

/** Mean absolute error (L1 loss): |x - y|. */
export function maeLoss(prediction: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  checkSameShape('maeLoss', prediction, target);
  checkReduction(reduction, 'maeLoss');
  return scope(() => reduce(abs(sub(prediction, target)), reduction));
}

/** Huber: 0.5 d^2 where |d| <= delta, delta (|d| - 0.5 delta) beyond (written 0.5 q^2 + delta (|d| - q), q = min(|d|, delta)). */
export function huberLoss(prediction: Tensor, target: Tensor, options: { delta?: number; reduction?: Reduction } = {}): Tensor {
  checkSameShape('huberLoss', prediction, target);
  options = optionsOf(options, 'huberLoss');
  const delta = checkNumber(options.delta ?? 1, 'huberLoss: delta', { min: 0, minExclusive: true });
  checkReduction(options.reduction, 'huberLoss');
  return scope(() => {
    const a = abs(sub(prediction, target));
    const q = minimum(a, delta);
    return reduce(add(mul(square(q), 0.5), mul(sub(a, q), delta)), options.reduction ?? 'mean');
  });
}

/**
 * Binary cross-entropy on logits, stable for any logit: softplus(x) - x y, whose gradient is
 * sigmoid(x) - y. Targets are probabilities in [0, 1]. `posWeight` scales the positive term
 * (PyTorch pos_weight): pw y softplus(-x) + (1 - y) softplus(x).
 */
export function bceWithLogitsLoss(logits: Tensor, target: Tensor, options: { reduction?: Reduction; posWeight?: number } = {}): Tensor {
  checkSameShape('bceWithLogitsLoss', logits, target);
  options = optionsOf(options, 'bceWithLogitsLoss');
  const posWeight = checkNumber(options.posWeight ?? 1, 'bceWithLogitsLoss: posWeight', { min: 0 });
  checkReduction(options.reduction, 'bceWithLogitsLoss');
  return scope(() => {
    const loss = posWeight === 1
      ? sub(softplus(logits), mul(logits, target))
      : add(mul(mul(target, posWeight), softplus(mul(logits, -1))), mul(sub(1, target), softplus(logits)));
    return reduce(loss, options.reduction ?? 'mean');
  });
}

export interface CrossEntropyOptions {
  reduction?: Reduction;
  /** Per-class weights w_c (length C). */
  weights?: ArrayLike<number>;
  /** Label smoothing epsilon in [0, 1). */
  labelSmoothing?: number;
  /** Rows with this label add nothing to the loss, the gradient or the 'mean' divisor (default -100, PyTorch's). */
  ignoreIndex?: number;
}

/** Checked labels [N] (each in [0, C) or the ignore index), weights and ignore index of a classification loss. */
function checkClassification(what: string, scores: Tensor, labels: Tensor | Int32Array, options: { weights?: ArrayLike<number>; ignoreIndex?: number; reduction?: Reduction }) {
  checkTensor(scores, `${what}: ${what === 'nllLoss' ? 'logProbs' : 'logits'}`);
  if (scores.shape.length !== 2) throw new ShapeError(`${what}: ${what === 'nllLoss' ? 'logProbs' : 'logits'} must be [N, C], got [${scores.shape.join(', ')}]`);
  if (!(labels instanceof Int32Array) && !(labels instanceof Tensor)) {
    throw new ArgumentError(`${what}: labels must be an Int32Array or an int32 Tensor, got ${describeValue(labels)}`);
  }
  const [n, c] = scores.shape as [number, number];
  if (labels instanceof Tensor && labels.shape.length !== 1) throw new ShapeError(`${what}: labels must be [N], got [${labels.shape.join(', ')}]`);
  const y = labels instanceof Int32Array ? labels : labels.toArray();
  if (y.length !== n) throw new ShapeError(`${what}: ${y.length} labels for ${n} rows`);
  checkReduction(options.reduction, what);
  const ignoreIndex = checkNumber(options.ignoreIndex ?? -100, `${what}: ignoreIndex`);
  if (!Number.isInteger(ignoreIndex) || Math.abs(ignoreIndex) > 0x7fffffff) throw new ArgumentError(`${what}: ignoreIndex must be an int32 integer, got ${ignoreIndex}`);
  const w = options.weights;
  if (w !== undefined) {
    if (typeof w !== 'object' || w === null || typeof w.length !== 'number') throw new ArgumentError(`${what}: weights must be an array of numbers, got ${describeValue(w)}`);
    if (w.length !== c) throw new ShapeError(`${what}: weights has ${w.length} values, expected ${c} (one per class)`);
    for (let i = 0; i < c; i++) checkNumber(w[i], `${what}: weights[${i}]`, { min: 0 });
  }
  for (let i = 0; i < n; i++) {
    const label = y[i] as number;
    if (label !== ignoreIndex && (!Number.isInteger(label) || label < 0 || label >= c)) {
      throw new ArgumentError(`${what}: label ${label} at row ${i} is not in [0, ${c}) nor the ignore index ${ignoreIndex}`);
    }
  }
  return { n, c, y, w, ignoreIndex, reduction: options.reduction ?? 'mean' };
}

/**
 * Multi-class cross-entropy on logits [N, C] with int32 labels [N] (PyTorch CrossEntropyLoss):
 * loss_i = -sum_c T_ic log softmax(x_i)_c with T_ic = (1 - eps) w_{y_i} [c = y_i] + (eps / C) w_c.
 * Rows labelled `ignoreIndex` (default -100) count for nothing. 'mean' divides by the sum of
 * w_{y_i} over the counted rows (their number without weights; NaN when every row is ignored, as
 * in PyTorch). One fused kernel computes the losses and their gradient (tensor's
 * softmaxCrossEntropy), max-subtracted: stable at logits of +-1e4 and rows of -1e9.
 */
export function crossEntropyLoss(logits: Tensor, labels: Tensor | Int32Array, options: CrossEntropyOptions = {}): Tensor {
  options = optionsOf(options, 'crossEntropyLoss');
  const { n, c, w, ignoreIndex, reduction } = checkClassification('crossEntropyLoss', logits, labels, options);
  const eps = checkNumber(options.labelSmoothing ?? 0, 'crossEntropyLoss: labelSmoothing', { min: 0, max: 1, maxExclusive: true });
  return scope(() =>
    softmaxCrossEntropy(logits, labels instanceof Int32Array ? tensor(labels, [n], { dtype: 'int32' }) : labels, {
      weights: w === undefined ? undefined : tensor(Float32Array.from(w), [c]),
      labelSmoothing: eps,
      ignoreIndex,
      reduction,
    }),
  );
}

/**
 * Negative log-likelihood of log-probabilities [N, C] (e.g. LogSoftmax's output) at int32 labels
 * [N] (PyTorch NLLLoss): loss_i = -w_{y_i} logProbs[i, y_i], 0 for rows labelled `ignoreIndex`
 * (default -100). 'mean' divides by the sum of w_{y_i} over the counted rows.
 */
export function nllLoss(logProbs: Tensor, labels: Tensor | Int32Array, options: { reduction?: Reduction; weights?: ArrayLike<number>; ignoreIndex?: number } = {}): Tensor {
  options = optionsOf(options, 'nllLoss');
  const { n, c, y, w, ignoreIndex, reduction } = checkClassification('nllLoss', logProbs, labels, options);
  // T[i, y_i] = -w_{y_i}: the loss is the row sum of logProbs * T, differentiable by autograd.
  const picks = logProbs.dtype === 'float64' ? new Float64Array(n * c) : new Float32Array(n * c);
  let divisor = 0;
  for (let i = 0; i < n; i++) {
    const label = y[i] as number;
    if (label === ignoreIndex) continue;
    const weight = w === undefined ? 1 : Number(w[label]);
    picks[i * c + label] = -weight;
    divisor += weight;
  }
  return scope(() => {
    const rows = sum(mul(logProbs, tensor(picks, [n, c], { dtype: logProbs.dtype })), [1]);
    if (reduction === 'none') return rows;
    const total = sum(rows);
    return reduction === 'sum' ? total : div(total, divisor);
  });
}

/** Binary hinge loss with targets in {-1, +1}: max(0, 1 - y x). */
export function hingeLoss(prediction: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  checkSameShape('hingeLoss', prediction, target);
  checkReduction(reduction, 'hingeLoss');
  return scope(() => reduce(relu(sub(1, mul(prediction, target))), reduction));
}

/** Squared hinge: max(0, 1 - y x)^2, targets in {-1, +1}. */
export function squaredHingeLoss(prediction: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  checkSameShape('squaredHingeLoss', prediction, target);
  checkReduction(reduction, 'squaredHingeLoss');
  return scope(() => reduce(square(relu(sub(1, mul(prediction, target)))), reduction));
}

/** L1 penalty lambda * sum |w| over `params` (add it to a loss; fit's `l1` option does this for weights). */
export function l1Penalty(params: readonly Tensor[], lambda: number): Tensor {
  checkTensorList(params, 'l1Penalty: params');
  checkNumber(lambda, 'l1Penalty: lambda', { min: 0 });
  return scope(() => mul(params.map((p) => sum(abs(p))).reduce((a, b) => add(a, b), tensor(0, [], { dtype: params[0]?.dtype ?? 'float32' })), lambda));
}

/** L2 penalty lambda * sum w^2 over `params` (weight decay as a loss term). */
export function l2Penalty(params: readonly Tensor[], lambda: number): Tensor {
  checkTensorList(params, 'l2Penalty: params');
  checkNumber(lambda, 'l2Penalty: lambda', { min: 0 });
  return scope(() => mul(params.map((p) => sum(square(p))).reduce((a, b) => add(a, b), tensor(0, [], { dtype: params[0]?.dtype ?? 'float32' })), lambda));
}
