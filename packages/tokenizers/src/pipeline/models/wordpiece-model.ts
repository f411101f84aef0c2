/**
 * The WordPiece model (BERT): greedy longest-match-first over a vocabulary, where pieces after
 * the first carry a continuing-subword prefix ('##'). A word that cannot be covered, or that has
 * more than `maxInputCharsPerWord` code points, becomes the unknown token as a whole.
 *
 * Work: each greedy step probes at most min(longest token, word length) candidate lengths and
 * advances at least one unit, so a text of n units costs at most
 * min(longest token, 2 x maxInputCharsPerWord) x n probes; maxInputCharsPerWord is at most
 * MAX_INPUT_CHARS_PER_WORD, so this stays linear whatever a vocabulary file holds.
 */
import type { IdBuffer } from '../../bpe/id-buffer.ts';
import { TokenizerArgumentError } from '../../errors.ts';
import type { TokenModel } from './token-model.ts';
import { WORK } from '../../work-counter.ts';
import { hashUnits, UnitTable } from './unit-table.ts';

/** Default word limit (code points), as in Hugging Face's tokenizers and BERT. */
export const DEFAULT_MAX_INPUT_CHARS_PER_WORD = 100;
/** Largest accepted word limit: it bounds the probes per input unit (see above). */
export const MAX_INPUT_CHARS_PER_WORD = 1024;

/** The word limit option, or the default; TokenizerArgumentError outside [1, MAX_INPUT_CHARS_PER_WORD]. */
export function checkMaxInputCharsPerWord(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_INPUT_CHARS_PER_WORD;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_INPUT_CHARS_PER_WORD) {
    throw new TokenizerArgumentError('maxInputCharsPerWord', `is ${value}; expected an integer in [1, ${MAX_INPUT_CHARS_PER_WORD}]`);
  }
  return value;
}

export interface WordPieceOptions {
  /** Default '[UNK]'; must be in the vocabulary. */
  unkToken?: string;
  /** Default '##'. */
  continuingSubwordPrefix?: string;
  /** Longer words become the unknown token. Default 100; an integer in [1, MAX_INPUT_CHARS_PER_WORD]. */
  maxInputCharsPerWord?: number;
}

export class WordPieceModel implements TokenModel {
  readonly vocab: ReadonlyMap<string, number>;
  readonly unkToken: string;
  readonly unkId: number;
  readonly continuingSubwordPrefix: string;
  readonly maxInputCharsPerWord: number;
  readonly vocabSize: number;
  private readonly tokens: string[];
  /** Longest token in UTF-16 units: no match can be longer. */
  private readonly longest: number;
  private readonly table: UnitTable;
  private readonly prefixState: number;
  /** hashes[k]: hash of (prefix +) text[start, start + k + 1) during one greedy step. */
  private hashes = new Uint32Array(128);

  /** `vocab`: token -> id, ids unique (checked). */
  constructor(vocab: ReadonlyMap<string, number>, options: WordPieceOptions = {}) {
    this.vocab = vocab;
    this.unkToken = options.unkToken ?? '[UNK]';
    this.continuingSubwordPrefix = options.continuingSubwordPrefix ?? '##';
    this.maxInputCharsPerWord = checkMaxInputCharsPerWord(options.maxInputCharsPerWord);
    const unk = vocab.get(this.unkToken);
    if (unk === undefined) throw new TokenizerArgumentError('unkToken', `${JSON.stringify(this.unkToken)} is not in the vocabulary`);
    this.unkId = unk;
    this.tokens = [];
    let longest = 0;
    for (const [token, id] of vocab) {
      if (this.tokens[id] !== undefined) throw new TokenizerArgumentError('vocab', `id ${id} is given to both ${JSON.stringify(this.tokens[id])} and ${JSON.stringify(token)}`);
      this.tokens[id] = token;
      if (token.length > longest) longest = token.length;
    }
    this.longest = longest;
    this.vocabSize = this.tokens.length;
    this.table = new UnitTable(vocab);
    this.prefixState = hashUnits(this.continuingSubwordPrefix, 0, this.continuingSubwordPrefix.length);
  }

