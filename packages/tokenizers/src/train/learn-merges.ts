import { TokenizerArgumentError } from '../errors.ts';
import { CancelCheck, type TrainingCancellation } from './cancellation.ts';
import { MergeQueue } from './merge-queue.ts';
import { compareCodePoints } from './code-point-order.ts';

/** Where training is, reported to `onProgress`. */
export interface TrainingProgress {
  /** 'words': counting pieces; 'alphabet': initial symbols; 'merges': learning merges; 'done'. */
  readonly phase: 'words' | 'alphabet' | 'merges' | 'done';
  /** Merges learned so far. */
  readonly merges: number;
  /** Current vocabulary size (special tokens + alphabet + merged tokens). */
  readonly vocabSize: number;
  /** The requested vocabulary size. */
  readonly targetVocabSize: number;
}

/** Options of the merge-learning core (see `BpeTrainerOptions` for the documented public form). */
export interface LearnMergesOptions extends TrainingCancellation {
  readonly vocabSize: number;
  readonly minFrequency?: number;
  readonly specialTokens?: readonly string[];
  readonly initialAlphabet?: readonly string[];
  readonly limitAlphabet?: number;
  readonly maxTokenLength?: number;
  readonly continuingSubwordPrefix?: string;
  readonly endOfWordSuffix?: string;
  readonly onProgress?: (progress: TrainingProgress) => void;
  /** Report progress every this many merges (default 1000). */
  readonly progressInterval?: number;
}

/** A learned BPE model: `vocab[id]` is the token of `id`; merges are in rank order. */
export interface LearnedBpe {
  readonly vocab: readonly string[];
  readonly merges: ReadonlyArray<readonly [string, string]>;
}

/** Largest vocabulary the trainer accepts (pair keys must stay exact in a float64). */
export const MAX_TRAINING_VOCAB_SIZE = 1 << 24;

/**
 * Learns BPE merges from a table of word frequencies, where a word is a string whose code points
 * are the initial symbols (already byte-mapped for byte-level BPE).
 *
 * This follows the algorithm of Hugging Face's `BpeTrainer`, so that the same word table gives
 * the same merges in the same order:
 * - ids: special tokens first (in the given order), then the alphabet in code-point order, then
 *   (with a continuing-subword prefix or an end-of-word suffix) the decorated alphabet symbols in
 *   code-point order, then one id per merged token in creation order;
 * - a pair's count is the sum, over words, of its occurrences times the word's frequency;
 * - the next merge is the pair of largest count; ties go to the smallest (left id, right id);
 * - counts are updated incrementally from the changes each merge makes to the words it touches
 *   (a pair -> count map, per-entry word lists, and a max-heap with lazy deletion; an entry whose
 *   count is stale is re-queued with the current count);
 * - training stops at `vocabSize` tokens, when no pair is left, or when the best count is below
 *   `minFrequency`.
 * Hugging Face's trainer visits words in hash-map order, which decides the ids of decorated
 * symbols; here they are sorted, so the result never depends on the order of the corpus. The
 * rare case of one token string reached by two different merges keeps Hugging Face's behaviour
 * (the pair learned last keeps its later rank).
 * `maxTokenLength` (in initial symbols) is inclusive: no token longer than it is created.
 */
