/**
 * Byte-level BPE model: bytes of one pre-tokenized piece -> token ids.
 *
 * Two ways to say which adjacent pair merges first:
 * - 'ranks' (tiktoken): a pair merges into the token whose bytes are the concatenation, and the pair
 *   with the lowest such token rank merges first (ids are ranks). A piece that is itself a token is
 *   emitted whole without merging, as tiktoken does. Pair ranks are looked up in the token table
 *   through a fixed-size cache.
 * - 'merges' (GPT-2 vocab.json + merges.txt, Hugging Face BPE): an explicit list of merges; the pair
 *   whose merge comes first in the list merges first, into the vocabulary id of the concatenation.
 *
 * Ties go to the leftmost pair in both modes (tiktoken and Hugging Face agree). Pieces up to
 * SMALL_PIECE bytes merge with a linear scan per step; longer ones with a priority queue over a linked
 * list: a 4-ary heap (O(n log n)), or beyond BUCKET_PIECE bytes rank buckets (see rank-buckets.ts).
 */
import { TokenizerArgumentError, TokenizerFileError } from '../errors.ts';
import type { IdBuffer } from './id-buffer.ts';
import { MinHeap, POS_SPAN } from './min-heap.ts';
import { RankBuckets } from './rank-buckets.ts';
import { NO_MERGE, PairTable } from './pair-table.ts';
import { TokenTable } from './token-table.ts';
import { addWork } from '../work-counter.ts';

const SMALL_PIECE = 40;
/** Ints of the node buffer kept between calls (2 per byte of the longest recent piece). */
const RETAINED_NODES = 4 << 20;
/** Pieces longer than this (bytes) queue their pairs in rank buckets rather than a heap. */
const BUCKET_PIECE = 4096;
/** Largest piece the heap merge accepts (bytes). */
export const MAX_PIECE_BYTES = POS_SPAN - 1;
/** Largest id / rank a model may hold. */
export const MAX_TOKEN_ID = (1 << 24) - 1;
/** Slots of the direct-mapped pair cache of a 'ranks' model (16 bytes each). */
const PAIR_CACHE_MASK = (1 << 16) - 1;

export type MergeMode = 'ranks' | 'merges';

export class BytePairModel {
  readonly tokens: TokenTable;
  readonly mode: MergeMode;
  /** In 'merges' mode: emit a piece that is itself a token without merging (Hugging Face `ignore_merges`). */
  readonly wholePieceLookup: boolean;
  private readonly pairs: PairTable;
  /** Ranks lie in [0, rankCount). */
  private readonly rankCount: number;
  private nodes = new Int32Array(0);
  private buckets: RankBuckets | undefined;
  private readonly pairCache = new Int32Array((PAIR_CACHE_MASK + 1) * 4).fill(-1);
  private readonly concat = new Uint8Array(1 << 16);
  private lastId = -1;
  private readonly smallIds = new Int32Array(SMALL_PIECE);
  private readonly smallRanks = new Int32Array(SMALL_PIECE);
  private readonly smallMerged = new Int32Array(SMALL_PIECE);

  private constructor(tokens: TokenTable, mode: MergeMode, pairs: PairTable, wholePieceLookup: boolean, rankCount: number) {
    this.tokens = tokens;
    this.rankCount = rankCount;
    this.mode = mode;
    this.pairs = pairs;
    this.wholePieceLookup = wholePieceLookup;
    for (let b = 0; b < 256; b++) {
      if (tokens.byteToId[b] === -1) {
        throw new TokenizerFileError('missing-token', 'vocabulary', `byte 0x${b.toString(16).padStart(2, '0')} has no token; a byte-level BPE needs all 256 single bytes`);
      }
    }
  }

  /**
   * tiktoken semantics: `bytes`/`starts` give the token bytes of each rank (starts[r+1]-starts[r] = length,
   * 0 for an unused rank). Throws TokenizerFileError on duplicates or a missing single byte.
   */
  static fromRanks(bytes: Uint8Array, starts: Uint32Array, file = 'ranks'): BytePairModel {
    if (starts.length - 1 > MAX_TOKEN_ID + 1) throw new TokenizerFileError('too-many-entries', file, `${starts.length - 1} ranks; expected at most ${MAX_TOKEN_ID + 1}`);
    const table = new TokenTable(bytes, starts, (id, previous) => {
      throw new TokenizerFileError('duplicate-token', file, `rank ${id} has the same bytes as rank ${previous}`);
    });
    return new BytePairModel(table, 'ranks', new PairTable(0), true, table.idCount);
  }

