/**
 * Tokenizer jobs. @neurite/tokenizers is imported lazily, so a worker that only benchmarks kernels
 * never loads it, and each shipped encoding's rank data loads on first use.
 */
import { WorkerArgumentError } from '../errors.ts';
import type { JobContext } from '../job-context.ts';
import type { JobResult } from './registry.ts';
import type { TokenizeRequest, TokenizeResult, TokenizerSpec } from './tokenize-types.ts';

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
      throw new WorkerArgumentError('tokenizer.id', `is ${JSON.stringify(spec.id)}; expected the id of a BPE trained in this worker (trainBpe)`);
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
