/** Character-level model: each code point is one token, or the unknown token. */
import type { IdBuffer } from '../bpe/id-buffer.ts';
import { TokenizerArgumentError } from '../errors.ts';
import type { TokenModel } from '../hf/token-model.ts';

export class CharModel implements TokenModel {
  readonly vocab: ReadonlyMap<string, number>;
  readonly unkId: number | undefined;
  readonly vocabSize: number;
  private readonly tokens: string[] = [];

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

  /** `word` is one code point (the character pre-tokenizer's pieces). */
  tokenizeWord(word: string, ids: IdBuffer, offsets: IdBuffer): void {
    const id = this.vocab.get(word) ?? this.unkId;
    if (id === undefined) return;
    ids.push(id);
    offsets.push(0);
    offsets.push(word.length);
  }
}
