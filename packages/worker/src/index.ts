export { createNeuriteWorker, type JobOptions, type NeuriteWorker } from './client.ts';
export {
  JobCancelledError,
  JobUnavailableError,
  type TerminationReason,
  WorkerArgumentError,
  WorkerJobError,
  WorkerTerminatedError,
} from './errors.ts';
export { JOB_NAMES, type JobMap, type JobName, PROTOCOL_VERSION, type WorkerInfo } from './protocol.ts';
export type { BrowserWorkerLike, NodeWorkerLike, WorkerLike } from './worker-target.ts';
export type * from './jobs/kernel-benchmark-types.ts';
export type * from './jobs/tokenize-types.ts';
export type * from './jobs/train-types.ts';
export type * from './jobs/language-model-types.ts';
export type * from './jobs/spam-types.ts';
export { idxDataset, type IdxArray, parseIdx } from './data/idx.ts';
