// One shared worker for every page. If it stops (crash, out of memory), its pending calls reject
// with WorkerTerminatedError, listeners hear about it, and the next call starts a fresh worker.
import { createNeuriteWorker, type NeuriteWorker, type WorkerInfo, type WorkerTerminatedError } from '@neurite/worker';

let current: NeuriteWorker | undefined;
const listeners = new Set<(state: WorkerInfo | Error) => void>();

export function neurite(): NeuriteWorker {
  if (current === undefined || current.termination !== undefined) {
    const worker = createNeuriteWorker(new Worker(new URL('./neurite.worker.ts', import.meta.url), { type: 'module', name: 'neurite' }));
    current = worker;
    worker.ready.then(
      (info) => listeners.forEach((l) => l(info)),
      () => undefined, // reported through `closed`
    );
    void worker.closed.then((error: WorkerTerminatedError) => listeners.forEach((l) => l(error)));
  }
  return current;
}

/** Called with the worker's capabilities each time one is ready, and with the error when one stops. */
export function onWorkerReady(listener: (state: WorkerInfo | Error) => void): void {
  listeners.add(listener);
}
