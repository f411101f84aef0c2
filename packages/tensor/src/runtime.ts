// The one piece of module state: which Backend runs the kernels, the autograd sweep, the grad mode
// and the scope stack. Nothing happens at import time; `init()` (setup.ts) creates the state.
import type { Backend, Heap } from '@neurite/kernels';
import { ArgumentError, NotInitializedError, ShapeError } from './errors.ts';
import { describeValue } from './validate.ts';

/** Anything with `dispose()`: tensors, and autograd nodes' saved tensors. */
export interface Disposable {
  dispose(): void;
}

export interface Scope {
  /** Tensors created while the scope was innermost, in creation order. */
  tracked: { dispose(): void; readonly isDisposed: boolean; kept: boolean }[];
}

/**
 * The reverse-mode sweep (autograd/backward.ts), handed to the state by `init()`/`setBackend()`
 * like the Backend: `Tensor.backward()` calls it, so tensor.ts needs no import of the ops that
 * the sweep uses (they import tensor.ts). Method syntax: the sweep takes Tensors.
 */
export interface Autograd {
  backward(root: object, seed: object | undefined, options: unknown): void;
}

export interface Runtime {
  backend: Backend;
  autograd: Autograd;
  heap: Heap;
  gradEnabled: boolean;
  scopes: Scope[];
  liveTensors: number;
  liveBytes: number;
  nextId: number;
  /** Debug mode: recorded op outputs and gradients are checked for NaN/Inf (NonFiniteError). */
  debug: boolean;
  /**
   * Freed blocks of small tensors (<= POOL_MAX_BYTES), by size in 16-byte units: reused by the
   * next tensor of that size without a trip through the heap allocator's maps. At most
   * POOL_DEPTH blocks per size; they count as allocated in the heap's own statistics.
   */
  pool: number[][];
  pooledBlocks: number;
}

export const POOL_MAX_BYTES = 4096;
export const POOL_DEPTH = 32;

/** @internal A block of `bytes` bytes, from the pool when one of that size is free. */
export function allocBlock(rt: Runtime, bytes: number): number {
  if (bytes <= POOL_MAX_BYTES) {
    const list = rt.pool[(bytes + 15) >> 4];
    if (list !== undefined && list.length > 0) {
      rt.pooledBlocks--;
      return list.pop()!;
    }
    return rt.heap.alloc(((bytes + 15) >> 4) << 4);
  }
  return rt.heap.alloc(bytes);
}

/** @internal Returns a block from allocBlock. */
export function freeBlock(rt: Runtime, ptr: number, bytes: number): void {
  if (bytes <= POOL_MAX_BYTES) {
    const slot = (bytes + 15) >> 4;
    const list = (rt.pool[slot] ??= []);
    if (list.length < POOL_DEPTH) {
      list.push(ptr);
      rt.pooledBlocks++;
      return;
    }
  }
  rt.heap.free(ptr);
}

let state: Runtime | undefined;

/**
 * @internal Makes `backend` current, with the autograd sweep (see setup.ts for the public
 * `init`/`setBackend`). Tensors live in their backend's heap, so switching is refused while
 * tensors are alive (dispose them first).
 */
export function installBackend(backend: Backend, autograd: Autograd): void {
  if (backend === null || typeof backend !== 'object' || !('kernels' in backend) || !('heap' in backend)) {
    throw new ArgumentError(`setBackend: expected a Backend (from loadBackend), got ${describeValue(backend)}`);
  }
  if (state !== undefined && state.backend !== backend && state.liveTensors > 0) {
    throw new ShapeError(
      `setBackend: ${state.liveTensors} tensor(s) still live in the current backend's heap; dispose them before switching`,
    );
  }
  if (state !== undefined && state.backend === backend) return;
  if (state !== undefined) for (const list of state.pool) for (const ptr of list ?? []) state.heap.free(ptr);
  state = {
    backend, autograd, heap: backend.heap, gradEnabled: true, scopes: [], liveTensors: 0, liveBytes: 0, nextId: 1, debug: false, pool: [], pooledBlocks: 0,
  };
}

/** @internal The current state, or undefined before init (for `init()` without arguments). */
export function currentRuntime(): Runtime | undefined {
  return state;
}

/**
 * Debug mode: every recorded op's output and every gradient computed by backward() is checked
 * for NaN and infinities, throwing NonFiniteError naming the op. Off by default (it costs a pass).
 */
export function setDebugMode(on: boolean): void {
  const rt = runtime('setDebugMode');
  if (typeof on !== 'boolean') throw new ArgumentError(`setDebugMode: expected true or false, got ${describeValue(on)}`);
  rt.debug = on;
}

/** The current backend (throws NotInitializedError before `init()`). */
export function getBackend(): Backend {
  return runtime('getBackend').backend;
}

/** True after `init()`/`setBackend()`. */
export function isInitialized(): boolean {
  return state !== undefined;
}

/** @internal The state; throws a clear error naming `what` before init. */
export function runtime(what: string): Runtime {
  if (state === undefined) throw new NotInitializedError(what);
  return state;
}

/** @internal The state without the init check (callers already hold a tensor). */
export function runtimeUnchecked(): Runtime {
  return state!;
}

export interface MemoryInfo {
  /** Tensors created and not yet disposed (including tensors the autograd tape keeps for backward). */
  liveTensors: number;
  /** Bytes of heap blocks owned by live tensors (shared storage counted once). */
  liveBytes: number;
  /** Size of the WebAssembly memory. */
  heapBytes: number;
  /** Blocks the allocator has handed out and not taken back (tensors plus kernel scratch), excluding this package's pool of freed small blocks. */
  heapLiveBlocks: number;
  /** Freed small-tensor blocks kept for reuse (bounded; see POOL_DEPTH). */
  pooledBlocks: number;
}

export function memory(): MemoryInfo {
  const rt = runtime('memory');
  const stats = rt.heap.stats();
  return { liveTensors: rt.liveTensors, liveBytes: rt.liveBytes, heapBytes: stats.heapBytes, heapLiveBlocks: stats.liveBlocks - rt.pooledBlocks, pooledBlocks: rt.pooledBlocks };
}
