// Apriori (Agrawal & Srikant 1994, "Fast algorithms for mining association rules"): level-wise
// search where the candidate k-itemsets join two frequent (k-1)-itemsets sharing their first k-2
// items and are pruned unless every (k-1)-subset is frequent. Supports are counted on transaction
// bitsets (./bitset.ts): one AND + popcount per candidate over ceil(transactions / 32) words, so
// thousands of items and tens of thousands of baskets stay fast and sparse baskets cost nothing
// per absent item.
import { ArgumentError, ShapeError } from '@neurite/tensor';
import { FitAbortedError } from '../base/estimator.ts';
import { intersectCount } from './bitset.ts';

export type Item = string | number;

export interface FrequentItemset {
  /** Items in the order of the vocabulary (first appearance in the transactions). */
  items: Item[];
  /** Fraction of transactions holding every item. */
  support: number;
  count: number;
}

export interface AprioriOptions {
  /** Minimum support as a fraction of transactions in (0, 1]. */
  minSupport?: number;
  /** Largest itemset size (null: no limit). */
  maxLength?: number | null;
  signal?: AbortSignal;
}

export interface MinedItemsets {
  itemsets: FrequentItemset[];
  nTransactions: number;
}

interface Level {
  sets: Int32Array[];
  bits: Uint32Array[];
  counts: number[];
}

function keyOf(ids: ArrayLike<number>): string {
  return Array.prototype.join.call(ids, ',');
}

/** Validates transactions (arrays of strings or numbers) and builds the item vocabulary and bitsets. */
function encode(transactions: readonly (readonly Item[])[]): { vocabulary: Item[]; bits: Uint32Array[] } {
  if (!Array.isArray(transactions)) throw new ArgumentError('apriori: transactions must be an array of item arrays');
  const words = Math.ceil(transactions.length / 32);
  const index = new Map<Item, number>();
  const vocabulary: Item[] = [];
  const bits: Uint32Array[] = [];
  transactions.forEach((basket, t) => {
    if (!Array.isArray(basket)) throw new ArgumentError(`apriori: transaction ${t} is not an array of items`);
    for (const item of basket) {
      if (typeof item !== 'string' && (typeof item !== 'number' || !Number.isFinite(item))) {
        throw new ArgumentError(`apriori: transaction ${t} holds ${String(item)}; items must be strings or finite numbers`);
      }
      let id = index.get(item);
      if (id === undefined) {
        id = vocabulary.length;
        index.set(item, id);
        vocabulary.push(item);
        bits.push(new Uint32Array(words));
      }
      bits[id]![t >>> 5] |= 1 << (t & 31);
    }
  });
  return { vocabulary, bits };
}

/** Frequent itemsets with support >= minSupport, by size then lexicographic order of item ids. */
export function apriori(transactions: readonly (readonly Item[])[], options: AprioriOptions = {}): MinedItemsets {
  const minSupport = options.minSupport ?? 0.5;
  const maxLength = options.maxLength ?? null;
  if (!(minSupport > 0 && minSupport <= 1)) throw new ArgumentError(`apriori: minSupport must be in (0, 1], got ${minSupport}`);
  if (maxLength !== null && (!Number.isInteger(maxLength) || maxLength < 1)) throw new ArgumentError(`apriori: maxLength must be null or an integer >= 1, got ${maxLength}`);
  const { vocabulary, bits } = encode(transactions);
  const n = transactions.length;
  if (n === 0) throw new ShapeError('apriori: no transactions');
  const minCount = Math.ceil(minSupport * n - 1e-9);
  const result: FrequentItemset[] = [];
  const emit = (level: Level): void => {
    level.sets.forEach((ids, i) => result.push({ items: Array.from(ids, (id) => vocabulary[id]!), support: level.counts[i]! / n, count: level.counts[i]! }));
  };
  let level: Level = { sets: [], bits: [], counts: [] };
  bits.forEach((b, id) => {
    let count = 0;
    for (let w = 0; w < b.length; w++) {
      let v = b[w]!;
      while (v !== 0) {
        v &= v - 1;
        count++;
      }
    }
    if (count >= minCount) {
      level.sets.push(Int32Array.of(id));
      level.bits.push(b);
      level.counts.push(count);
    }
  });
  emit(level);
  const words = Math.ceil(n / 32);
  for (let k = 2; level.sets.length > 1 && (maxLength === null || k <= maxLength); k++) {
    if (options.signal?.aborted) throw new FitAbortedError('apriori');
    const known = new Set(level.sets.map(keyOf));
    const next: Level = { sets: [], bits: [], counts: [] };
    let scratch = new Uint32Array(words);
    // level.sets is sorted lexicographically, so sets sharing a (k-2)-prefix are contiguous.
    for (let a = 0; a < level.sets.length; a++) {
      const first = level.sets[a]!;
      for (let b = a + 1; b < level.sets.length; b++) {
        const second = level.sets[b]!;
        let samePrefix = true;
        for (let i = 0; i < k - 2; i++) if (first[i] !== second[i]) samePrefix = false;
        if (!samePrefix) break;
        const candidate = new Int32Array(k);
        candidate.set(first);
        candidate[k - 1] = second[k - 2]!;
        let pruned = false;
        for (let drop = 0; drop < k - 2 && !pruned; drop++) {
          const subset = [...candidate.subarray(0, drop), ...candidate.subarray(drop + 1)];
          if (!known.has(keyOf(subset))) pruned = true;
        }
        if (pruned) continue;
        const count = intersectCount(level.bits[a]!, level.bits[b]!, scratch);
        if (count >= minCount) {
          next.sets.push(candidate);
          next.bits.push(scratch);
          next.counts.push(count);
          scratch = new Uint32Array(words);
        }
      }
    }
    emit(next);
    level = next;
  }
  return { itemsets: result, nTransactions: n };
}
