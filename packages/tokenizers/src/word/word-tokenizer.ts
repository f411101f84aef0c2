/**
 * Word-level tokenizers: optional lowercasing, a split into words and punctuation runs (Hugging
 * Face's Whitespace) or at whitespace only, one id per word, the unknown token otherwise.
 */
import { countUnits, buildVocab, type BuildVocabOptions } from './build-vocab.ts';
import type { PipelineTokenizer } from '../pipeline/pipeline-tokenizer.ts';
import { readTokenizerJson } from '../formats/tokenizer-json/read.ts';
import { wordLevelTokenizerJson } from '../formats/tokenizer-json/write.ts';
import { whitespaceRegExp, whitespaceSplitRegExp } from '../pretokenize/whitespace.ts';

export interface WordTokenizerOptions {
  /** Default '[UNK]'; must be in the vocabulary. */
  unkToken?: string;
  /** Lowercase before lookup. Default false. */
  lowercase?: boolean;
  /** Default 'whitespace' (words and punctuation runs); 'whitespace-split' keeps punctuation attached. */
  split?: 'whitespace' | 'whitespace-split';
  /** Vocabulary entries recognized as special tokens in text. Default: the unknown token. */
  specialTokens?: readonly string[];
}

/** A word-level tokenizer over `vocab` (token -> id). Decoding joins words with spaces. */
export function createWordTokenizer(vocab: ReadonlyMap<string, number>, options: WordTokenizerOptions = {}): PipelineTokenizer {
  return readTokenizerJson(wordLevelTokenizerJson(vocab, options)) as PipelineTokenizer;
}

/** Builds a word vocabulary from texts (split and lowercased as `options` says) and its tokenizer. */
export function trainWordTokenizer(texts: string | Iterable<string>, options: WordTokenizerOptions & BuildVocabOptions = {}): PipelineTokenizer {
  const regex = options.split === 'whitespace-split' ? whitespaceSplitRegExp() : whitespaceRegExp();
  const counts = countUnits(texts, (text) => {
    const t = options.lowercase ? text.toLowerCase() : text;
    return Array.from(t.matchAll(regex), (m) => m[0]);
  });
  const unk = options.unkToken ?? '[UNK]';
  const vocab = buildVocab(counts, { ...options, specialTokens: options.specialTokens ?? [unk] });
  return createWordTokenizer(vocab, options);
}
