/**
 * The tokenize job. @neurite/tokenizers is imported lazily, so a worker that only benchmarks kernels
 * never loads it, and each shipped encoding's rank data loads on first use.
 */
import { WorkerArgumentError } from '../errors.ts';
import { type EncodedChunk, encodeInChunks, joinChunks, type OffsetEncoder } from './chunked-encoding.ts';
import type { JobContext } from '../job-context.ts';
import type { JobResult } from './job-result.ts';
import type { TokenizeProgress, TokenizeRequest, TokenizeResult, TokenizerSpec } from './tokenize-types.ts';
import { trainedTokenizer } from './tokenizer-store.ts';

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
    const tokenizer = trainedTokenizer(spec.id);
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
