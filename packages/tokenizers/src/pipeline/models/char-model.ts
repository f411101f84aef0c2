/** Character-level model: each code point is one token, or the unknown token. */
import type { IdBuffer } from '../../bpe/id-buffer.ts';
import { TokenizerArgumentError } from '../../errors.ts';
import type { TokenModel } from './token-model.ts';
import { addWork } from '../../work-counter.ts';

export class CharModel implements TokenModel {
  readonly vocab: ReadonlyMap<string, number>;
  readonly unkId: number | undefined;
  readonly vocabSize: number;
  private readonly tokens: string[] = [];
  private unitTable: Int32Array | undefined;

  /** `vocab`: token -> id, unique ids. Without `unkToken`, characters outside the vocabulary are dropped. */
  constructor(vocab: ReadonlyMap<string, number>, unkToken?: string) {
    this.vocab = vocab;
    for (const [token, id] of vocab) {
      if (this.tokens[id] !== undefined) throw new TokenizerArgumentError('vocab', `id ${id} is given to both ${JSON.stringify(this.tokens[id])} and ${JSON.stringify(token)}`);
      this.tokens[id] = token;
    }
    this.vocabSize = this.tokens.length;
    if (unkToken !== undefined) {
      this.unkId = vocab.get(unkToken);
      if (this.unkId === undefined) throw new TokenizerArgumentError('unkToken', `${JSON.stringify(unkToken)} is not in the vocabulary`);
    }
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.tokens[id];
  }

  /** Ids of the code points of text[start, end), without substrings for one-unit characters. */
  tokenizeRange(text: string, start: number, end: number, ids: IdBuffer, offsets: IdBuffer | undefined): void {
    addWork('lookups', end - start);
    for (let at = start; at < end; ) {
      const unit = text.charCodeAt(at);
      const next = unit >= 0xd800 && unit <= 0xdbff && at + 1 < end && text.charCodeAt(at + 1) >= 0xdc00 && text.charCodeAt(at + 1) <= 0xdfff ? at + 2 : at + 1;
      let id: number | undefined;
      if (next === at + 1) {
        let table = this.unitTable;
        if (table === undefined) this.unitTable = table = new Int32Array(0x10000).fill(-2);
        id = table[unit]!;
        if (id === -2) table[unit] = id = this.vocab.get(String.fromCharCode(unit)) ?? -1;
        if (id < 0) id = undefined;
      } else id = this.vocab.get(text.slice(at, next));
      id ??= this.unkId;
      if (id !== undefined) {
        ids.push(id);
        offsets?.push(at);
        offsets?.push(next);
      }
      at = next;
    }
  }

  /** Each code point of `word` is one token. */
  tokenizeWord(word: string, ids: IdBuffer, offsets: IdBuffer): void {
    this.tokenizeRange(word, 0, word.length, ids, offsets);
  }
}
