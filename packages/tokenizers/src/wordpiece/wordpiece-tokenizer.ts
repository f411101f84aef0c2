/** BERT-style WordPiece tokenizers: BertNormalizer + BertPreTokenizer + WordPiece + [CLS]/[SEP]. */
import type { PipelineTokenizer } from '../pipeline/pipeline-tokenizer.ts';
import { readTokenizerJson } from '../formats/tokenizer-json/read.ts';
import { wordPieceTokenizerJson } from '../formats/tokenizer-json/write.ts';
import { parseVocabTxt } from '../formats/vocab-txt.ts';
import { checkMaxInputCharsPerWord } from '../pipeline/models/wordpiece-model.ts';

export interface WordPieceTokenizerOptions {
  /** Lowercase the text (BERT uncased). Default true. */
  lowercase?: boolean;
  /** Strip accents; default: same as `lowercase`. */
  stripAccents?: boolean;
  /** Put spaces around CJK ideographs, so each is a word. Default true. */
  handleChineseChars?: boolean;
  /** Remove control characters and turn whitespace into spaces. Default true. */
  cleanText?: boolean;
  /** Default '[UNK]'. */
  unkToken?: string;
  /** Default '##'. */
  continuingSubwordPrefix?: string;
  /** Longer words become the unknown token. Default 100; at most MAX_INPUT_CHARS_PER_WORD (1024). */
  maxInputCharsPerWord?: number;
  /** Default '[CLS]' and '[SEP]': encode adds them around the text when both are in the vocabulary. */
  clsToken?: string;
  sepToken?: string;
  /** Vocabulary entries recognized as special tokens in text. Default: [PAD] [UNK] [CLS] [SEP] [MASK] when present. */
  specialTokens?: readonly string[];
}

/**
 * A WordPiece tokenizer from a vocabulary (token -> id, or the text of a BERT vocab.txt).
 * Throws TokenizerFileError for a malformed vocab.txt or a missing unknown token, and
 * TokenizerArgumentError for an option out of its domain.
 */
export function createWordPieceTokenizer(vocab: ReadonlyMap<string, number> | string, options: WordPieceTokenizerOptions = {}): PipelineTokenizer {
  checkMaxInputCharsPerWord(options.maxInputCharsPerWord);
  const map = typeof vocab === 'string' ? parseVocabTxt(vocab) : vocab;
  return readTokenizerJson(wordPieceTokenizerJson(map, options)) as PipelineTokenizer;
}
