// @neurite/tokenizers/encodings/cl100k_base: the cl100k_base encoding alone, its rank data imported statically,
// so a bundle of this entry point carries no other encoding's data (getEncoding's dynamic imports
// let a bundler emit all three, fetching only the one used).
import type { BpeTokenizer } from '../bpe/bpe-tokenizer.ts';
import data from './data/cl100k-base.ts';
import { buildEncoding } from './encoding-specs.ts';

let shared: Promise<BpeTokenizer> | undefined;

/** The cl100k_base tokenizer (memoized: every call shares one; ids equal getEncoding('cl100k_base')'s). */
export function cl100kBase(): Promise<BpeTokenizer> {
  shared ??= buildEncoding('cl100k_base', data);
  return shared;
}