  /**
   * Merge-list semantics: `merges` holds (left id, right id) pairs in priority order; the merged token
   * must exist in `tokens`. Throws TokenizerFileError naming the first bad merge (1-based).
   */
  static fromMerges(tokens: TokenTable, merges: Int32Array, options: { file?: string; wholePieceLookup?: boolean } = {}): BytePairModel {
    const file = options.file ?? 'merges';
    const count = merges.length >> 1;
    const pairs = new PairTable(count);
    const scratch = new Uint8Array(1 << 16);
    for (let i = 0; i < count; i++) {
      const a = merges[2 * i]!;
      const b = merges[2 * i + 1]!;
      if (!tokens.has(a) || !tokens.has(b)) throw new TokenizerFileError('bad-merge', file, `merge ${i + 1} refers to an id that has no token (${a}, ${b})`);
      const la = tokens.length(a);
      const lb = tokens.length(b);
      if (la + lb > scratch.length) throw new TokenizerFileError('bad-merge', file, `merge ${i + 1} makes a token longer than ${scratch.length} bytes`);
      scratch.set(tokens.tokenBytes(a), 0);
      scratch.set(tokens.tokenBytes(b), la);
      const merged = tokens.lookup(scratch, 0, la + lb);
      if (merged < 0) throw new TokenizerFileError('bad-merge', file, `merge ${i + 1} makes a token that is not in the vocabulary`);
      const slot = pairs.find(a, b);
      if (slot < 0) pairs.insertAt(-1 - slot, a, b, i, merged); // a repeated merge keeps its first rank
    }
    return new BytePairModel(tokens, 'merges', pairs, options.wholePieceLookup ?? false, Math.max(count, 1));
  }

