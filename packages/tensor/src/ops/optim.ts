// Fused optimizer updates on float32 tensors: one SIMD pass per parameter over the kernels' optim
// family, in place on the parameter and its state (hence the `InPlace_` names). They record
// nothing; optimizers call them under noGrad. Every tensor must be live, float32 and of the
// parameter's size. Semantics and defaults are the kernels' (PyTorch's): see @neurite/kernels.
import { adagradStep, adamStep, rmspropStep, sgdStep } from '@neurite/kernels';
import { DTypeError, ShapeError } from '../errors.ts';
import { runtime } from '../runtime.ts';
import { checkTensor, type Tensor } from '../tensor.ts';
import { checkFlag, checkInteger, checkNumber, optionsOf } from '../validate.ts';

/**
 * The hyperparameters of a step: `o` must be an object whose numeric fields are finite numbers
 * (lr required), whose flags are booleans and whose step count (when `step` is listed) is an integer >= 1.
 */
function checkHyper(op: string, o: unknown, numbers: readonly string[], flags: readonly string[] = [], needsStep = false): void {
  const opts = optionsOf(o as object, op) as Record<string, unknown>;
  checkNumber(opts.lr, `${op}: lr`, { finite: true });
  for (const k of numbers) if (opts[k] !== undefined) checkNumber(opts[k], `${op}: ${k}`, { finite: true });
  for (const k of flags) checkFlag(opts[k], false, `${op}: ${k}`);
  if (needsStep) checkInteger(opts.step, `${op}: step`, 1);
}

/** param and the `others` state tensors (null/undefined allowed only for the names in `optional`). */
function checkState(op: string, param: Tensor, others: Record<string, Tensor | null | undefined>, optional: readonly string[] = []): void {
  checkTensor(param, `${op}: param`);
  if (param.dtype !== 'float32') throw new DTypeError(`${op}: param must be float32, got ${param.dtype}`);
  for (const [name, t] of Object.entries(others)) {
    if ((t === null || t === undefined) && optional.includes(name)) continue;
    const state = checkTensor(t, `${op}: ${name}`);
    if (state.dtype !== 'float32') throw new DTypeError(`${op}: ${name} must be float32, got ${state.dtype}`);
    if (state.size !== param.size) {
      throw new ShapeError(`${op}: ${name} [${state.shape}] must have the parameter's ${param.size} elements ([${param.shape}])`);
    }
  }
}

export interface SgdStepOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
  /** The first step sets the momentum buffer to the gradient (PyTorch). */
  firstStep?: boolean;
}

/** SGD with momentum, dampening, Nesterov and weight decay; `velocity` is needed when momentum > 0. */
export function sgdStepInPlace_(param: Tensor, grad: Tensor, velocity: Tensor | null, o: SgdStepOptions): void {
  checkState('sgdStepInPlace_', param, { grad, velocity }, ['velocity']);
  checkHyper('sgdStepInPlace_', o, ['momentum', 'dampening', 'weightDecay'], ['nesterov', 'firstStep']);
  sgdStep(runtime('sgdStepInPlace_').backend, { n: param.size, param: param.dataPtr, grad: grad.dataPtr, velocity: velocity?.dataPtr, ...o });
}

export interface AdamStepOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** true: AdamW (decoupled weight decay); false: Adam (L2 added to the gradient). */
  decoupled: boolean;
  /** The step count t >= 1 of this update (bias corrections). */
  step: number;
}

/** Adam / AdamW with bias-corrected moments `m` and `v`. */
export function adamStepInPlace_(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, o: AdamStepOptions): void {
  checkState('adamStepInPlace_', param, { grad, m, v });
  checkHyper('adamStepInPlace_', o, ['beta1', 'beta2', 'eps', 'weightDecay'], ['decoupled'], true);
  adamStep(runtime('adamStepInPlace_').backend, { n: param.size, param: param.dataPtr, grad: grad.dataPtr, m: m.dataPtr, v: v.dataPtr, ...o });
}

/** AdaGrad with the running sum of squared gradients `sum`. */
export function adagradStepInPlace_(param: Tensor, grad: Tensor, sum: Tensor, o: { lr: number; eps?: number; weightDecay?: number }): void {
  checkState('adagradStepInPlace_', param, { grad, sum });
  checkHyper('adagradStepInPlace_', o, ['eps', 'weightDecay']);
  adagradStep(runtime('adagradStepInPlace_').backend, { n: param.size, param: param.dataPtr, grad: grad.dataPtr, sum: sum.dataPtr, ...o });
}

export interface RmspropStepOptions {
  lr: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
}

/** RMSprop with the running average `squareAvg`; `buffer` is needed when momentum > 0. */
export function rmspropStepInPlace_(param: Tensor, grad: Tensor, squareAvg: Tensor, buffer: Tensor | null, o: RmspropStepOptions): void {
  checkState('rmspropStepInPlace_', param, { grad, squareAvg, buffer }, ['buffer']);
  checkHyper('rmspropStepInPlace_', o, ['alpha', 'eps', 'weightDecay', 'momentum']);
  rmspropStep(runtime('rmspropStepInPlace_').backend, {
    n: param.size, param: param.dataPtr, grad: grad.dataPtr, squareAvg: squareAvg.dataPtr, buffer: buffer?.dataPtr, ...o,
  });
}
