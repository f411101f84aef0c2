/**
 * Byte-level BPE model: bytes of one pre-tokenized piece -> token ids.
 *
 * Two ways to say which adjacent pair merges first:
 * - 'ranks' (tiktoken): a pair merges into the token whose bytes are the concatenation, and the pair
 *   with the lowest such token rank merges first (ids are ranks). A piece that is itself a token is
 *   emitted whole without merging, as tiktoken does. Pair ranks are computed lazily and cached in a
 *   bounded table.
 * - 'merges' (GPT-2 vocab.json + merges.txt, Hugging Face BPE): an explicit list of merges; the pair
 *   whose merge comes first in the list merges first, into the vocabulary id of the concatenation.
 *
 * Ties go to the leftmost pair in both modes (tiktoken and Hugging Face agree). Pieces up to
 * SMALL_PIECE bytes merge with a linear scan per step; longer ones with a binary heap over a linked
 * list, O(n log n) in the piece length.
 */
import { TokenizerArgumentError, TokenizerFileError } from '../errors.ts';
import type { IdBuffer } from './id-buffer.ts';
import { NO_MERGE, PairTable } from './pair-table.ts';
import { TokenTable } from './token-table.ts';

const SMALL_PIECE = 40;
/** Key of a heap entry: rank * 2^29 + byte position (exact in a double while rank < 2^24). */
const POS_SPAN = 536870912;
/** Largest piece the heap merge accepts (bytes). */
export const MAX_PIECE_BYTES = POS_SPAN - 1;
/** Largest id / rank a model may hold. */
export const MAX_TOKEN_ID = (1 << 24) - 1;
/** Bound of the lazily filled pair cache of a 'ranks' model (entries). */
const LAZY_PAIR_LIMIT = 1 << 18;

export type MergeMode = 'ranks' | 'merges';

export class BytePairModel {
  readonly tokens: TokenTable;
  readonly mode: MergeMode;
  /** In 'merges' mode: emit a piece that is itself a token without merging (Hugging Face `ignore_merges`). */
  readonly wholePieceLookup: boolean;
  private readonly pairs: PairTable;
  private readonly concat = new Uint8Array(1 << 16);
  private lastId = -1;
  private readonly smallIds = new Int32Array(SMALL_PIECE);
  private readonly smallRanks = new Int32Array(SMALL_PIECE);
  private readonly smallMerged = new Int32Array(SMALL_PIECE);

  private constructor(tokens: TokenTable, mode: MergeMode, pairs: PairTable, wholePieceLookup: boolean) {
    this.tokens = tokens;
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
    return new BytePairModel(table, 'ranks', new PairTable(1 << 14), true);
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
    return new BytePairModel(tokens, 'merges', pairs, options.wholePieceLookup ?? false);
  }

  /** Rank of merging (a, b), or NO_MERGE; sets `lastId` to the merged id. */
  private pairRank(a: number, b: number): number {
    const pairs = this.pairs;
    const slot = pairs.find(a, b);
    if (slot >= 0) {
      this.lastId = pairs.mergedId(slot);
      return pairs.rank(slot);
    }
    if (this.mode === 'merges') return NO_MERGE;
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
    if (pairs.size >= LAZY_PAIR_LIMIT) {
      pairs.clear();
      pairs.insertAt(-1 - pairs.find(a, b), a, b, rank, rank);
    } else pairs.insertAt(-1 - slot, a, b, rank, rank);
    this.lastId = rank;
    return rank;
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
    while (m > 1) {
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
  }

  private mergeLarge(bytes: Uint8Array, n: number, out: IdBuffer): void {
    if (n > MAX_PIECE_BYTES) throw new TokenizerArgumentError('text', `a pre-tokenized piece of ${n} bytes exceeds the limit of ${MAX_PIECE_BYTES} bytes`);
    const tok = new Int32Array(n);
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    const rankAt = new Int32Array(n);
    const mergedAt = new Int32Array(n);
    const byteToId = this.tokens.byteToId;
    let heap = new Float64Array(n + 16);
    let size = 0;
    const push = (key: number): void => {
      if (size === heap.length) {
        const grown = new Float64Array(heap.length * 2);
        grown.set(heap);
        heap = grown;
      }
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
      return top;
    };
    for (let i = 0; i < n; i++) {
      tok[i] = byteToId[bytes[i]!]!;
      next[i] = i + 1;
      prev[i] = i - 1;
    }
    rankAt[n - 1] = NO_MERGE;
    for (let i = 0; i < n - 1; i++) {
      const r = this.pairRank(tok[i]!, tok[i + 1]!);
      rankAt[i] = r;
      mergedAt[i] = this.lastId;
      if (r !== NO_MERGE) push(r * POS_SPAN + i);
    }
    while (size > 0) {
      const key = pop();
      const r = Math.floor(key / POS_SPAN);
      const pos = key - r * POS_SPAN;
      if (rankAt[pos] !== r) continue; // stale entry or dead node
      const right = next[pos]!;
      tok[pos] = mergedAt[pos]!;
      rankAt[right] = -1; // dead
      const after = next[right]!;
      next[pos] = after;
      if (after < n) {
        prev[after] = pos;
        const r2 = this.pairRank(tok[pos]!, tok[after]!);
        rankAt[pos] = r2;
        mergedAt[pos] = this.lastId;
        if (r2 !== NO_MERGE) push(r2 * POS_SPAN + pos);
      } else rankAt[pos] = NO_MERGE;
      const before = prev[pos]!;
      if (before >= 0) {
        const r3 = this.pairRank(tok[before]!, tok[pos]!);
        rankAt[before] = r3;
        mergedAt[before] = this.lastId;
        if (r3 !== NO_MERGE) push(r3 * POS_SPAN + before);
      }
    }
    out.reserve(out.length + n);
    for (let i = 0; i < n; i = next[i]!) out.push(tok[i]!);
  }

  /** The bytes of ordinary token `id`, or undefined when the model has no such id. */
  tokenBytes(id: number): Uint8Array | undefined {
    return this.tokens.has(id) ? this.tokens.tokenBytes(id) : undefined;
  }
}
