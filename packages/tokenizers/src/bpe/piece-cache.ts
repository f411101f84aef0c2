/**
 * Bounded cache: piece text -> token ids, probed with a range of the input string so that a hit
 * allocates nothing. Open addressing over typed arrays; emptied whole when half full.
 */

/** Pieces longer than this (UTF-16 units) are never cached. */
export const MAX_CACHED_PIECE = 32;

export class PieceCache {
  private readonly keys: Array<string | undefined>;
  private readonly hashes: Int32Array;
  /** Offset of the ids in `pool`. */
  private readonly offsets: Int32Array;
  private readonly counts: Uint8Array;
  private pool: Uint32Array;
  private poolLength = 0;
  private size = 0;
  private readonly mask: number;
  /** Slot of the last miss (where `insert` writes). */
  private missSlot = 0;
  private missHash = 0;

  constructor(capacity = 1 << 16) {
    this.keys = new Array<string | undefined>(capacity).fill(undefined);
    this.hashes = new Int32Array(capacity);
    this.offsets = new Int32Array(capacity);
    this.counts = new Uint8Array(capacity);
    this.pool = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
  }

  /**
   * Looks up s[start, end): the slot (>= 0) on a hit, -1 on a miss (then `insert` may follow).
   * Read a hit with `count(slot)` / `id(slot, k)`.
   */
  find(s: string, start: number, end: number): number {
    let h = 0x811c9dc5 ^ (end - start);
    for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h ^= h >>> 15;
    let slot = h & this.mask;
    const keys = this.keys;
    for (;;) {
      const key = keys[slot];
      if (key === undefined) break;
      if (this.hashes[slot] === h && key.length === end - start) {
        let i = 0;
        while (i < key.length && key.charCodeAt(i) === s.charCodeAt(start + i)) i++;
        if (i === key.length) return slot;
      }
      slot = (slot + 1) & this.mask;
    }
    this.missSlot = slot;
    this.missHash = h;
    return -1;
  }

  count(slot: number): number {
    return this.counts[slot]!;
  }

  /** Offset of the slot's ids in `ids()`. */
  offset(slot: number): number {
    return this.offsets[slot]!;
  }

  /** The id pool (re-read after insert: it may be replaced). */
  ids(): Uint32Array {
    return this.pool;
  }

  /** Stores s[start, end) -> ids[from, to) at the slot of the last miss (call right after a missed find). */
  insert(s: string, start: number, end: number, ids: Uint32Array, from: number, to: number): void {
    const count = to - from;
    if (end - start > MAX_CACHED_PIECE || count > 255) return;
    if (this.size * 2 >= this.mask + 1) {
      this.clear();
      this.find(s, start, end);
    }
    if (this.poolLength + count > this.pool.length) {
      const grown = new Uint32Array(this.pool.length * 2);
      grown.set(this.pool);
      this.pool = grown;
    }
    const slot = this.missSlot;
    this.keys[slot] = s.slice(start, end);
    this.hashes[slot] = this.missHash;
    this.offsets[slot] = this.poolLength;
    this.counts[slot] = count;
    for (let i = from; i < to; i++) this.pool[this.poolLength++] = ids[i]!;
    this.size++;
  }

  clear(): void {
    this.keys.fill(undefined);
    this.size = 0;
    this.poolLength = 0;
  }
}
