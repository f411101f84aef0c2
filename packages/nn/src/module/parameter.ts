import { ArgumentError, DTypeError, Tensor } from '@neurite/tensor';

/**
 * Markers for tensors assigned to a module's fields, after PyTorch's nn.Parameter and
 * register_buffer: `this.weight = parameter(t)` makes `weight` a trainable parameter and
 * `this.running_mean = buffer(t)` a saved, non-trainable buffer. A plain tensor in a field is not
 * registered (it is not part of the state dict), as in PyTorch.
 *
 * Marking keeps the tensor (scopes leave it alone): it belongs to the module it is assigned to,
 * which disposes it. A marked tensor that is never assigned to a module must be disposed by you.
 */
export type TensorRole = 'parameter' | 'buffer';

const roles = new WeakMap<Tensor, TensorRole>();

// validate.ts imports Module, so the module files check tensors themselves (no import cycle).
function checkTensor(value: unknown, what: string): void {
  if (!(value instanceof Tensor)) throw new ArgumentError(`${what}: expected a Tensor, got ${value === null ? 'null' : typeof value}`);
}

/** Marks `value` as a trainable parameter (kept, requires grad). Floating-point only (DTypeError). */
export function parameter(value: Tensor): Tensor {
  checkTensor(value, 'parameter');
  if (value.dtype === 'int32') {
    value.dispose();
    throw new DTypeError('parameter: parameters must be floating point, got int32');
  }
  value.keep();
  if (!value.requiresGrad) value.setRequiresGrad(true);
  roles.set(value, 'parameter');
  return value;
}

/** Marks `value` as a buffer: non-trainable state saved in the state dict (e.g. running statistics). */
export function buffer(value: Tensor): Tensor {
  checkTensor(value, 'buffer');
  value.keep();
  roles.set(value, 'buffer');
  return value;
}

/** The role `value` was marked with, if any. */
export function roleOf(value: Tensor): TensorRole | undefined {
  return roles.get(value);
}
