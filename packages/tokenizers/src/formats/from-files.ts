/** Synchronous construction of byte-level BPE tokenizers from user-supplied files. */
import { BpeTokenizer } from '../bpe/bpe-tokenizer.ts';
import type { MergeMode } from '../bpe/byte-pair-model.ts';
import { requireKnownPattern, type PatternName } from '../pretokenize/patterns.ts';
import { modelFromGpt2Files } from './gpt2-files.ts';
import { modelFromRankFile } from './rank-file.ts';

export interface RankFileOptions {
  /** A known pattern name ('r50k' | 'cl100k' | 'o200k') or its source text; other patterns are refused. */
  pattern: PatternName | string;
  specialTokens?: Readonly<Record<string, number>>;
  name?: string;
}

/** A tokenizer from a tiktoken rank file's text ("base64 rank" lines). */
export function tokenizerFromRankFile(text: string, options: RankFileOptions): BpeTokenizer {
  const pattern = requireKnownPattern(options.pattern, 'pattern');
  const model = modelFromRankFile(text, options.name ?? 'ranks');
  return new BpeTokenizer({ model, pattern, ...(options.specialTokens ? { specialTokens: options.specialTokens } : {}), ...(options.name ? { name: options.name } : {}) });
}

export interface Gpt2FilesOptions {
  /** Default 'r50k' (GPT-2's own pattern). */
  pattern?: PatternName | string;
  /** Default 'ranks' (ids identical to r50k_base); 'merges' applies the merge list in order. */
  mode?: MergeMode;
  /** encoder.json entries to treat as special tokens; default ['<|endoftext|>']. */
  specialTokens?: readonly string[];
  name?: string;
}

/** A tokenizer from GPT-2's encoder.json (text or parsed object) and vocab.bpe. */
export function tokenizerFromGpt2Files(encoderJson: string | unknown, vocabBpe: string, options: Gpt2FilesOptions = {}): BpeTokenizer {
  const pattern = requireKnownPattern(options.pattern ?? 'r50k', 'pattern');
  const { model, specialTokens } = modelFromGpt2Files(encoderJson, vocabBpe, {
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.specialTokens ? { specialTokens: options.specialTokens } : {}),
  });
  return new BpeTokenizer({ model, pattern, specialTokens, name: options.name ?? 'gpt2' });
}
