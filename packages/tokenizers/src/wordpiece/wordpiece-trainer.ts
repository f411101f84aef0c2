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
import type { Normalizer } from '../pipeline/normalizers/normalizer.ts';
import { toWellFormed } from '../pipeline/well-formed.ts';
import { CancelCheck, type TrainingCancellation } from '../train/cancellation.ts';
import { learnMerges, type TrainingProgress } from '../train/learn-merges.ts';
import { formatVocabTxt } from '../formats/vocab-txt.ts';
import { createWordPieceTokenizer, type WordPieceTokenizerOptions } from './wordpiece-tokenizer.ts';

export interface WordPieceTrainerOptions extends WordPieceTokenizerOptions, TrainingCancellation {
  /** Default 30000. */
  vocabSize?: number;
  /** Default 0. */
  minFrequency?: number;
  /** First ids. Default ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']; the unknown token is added when missing. */
  specialTokens?: readonly string[];
  /** Keep at most this many alphabet characters (the most frequent). */
  limitAlphabet?: number;
  initialAlphabet?: readonly string[];
  /** Called at each phase and every `progressInterval` merges (default 1000). */
  onProgress?: (progress: TrainingProgress) => void;
  progressInterval?: number;
}

export interface TrainedWordPiece {
  /** token -> id, ids 0..n-1. */
  readonly vocab: Map<string, number>;
  readonly tokenizer: PipelineTokenizer;
  /** BERT vocab.txt text. */
  toVocabTxt(): string;
}

/**
 * Trains a WordPiece vocabulary: `feed` texts (each one sequence), then `train`. Feeding in chunks
 * lets a caller stop between calls; `shouldStop` and `signal` are also checked inside `feed` and
 * `train` at bounded intervals of work (a stop throws TokenizerCancelledError).
 */
export class WordPieceTrainer {
  readonly options: Readonly<WordPieceTrainerOptions>;
  private readonly counts = new Map<string, number>();
  private readonly normalize: Normalizer;
  private readonly pieces = new IdBuffer(256);
  private readonly cancel: CancelCheck;

  constructor(options: WordPieceTrainerOptions = {}) {
    this.options = { ...options };
    this.normalize = bertNormalizer({
      ...(options.lowercase !== undefined ? { lowercase: options.lowercase } : {}),
      ...(options.stripAccents !== undefined ? { stripAccents: options.stripAccents } : {}),
      ...(options.handleChineseChars !== undefined ? { handleChineseChars: options.handleChineseChars } : {}),
      ...(options.cleanText !== undefined ? { cleanText: options.cleanText } : {}),
    });
    this.cancel = new CancelCheck(options);
  }

  /** Counts the BERT-normalized, pre-tokenized words of each text (a string is one text). Returns this. */
  feed(texts: string | Iterable<string>): this {
    const { counts, pieces } = this;
    for (const text of typeof texts === 'string' ? [texts] : texts) {
      this.cancel.tick(text.length + 1, 'words');
      // lone surrogates are U+FFFD, as when encoding (see PipelineTokenizer)
      const n = this.normalize({ text: toWellFormed(text) }).text;
      pieces.clear();
      bertPreTokenizer(n, 0, n.length, pieces);
      for (let i = 0; i < pieces.length; i += 2) {
        const word = n.slice(pieces.data[i]!, pieces.data[i + 1]!);
        counts.set(word, (counts.get(word) ?? 0) + 1);
      }
    }
    return this;
  }

  /** The word counts fed so far. */
  get wordCounts(): ReadonlyMap<string, number> {
    return this.counts;
  }

  /** Learns the vocabulary from everything fed so far. */
  train(): TrainedWordPiece {
    const options = this.options;
    const unk = options.unkToken ?? '[UNK]';
    const specials = [...(options.specialTokens ?? ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'])];
    if (!specials.includes(unk)) specials.push(unk);
    const learned = learnMerges(this.counts, {
      vocabSize: options.vocabSize ?? 30000,
      minFrequency: options.minFrequency,
      specialTokens: specials,
      initialAlphabet: options.initialAlphabet,
      limitAlphabet: options.limitAlphabet,
      continuingSubwordPrefix: options.continuingSubwordPrefix ?? '##',
      onProgress: options.onProgress,
      progressInterval: options.progressInterval,
      shouldStop: options.shouldStop,
      signal: options.signal,
    });
    const vocab = new Map(learned.vocab.map((t, i) => [t, i] as const));
    const tokenizer = createWordPieceTokenizer(vocab, { ...options, specialTokens: specials });
    return { vocab, tokenizer, toVocabTxt: () => formatVocabTxt(vocab) };
  }
}

/** Trains a WordPiece vocabulary on `texts` (each text one sequence). */
export function trainWordPiece(texts: string | Iterable<string>, options: WordPieceTrainerOptions = {}): TrainedWordPiece {
  return new WordPieceTrainer(options).feed(texts).train();
}
