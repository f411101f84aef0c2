/** Word-level model: each pre-tokenized word is one token, or the unknown token. */
import type { IdBuffer } from '../../bpe/id-buffer.ts';
import { TokenizerArgumentError } from '../../errors.ts';
import type { TokenModel } from './token-model.ts';
import { addWork } from '../../work-counter.ts';

export class WordLevelModel implements TokenModel {
  readonly vocab: ReadonlyMap<string, number>;
  readonly unkToken: string;
  readonly unkId: number;
  readonly vocabSize: number;
  private readonly tokens: string[] = [];

  /** `vocab`: token -> id with unique ids; `unkToken` must be in it. */
  constructor(vocab: ReadonlyMap<string, number>, unkToken = '[UNK]') {
    this.vocab = vocab;
    this.unkToken = unkToken;
    const unk = vocab.get(unkToken);
    if (unk === undefined) throw new TokenizerArgumentError('unkToken', `${JSON.stringify(unkToken)} is not in the vocabulary`);
    this.unkId = unk;
    for (const [token, id] of vocab) {
      if (this.tokens[id] !== undefined) throw new TokenizerArgumentError('vocab', `id ${id} is given to both ${JSON.stringify(this.tokens[id])} and ${JSON.stringify(token)}`);
      this.tokens[id] = token;
    }
    this.vocabSize = this.tokens.length;
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.tokens[id];
  }

  tokenizeWord(word: string, ids: IdBuffer, offsets: IdBuffer): void {
    addWork('lookups', word.length);
    ids.push(this.vocab.get(word) ?? this.unkId);
    offsets.push(0);
    offsets.push(word.length);
  }
}
