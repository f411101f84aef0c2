// Public setup: `init()` and `setBackend()` hand the runtime its Backend and the autograd sweep.
// This file sits above the ops (the sweep imports them), so nothing below needs to import it.
import { type Backend, type LoadOptions, loadBackend } from '@neurite/kernels';
import { backward } from './autograd/backward.ts';
import { ArgumentError } from './errors.ts';
import { currentRuntime, installBackend } from './runtime.ts';
import { installTensorMethods } from './tensor-methods.ts';
import { describeValue } from './validate.ts';

/**
 * Loads the kernels (or adopts `backend`) and makes them the current backend. Idempotent: a second
 * call without arguments returns the current backend. Must be awaited before any tensor op.
 */
export async function init(backend?: Backend | LoadOptions): Promise<Backend> {
  const current = currentRuntime();
  if (backend === undefined && current !== undefined) return current.backend;
  if (backend !== undefined && (backend === null || typeof backend !== 'object')) throw new ArgumentError(`init: expected a Backend or load options, got ${describeValue(backend)}`);
  const b = backend !== undefined && 'kernels' in backend ? backend : await loadBackend(backend ?? {});
  setBackend(b);
  return b;
}

/**
 * Makes `backend` current. Tensors live in their backend's heap, so switching is refused while
 * tensors are alive (dispose them first).
 */
export function setBackend(backend: Backend): void {
  installBackend(backend, { backward });
  installTensorMethods();
}
