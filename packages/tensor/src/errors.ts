// Typed errors of the tensor layer. ShapeError and DTypeError are the kernels' own classes, so a
// caller catches one class whichever layer threw.
import { NeuriteError } from '@neurite/kernels';

export { ArgumentError, DTypeError, NeuriteError, OutOfMemoryError, ShapeError } from '@neurite/kernels';

/** A tensor was used after `dispose()` (directly or by the scope that owned it). */
export class DisposedError extends NeuriteError {
  override readonly name: string = 'DisposedError';
  constructor(what: string) {
    super(`${what}: the tensor has been disposed (kept tensors survive scope(); use keep() or return it from the scope)`, 'DISPOSED');
  }
}

/** A value was NaN or infinite where a finite one was required (checked by `assertFinite` / debug mode). */
export class NonFiniteError extends NeuriteError {
  override readonly name: string = 'NonFiniteError';
  readonly index: number;
  constructor(what: string, index: number, value: number) {
    super(`${what}: element ${index} is ${value}, expected a finite number`, 'NON_FINITE');
    this.index = index;
  }
}

/** `init()` was not awaited before the first tensor operation. */
export class NotInitializedError extends NeuriteError {
  override readonly name: string = 'NotInitializedError';
  constructor(what: string) {
    super(`${what}: @neurite/tensor is not initialized; call \`await init()\` first (optionally with a Backend)`, 'NOT_INITIALIZED');
  }
}

/** A learned attribute or a prediction was asked of an estimator or transformer before `fit()`. */
export class NotFittedError extends NeuriteError {
  override readonly name: string = 'NotFittedError';
  constructor(what: string) {
    super(`${what}: this estimator is not fitted yet; call fit() first`, 'NOT_FITTED');
  }
}
