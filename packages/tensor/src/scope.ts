// scope(fn): every tensor created while fn runs is disposed when it returns, except the tensors
// it returns (found in a returned tensor, array or plain object, one level of nesting deep per
// container, recursively) and tensors marked with keep(). Returned tensors move to the parent
// scope. Synchronous only: an async fn would leave the scope before its tensors exist.
import { ArgumentError } from './errors.ts';
import { isInitialized, runtime, runtimeUnchecked } from './runtime.ts';
import { checkTensor, checkTensors, Tensor } from './tensor.ts';
import { checkFunction } from './validate.ts';

export function scope<T>(fn: () => T): T {
  const rt = runtime('scope');
  checkFunction(fn, 'scope: fn');
  const frame = { tracked: [] as Tensor[] };
  rt.scopes.push(frame);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    rt.scopes.pop();
    for (const t of frame.tracked) if (!t.kept) t.dispose();
    else t.guard(rt);
    throw error;
  }
  rt.scopes.pop();
  if (result instanceof Promise) {
    for (const t of frame.tracked) if (!t.kept) t.dispose();
    throw new ArgumentError('scope: fn returned a Promise; scope() is synchronous (await outside it, or manage tensors with dispose())');
  }
  const escaping = new Set<Tensor>();
  collectTensors(result, escaping);
  const parent = rt.scopes.length > 0 ? rt.scopes[rt.scopes.length - 1]! : undefined;
  for (const t of frame.tracked) {
    if (t.isDisposed) continue;
    if (escaping.has(t)) {
      if (parent) parent.tracked.push(t);
      else t.guard(rt);
    } else if (!t.kept) t.dispose();
    else t.guard(rt);
  }
  return result;
}

function collectTensors(value: unknown, into: Set<Tensor>): void {
  const stack: unknown[] = [value];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (v instanceof Tensor) into.add(v);
    else if (Array.isArray(v)) {
      if (!seen.has(v)) { seen.add(v); stack.push(...v); }
    } else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      if (!seen.has(v)) { seen.add(v); stack.push(...Object.values(v)); }
    } else if (v instanceof Map) {
      if (!seen.has(v)) { seen.add(v); stack.push(...v.values()); }
    }
  }
}

/** @internal Hands a kept tensor back to the innermost scope (un-keeps it). */
export function track(t: Tensor): Tensor {
  t.kept = false;
  const scopes = runtime('track').scopes;
  if (scopes.length > 0) scopes[scopes.length - 1]!.tracked.push(t);
  return t;
}

/** Exempts tensors from scope cleanup (the caller disposes them). Returns its argument. */
export function keep<T extends Tensor | readonly Tensor[]>(tensors: T): T {
  if (tensors instanceof Tensor) checkTensor(tensors, 'keep').keep();
  else for (const t of checkTensors(tensors, 'keep')) t.keep();
  return tensors;
}

/** Disposes every tensor found in `value` (a tensor, array, plain object or Map). */
export function dispose(value: unknown): void {
  const found = new Set<Tensor>();
  collectTensors(value, found);
  for (const t of found) t.dispose();
}

/**
 * @internal Runs the body of an op that allocates more than once (or calls a kernel that takes a
 * workspace): if it throws after validation (out of memory, a failed worker), every tensor it
 * created is disposed before the error goes on, inside or outside scope(). On success the tensors
 * it created stay with the enclosing scope, exactly as if no frame had been opened.
 */
export function atomic<T>(fn: () => T): T {
  if (!isInitialized()) return fn(); // fn throws NotInitializedError itself
  const rt = runtimeUnchecked();
  const frame = { tracked: [] as Tensor[] };
  rt.scopes.push(frame);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    rt.scopes.splice(rt.scopes.lastIndexOf(frame), 1);
    for (const t of frame.tracked) if (!t.kept) t.dispose();
    throw error;
  }
  rt.scopes.splice(rt.scopes.lastIndexOf(frame), 1);
  const parent = rt.scopes.length > 0 ? rt.scopes[rt.scopes.length - 1]! : undefined;
  for (const t of frame.tracked) {
    if (t.isDisposed) continue;
    if (parent !== undefined) parent.tracked.push(t);
    else t.guard(rt); // outside any scope: the safety net, as for a tensor created there
  }
  return result;
}
