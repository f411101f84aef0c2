/**
 * Tokenizer jobs. @neurite/tokenizers is imported lazily, so a worker that only benchmarks kernels
 * never loads it, and each shipped encoding's rank data loads on first use.
 */
import { WorkerArgumentError } from '../errors.ts';
import type { JobContext } from '../job-context.ts';
import type { JobResult } from './registry.ts';
import type { TokenizeRequest, TokenizeResult, TokenizerSpec, TokenizerTrainingProgress, TrainedTokenizerInfo, TrainTokenizerRequest } from './tokenize-types.ts';

/** What the jobs need of a tokenizer: ids with UTF-16 offsets. */
export interface OffsetEncoder {
  encodeWithOffsets(text: string, options?: { allowedSpecial?: 'all'; disallowedSpecial?: readonly string[] }): { ids: Uint32Array; offsets: Uint32Array };
}

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

export async function tokenize(request: TokenizeRequest, _context: JobContext<never>): Promise<JobResult<TokenizeResult>> {
  if (typeof request?.text !== 'string') throw new WorkerArgumentError('text', `is ${typeof request?.text}; expected a string`);
  let start = performance.now();
  const tokenizer = await resolveTokenizer(request.tokenizer);
  const loadMs = performance.now() - start;
  start = performance.now();
  // Special-token text is ordinary text unless allowed: pasted text must never throw.
  const encoding = tokenizer.encodeWithOffsets(request.text, request.allowSpecial ? { allowedSpecial: 'all' } : { disallowedSpecial: [] });
  const encodeMs = performance.now() - start;
  // Copies: the results may be views the tokenizer reuses; the copies' buffers are transferred.
  const ids = encoding.ids.slice();
  const offsets = encoding.offsets.slice();
  const value: TokenizeResult = { ids, offsets, distinctTokens: new Set(ids).size, bytes: utf8Length(request.text), encodeMs, loadMs };
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
  const started = performance.now();
  // Training is synchronous: progress is posted as it happens (and awaited before the result), and a
  // cancel is seen here only through the shared flag (cross-origin isolated pages and Node).
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
    const trained = tokenizers.trainBpe(request.text, { vocabSize, minFrequency, onProgress, progressInterval });
    tokenizer = trained.toTokenizer() as OffsetEncoder;
    size = trained.vocab.length;
  } else {
    const trained = tokenizers.trainWordPiece(request.text, { vocabSize, minFrequency, onProgress });
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
