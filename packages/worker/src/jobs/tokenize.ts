/**
 * Tokenizer jobs. @neurite/tokenizers is imported lazily, so a worker that only benchmarks kernels
 * never loads it, and each shipped encoding's rank data loads on first use.
 */
import { WorkerArgumentError } from '../errors.ts';
import { type EncodedChunk, encodeInChunks, joinChunks, type OffsetEncoder } from './chunked-encoding.ts';
import { textChunks } from './text-chunks.ts';
import type { JobContext } from '../job-context.ts';
import type { JobResult } from './job-result.ts';
import type { TokenizeProgress, TokenizeRequest, TokenizeResult, TokenizerSpec, TokenizerTrainingProgress, TrainedTokenizerInfo, TrainTokenizerRequest } from './tokenize-types.ts';

/** BPE tokenizers trained in this worker, by id. */
export const trainedTokenizers = new Map<string, OffsetEncoder>();

const ENCODINGS = ['r50k_base', 'cl100k_base', 'o200k_base', 'gpt2'] as const;

async function resolveTokenizer(spec: TokenizerSpec): Promise<OffsetEncoder> {
  if (spec?.kind === 'encoding') {
    if (!ENCODINGS.includes(spec.name)) {
      throw new WorkerArgumentError('tokenizer.name', `is ${JSON.stringify(spec.name)}; expected one of ${ENCODINGS.join(', ')}`);
    }
    const { getEncoding } = await import('@neurite/tokenizers');
    return getEncoding(spec.name);
  }
  if (spec?.kind === 'trained') {
    const tokenizer = trainedTokenizers.get(spec.id);
    if (tokenizer === undefined) {
      throw new WorkerArgumentError('tokenizer.id', `is ${JSON.stringify(spec.id)}; expected the id of a tokenizer trained in this worker (trainTokenizer)`);
    }
    return tokenizer;
  }
  throw new WorkerArgumentError('tokenizer.kind', `is ${JSON.stringify((spec as { kind?: unknown })?.kind)}; expected 'encoding' or 'trained'`);
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Encodes the text chunk by chunk (the ids equal those of one call: see chunked-encoding.ts),
 * reporting progress and checking for cancellation after each chunk.
 */
export async function tokenize(request: TokenizeRequest, context: JobContext<TokenizeProgress>): Promise<JobResult<TokenizeResult>> {
  if (typeof request?.text !== 'string') throw new WorkerArgumentError('text', `is ${typeof request?.text}; expected a string`);
  const text = request.text;
  let start = performance.now();
  const tokenizer = await resolveTokenizer(request.tokenizer);
  const loadMs = performance.now() - start;
  context.throwIfCancelled();
  const chunks: EncodedChunk[] = [];
  let tokens = 0;
  let encodeMs = 0;
  start = performance.now();
  for (const chunk of encodeInChunks(tokenizer, text, request.allowSpecial === true)) {
    encodeMs += performance.now() - start;
    chunks.push(chunk);
    tokens += chunk.ids.length;
    await context.report({ chars: chunk.end, totalChars: text.length, tokens });
    await context.checkpoint();
    start = performance.now();
  }
  const { ids, offsets } = joinChunks(tokenizer, chunks);
  const value: TokenizeResult = { ids, offsets, distinctTokens: new Set(ids).size, bytes: utf8Length(text), encodeMs, loadMs };
  return { value, transfer: [ids.buffer, offsets.buffer] };
}

let nextTokenizer = 0;
/** Trained tokenizers kept per worker; the oldest is dropped beyond this many. */
const MAX_TRAINED = 8;

export async function trainTokenizer(
  request: TrainTokenizerRequest,
  context: JobContext<TokenizerTrainingProgress>,
): Promise<JobResult<TrainedTokenizerInfo>> {
  if (typeof request?.text !== 'string' || request.text.length === 0) throw new WorkerArgumentError('text', 'is empty or not a string; expected the text to train on');
  if (request.model !== 'bpe' && request.model !== 'wordpiece') throw new WorkerArgumentError('model', `is ${JSON.stringify(request.model)}; expected 'bpe' or 'wordpiece'`);
  const vocabSize = request.vocabSize;
  if (!Number.isInteger(vocabSize) || vocabSize < 2 || vocabSize > 65536) throw new WorkerArgumentError('vocabSize', `is ${vocabSize}; expected an integer in 2..65536`);
  const tokenizers = await import('@neurite/tokenizers');
  context.throwIfCancelled();
  const started = performance.now();
  const text = request.text;
  const targetVocabSize = vocabSize;
  const wordsProgress = (chars: number): TokenizerTrainingProgress => ({ phase: 'words', merges: 0, vocabSize: 0, targetVocabSize, chars, totalChars: text.length });
  // Learning merges is synchronous: progress is posted as it happens (and awaited before the result),
  // and a cancel is seen there only through the shared flag (cross-origin isolated pages and Node).
  const onProgress = (progress: TokenizerTrainingProgress) => {
    context.throwIfCancelled();
    // Not awaited (training is synchronous); a failing callback is rethrown when the job flushes.
    context.report({ phase: progress.phase, merges: progress.merges, vocabSize: progress.vocabSize, targetVocabSize: progress.targetVocabSize }).catch(() => undefined);
  };
  const progressInterval = Math.max(1, Math.floor(vocabSize / 50));
  const minFrequency = request.minFrequency ?? 2;
  let tokenizer: OffsetEncoder;
  let size: number;
  if (request.model === 'bpe') {
    // Words are counted chunk by chunk (the same counts, in the same order, as one call), with a
    // cancellation checkpoint after each chunk.
    const trainer = new tokenizers.BpeTrainer({ vocabSize, minFrequency, onProgress, progressInterval });
    for (const [from, to] of textChunks(text)) {
      trainer.feed(text.slice(from, to));
      await context.report(wordsProgress(to));
      await context.checkpoint();
    }
    const trained = trainer.train();
    tokenizer = trained.toTokenizer() as OffsetEncoder;
    size = trained.vocab.length;
  } else {
    // trainWordPiece takes an iterable of texts and iterates it synchronously: check the shared flag
    // between chunks.
    function* chunks(): Generator<string> {
      for (const [from, to] of textChunks(text)) {
        context.throwIfCancelled();
        yield text.slice(from, to);
        context.report(wordsProgress(to)).catch(() => undefined);
      }
    }
    const trained = tokenizers.trainWordPiece(chunks(), { vocabSize, minFrequency, onProgress });
    tokenizer = trained.tokenizer as OffsetEncoder;
    size = trained.vocab.size;
  }
  context.throwIfCancelled();
  const id = `${request.model}-${++nextTokenizer}`;
  trainedTokenizers.set(id, tokenizer);
  for (const old of trainedTokenizers.keys()) {
    if (trainedTokenizers.size <= MAX_TRAINED) break;
    trainedTokenizers.delete(old);
  }
  return { value: { id, model: request.model, vocabSize: size, trainMs: performance.now() - started }, transfer: [] };
}
