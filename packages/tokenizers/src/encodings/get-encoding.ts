/**
 * The tiktoken encodings shipped with the package. Each one's rank data is a separate module loaded
 * by dynamic import, so importing or using one never loads the others (in Node and in bundles; webpack
 * names each chunk after its encoding).
 */
import { TokenizerArgumentError } from '../errors.ts';
import { BytePairModel } from '../bpe/byte-pair-model.ts';
import { BpeTokenizer } from '../bpe/bpe-tokenizer.ts';
import type { PatternName } from '../pretokenize/patterns.ts';
import { decodeCompactRanks } from './compact-ranks.ts';

export type EncodingName = 'r50k_base' | 'cl100k_base' | 'o200k_base' | 'gpt2';

interface EncodingSpec {
  pattern: PatternName;
  specialTokens: Readonly<Record<string, number>>;
  load: () => Promise<{ default: string }>;
}

/** Special tokens as tiktoken defines them. */
const SPECS: Readonly<Record<Exclude<EncodingName, 'gpt2'>, EncodingSpec>> = {
  r50k_base: {
    pattern: 'r50k',
    specialTokens: { '<|endoftext|>': 50256 },
    load: () => import(/* webpackChunkName: "r50k-base" */ './data/r50k-base.ts'),
  },
  cl100k_base: {
    pattern: 'cl100k',
    specialTokens: {
      '<|endoftext|>': 100257,
      '<|fim_prefix|>': 100258,
      '<|fim_middle|>': 100259,
      '<|fim_suffix|>': 100260,
      '<|endofprompt|>': 100276,
    },
    load: () => import(/* webpackChunkName: "cl100k-base" */ './data/cl100k-base.ts'),
  },
  o200k_base: {
    pattern: 'o200k',
    specialTokens: { '<|endoftext|>': 199999, '<|endofprompt|>': 200018 },
    load: () => import(/* webpackChunkName: "o200k-base" */ './data/o200k-base.ts'),
  },
};

export const ENCODING_NAMES: readonly EncodingName[] = ['r50k_base', 'cl100k_base', 'o200k_base', 'gpt2'];

const cache = new Map<string, Promise<BpeTokenizer>>();

function canonical(name: EncodingName): Exclude<EncodingName, 'gpt2'> {
  if (name === 'gpt2') return 'r50k_base';
  if (!Object.hasOwn(SPECS, name)) throw new TokenizerArgumentError('name', `is ${JSON.stringify(name)}; expected one of ${ENCODING_NAMES.join(', ')}`);
  return name;
}

/** Loads a shipped encoding (memoized: every call for the same name shares one tokenizer). */
export function getEncoding(name: EncodingName): Promise<BpeTokenizer> {
  let key: Exclude<EncodingName, 'gpt2'>;
  try {
    key = canonical(name);
  } catch (error) {
    return Promise.reject(error);
  }
  let pending = cache.get(key);
  if (pending === undefined) {
    pending = loadEncoding(key);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

/** Builds a fresh tokenizer for a shipped encoding (no memoization; getEncoding shares one). */
export async function loadEncoding(name: EncodingName): Promise<BpeTokenizer> {
  const spec = SPECS[canonical(name)];
  const { default: data } = await spec.load();
  const key = canonical(name);
  const { bytes, starts } = await decodeCompactRanks(data, key);
  return new BpeTokenizer({ model: BytePairModel.fromRanks(bytes, starts, key), pattern: spec.pattern, specialTokens: spec.specialTokens, name: key });
}

/** The pattern and special tokens of a shipped encoding (for building one from your own rank file). */
export function encodingSpec(name: EncodingName): { pattern: PatternName; specialTokens: Readonly<Record<string, number>> } {
  const spec = SPECS[canonical(name)];
  return { pattern: spec.pattern, specialTokens: spec.specialTokens };
}
