// Functional autograd: grad(fn) and valueAndGrad(fn), in the JAX style.
import { ShapeError } from '../errors.ts';
import { scope, track } from '../scope.ts';
import { checkTensor, type Tensor } from '../tensor.ts';
import { checkFunction } from '../validate.ts';
import { zerosLike } from '../creation.ts';
import { backward } from './backward.ts';

/**
 * valueAndGrad(fn)(...inputs): runs fn on detached copies of the inputs that require grad,
 * backpropagates from its scalar result and returns the value and d(value)/d(input) for every
 * input (zeros where the value does not depend on it). The inputs themselves are untouched.
 * Intermediates are freed; the returned tensors belong to the caller's scope.
 */
export function valueAndGrad(fn: (...inputs: Tensor[]) => Tensor): (...inputs: Tensor[]) => { value: Tensor; grads: Tensor[] } {
  checkFunction(fn, 'valueAndGrad: fn');
  return (...inputs: Tensor[]) => {
    inputs.forEach((t, i) => checkTensor(t, `grad: input ${i}`));
    const result = scope(() => {
      const leaves = inputs.map((t) => {
        return t.detach().setRequiresGrad(true);
      });
      const value = checkTensor(fn(...leaves), 'grad: the value fn returned');
      if (value.size !== 1) throw new ShapeError(`grad: fn must return a single-element tensor, got shape [${value.shape}]`);
      value.backward();
      const grads = leaves.map((l) => {
        const g = l.takeGrad();
        return g === null ? zerosLike(l) : track(g);
      });
      const detached = value.detach();
      return { value: detached, grads };
    });
    return result;
  };
}

/** grad(fn)(...inputs): the gradients of fn's scalar result with respect to each input. */
export function grad(fn: (...inputs: Tensor[]) => Tensor): (...inputs: Tensor[]) => Tensor[] {
  checkFunction(fn, 'grad: fn');
  const vg = valueAndGrad(fn);
  return (...inputs: Tensor[]) => {
    const { value, grads } = vg(...inputs);
    value.dispose();
    return grads;
  };
}
