// @neurite/tokenizers/encodings/r50k_base: the r50k_base encoding alone, its rank data imported statically,
// so a bundle of this entry point carries no other encoding's data (getEncoding's dynamic imports
// let a bundler emit all three, fetching only the one used).
import type { BpeTokenizer } from '../bpe/bpe-tokenizer.ts';
import data from './data/r50k-base.ts';
import { buildEncoding } from './encoding-specs.ts';

let shared: Promise<BpeTokenizer> | undefined;

/** The r50k_base tokenizer (memoized: every call shares one; ids equal getEncoding('r50k_base')'s). */
export function r50kBase(): Promise<BpeTokenizer> {
  shared ??= buildEncoding('r50k_base', data);
  return shared;
}
