// Test-only helpers (not exported): spawn the built worker entries in worker_threads.
import { Worker, type ResourceLimits } from 'node:worker_threads';

export const NODE_WORKER_URL = new URL('../dist/node-worker.js', import.meta.url);
export const CRASHABLE_WORKER_URL = new URL('../test-fixtures/crashable-worker.mjs', import.meta.url);

/**
 * vitest runs tests with `--conditions @neurite/source`, which a worker thread would inherit and then
 * resolve workspace packages to .ts sources Node cannot run. Workers get the parent's flags without
 * the export conditions, so they load every package from dist/ as a user's Node process does.
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--conditions' || arg === '-C') i++;
    else if (!arg.startsWith('--conditions=')) out.push(arg);
  }
  return out;
}

export function spawn(url: URL, resourceLimits?: ResourceLimits): Worker {
  return new Worker(url, { execArgv: workerExecArgv(), ...(resourceLimits === undefined ? {} : { resourceLimits }) });
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
