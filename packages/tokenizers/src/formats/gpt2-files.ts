/**
 * GPT-2's `encoder.json` (token string -> id, in the byte<->unicode alphabet) and `vocab.bpe`
 * (a "#version" line, then one "left right" merge per line). Untrusted: sizes, counts, ids and
 * merges are validated before use.
 */
import { TokenizerFileError } from '../errors.ts';
import { BytePairModel, type MergeMode } from '../bpe/byte-pair-model.ts';
import { unicodeToBytes } from '../bpe/byte-unicode.ts';
import { TokenTable } from '../bpe/token-table.ts';
import { LIMITS } from './limits.ts';

export interface Gpt2Vocabulary {
  tokens: TokenTable;
  /** Token string -> id (in the byte<->unicode alphabet), ordinary tokens only. */
  ids: ReadonlyMap<string, number>;
  /** Special tokens found in the file (removed from `tokens`). */
  specialTokens: Record<string, number>;
}

/**
 * Parses encoder.json (text or an already parsed object). Entries named in `specialTokens`
 * (default: "<|endoftext|>") become special tokens instead of ordinary ones.
 */
export function parseGpt2Encoder(encoder: string | unknown, options: { file?: string; specialTokens?: readonly string[] } = {}): Gpt2Vocabulary {
  const file = options.file ?? 'encoder.json';
  let object: unknown = encoder;
  if (typeof encoder === 'string') {
    if (encoder.length > LIMITS.maxFileChars) throw new TokenizerFileError('too-large', file, `${encoder.length} characters; expected at most ${LIMITS.maxFileChars}`);
    try {
      object = JSON.parse(encoder);
    } catch (error) {
      throw new TokenizerFileError('bad-syntax', file, `not valid JSON (${(error as Error).message})`);
    }
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) throw new TokenizerFileError('bad-syntax', file, 'expected a JSON object of token -> id');
  const specialNames = new Set(options.specialTokens ?? ['<|endoftext|>']);
  const entries = Object.entries(object as Record<string, unknown>);
  if (entries.length > LIMITS.maxEntries) throw new TokenizerFileError('too-many-entries', file, `${entries.length} tokens; expected at most ${LIMITS.maxEntries}`);
  if (entries.length === 0) throw new TokenizerFileError('bad-syntax', file, 'no tokens');
  // No prototype: a special token named "__proto__" or "constructor" is an ordinary key.
  const specialTokens: Record<string, number> = Object.create(null) as Record<string, number>;
  const ordinary: Array<[Uint8Array, number]> = [];
  const ids = new Map<string, number>();
  const seen = new Map<number, string>();
  let maxId = -1;
  let total = 0;
  for (const [token, id] of entries) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > LIMITS.maxId) {
      throw new TokenizerFileError('id-out-of-range', file, `token ${JSON.stringify(token.slice(0, 40))} has id ${JSON.stringify(id)}; expected an integer in [0, ${LIMITS.maxId}]`);
    }
    const other = seen.get(id);
    if (other !== undefined) throw new TokenizerFileError('duplicate-id', file, `id ${id} is given to both ${JSON.stringify(other.slice(0, 40))} and ${JSON.stringify(token.slice(0, 40))}`);
    seen.set(id, token);
    if (specialNames.has(token)) {
      specialTokens[token] = id;
      continue;
    }
    const bytes = unicodeToBytes(token);
    if (bytes === undefined || bytes.length === 0 || bytes.length > LIMITS.maxTokenBytes) {
      throw new TokenizerFileError('bad-token', file, `token ${JSON.stringify(token.slice(0, 40))} is empty, too long or has a character outside the byte-level alphabet`);
    }
    ordinary.push([bytes, id]);
    ids.set(token, id);
    total += bytes.length;
    if (id > maxId) maxId = id;
  }
  if (maxId + 1 > ordinary.length * 4 + 1024) throw new TokenizerFileError('id-out-of-range', file, `largest id ${maxId} is far beyond the ${ordinary.length} tokens (ids must be dense)`);
  const starts = new Uint32Array(maxId + 2);
  for (const [bytes, id] of ordinary) starts[id + 1] = bytes.length;
  for (let i = 0; i <= maxId; i++) starts[i + 1] += starts[i]!;
  const all = new Uint8Array(total);
  for (const [bytes, id] of ordinary) all.set(bytes, starts[id]!);
  const tokens = new TokenTable(all, starts, (id, previous) => {
    throw new TokenizerFileError('duplicate-token', file, `ids ${previous} and ${id} have the same bytes`);
  });
  return { tokens, ids, specialTokens };
}

/** Parses vocab.bpe / merges.txt into (left id, right id) pairs, in order. */
export function parseMerges(text: string, ids: ReadonlyMap<string, number>, file = 'vocab.bpe'): Int32Array {
  if (typeof text !== 'string') throw new TokenizerFileError('bad-syntax', file, `expected text, got ${typeof text}`);
  if (text.length > LIMITS.maxFileChars) throw new TokenizerFileError('too-large', file, `${text.length} characters; expected at most ${LIMITS.maxFileChars}`);
  const pairs: number[] = [];
  const lines = text.split('\n');
  if (lines.length > LIMITS.maxEntries + 2) throw new TokenizerFileError('too-many-entries', file, `${lines.length} lines; expected at most ${LIMITS.maxEntries}`);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length === 0 || (i === 0 && line.startsWith('#version'))) continue;
    const parts = line.split(' ');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') throw new TokenizerFileError('bad-syntax', file, 'expected "left right"', i + 1);
    const a = ids.get(parts[0]!);
    const b = ids.get(parts[1]!);
    if (a === undefined || b === undefined) {
      throw new TokenizerFileError('missing-token', file, `merge refers to ${JSON.stringify(a === undefined ? parts[0] : parts[1])}, which is not in the vocabulary`, i + 1);
    }
    pairs.push(a, b);
  }
  return Int32Array.from(pairs);
}

/**
 * A model from GPT-2 files. mode 'ranks' (default) reads ids as tiktoken ranks (the merges are still
 * validated), which gives exactly r50k_base's ids; 'merges' applies the merge list in order
 * (Hugging Face semantics).
 */
export function modelFromGpt2Files(
  encoderJson: string | unknown,
  vocabBpe: string,
  options: { mode?: MergeMode; specialTokens?: readonly string[] } = {},
): { model: BytePairModel; specialTokens: Record<string, number> } {
  const vocabulary = parseGpt2Encoder(encoderJson, options.specialTokens ? { specialTokens: options.specialTokens } : {});
  const merges = parseMerges(vocabBpe, vocabulary.ids);
  const checked = BytePairModel.fromMerges(vocabulary.tokens, merges, { file: 'vocab.bpe' });
  const model = options.mode === 'merges' ? checked : BytePairModel.fromRanks(vocabulary.tokens.bytes, vocabulary.tokens.starts, 'encoder.json');
  return { model, specialTokens: vocabulary.specialTokens };
}
