// One shared worker for every page. If it stops (crash, out of memory), its pending calls reject
// with WorkerTerminatedError, listeners hear about it, and the next call starts a fresh worker.
import { createNeuriteWorker, type NeuriteWorker, type WorkerInfo, type WorkerTerminatedError } from '@neurite/worker';

let current: NeuriteWorker | undefined;
const listeners = new Set<(state: WorkerInfo | Error) => void>();
/** The newest state (capabilities or the error that stopped the worker), for listeners added later. */
let last: WorkerInfo | Error | undefined;

function announce(state: WorkerInfo | Error): void {
  last = state;
  listeners.forEach((l) => l(state));
}

export function neurite(): NeuriteWorker {
  if (current === undefined || current.termination !== undefined) {
    const worker = createNeuriteWorker(new Worker(new URL('./neurite.worker.ts', import.meta.url), { type: 'module', name: 'neurite' }));
    current = worker;
    worker.ready.then(
      (info) => announce(info),
      () => undefined, // reported through `closed`
    );
    void worker.closed.then((error: WorkerTerminatedError) => announce(error));
  }
  return current;
}

/**
 * Called with the worker's capabilities each time one is ready, and with the error when one stops;
 * a listener added after that hears the newest state at once (pages are built when first opened).
 */
export function onWorkerReady(listener: (state: WorkerInfo | Error) => void): void {
  listeners.add(listener);
  if (last !== undefined) listener(last);
}
