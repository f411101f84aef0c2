/**
 * WordPiece training, as Hugging Face's WordPieceTrainer does it: BPE merges learned on the BERT
 * normalized and pre-tokenized words, with '##' on every symbol that continues a word; the
 * resulting vocabulary (special tokens, alphabet, '##' alphabet, merged tokens) is the WordPiece
 * vocabulary.
 */
import { IdBuffer } from '../bpe/id-buffer.ts';
import { bertNormalizer } from '../pipeline/normalizers/bert.ts';
import type { PipelineTokenizer } from '../pipeline/pipeline-tokenizer.ts';
import { bertPreTokenizer } from '../pipeline/pre-tokenizers/bert.ts';
import { learnMerges, type TrainingProgress } from '../train/learn-merges.ts';
import { formatVocabTxt } from '../formats/vocab-txt.ts';
import { createWordPieceTokenizer, type WordPieceTokenizerOptions } from './wordpiece-tokenizer.ts';

export interface WordPieceTrainerOptions extends WordPieceTokenizerOptions {
  /** Default 30000. */
  vocabSize?: number;
  /** Default 0. */
  minFrequency?: number;
  /** First ids. Default ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']; the unknown token is added when missing. */
  specialTokens?: readonly string[];
  /** Keep at most this many alphabet characters (the most frequent). */
  limitAlphabet?: number;
  initialAlphabet?: readonly string[];
  onProgress?: (progress: TrainingProgress) => void;
}

export interface TrainedWordPiece {
  /** token -> id, ids 0..n-1. */
  readonly vocab: Map<string, number>;
  readonly tokenizer: PipelineTokenizer;
  /** BERT vocab.txt text. */
  toVocabTxt(): string;
}

/** Trains a WordPiece vocabulary on `texts` (each text one sequence). */
export function trainWordPiece(texts: string | Iterable<string>, options: WordPieceTrainerOptions = {}): TrainedWordPiece {
  const normalize = bertNormalizer({
    ...(options.lowercase !== undefined ? { lowercase: options.lowercase } : {}),
    ...(options.stripAccents !== undefined ? { stripAccents: options.stripAccents } : {}),
    ...(options.handleChineseChars !== undefined ? { handleChineseChars: options.handleChineseChars } : {}),
    ...(options.cleanText !== undefined ? { cleanText: options.cleanText } : {}),
  });
  const counts = new Map<string, number>();
  const pieces = new IdBuffer(256);
  for (const text of typeof texts === 'string' ? [texts] : texts) {
    const n = normalize({ text }).text;
    pieces.clear();
    bertPreTokenizer(n, 0, n.length, pieces);
    for (let i = 0; i < pieces.length; i += 2) {
      const word = n.slice(pieces.data[i]!, pieces.data[i + 1]!);
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  const unk = options.unkToken ?? '[UNK]';
  const specials = [...(options.specialTokens ?? ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'])];
  if (!specials.includes(unk)) specials.push(unk);
  const learned = learnMerges(counts, {
    vocabSize: options.vocabSize ?? 30000,
    minFrequency: options.minFrequency,
    specialTokens: specials,
    initialAlphabet: options.initialAlphabet,
    limitAlphabet: options.limitAlphabet,
    continuingSubwordPrefix: options.continuingSubwordPrefix ?? '##',
    onProgress: options.onProgress,
  });
  const vocab = new Map(learned.vocab.map((t, i) => [t, i] as const));
  const tokenizer = createWordPieceTokenizer(vocab, { ...options, specialTokens: specials });
  return { vocab, tokenizer, toVocabTxt: () => formatVocabTxt(vocab) };
}
