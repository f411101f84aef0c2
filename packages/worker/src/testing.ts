/**
 * Helpers for testing code that uses @neurite/worker (the `@neurite/worker/testing` subpath).
 * No test framework is imported.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** The package's built worker_threads entry; resolves the same from src/ and dist/. */
export const NODE_WORKER_URL = new URL('../dist/node-worker.js', import.meta.url);

/**
 * Starts a worker thread with no exec arguments. Test runners such as vitest start Node with
 * `--conditions` flags that a worker would inherit and then resolve packages to `.ts` sources Node
 * cannot run; without them the worker loads every package from dist/ as a user's process does.
 * V8 flags (e.g. `--experimental-wasm-relaxed-simd`) are per process and still apply.
 */
export function startNodeWorker(url: URL = NODE_WORKER_URL, resourceLimits?: ResourceLimits): Worker {
  return new Worker(url, { execArgv: [], ...(resourceLimits === undefined ? {} : { resourceLimits }) });
}

export type Settled<T> = { status: 'fulfilled'; value: T } | { status: 'rejected'; reason: unknown } | { status: 'pending' };

/** How `promise` settled within `ms` milliseconds, or 'pending' if it had not. */
export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<{ status: 'pending' }>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'pending' }), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        (value) => ({ status: 'fulfilled' as const, value }),
        (reason: unknown) => ({ status: 'rejected' as const, reason }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Records how `promise` settles, as it happens: read `state` at any point to see whether it has
 * settled yet. For tests that assert the order of events (e.g. every call has settled by the time
 * `closed` resolves) instead of a deadline.
 */
export function watchSettlement<T>(promise: Promise<T>): { readonly state: Settled<T> } {
  const watcher: { state: Settled<T> } = { state: { status: 'pending' } };
  promise.then(
    (value) => {
      watcher.state = { status: 'fulfilled', value };
    },
    (reason: unknown) => {
      watcher.state = { status: 'rejected', reason };
    },
  );
  return watcher;
}

/**
 * Options for a job that aborts itself from its progress callback: every event is recorded in
 * `events`, and the signal is aborted on the first event for which `when` holds (every event by default).
 */
export function abortOnProgress<P>(when: (event: P) => boolean = () => true): { signal: AbortSignal; events: P[]; onProgress: (event: P) => void } {
  const controller = new AbortController();
  const events: P[] = [];
  return {
    signal: controller.signal,
    events,
    onProgress: (event) => {
      events.push(event);
      if (when(event)) controller.abort();
    },
  };
}
