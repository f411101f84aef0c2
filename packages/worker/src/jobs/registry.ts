/**
 * Every job the worker serves: whether its libraries are present in this build (a job that is not
 * rejects with JobUnavailableError), and how to run it.
 */
import type { JobContext } from '../job-context.ts';
import type { JobMap, JobName } from '../protocol.ts';
import type { JobResult } from './job-result.ts';
import { benchmarkKernel } from './kernel-benchmark.ts';
import { tokenize } from './tokenize.ts';
import { trainTokenizer } from './train-tokenizer.ts';
import { loadWeights, predict, weights } from './model-jobs.ts';
import { train } from './train.ts';
import { attentionMap, fineTuneLora, generateText, loadLlama2c, trainCharModel } from './language-model.ts';
import { classifyEmail, trainSpamFilter } from './spam.ts';

export type { JobResult } from './job-result.ts';

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
  trainCharModel: { available: true, run: trainCharModel },
  fineTuneLora: { available: true, run: fineTuneLora },
  loadLlama2c: { available: true, run: loadLlama2c },
  generateText: { available: true, run: generateText },
  attentionMap: { available: true, run: attentionMap },
  trainSpamFilter: { available: true, run: trainSpamFilter },
  classifyEmail: { available: true, run: classifyEmail },
};
