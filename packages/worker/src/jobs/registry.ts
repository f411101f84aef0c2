/**
 * Every job the worker serves: whether its libraries are present in this build (a job that is not
 * rejects with JobUnavailableError), and how to run it.
 */
import type { JobContext } from '../job-context.ts';
import type { JobMap, JobName } from '../protocol.ts';
import { benchmarkKernel } from './kernel-benchmark.ts';
import { tokenize, trainTokenizer } from './tokenize.ts';
import { loadWeights, predict, weights } from './model-jobs.ts';
import { train } from './train.ts';

export interface JobResult<T> {
  value: T;
  /** Buffers of `value` to transfer (never a WebAssembly memory's buffer: copy out of the heap first). */
  transfer: Transferable[];
}

export interface JobHandler<K extends JobName> {
  available: boolean;
  run(request: JobMap[K]['request'], context: JobContext<JobMap[K]['progress']>): Promise<JobResult<JobMap[K]['result']>>;
}

export const JOB_HANDLERS: { [K in JobName]: JobHandler<K> } = {
  benchmarkKernel: { available: true, run: benchmarkKernel },
  tokenize: { available: true, run: tokenize },
  trainTokenizer: { available: true, run: trainTokenizer },
  train: { available: true, run: train },
  predict: { available: true, run: predict },
  weights: { available: true, run: weights },
  loadWeights: { available: true, run: loadWeights },
};
