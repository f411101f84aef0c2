import type { IdBuffer } from '../../bpe/id-buffer.ts';

/** What the generic pipeline needs from a model (WordPiece, word-level, character-level BPE). */
export interface TokenModel {
  /** One more than the largest id. */
  readonly vocabSize: number;
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  /**
   * Appends the ids of one pre-tokenized `word` to `ids`, and for each id its UTF-16
   * [start, end) range within `word` to `offsets`.
   */
  tokenizeWord(word: string, ids: IdBuffer, offsets: IdBuffer): void;
  /**
   * Optional faster form: tokenizes text[start, end) with offsets in `text` (omitted when undefined).
   * `textStart` is where `text` begins in the original input (0 for the first segment).
   */
  tokenizeRange?(text: string, start: number, end: number, ids: IdBuffer, offsets: IdBuffer | undefined, textStart?: number): void;
}
