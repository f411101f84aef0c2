import { TokenizerArgumentError } from '../errors.ts';
import { BYTE_TO_CHAR } from '../bpe/byte-unicode.ts';
import { SpecialFinder } from '../bpe/special-tokens.ts';
import type { PatternName } from '../pretokenize/patterns.ts';
import { SCANNERS } from '../pretokenize/scanner.ts';
import { whitespaceRegExp, WHITESPACE_SPLIT } from '../pretokenize/whitespace.ts';
import { CancelCheck, type TrainingCancellation } from './cancellation.ts';
import { learnMerges, type TrainingProgress } from './learn-merges.ts';
import { TrainedBpe } from './trained-bpe.ts';

export type { TrainingProgress } from './learn-merges.ts';

/**
 * How text is cut into words before counting: a known split pattern ('r50k' is GPT-2's),
 * 'whitespace' (runs of word characters, or of other non-space characters: Hugging Face's
 * `Whitespace`), 'whitespace-split' (runs of non-space characters), or a function.
 */
export type TrainingPreTokenizer = PatternName | 'whitespace' | 'whitespace-split' | ((text: string) => Iterable<string>);

export interface BpeTrainerOptions extends TrainingCancellation {
  /** Stop when the vocabulary (special tokens + alphabet + merges) has this many tokens. Default 30000. */
  vocabSize?: number;
  /** A pair is merged only if its weighted count is at least this. Default 0 (every pair that occurs). */
  minFrequency?: number;
  /** Tokens given the first ids, in this order; never produced by merges of ordinary text. */
  specialTokens?: readonly string[];
  /**
   * 'byte' (default): words are UTF-8 bytes written in GPT-2's byte alphabet, so every string is
   * encodable. 'char': words are Unicode code points.
   */
  level?: 'byte' | 'char';
  /**
   * Symbols always in the alphabet (one character each, in the level's alphabet). Default: all 256
   * byte symbols for 'byte' level, none for 'char' level. Pass [] to use only what the corpus has
   * (what Hugging Face's trainer does by default).
   */
  initialAlphabet?: readonly string[];
  /** Keep at most this many alphabet symbols (the most frequent; the initial alphabet first). */
  limitAlphabet?: number;
  /** No token longer than this many initial symbols (bytes, or code points) is created. */
  maxTokenLength?: number;
  /** Default 'r50k' (GPT-2's pattern) for 'byte' level, 'whitespace' for 'char' level. */
  preTokenizer?: TrainingPreTokenizer;
  /** 'char' level only: prefix of the symbols that continue a word (e.g. '##'). */
  continuingSubwordPrefix?: string;
  /** 'char' level only: suffix of the last symbol of a word (e.g. '</w>'). */
  endOfWordSuffix?: string;
  /**
   * Called during training (every `progressInterval` merges, default 1000, and at each phase). The
   * cancellation options (`shouldStop`, `signal`) are checked after each call and at bounded
   * intervals of work, in `feed` and `train`: a stop throws TokenizerCancelledError.
   */
  onProgress?: (progress: TrainingProgress) => void;
  progressInterval?: number;
}

/** All 256 symbols of GPT-2's byte alphabet. */
export const BYTE_ALPHABET: readonly string[] = BYTE_TO_CHAR;

/**
 * Trains a BPE vocabulary: `feed` texts (each one sequence, pre-tokenized on its own), then `train`.
 * Given the same word counts and options, training is deterministic, and with the GPT-2 pattern and
 * byte level it learns the merges Hugging Face's `BpeTrainer` learns, in the same order (see
 * `learnMerges` for the tie-break: largest count, then smallest pair of ids).
 */
export class BpeTrainer {
  readonly options: Readonly<BpeTrainerOptions>;
  private readonly counts = new Map<string, number>();
  private readonly split: (text: string, count: (piece: string) => void) => void;
  private readonly cancel: CancelCheck;

  constructor(options: BpeTrainerOptions = {}) {
    const level = options.level ?? 'byte';
    if (level !== 'byte' && level !== 'char') throw new TokenizerArgumentError('level', `is ${JSON.stringify(level)}; expected 'byte' or 'char'`);
    checkCount('vocabSize', options.vocabSize, 1);
    checkCount('minFrequency', options.minFrequency, 0);
    checkCount('limitAlphabet', options.limitAlphabet, 0);
    checkCount('maxTokenLength', options.maxTokenLength, 1);
    if (level === 'byte' && (options.continuingSubwordPrefix !== undefined || options.endOfWordSuffix !== undefined)) {
      throw new TokenizerArgumentError('continuingSubwordPrefix', "and endOfWordSuffix apply to level 'char' only");
    }
    for (const [i, token] of (options.specialTokens ?? []).entries()) {
      if (token.length === 0) throw new TokenizerArgumentError(`specialTokens[${i}]`, 'is empty; expected a non-empty string');
    }
    for (const [i, ch] of (options.initialAlphabet ?? []).entries()) {
      if ([...ch].length !== 1) throw new TokenizerArgumentError(`initialAlphabet[${i}]`, `is ${JSON.stringify(ch)}; expected one character`);
    }
    this.options = { ...options, level };
    this.split = splitter(options.preTokenizer ?? (level === 'byte' ? 'r50k' : 'whitespace'));
    this.cancel = new CancelCheck(options);
  }

