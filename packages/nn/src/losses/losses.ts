import { abs, add, minimum, mul, relu, scope, ShapeError, softplus, square, sub, sum, type Tensor, tensor } from '@neurite/tensor';
import { checkNumber, checkTensor, checkTensorList, optionsOf } from '../validate.ts';
import { checkReduction, reduce, type Reduction } from './reduction.ts';

export type { Reduction } from './reduction.ts';

export { type CrossEntropyOptions, crossEntropyLoss, nllLoss, type NllOptions } from './classification.ts';

/**
 * Loss functions (PyTorch's names and formulas unless stated). Every loss takes predictions and
 * targets of the same shape (the classification losses: see classification.ts) and a reduction:
 * 'mean' (default), 'sum' or 'none' (per-element losses). They are built from differentiable
 * tensor ops, so their gradients come from autograd; each runs in its own scope, so only the
 * returned loss stays live.
 */

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
