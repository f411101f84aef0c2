/**
 * Character-level BPE model (Hugging Face's BPE model over code points, as used with Whitespace or
 * BERT pre-tokenizers): a word starts as its code points (decorated with the continuing-subword
 * prefix / end-of-word suffix), then adjacent pairs merge, lowest merge rank first (leftmost on a
 * tie), until no listed pair is left. A binary heap over a linked list keeps a word of n symbols
 * at O(n log n). A code point missing from the vocabulary becomes the unknown token (consecutive
 * ones fused when `fuseUnknown`), or is dropped when there is no unknown token.
 */
import type { IdBuffer } from '../../bpe/id-buffer.ts';
import { TokenizerArgumentError } from '../../errors.ts';
import type { TokenModel } from './token-model.ts';
import { addWork } from '../../work-counter.ts';

export interface CharBpeOptions {
  unkToken?: string | undefined;
  continuingSubwordPrefix?: string | undefined;
  endOfWordSuffix?: string | undefined;
  fuseUnknown?: boolean | undefined;
  /** Words with more symbols than this merge by rank lists (linear time). Default 4096; for tests. */
  linearThreshold?: number | undefined;
}

export class CharBpeModel implements TokenModel {
  readonly vocab: ReadonlyMap<string, number>;
  readonly merges: ReadonlyArray<readonly [string, string]>;
  readonly options: Readonly<CharBpeOptions>;
  readonly vocabSize: number;
  private readonly tokens: string[] = [];
  private readonly unkId: number | undefined;
  /** (left * stride + right) -> rank * 2^24 + merged id. */
  private readonly pairs = new Map<number, number>();
  private readonly stride: number;
  private unitTable: Int32Array | undefined;
  /** Every merge's parts exist before it (initial symbols or earlier merges): ranks only grow as a word merges. */
  private readonly monotonic: boolean;

  /** Throws TokenizerArgumentError when a merge names a token missing from `vocab`. */
  constructor(vocab: ReadonlyMap<string, number>, merges: ReadonlyArray<readonly [string, string]>, options: CharBpeOptions = {}) {
    this.vocab = vocab;
    this.merges = merges;
    this.options = options;
    for (const [token, id] of vocab) this.tokens[id] = token;
    this.vocabSize = this.tokens.length;
    this.stride = this.vocabSize + 1;
    if (options.unkToken !== undefined) {
      this.unkId = vocab.get(options.unkToken);
      if (this.unkId === undefined) throw new TokenizerArgumentError('unkToken', `${JSON.stringify(options.unkToken)} is not in the vocabulary`);
    }
    const prefix = options.continuingSubwordPrefix ?? '';
    merges.forEach(([left, right], rank) => {
      const a = vocab.get(left);
      const b = vocab.get(right);
      const merged = vocab.get(left + (prefix.length > 0 && right.startsWith(prefix) ? right.slice(prefix.length) : right));
      if (a === undefined || b === undefined || merged === undefined) {
        throw new TokenizerArgumentError(`merges[${rank}]`, `${JSON.stringify(`${left} ${right}`)} needs tokens missing from the vocabulary`);
      }
      const key = a * this.stride + b;
      if (!this.pairs.has(key)) this.pairs.set(key, rank * 16777216 + merged);
    });
    const created = new Map<number, number>();
    let monotonic = true;
    for (const value of this.pairs.values()) {
      const merged = value % 16777216;
      if (created.has(merged)) monotonic = false; // one token made by two merges
      created.set(merged, Math.floor(value / 16777216));
    }
    for (const [key, value] of this.pairs) {
      const rank = Math.floor(value / 16777216);
      const a = Math.floor(key / this.stride);
      const b = key - a * this.stride;
      if ((created.get(a) ?? -1) >= rank || (created.get(b) ?? -1) >= rank) monotonic = false;
    }
    this.monotonic = monotonic;
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.tokens[id];
  }

  tokenizeWord(word: string, ids: IdBuffer, offsets: IdBuffer): void {
    const o = this.options;
    const n = word.length;
    const symbols = new Int32Array(n);
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    const plain = o.continuingSubwordPrefix === undefined && o.endOfWordSuffix === undefined;
    let count = 0;
    for (let at = 0; at < n; ) {
      const unit = word.charCodeAt(at);
      const end = at + (unit >= 0xd800 && unit <= 0xdbff && at + 1 < n && isLow(word.charCodeAt(at + 1)) ? 2 : 1);
      let id: number | undefined;
      if (plain && end === at + 1) id = this.unitId(unit);
      else {
        let s = word.slice(at, end);
        if (at > 0 && o.continuingSubwordPrefix !== undefined) s = o.continuingSubwordPrefix + s;
        if (end === n && o.endOfWordSuffix !== undefined) s += o.endOfWordSuffix;
        id = this.vocab.get(s);
      }
      if (id !== undefined) {
        symbols[count] = id;
        starts[count] = at;
        ends[count++] = end;
      } else if (this.unkId !== undefined) {
        if (o.fuseUnknown && count > 0 && symbols[count - 1] === this.unkId && ends[count - 1] === at) ends[count - 1] = end;
        else {
          symbols[count] = this.unkId;
          starts[count] = at;
          ends[count++] = end;
        }
      }
      at = end;
    }
    addWork('merges', n);
    if (count > (o.linearThreshold ?? 4096) && this.monotonic) this.mergeAllByRank(symbols, starts, ends, count);
    else this.mergeAll(symbols, starts, ends, count);
    for (let i = 0; i < count; i++) {
      if (ends[i]! < 0) continue;
      ids.push(symbols[i]!);
      offsets.push(starts[i]!);
      offsets.push(ends[i]!);
    }
  }

