// One shared worker for every page, re-created if it dies (its calls then reject with WorkerTerminatedError).
import { createNeuriteWorker, type NeuriteWorker, type WorkerInfo } from '@neurite/worker';

let current: NeuriteWorker | undefined;
const listeners = new Set<(info: WorkerInfo | Error) => void>();

export function neurite(): NeuriteWorker {
  if (current === undefined || current.termination !== undefined) {
    const worker = createNeuriteWorker(new Worker(new URL('./neurite.worker.ts', import.meta.url), { type: 'module', name: 'neurite' }));
    current = worker;
    worker.ready.then(
      (info) => listeners.forEach((l) => l(info)),
      (error: Error) => listeners.forEach((l) => l(error)),
    );
  }
  return current;
}

/** Terminates the current worker (e.g. to stop a job that does not yield) and starts a fresh one. */
export function restartWorker(): NeuriteWorker {
  current?.terminate();
  current = undefined;
  return neurite();
}

export function onWorkerReady(listener: (info: WorkerInfo | Error) => void): void {
  listeners.add(listener);
}