  /**
   * Counts the words of each text (a string is one text). Special tokens in a text are cut out
   * first and never counted (as Hugging Face's tokenizers do with added tokens). Returns this.
   * Feeding in chunks lets a caller stop between calls; within a call, the cancellation options are
   * checked every CHECK_INTERVAL characters (at text boundaries).
   */
  feed(texts: string | Iterable<string>): this {
    const counts = this.counts;
    const count = (piece: string): void => {
      counts.set(piece, (counts.get(piece) ?? 0) + 1);
    };
    const specials = this.options.specialTokens ?? [];
    const one = (text: string): void => {
      this.cancel.tick(text.length + 1, 'words');
      if (specials.length === 0) {
        this.split(text, count);
        return;
      }
      const finder = new SpecialFinder(text, specials);
      let start = 0;
      for (let match = finder.next(0); match !== undefined; match = finder.next(start)) {
        if (match.index > start) this.split(text.slice(start, match.index), count);
        start = match.index + match.token.length;
      }
      if (start < text.length) this.split(start === 0 ? text : text.slice(start), count);
    };
    if (typeof texts === 'string') one(texts);
    else for (const text of texts) one(text);
    return this;
  }

  /** The word counts fed so far (words as pre-tokenized, before byte mapping). */
  get wordCounts(): ReadonlyMap<string, number> {
    return this.counts;
  }

  /** Learns the vocabulary and merges from everything fed so far. */
  train(): TrainedBpe {
    const o = this.options;
    const level = o.level ?? 'byte';
    o.onProgress?.({ phase: 'words', merges: 0, vocabSize: 0, targetVocabSize: o.vocabSize ?? 30000 });
    this.cancel.check('words');
    let words: ReadonlyMap<string, number> = this.counts;
    if (level === 'byte') {
      const mapped = new Map<string, number>();
      const encoder = new TextEncoder();
      for (const [word, count] of this.counts) {
        const key = toByteSymbols(word, encoder);
        mapped.set(key, (mapped.get(key) ?? 0) + count);
        this.cancel.tick(word.length + 1, 'words');
      }
      words = mapped;
    }
    const learned = learnMerges(words, {
      vocabSize: o.vocabSize ?? 30000,
      minFrequency: o.minFrequency,
      specialTokens: o.specialTokens,
      initialAlphabet: o.initialAlphabet ?? (level === 'byte' ? BYTE_ALPHABET : []),
      limitAlphabet: o.limitAlphabet,
      maxTokenLength: o.maxTokenLength,
      continuingSubwordPrefix: o.continuingSubwordPrefix,
      endOfWordSuffix: o.endOfWordSuffix,
      onProgress: o.onProgress,
      progressInterval: o.progressInterval,
      shouldStop: o.shouldStop,
      signal: o.signal,
    });
    const preTokenizer = o.preTokenizer;
    return new TrainedBpe({
      vocab: learned.vocab,
      merges: learned.merges,
      specialTokens: o.specialTokens ?? [],
      level,
      pattern: typeof preTokenizer === 'function' ? undefined : (preTokenizer ?? (level === 'byte' ? 'r50k' : 'whitespace')),
      continuingSubwordPrefix: o.continuingSubwordPrefix,
      endOfWordSuffix: o.endOfWordSuffix,
    });
  }
}

/** Feeds `texts` to a new trainer and trains it. */
export function trainBpe(texts: string | Iterable<string>, options: BpeTrainerOptions = {}): TrainedBpe {
  return new BpeTrainer(options).feed(texts).train();
}

function checkCount(name: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < min) throw new TokenizerArgumentError(name, `is ${value}; expected an integer >= ${min}`);
}

function splitter(preTokenizer: TrainingPreTokenizer): (text: string, count: (piece: string) => void) => void {
  if (typeof preTokenizer === 'function') {
    return (text, count) => {
      for (const piece of preTokenizer(text)) if (piece.length > 0) count(piece);
    };
  }
  if (preTokenizer === 'r50k' || preTokenizer === 'cl100k' || preTokenizer === 'o200k') {
    // The hand-written scanners split exactly as the patterns do, faster than the RegExp.
    const scan = SCANNERS[preTokenizer];
    return (text, count) => {
      for (let i = 0; i < text.length; ) {
        const j = scan(text, i);
        count(text.slice(i, j));
        i = j;
      }
    };
  }
  let regex: RegExp;
  if (preTokenizer === 'whitespace') regex = whitespaceRegExp();
  else if (preTokenizer === 'whitespace-split') regex = new RegExp(WHITESPACE_SPLIT, 'gu');
  else throw new TokenizerArgumentError('preTokenizer', `is ${JSON.stringify(preTokenizer)}; expected 'r50k', 'cl100k', 'o200k', 'whitespace', 'whitespace-split' or a function`);
  return (text, count) => {
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) count(m[0]);
  };
}

/** UTF-8 bytes of `word` written in GPT-2's byte alphabet. */
function toByteSymbols(word: string, encoder: TextEncoder): string {
  let ascii = true;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) > 0x7f) { ascii = false; break; }
  let out = '';
  if (ascii) {
    for (let i = 0; i < word.length; i++) out += BYTE_TO_CHAR[word.charCodeAt(i)];
    return out;
  }
  for (const b of encoder.encode(word)) out += BYTE_TO_CHAR[b];
  return out;
}
