/**
 * The WordPiece model (BERT): greedy longest-match-first over a vocabulary, where pieces after
 * the first carry a continuing-subword prefix ('##'). A word that cannot be covered, or that has
 * more than `maxInputCharsPerWord` code points, becomes the unknown token as a whole.
 */
import { TokenizerArgumentError } from '../errors.ts';
import type { TokenModel } from '../hf/token-model.ts';

export interface WordPieceOptions {
  /** Default '[UNK]'; must be in the vocabulary. */
  unkToken?: string;
  /** Default '##'. */
  continuingSubwordPrefix?: string;
  /** Longer words become the unknown token. Default 100. */
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

  /** `vocab`: token -> id, ids unique (checked). */
  constructor(vocab: ReadonlyMap<string, number>, options: WordPieceOptions = {}) {
    this.vocab = vocab;
    this.unkToken = options.unkToken ?? '[UNK]';
    this.continuingSubwordPrefix = options.continuingSubwordPrefix ?? '##';
    this.maxInputCharsPerWord = options.maxInputCharsPerWord ?? 100;
    if (!Number.isSafeInteger(this.maxInputCharsPerWord) || this.maxInputCharsPerWord < 1) {
      throw new TokenizerArgumentError('maxInputCharsPerWord', `is ${this.maxInputCharsPerWord}; expected an integer >= 1`);
    }
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
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.tokens[id];
  }

  tokenizeWord(word: string, ids: number[], offsets: number[]): void {
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
