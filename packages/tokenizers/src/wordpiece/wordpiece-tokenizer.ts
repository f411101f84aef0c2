/** BERT-style WordPiece tokenizers: BertNormalizer + BertPreTokenizer + WordPiece + [CLS]/[SEP]. */
import { wordPieceDecoder } from '../hf/decoders.ts';
import { bertNormalizer } from '../hf/normalizers.ts';
import { PipelineTokenizer } from '../hf/pipeline-tokenizer.ts';
import { bertPreTokenizer } from '../hf/pre-tokenizers.ts';
import { parseVocabTxt } from './vocab-txt.ts';
import { WordPieceModel } from './wordpiece-model.ts';

export interface WordPieceTokenizerOptions {
  /** Lowercase the text (BERT uncased). Default true. */
  lowercase?: boolean;
  /** Strip accents; default: same as `lowercase`. */
  stripAccents?: boolean;
  /** Put spaces around CJK ideographs, so each is a word. Default true. */
  handleChineseChars?: boolean;
  /** Remove control characters and turn whitespace into spaces. Default true. */
  cleanText?: boolean;
  unkToken?: string;
  continuingSubwordPrefix?: string;
  /** Default 100. */
  maxInputCharsPerWord?: number;
  /** Default '[CLS]' and '[SEP]': encode adds them around the text when both are in the vocabulary. */
  clsToken?: string;
  sepToken?: string;
  /** Vocabulary entries recognized as special tokens in text. Default: [PAD] [UNK] [CLS] [SEP] [MASK] when present. */
  specialTokens?: readonly string[];
}

/** A WordPiece tokenizer from a vocabulary (token -> id, or the text of a BERT vocab.txt). */
export function createWordPieceTokenizer(vocab: ReadonlyMap<string, number> | string, options: WordPieceTokenizerOptions = {}): PipelineTokenizer {
  const map = typeof vocab === 'string' ? parseVocabTxt(vocab) : vocab;
  const model = new WordPieceModel(map, {
    ...(options.unkToken !== undefined ? { unkToken: options.unkToken } : {}),
    ...(options.continuingSubwordPrefix !== undefined ? { continuingSubwordPrefix: options.continuingSubwordPrefix } : {}),
    ...(options.maxInputCharsPerWord !== undefined ? { maxInputCharsPerWord: options.maxInputCharsPerWord } : {}),
  });
  const specialNames = options.specialTokens ?? ['[PAD]', model.unkToken, options.clsToken ?? '[CLS]', options.sepToken ?? '[SEP]', '[MASK]'];
  const specialTokens: Record<string, number> = {};
  for (const name of specialNames) {
    const id = map.get(name);
    if (id !== undefined) specialTokens[name] = id;
  }
  const cls = map.get(options.clsToken ?? '[CLS]');
  const sep = map.get(options.sepToken ?? '[SEP]');
  return new PipelineTokenizer({
    name: 'wordpiece',
    model,
    normalizer: bertNormalizer({
      ...(options.lowercase !== undefined ? { lowercase: options.lowercase } : {}),
      ...(options.stripAccents !== undefined ? { stripAccents: options.stripAccents } : {}),
      ...(options.handleChineseChars !== undefined ? { handleChineseChars: options.handleChineseChars } : {}),
      ...(options.cleanText !== undefined ? { cleanText: options.cleanText } : {}),
    }),
    preTokenizer: bertPreTokenizer,
    specialTokens,
    template: cls !== undefined && sep !== undefined ? { prefix: [cls], suffix: [sep] } : undefined,
    decoder: wordPieceDecoder(model.continuingSubwordPrefix),
  });
}