export function learnMerges(words: ReadonlyMap<string, number>, options: LearnMergesOptions): LearnedBpe {
  const vocabSize = options.vocabSize;
  if (!Number.isInteger(vocabSize) || vocabSize < 1 || vocabSize > MAX_TRAINING_VOCAB_SIZE) {
    throw new TokenizerArgumentError('vocabSize', `got ${vocabSize}; expected an integer in [1, ${MAX_TRAINING_VOCAB_SIZE}]`);
  }
  const minFrequency = options.minFrequency ?? 0;
  const maxTokenLength = options.maxTokenLength ?? Number.POSITIVE_INFINITY;
  const prefix = options.continuingSubwordPrefix;
  const suffix = options.endOfWordSuffix;
  const report = options.onProgress;
  const interval = Math.max(1, options.progressInterval ?? 1000);

  const vocab: string[] = [];
  const ids = new Map<string, number>();
  const addToken = (token: string): number => {
    let id = ids.get(token);
    if (id === undefined) {
      id = vocab.length;
      vocab.push(token);
      ids.set(token, id);
    }
    return id;
  };
  // Cancellation is checked after each progress report and every CHECK_INTERVAL units of work.
  const cancel = new CancelCheck(options);
  const progress = (phase: TrainingProgress['phase'], merges: number): void => {
    report?.({ phase, merges, vocabSize: vocab.length, targetVocabSize: vocabSize });
    if (phase !== 'done') cancel.check(phase, merges);
  };

  for (const token of options.specialTokens ?? []) addToken(token);

  // Alphabet: every code point seen, weighted by word frequency, plus the forced initial alphabet.
  progress('alphabet', 0);
  const alphabetCounts = new Map<string, number>();
  for (const [word, count] of words) {
    for (const ch of word) alphabetCounts.set(ch, (alphabetCounts.get(ch) ?? 0) + count);
    cancel.tick(word.length + 1, 'alphabet');
  }
  for (const ch of options.initialAlphabet ?? []) alphabetCounts.set(ch, Number.POSITIVE_INFINITY);
  let alphabet = [...alphabetCounts];
  const limit = options.limitAlphabet;
  if (limit !== undefined && alphabet.length > limit) {
    // Drop the rarest symbols; among equal counts the larger code point goes first.
    alphabet.sort((x, y) => x[1] - y[1] || compareCodePoints(y[0], x[0]));
    alphabet = alphabet.slice(alphabet.length - limit);
  }
  alphabet.sort((x, y) => compareCodePoints(x[0], y[0]));
  for (const [ch] of alphabet) addToken(ch);

  // Decorated symbols ("##a", "a</w>") get ids in code-point order, after the alphabet.
  const wordList = [...words];
  if (prefix !== undefined || suffix !== undefined) {
    const decorated = new Set<string>();
    for (const [word] of wordList) {
      forEachSymbol(word, ids, prefix, suffix, (s) => void (ids.has(s) || decorated.add(s)));
      cancel.tick(word.length + 1, 'alphabet');
    }
    for (const s of [...decorated].sort(compareCodePoints)) addToken(s);
  }

  // Words as runs of symbol ids in one array; merges compact a run in place.
  const wordCount = wordList.length;
  const wordStart = new Int32Array(wordCount);
  const wordLength = new Int32Array(wordCount);
  const frequency = new Float64Array(wordCount);
  let symbols = new Int32Array(1 << 16);
  let used = 0;
  for (let w = 0; w < wordCount; w++) {
    const [word, count] = wordList[w]!;
    wordStart[w] = used;
    frequency[w] = count;
    forEachSymbol(word, ids, prefix, suffix, (s) => {
      if (used === symbols.length) {
        const bigger = new Int32Array(symbols.length * 2);
        bigger.set(symbols);
        symbols = bigger;
      }
      symbols[used++] = ids.get(s)!;
    });
    wordLength[w] = used - wordStart[w]!;
    cancel.tick(word.length + 1, 'alphabet');
  }

  // Token lengths in initial symbols, for maxTokenLength.
  let tokenLength = new Int32Array(Math.max(vocabSize, vocab.length) + 1);
  for (let id = 0; id < vocab.length; id++) tokenLength[id] = 1;

  const stride = Math.max(vocabSize, vocab.length) + 1;
  const pairCounts = new Map<number, number>();
  // Words where a pair was formed since the last drain (Hugging Face's where_to_update).
  const formed = new Map<number, number[]>();
  const noteFormed = (key: number, word: number): void => {
    const list = formed.get(key);
    if (list === undefined) formed.set(key, [word]);
    else if (list[list.length - 1] !== word) list.push(word);
  };

  for (let w = 0; w < wordCount; w++) {
    const start = wordStart[w]!;
    const end = start + wordLength[w]!;
    const count = frequency[w]!;
    for (let i = start; i + 1 < end; i++) {
      const left = symbols[i]!;
      const right = symbols[i + 1]!;
      if (tokenLength[left]! + tokenLength[right]! > maxTokenLength) continue;
      const key = left * stride + right;
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + count);
      noteFormed(key, w);
    }
    cancel.tick(end - start + 1, 'merges');
  }

  const queue = new MergeQueue();
  const positions: Array<Int32Array | undefined> = [];
  const drain = (): void => {
    for (const [key, list] of formed) {
      const count = pairCounts.get(key)!;
      if (count > 0) {
        const left = Math.floor(key / stride);
        queue.push(count, left, key - left * stride, positions.length);
        positions.push(Int32Array.from(list));
      }
    }
    formed.clear();
  };
  drain();

  const learned: number[] = []; // (left, right) pairs, flattened
  progress('merges', 0);
  while (vocab.length < vocabSize && queue.size > 0) {
    const left = queue.topLeft();
    const right = queue.topRight();
    const current = pairCounts.get(left * stride + right)!;
    if (queue.topCount() !== current) {
      queue.updateTopCount(current);
      cancel.tick(1, 'merges', learned.length / 2);
      continue;
    }
    if (current < 1 || minFrequency > current) break;
    const where = positions[queue.topPosition()]!;
    positions[queue.topPosition()] = undefined;
    queue.pop();

    let rightPart = vocab[right]!;
    if (prefix !== undefined && prefix.length > 0 && rightPart.startsWith(prefix)) rightPart = rightPart.slice(prefix.length);
    const merged = addToken(vocab[left]! + rightPart);
    if (merged >= tokenLength.length) {
      const bigger = new Int32Array(merged * 2);
      bigger.set(tokenLength);
      tokenLength = bigger;
    }
    const mergedLength = tokenLength[left]! + tokenLength[right]!;
    tokenLength[merged] = mergedLength;
    learned.push(left, right);

    for (let p = 0; p < where.length; p++) {
      const w = where[p]!;
      const start = wordStart[w]!;
      const end = start + wordLength[w]!;
      const count = frequency[w]!;
      let write = start;
      let read = start;
      while (read < end) {
        const s = symbols[read]!;
        if (s === left && read + 1 < end && symbols[read + 1] === right) {
          if (write > start) {
            const before = symbols[write - 1]!;
            const lost = before * stride + left;
            const old = pairCounts.get(lost);
            // A pair longer than maxTokenLength was never counted; it is not decremented either.
            if (old !== undefined) pairCounts.set(lost, old - count);
            if (tokenLength[before]! + mergedLength <= maxTokenLength) {
              const made = before * stride + merged;
              pairCounts.set(made, (pairCounts.get(made) ?? 0) + count);
              noteFormed(made, w);
            }
          }
          if (read + 2 < end) {
            const after = symbols[read + 2]!;
            const lost = right * stride + after;
            const old = pairCounts.get(lost);
            if (old !== undefined) pairCounts.set(lost, old - count);
            if (tokenLength[after]! + mergedLength <= maxTokenLength) {
              const made = merged * stride + after;
              pairCounts.set(made, (pairCounts.get(made) ?? 0) + count);
              noteFormed(made, w);
            }
          }
          symbols[write++] = merged;
          read += 2;
        } else {
          symbols[write++] = s;
          read++;
        }
      }
      wordLength[w] = write - start;
      cancel.tick(end - start + 1, 'merges', learned.length / 2);
    }
    drain();
    if (learned.length % (2 * interval) === 0) progress('merges', learned.length / 2);
  }

  // A pair learned twice keeps its last rank (as Hugging Face's merge map does).
  const merges: Array<readonly [string, string]> = [];
  const seen = new Set<number>();
  for (let i = learned.length - 2; i >= 0; i -= 2) {
    const key = learned[i]! * stride + learned[i + 1]!;
    if (seen.has(key)) continue;
    seen.add(key);
    merges.push([vocab[learned[i]!]!, vocab[learned[i + 1]!]!]);
  }
  merges.reverse();
  progress('done', merges.length);
  return { vocab, merges };
}

/** Calls `emit` with each initial symbol of `word` (decorated), skipping code points not in `ids`. */
function forEachSymbol(
  word: string,
  ids: ReadonlyMap<string, number>,
  prefix: string | undefined,
  suffix: string | undefined,
  emit: (symbol: string) => void,
): void {
  if (prefix === undefined && suffix === undefined) {
    for (const ch of word) if (ids.has(ch)) emit(ch);
    return;
  }
  const chars = Array.from(word);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (!ids.has(ch)) continue;
    let s = ch;
    if (i > 0 && prefix !== undefined) s = prefix + s;
    if (i === chars.length - 1 && suffix !== undefined) s = s + suffix;
    emit(s);
  }
}
