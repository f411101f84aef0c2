/**
 * The trainTokenizer job: a byte-level BPE or a WordPiece vocabulary learned with
 * @neurite/tokenizers' incremental trainers (imported lazily, on the first tokenizer job).
 *
 * Cancellation is bounded in both phases of training:
 * - words are fed to the trainer chunk by chunk (text-chunks.ts: the same counts as one call), with a
 *   progress report and a checkpoint after each chunk, where a cancel message can arrive too;
 * - learning the merges is one synchronous call. The trainer asks `shouldStop` (this job's
 *   `cancelled`, which reads the client's shared cancel flag) after each progress report and every
 *   CANCEL_CHECK_INTERVAL units of work, and stops with TokenizerCancelledError, which this job
 *   turns into JobCancelledError. Without shared memory the cancel message cannot arrive during
 *   that call: the job is cancelled when the call returns.
 */
import type { TrainingProgress } from '@neurite/tokenizers';
import { JobCancelledError, WorkerArgumentError } from '../errors.ts';
import type { JobContext } from '../job-context.ts';
import type { OffsetEncoder } from './chunked-encoding.ts';
import type { JobResult } from './job-result.ts';
import { textChunks } from './text-chunks.ts';
import type { TokenizerTrainingProgress, TrainedTokenizerInfo, TrainTokenizerRequest } from './tokenize-types.ts';
import { storeTrainedTokenizer } from './tokenizer-store.ts';

export async function trainTokenizer(
  request: TrainTokenizerRequest,
  context: JobContext<TokenizerTrainingProgress>,
): Promise<JobResult<TrainedTokenizerInfo>> {
  if (typeof request?.text !== 'string' || request.text.length === 0) throw new WorkerArgumentError('text', 'is empty or not a string; expected the text to train on');
  const model = request.model;
  if (model !== 'bpe' && model !== 'wordpiece') throw new WorkerArgumentError('model', `is ${JSON.stringify(model)}; expected 'bpe' or 'wordpiece'`);
  const vocabSize = request.vocabSize;
  if (!Number.isInteger(vocabSize) || vocabSize < 2 || vocabSize > 65536) throw new WorkerArgumentError('vocabSize', `is ${vocabSize}; expected an integer in 2..65536`);
  const tokenizers = await import('@neurite/tokenizers');
  context.throwIfCancelled();
  const started = performance.now();
  const text = request.text;
  const options = {
    vocabSize,
    minFrequency: request.minFrequency ?? 2,
    progressInterval: Math.max(1, Math.floor(vocabSize / 50)),
    // Not awaited (learning merges is synchronous); a failing callback is rethrown when the job flushes.
    onProgress: (p: TrainingProgress) => void context.report({ phase: p.phase, merges: p.merges, vocabSize: p.vocabSize, targetVocabSize: vocabSize }).catch(() => undefined),
    shouldStop: () => context.cancelled,
  };
  try {
    const trainer = model === 'bpe' ? new tokenizers.BpeTrainer(options) : new tokenizers.WordPieceTrainer(options);
    for (const [from, to] of textChunks(text)) {
      trainer.feed(text.slice(from, to));
      await context.report({ phase: 'words', merges: 0, vocabSize: 0, targetVocabSize: vocabSize, chars: to, totalChars: text.length });
      await context.checkpoint();
    }
    let tokenizer: OffsetEncoder;
    let size: number;
    if (trainer instanceof tokenizers.BpeTrainer) {
      const trained = trainer.train();
      tokenizer = trained.toTokenizer() as OffsetEncoder;
      size = trained.vocab.length;
    } else {
      const trained = trainer.train();
      tokenizer = trained.tokenizer as OffsetEncoder;
      size = trained.vocab.size;
    }
    context.throwIfCancelled();
    const id = storeTrainedTokenizer(model, tokenizer);
    return { value: { id, model, vocabSize: size, trainMs: performance.now() - started }, transfer: [] };
  } catch (error) {
    if (error instanceof tokenizers.TokenizerCancelledError) throw new JobCancelledError('trainTokenizer');
    throw error;
  }
}