  /** Id of the one-unit token `unit` (a table filled on demand), or undefined. */
  private unitId(unit: number): number | undefined {
    let table = this.unitTable;
    if (table === undefined) this.unitTable = table = new Int32Array(0x10000).fill(-2);
    let id = table[unit]!;
    if (id === -2) table[unit] = id = this.vocab.get(String.fromCharCode(unit)) ?? -1;
    return id < 0 ? undefined : id;
  }

  /**
   * mergeAll for long words of a monotonic merge list, in linear time: positions are kept in one
   * list per rank; ranks are visited in increasing order (a small heap of the distinct ranks), and
   * each list in increasing position, which is the order of the (rank, position) heap. A merge only
   * creates pairs of higher rank, so a list is complete when its rank is visited.
   */
  private mergeAllByRank(symbols: Int32Array, starts: Int32Array, ends: Int32Array, n: number): void {
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    const lists = new Map<number, number[]>();
    const ranks: number[] = [];
    const rankOf = (position: number): number => {
      const right = next[position]!;
      if (right < 0) return -1;
      const value = this.pairs.get(symbols[position]! * this.stride + symbols[right]!);
      return value === undefined ? -1 : Math.floor(value / 16777216);
    };
    const add = (position: number): void => {
      const rank = rankOf(position);
      if (rank < 0) return;
      const list = lists.get(rank);
      if (list !== undefined) {
        list.push(position);
        return;
      }
      lists.set(rank, [position]);
      let i = ranks.length;
      ranks.push(rank);
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (ranks[parent]! <= rank) break;
        ranks[i] = ranks[parent]!;
        i = parent;
      }
      ranks[i] = rank;
    };
    const popRank = (): number => {
      const top = ranks[0]!;
      const last = ranks.pop()!;
      if (ranks.length > 0) {
        let i = 0;
        for (;;) {
          let child = 2 * i + 1;
          if (child >= ranks.length) break;
          if (child + 1 < ranks.length && ranks[child + 1]! < ranks[child]!) child++;
          if (ranks[child]! >= last) break;
          ranks[i] = ranks[child]!;
          i = child;
        }
        ranks[i] = last;
      }
      return top;
    };
    for (let i = 0; i < n; i++) add(i);
    while (ranks.length > 0) {
      const rank = popRank();
      const list = lists.get(rank)!;
      lists.delete(rank);
      let sorted = true;
      for (let k = 1; k < list.length && sorted; k++) sorted = list[k - 1]! <= list[k]!;
      if (!sorted) list.sort((x, y) => x - y);
      addWork('merges', list.length);
      for (const position of list) {
        if (ends[position]! < 0 || rankOf(position) !== rank) continue; // merged away or changed
        const right = next[position]!;
        const value = this.pairs.get(symbols[position]! * this.stride + symbols[right]!)!;
        symbols[position] = value % 16777216;
        ends[position] = ends[right]!;
        ends[right] = -1;
        next[position] = next[right]!;
        if (next[right]! >= 0) prev[next[right]!] = position;
        if (prev[position]! >= 0) add(prev[position]!);
        add(position);
      }
    }
  }

  /** Merges in place; removed symbols get end -1. */
  private mergeAll(symbols: Int32Array, starts: Int32Array, ends: Int32Array, n: number): void {
    if (n < 2) return;
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    // Heap of (rank, position) keys: rank * 2^25 + position (positions below 2^25). Each merge
    // pushes at most two entries, so 3n slots suffice.
    const heap = new Float64Array(3 * n + 1);
    let size = 0;
    const push = (position: number): void => {
      const right = next[position]!;
      if (right < 0) return;
      const value = this.pairs.get(symbols[position]! * this.stride + symbols[right]!);
      if (value === undefined) return;
      const key = Math.floor(value / 16777216) * 33554432 + position;
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent]! <= key) break;
        heap[i] = heap[parent]!;
        i = parent;
      }
      heap[i] = key;
    };
    const pop = (): number => {
      const top = heap[0]!;
      const last = heap[--size]!;
      if (size > 0) {
        let i = 0;
        for (;;) {
          let child = 2 * i + 1;
          if (child >= size) break;
          if (child + 1 < size && heap[child + 1]! < heap[child]!) child++;
          if (heap[child]! >= last) break;
          heap[i] = heap[child]!;
          i = child;
        }
        heap[i] = last;
      }
      return top;
    };
    if (n >= 33554432) throw new TokenizerArgumentError('word', `has ${n} symbols; expected fewer than 2^25`);
    for (let i = 0; i < n; i++) push(i);
    let steps = 0;
    while (size > 0) {
      steps++;
      const key = pop();
      const position = key % 33554432;
      const rank = Math.floor(key / 33554432);
      if (ends[position]! < 0) continue;
      const right = next[position]!;
      if (right < 0) continue;
      const value = this.pairs.get(symbols[position]! * this.stride + symbols[right]!);
      if (value === undefined || Math.floor(value / 16777216) !== rank) continue; // stale entry
      symbols[position] = value % 16777216;
      ends[position] = ends[right]!;
      ends[right] = -1;
      next[position] = next[right]!;
      if (next[right]! >= 0) prev[next[right]!] = position;
      if (prev[position]! >= 0) push(prev[position]!);
      push(position);
    }
    addWork('merges', steps);
  }
}

function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
