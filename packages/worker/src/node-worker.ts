// A ready-made worker_threads entry: `new Worker(new URL(import.meta.resolve('@neurite/worker/node-worker')))`.
import { exposeNeuriteWorker } from './expose.ts';

exposeNeuriteWorker();