  /** Rank of merging (a, b), or NO_MERGE; sets `lastId` to the merged id. */
  private pairRank(a: number, b: number): number {
    if (this.mode === 'merges') {
      const slot = this.pairs.find(a, b);
      if (slot < 0) return NO_MERGE;
      this.lastId = this.pairs.mergedId(slot);
      return this.pairs.rank(slot);
    }
    // 'ranks': a direct-mapped cache of fixed size in front of the token table, so the working set
    // does not grow with the input (a growing table made long inputs super-linear)
    const cache = this.pairCache;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x632be5ab, 0x85ebca77)) >>> 0;
    h = ((h ^ (h >>> 15)) & PAIR_CACHE_MASK) * 4;
    if (cache[h] === a && cache[h + 1] === b) return (this.lastId = cache[h + 2]!);
    const tokens = this.tokens;
    const sa = tokens.starts[a]!;
    const la = tokens.starts[a + 1]! - sa;
    const sb = tokens.starts[b]!;
    const lb = tokens.starts[b + 1]! - sb;
    let rank = NO_MERGE;
    if (la + lb <= this.concat.length) {
      const concat = this.concat;
      const src = tokens.bytes;
      for (let i = 0; i < la; i++) concat[i] = src[sa + i]!;
      for (let i = 0; i < lb; i++) concat[la + i] = src[sb + i]!;
      const id = tokens.lookup(concat, 0, la + lb);
      if (id >= 0) rank = id;
    }
    cache[h] = a;
    cache[h + 1] = b;
    cache[h + 2] = rank;
    return (this.lastId = rank);
  }

  /** Forgets cached pair ranks (a 'ranks' model's cache is fixed-size; this only resets it). */
  clearCache(): void {
    this.pairCache.fill(-1);
  }

  /** Appends the ids of the piece bytes[0, n) to `out`. */
  encodePiece(bytes: Uint8Array, n: number, out: IdBuffer): void {
    if (n === 0) return;
    const byteToId = this.tokens.byteToId;
    if (n === 1) {
      out.push(byteToId[bytes[0]!]!);
      return;
    }
    if (this.wholePieceLookup) {
      const id = this.tokens.lookup(bytes, 0, n);
      if (id >= 0) {
        out.push(id);
        countMerges(n);
        return;
      }
    }
    if (n <= SMALL_PIECE) this.mergeSmall(bytes, n, out);
    else this.mergeLarge(bytes, n, out);
  }

  private mergeSmall(bytes: Uint8Array, n: number, out: IdBuffer): void {
    const ids = this.smallIds;
    const ranks = this.smallRanks;
    const merged = this.smallMerged;
    const byteToId = this.tokens.byteToId;
    for (let i = 0; i < n; i++) ids[i] = byteToId[bytes[i]!]!;
    for (let i = 0; i < n - 1; i++) {
      ranks[i] = this.pairRank(ids[i]!, ids[i + 1]!);
      merged[i] = this.lastId;
    }
    let m = n;
    let steps = 0;
    while (m > 1) {
      steps += m;
      let best = NO_MERGE;
      let at = -1;
      for (let i = 0; i < m - 1; i++) {
        if (ranks[i]! < best) {
          best = ranks[i]!;
          at = i;
        }
      }
      if (at < 0) break;
      ids[at] = merged[at]!;
      for (let i = at + 1; i < m - 1; i++) {
        ids[i] = ids[i + 1]!;
        ranks[i] = ranks[i + 1]!;
        merged[i] = merged[i + 1]!;
      }
      m--;
      if (at > 0) {
        ranks[at - 1] = this.pairRank(ids[at - 1]!, ids[at]!);
        merged[at - 1] = this.lastId;
      }
      if (at < m - 1) {
        ranks[at] = this.pairRank(ids[at]!, ids[at + 1]!);
        merged[at] = this.lastId;
      }
    }
    for (let i = 0; i < m; i++) out.push(ids[i]!);
    countMerges(n + steps);
  }

  private mergeLarge(bytes: Uint8Array, n: number, out: IdBuffer): void {
    if (n > MAX_PIECE_BYTES) throw new TokenizerArgumentError('text', `a pre-tokenized piece of ${n} bytes exceeds the limit of ${MAX_PIECE_BYTES} bytes`);
    // two ints per byte position: the token that starts there, and the rank of the pair it forms with
    // the next token (NO_MERGE for the last token). Inside a token of several bytes the second int
    // is -1, except at its last byte: -2 - start, so the previous token's start is found in one
    // read however long that token is. The next token starts at pos + byte length of this one.
    // 8 bytes per byte keeps long pieces cache-friendly.
    if (this.nodes.length < 2 * n) this.nodes = new Int32Array(2 * n);
    const node = this.nodes;
    const starts = this.tokens.starts;
    // the merged id of each pair, only needed when ids are not ranks
    const mergedAt = this.mode === 'merges' ? new Int32Array(n) : undefined;
    const byteToId = this.tokens.byteToId;
    for (let i = 0; i < n; i++) node[2 * i] = byteToId[bytes[i]!]!;
    node[2 * n - 1] = NO_MERGE;
    let queue: MinHeap | RankBuckets;
    if (n > BUCKET_PIECE) {
      const buckets = (this.buckets ??= new RankBuckets(this.rankCount));
      buckets.reset();
      for (let i = 0; i < n - 1; i++) {
        node[2 * i + 1] = this.pairRank(node[2 * i]!, node[2 * i + 2]!);
        if (mergedAt) mergedAt[i] = this.lastId;
      }
      buckets.fill(node, 2, 1, n - 1, NO_MERGE);
      queue = buckets;
    } else {
      const initial = new Float64Array(n);
      let count = 0;
      for (let i = 0; i < n - 1; i++) {
        const r = this.pairRank(node[2 * i]!, node[2 * i + 2]!);
        node[2 * i + 1] = r;
        if (mergedAt) mergedAt[i] = this.lastId;
        if (r !== NO_MERGE) initial[count++] = r * POS_SPAN + i;
      }
      const heap = new MinHeap(count + (count >> 1));
      heap.fill(initial, count);
      queue = heap;
    }
    let steps = n;
    while (queue.pop()) {
      steps++;
      const r = queue.rank;
      const pos = queue.position;
      if (node[2 * pos + 1] !== r) continue; // stale entry or inside a token
      const merged = mergedAt ? mergedAt[pos]! : r;
      const right = pos + starts[node[2 * pos]! + 1]! - starts[node[2 * pos]!]!;
      node[2 * pos] = merged;
      node[2 * right + 1] = -1;
      const after = pos + starts[merged + 1]! - starts[merged]!;
      node[2 * after - 1] = -2 - pos; // the merged token's last byte points back to its start
      if (after < n) {
        const r2 = this.pairRank(merged, node[2 * after]!);
        node[2 * pos + 1] = r2;
        if (mergedAt) mergedAt[pos] = this.lastId;
        if (r2 !== NO_MERGE) queue.push(r2, pos);
      } else node[2 * pos + 1] = NO_MERGE;
      if (pos > 0) {
        const link = node[2 * pos - 1]!;
        const before = link < -1 ? -2 - link : pos - 1;
        const r3 = this.pairRank(node[2 * before]!, merged);
        node[2 * before + 1] = r3;
        if (mergedAt) mergedAt[before] = this.lastId;
        if (r3 !== NO_MERGE) queue.push(r3, before);
      }
    }
    out.reserve(out.length + n);
    for (let i = 0; i < n; i += starts[node[2 * i]! + 1]! - starts[node[2 * i]!]!) out.push(node[2 * i]!);
    if (this.nodes.length > RETAINED_NODES) this.nodes = new Int32Array(0);
    countMerges(steps);
  }

  /** The bytes of ordinary token `id`, or undefined when the model has no such id. */
  tokenBytes(id: number): Uint8Array | undefined {
    return this.tokens.has(id) ? this.tokens.tokenBytes(id) : undefined;
  }
}

/** Adds merge-loop steps (with the initial pass over the piece) to the active work counter, if any. */
function countMerges(steps: number): void {
  addWork('merges', steps);
}
