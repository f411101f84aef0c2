// @neurite/tokenizers/encodings/o200k_base: the o200k_base encoding alone, its rank data imported statically,
// so a bundle of this entry point carries no other encoding's data (getEncoding's dynamic imports
// let a bundler emit all three, fetching only the one used).
import type { BpeTokenizer } from '../bpe/bpe-tokenizer.ts';
import data from './data/o200k-base.ts';
import { buildEncoding } from './encoding-specs.ts';

let shared: Promise<BpeTokenizer> | undefined;

/** The o200k_base tokenizer (memoized: every call shares one; ids equal getEncoding('o200k_base')'s). */
export function o200kBase(): Promise<BpeTokenizer> {
  shared ??= buildEncoding('o200k_base', data);
  return shared;
}
