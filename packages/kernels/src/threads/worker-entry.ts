// Entry file of a pool worker, for browsers (`new Worker(new URL('./worker-entry.js',
// import.meta.url), { type: 'module' })`, init via the first message) and for Node from a file
// (`new Worker(url, { workerData: init })`). Plain JavaScript after tsc.
import { type WorkerInit, workerMain } from './worker-loop.ts';

interface NodeWorkerThreads {
  workerData: WorkerInit | null;
  parentPort: { postMessage(message: unknown): void } | null;
}

const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
const threads = proc?.getBuiltinModule?.('node:worker_threads') as NodeWorkerThreads | undefined;
if (threads?.parentPort != null && threads.workerData != null) {
  const port = threads.parentPort;
  workerMain(threads.workerData, (m) => port.postMessage(m));
} else {
  const scope = globalThis as unknown as {
    onmessage: ((event: { data: WorkerInit }) => void) | null;
    postMessage(message: unknown): void;
  };
  scope.onmessage = (event) => {
    scope.onmessage = null;
    workerMain(event.data, (m) => scope.postMessage(m));
  };
}
