// N-gram counts shared by the n-gram and weighted n-gram matches. Tokens are interned to integers
// and every n-gram to an integer id (an n-gram's id interns the pair (id of its first n-1 tokens,
// last token)), so counting uses number-keyed maps. Maps keep first-occurrence order, which the
// weighted match's float sums follow (the reference iterates Python dicts in insertion order).

import { ArgumentError } from '@neurite/tensor';

export const MAX_ORDER = 4;
/** Token ids stay below 2^21 so that (n-gram id) * 2^21 + token id is an exact integer. */
const TOKEN_LIMIT = 2 ** 21;

/** Counts of one token sequence: `counts[n - 1]` maps n-gram ids to their counts. */
export interface SequenceCounts {
  readonly length: number;
  readonly counts: readonly Map<number, number>[];
}

export interface CountedPair {
  readonly hypothesis: SequenceCounts;
  readonly references: readonly SequenceCounts[];
}

/** Interns tokens and n-grams of one corpus. */
export class NgramIndex {
  private readonly tokenIds = new Map<string, number>();
  readonly tokens: string[] = [];
  private readonly gramIds: Map<number, number>[] = [];

  constructor() {
    for (let n = 0; n < MAX_ORDER; n++) this.gramIds.push(new Map());
  }

  private tokenId(token: string): number {
    let id = this.tokenIds.get(token);
    if (id === undefined) {
      id = this.tokens.length;
      if (id >= TOKEN_LIMIT) throw new ArgumentError(`codebleu: the corpus has more than ${TOKEN_LIMIT} distinct tokens; score it in parts`);
      this.tokenIds.set(token, id);
      this.tokens.push(token);
    }
    return id;
  }

  /** Counts of the 1- to 4-grams of `tokens`. */
  count(tokens: readonly string[]): SequenceCounts {
    const ids = tokens.map((token) => this.tokenId(token));
    const counts: Map<number, number>[] = [];
    // previous[i]: id of the (n-1)-gram starting at i.
    let previous: number[] = ids;
    counts.push(countIds(ids));
    for (let n = 2; n <= MAX_ORDER; n++) {
      const grams = this.gramIds[n - 1]!;
      const current: number[] = [];
      for (let i = 0; i + n <= ids.length; i++) {
        const key = previous[i]! * TOKEN_LIMIT + ids[i + n - 1]!;
        let id = grams.get(key);
        if (id === undefined) {
          id = grams.size;
          grams.set(key, id);
        }
        current.push(id);
      }
      counts.push(countIds(current));
      previous = current;
    }
    return { length: ids.length, counts };
  }
}

function countIds(ids: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
