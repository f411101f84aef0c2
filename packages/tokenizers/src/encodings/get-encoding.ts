/**
 * The tiktoken encodings shipped with the package. Each one's rank data is a separate module loaded
 * by dynamic import, so importing or using one never loads the others (in Node and in bundles; webpack
 * names each chunk after its encoding). A bundle that must not even emit the others imports one
 * encoding's entry point instead (@neurite/tokenizers/encodings/cl100k_base, ...).
 */
import { TokenizerArgumentError } from '../errors.ts';
import type { BpeTokenizer } from '../bpe/bpe-tokenizer.ts';
import type { PatternName } from '../pretokenize/patterns.ts';
import { buildEncoding, type ShippedEncoding, SPECS } from './encoding-specs.ts';

export type EncodingName = ShippedEncoding | 'gpt2';

/** Each encoding's rank data, loaded on first use. */
const LOADERS: Readonly<Record<ShippedEncoding, () => Promise<{ default: string }>>> = {
  r50k_base: () => import(/* webpackChunkName: "r50k-base" */ './data/r50k-base.ts'),
  cl100k_base: () => import(/* webpackChunkName: "cl100k-base" */ './data/cl100k-base.ts'),
  o200k_base: () => import(/* webpackChunkName: "o200k-base" */ './data/o200k-base.ts'),
};

export const ENCODING_NAMES: readonly EncodingName[] = ['r50k_base', 'cl100k_base', 'o200k_base', 'gpt2'];

const cache = new Map<string, Promise<BpeTokenizer>>();

function canonical(name: EncodingName): ShippedEncoding {
  if (name === 'gpt2') return 'r50k_base';
  if (!Object.hasOwn(SPECS, name)) throw new TokenizerArgumentError('name', `is ${JSON.stringify(name)}; expected one of ${ENCODING_NAMES.join(', ')}`);
  return name;
}

/** Loads a shipped encoding (memoized: every call for the same name shares one tokenizer). */
export function getEncoding(name: EncodingName): Promise<BpeTokenizer> {
  let key: ShippedEncoding;
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
  const key = canonical(name);
  const { default: data } = await LOADERS[key]();
  return buildEncoding(key, data);
}

/** The pattern and special tokens of a shipped encoding (for building one from your own rank file). */
export function encodingSpec(name: EncodingName): { pattern: PatternName; specialTokens: Readonly<Record<string, number>> } {
  const spec = SPECS[canonical(name)];
  return { pattern: spec.pattern, specialTokens: spec.specialTokens };
}