  /**
   * tokenizeWord on text[start, end) without building substrings; offsets are absolute in `text`.
   * `offsets` may be undefined when only ids are needed.
   */
  tokenizeRange(text: string, start: number, end: number, ids: IdBuffer, offsets: IdBuffer | undefined): void {
    const length = end - start;
    if (length > this.maxInputCharsPerWord && codePointCount(text.slice(start, end), this.maxInputCharsPerWord + 1) > this.maxInputCharsPerWord) {
      ids.push(this.unkId);
      offsets?.push(start);
      offsets?.push(end);
      return;
    }
    const idMark = ids.length;
    const offsetMark = offsets === undefined ? 0 : offsets.length;
    const prefix = this.continuingSubwordPrefix;
    const work = WORK.counter;
    let at = start;
    while (at < end) {
      const first = at === start;
      const limit = Math.min(end, at + (first ? this.longest : this.longest - prefix.length));
      if (limit - at > this.hashes.length) this.hashes = new Uint32Array(2 * (limit - at));
      const hashes = this.hashes;
      let h = first ? 0x811c9dc5 : this.prefixState;
      for (let i = at; i < limit; i++) {
        h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
        hashes[i - at] = h >>> 0;
      }
      let stop = limit;
      let found = -1;
      while (stop > at) {
        if (work !== undefined) work.probes++;
        found = this.table.find(hashes[stop - at - 1]!, first ? '' : prefix, text, at, stop);
        if (found >= 0) break;
        stop--;
        if (stop > at) {
          const unit = text.charCodeAt(stop);
          if (unit >= 0xdc00 && unit <= 0xdfff) stop--;
        }
      }
      if (found < 0) {
        ids.length = idMark;
        if (offsets !== undefined) offsets.length = offsetMark;
        ids.push(this.unkId);
        offsets?.push(start);
        offsets?.push(end);
        return;
      }
      ids.push(found);
      offsets?.push(at);
      offsets?.push(stop);
      at = stop;
    }
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.tokens[id];
  }

  tokenizeWord(word: string, ids: IdBuffer, offsets: IdBuffer): void {
    this.tokenizeRange(word, 0, word.length, ids, offsets);
  }

  /** The Map-based form of tokenizeWord (kept as the oracle of the tests). */
  tokenizeWordReference(word: string, ids: number[], offsets: number[]): void {
    const length = word.length;
    if (length > this.maxInputCharsPerWord && codePointCount(word, this.maxInputCharsPerWord + 1) > this.maxInputCharsPerWord) {
      ids.push(this.unkId);
      offsets.push(0, length);
      return;
    }
    const whole = this.vocab.get(word);
    if (whole !== undefined) {
      ids.push(whole);
      offsets.push(0, length);
      return;
    }
    const idMark = ids.length;
    const offsetMark = offsets.length;
    const prefix = this.continuingSubwordPrefix;
    let start = 0;
    while (start < length) {
      let end = Math.min(length, start + (start > 0 ? this.longest - prefix.length : this.longest));
      let found = -1;
      while (end > start) {
        const piece = start > 0 ? prefix + word.slice(start, end) : word.slice(0, end);
        const id = this.vocab.get(piece);
        if (id !== undefined) {
          found = id;
          break;
        }
        end--;
        // never split a surrogate pair
        if (end > start) {
          const unit = word.charCodeAt(end);
          if (unit >= 0xdc00 && unit <= 0xdfff) end--;
        }
      }
      if (found < 0) {
        ids.length = idMark;
        offsets.length = offsetMark;
        ids.push(this.unkId);
        offsets.push(0, length);
        return;
      }
      ids.push(found);
      offsets.push(start, end);
      start = end;
    }
  }
}

/** Code points in `text`, counting no further than `limit`. */
function codePointCount(text: string, limit: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n < limit; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
