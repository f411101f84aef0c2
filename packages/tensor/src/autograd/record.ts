// Recording an op on the tape: called by every differentiable primitive after its forward.
import { runtime, runtimeUnchecked } from '../runtime.ts';
import { checkTensor, checkTensors, shareStorage, type Tensor } from '../tensor.ts';
import { NonFiniteError } from '../errors.ts';
import { checkFunction } from '../validate.ts';
import { Node, type NodeBackward } from './node.ts';

/**
 * Gradients of the inputs, given the output's gradient `g` (null: no gradient flows there).
 * `needed[i]` is false when input i needs no gradient: skip computing it.
 */
export type BackwardFn = NodeBackward<Tensor>;

/** True when an op on these inputs must be recorded (grad mode on and some input requires grad). */
export function needsGrad(...inputs: readonly Tensor[]): boolean {
  checkTensors(inputs, 'needsGrad');
  if (!runtimeUnchecked().gradEnabled) return false;
  for (const t of inputs) if (t.requiresGrad) return true;
  return false;
}

/**
 * Attaches `backward` to `output` when grad mode is on and an input requires grad. `saved` are
 * the tensors backward reads (inputs or the output); the node keeps storage-sharing copies, so
 * the originals may be disposed before backward runs. Returns `output`.
 *
 * This is also the extension point for ops defined outside this package (e.g. a fused layer
 * norm in nn): run the kernel, wrap its output with `adoptPointer`, then `record` its backward.
 */
export function record(name: string, inputs: readonly Tensor[], output: Tensor, saved: readonly Tensor[], backward: BackwardFn): Tensor {
  checkTensor(output, 'record: output');
  checkTensors(saved, 'record: saved');
  checkFunction(backward, 'record: backward');
  if (!needsGrad(...checkTensors(inputs, 'record: inputs'))) return output;
  if (runtimeUnchecked().debug) assertFinite(output, name);
  const parents = inputs.map((t) => {
    if (t.node !== null && !t.node.released) {
      t.node.refs++;
      return t.node;
    }
    return t.requiresGrad && t.node === null ? t : null;
  });
  const copies = saved.map((s) => {
    const c = shareStorage(s, s.shape);
    c.kept = true;
    return c;
  });
  output.node = new Node(name, parents, copies, backward);
  output.requiresGrad = true;
  return output;
}

/** Runs fn with recording off (no graph is built); restores the previous mode. */
export function noGrad<T>(fn: () => T): T {
  const rt = runtime('noGrad');
  checkFunction(fn, 'noGrad: fn');
  const previous = rt.gradEnabled;
  rt.gradEnabled = false;
  try {
    return fn();
  } finally {
    rt.gradEnabled = previous;
  }
}

/** Whether ops are being recorded right now. */
export function isGradEnabled(): boolean {
  return runtime('isGradEnabled').gradEnabled;
}

/** Throws NonFiniteError naming `what` and the first NaN/Inf element of a float tensor. Returns t. */
export function assertFinite(t: Tensor, what = 'assertFinite'): Tensor {
  checkTensor(t, typeof what === 'string' ? what : 'assertFinite');
  if (t.dtype === 'int32') return t;
  const v = t.view();
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) throw new NonFiniteError(what, i, v[i]!);
  return t;
}
