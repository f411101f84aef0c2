// The shipped tiktoken encodings' patterns and special tokens, and building a tokenizer from an
// encoding's rank data. No rank data is imported here: get-encoding.ts loads it by dynamic import,
// the per-encoding entry points (cl100k-base-entry.ts, ...) by a static one.
import { BytePairModel } from '../bpe/byte-pair-model.ts';
import { BpeTokenizer } from '../bpe/bpe-tokenizer.ts';
import type { PatternName } from '../pretokenize/patterns.ts';
import { decodeCompactRanks } from './compact-ranks.ts';

export type ShippedEncoding = 'r50k_base' | 'cl100k_base' | 'o200k_base';

/** Special tokens as tiktoken defines them. */
export const SPECS: Readonly<Record<ShippedEncoding, { pattern: PatternName; specialTokens: Readonly<Record<string, number>> }>> = {
  r50k_base: { pattern: 'r50k', specialTokens: { '<|endoftext|>': 50256 } },
  cl100k_base: {
    pattern: 'cl100k',
    specialTokens: {
      '<|endoftext|>': 100257,
      '<|fim_prefix|>': 100258,
      '<|fim_middle|>': 100259,
      '<|fim_suffix|>': 100260,
      '<|endofprompt|>': 100276,
    },
  },
  o200k_base: { pattern: 'o200k', specialTokens: { '<|endoftext|>': 199999, '<|endofprompt|>': 200018 } },
};

/** A fresh tokenizer for a shipped encoding from its compact rank data. */
export async function buildEncoding(name: ShippedEncoding, data: string): Promise<BpeTokenizer> {
  const spec = SPECS[name];
  const { bytes, starts } = await decodeCompactRanks(data, name);
  return new BpeTokenizer({ model: BytePairModel.fromRanks(bytes, starts, name), pattern: spec.pattern, specialTokens: spec.specialTokens, name });
}
