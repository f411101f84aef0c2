/**
 * Character-level BPE model (Hugging Face's BPE model over code points, as used with Whitespace or
 * BERT pre-tokenizers): a word starts as its code points (decorated with the continuing-subword
 * prefix / end-of-word suffix), then adjacent pairs merge, lowest merge rank first (leftmost on a
 * tie), until no listed pair is left. A binary heap over a linked list keeps a word of n symbols
 * at O(n log n). A code point missing from the vocabulary becomes the unknown token (consecutive
 * ones fused when `fuseUnknown`), or is dropped when there is no unknown token.
 */
import type { IdBuffer } from '../bpe/id-buffer.ts';
import { TokenizerArgumentError } from '../errors.ts';
import type { TokenModel } from './token-model.ts';

export interface CharBpeOptions {
  unkToken?: string | undefined;
  continuingSubwordPrefix?: string | undefined;
  endOfWordSuffix?: string | undefined;
  fuseUnknown?: boolean | undefined;
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
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.tokens[id];
  }

  tokenizeWord(word: string, ids: IdBuffer, offsets: IdBuffer): void {
    const o = this.options;
    const symbols: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const chars = Array.from(word);
    let at = 0;
    for (let i = 0; i < chars.length; i++) {
      let s = chars[i]!;
      if (i > 0 && o.continuingSubwordPrefix !== undefined) s = o.continuingSubwordPrefix + s;
      if (i === chars.length - 1 && o.endOfWordSuffix !== undefined) s += o.endOfWordSuffix;
      const id = this.vocab.get(s);
      const end = at + chars[i]!.length;
      if (id !== undefined) {
        symbols.push(id);
        starts.push(at);
        ends.push(end);
      } else if (this.unkId !== undefined) {
        if (o.fuseUnknown && symbols.length > 0 && symbols[symbols.length - 1] === this.unkId && ends[ends.length - 1] === at) ends[ends.length - 1] = end;
        else {
          symbols.push(this.unkId);
          starts.push(at);
          ends.push(end);
        }
      }
      at = end;
    }
    this.mergeAll(symbols, starts, ends);
    for (let i = 0; i < symbols.length; i++) {
      if (ends[i]! < 0) continue;
      ids.push(symbols[i]!);
      offsets.push(starts[i]!);
      offsets.push(ends[i]!);
    }
  }

  /** Merges in place; removed symbols get end -1. */
  private mergeAll(symbols: number[], starts: number[], ends: number[]): void {
    const n = symbols.length;
    if (n < 2) return;
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    // Heap of (rank, position) keys: rank * 2^25 + position (positions below 2^25).
    const heap: number[] = [];
    const push = (position: number): void => {
      const right = next[position]!;
      if (right < 0) return;
      const value = this.pairs.get(symbols[position]! * this.stride + symbols[right]!);
      if (value === undefined) return;
      const key = Math.floor(value / 16777216) * 33554432 + position;
      heap.push(key);
      let i = heap.length - 1;
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
      const last = heap.pop()!;
      if (heap.length > 0) {
        let i = 0;
        for (;;) {
          let child = 2 * i + 1;
          if (child >= heap.length) break;
          if (child + 1 < heap.length && heap[child + 1]! < heap[child]!) child++;
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
    while (heap.length > 0) {
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
  }
}
