// Test-only helpers (not exported): spawn the built worker entries in worker_threads.
import { Worker, type ResourceLimits } from 'node:worker_threads';

export const NODE_WORKER_URL = new URL('../dist/node-worker.js', import.meta.url);
export const CRASHABLE_WORKER_URL = new URL('../test-fixtures/crashable-worker.mjs', import.meta.url);

/**
 * vitest runs tests with `--conditions @neurite/source`, which a worker thread would inherit and then
 * resolve workspace packages to .ts sources Node cannot run. Workers get no exec arguments, so they
 * load every package from dist/ as a user's Node process does (V8 flags are per process and stay).
 */
export function spawn(url: URL, resourceLimits?: ResourceLimits): Worker {
  return new Worker(url, { execArgv: [], ...(resourceLimits === undefined ? {} : { resourceLimits }) });
}

/** Settles to 'pending' if `promise` has not settled within `ms`. */
export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<{ status: 'fulfilled'; value: T } | { status: 'rejected'; reason: unknown } | { status: 'pending' }> {
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
