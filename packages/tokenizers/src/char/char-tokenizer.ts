/**
 * Character-level tokenizers: every code point (spaces included) is one token, so decoding
 * concatenates and decode(encode(s)) === s whenever every character of s is in the vocabulary.
 */
import { concatDecoder } from '../pipeline/decoders/join.ts';
import { createNormalizer } from '../formats/tokenizer-json/normalizer-json.ts';
import type { NormalizerSpec } from '../formats/tokenizer-json/types.ts';
import { PipelineTokenizer } from '../pipeline/pipeline-tokenizer.ts';
import { buildVocab, countUnits, type BuildVocabOptions } from '../word/build-vocab.ts';
import { CharModel } from '../pipeline/models/char-model.ts';

export interface CharTokenizerOptions {
  /** Token for characters outside the vocabulary (must be in it). Default '[UNK]' when present, else they are dropped. */
  unkToken?: string;
  /** Vocabulary entries recognized as special tokens in text. Default: the unknown token when present. */
  specialTokens?: readonly string[];
  /** Unicode normalization applied first (e.g. 'NFC'). Default none. */
  normalization?: 'NFC' | 'NFD' | 'NFKC' | 'NFKD';
}

/** A character-level tokenizer over `vocab` (one code point per entry, plus special tokens). */
export function createCharTokenizer(vocab: ReadonlyMap<string, number>, options: CharTokenizerOptions = {}): PipelineTokenizer {
  const unk = options.unkToken ?? (vocab.has('[UNK]') ? '[UNK]' : undefined);
  const specialTokens: Record<string, number> = Object.create(null);
  for (const name of options.specialTokens ?? (unk === undefined ? [] : [unk])) {
    const id = vocab.get(name);
    if (id !== undefined) specialTokens[name] = id;
  }
  return new PipelineTokenizer({
    name: 'char',
    model: new CharModel(vocab, unk),
    normalizer: options.normalization === undefined ? undefined : createNormalizer({ type: options.normalization } as NormalizerSpec),
    // The model splits into code points itself: the whole segment is one piece.
    preTokenizer: (_text, start, end, out) => {
      out.push(start);
      out.push(end);
    },
    specialTokens,
    decoder: concatDecoder,
  });
}

/** Builds a character vocabulary from texts (most frequent first) and its tokenizer. */
export function trainCharTokenizer(texts: string | Iterable<string>, options: CharTokenizerOptions & BuildVocabOptions = {}): PipelineTokenizer {
  const normalize = options.normalization;
  const counts = countUnits(texts, (text) => (normalize === undefined ? text : text.normalize(normalize)));
  const vocab = buildVocab(counts, { ...options, specialTokens: options.specialTokens ?? [options.unkToken ?? '[UNK]'] });
  return createCharTokenizer(vocab, options);
}
