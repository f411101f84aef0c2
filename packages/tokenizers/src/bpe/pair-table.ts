/**
 * Open-addressing hash map (left id, right id) -> (rank, merged id) over typed arrays.
 * A rank of NO_MERGE records a pair known not to merge (used by lazily filled tables).
 */

export const NO_MERGE = 0x7fffffff;

export class PairTable {
  private left: Int32Array;
  private right: Int32Array;
  private rankAt: Int32Array;
  private idAt: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected: number) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.left = new Int32Array(capacity).fill(-1);
    this.right = new Int32Array(capacity);
    this.rankAt = new Int32Array(capacity);
    this.idAt = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.mask + 1;
  }

  /** Slot holding the pair, or -1 - (free slot) when absent. */
  find(a: number, b: number): number {
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x632be5ab, 0x85ebca77)) >>> 0;
    slot = (slot ^ (slot >>> 15)) & this.mask;
    const left = this.left;
    for (;;) {
      const l = left[slot]!;
      if (l === -1) return -1 - slot;
      if (l === a && this.right[slot] === b) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  rank(slot: number): number {
    return this.rankAt[slot]!;
  }

  mergedId(slot: number): number {
    return this.idAt[slot]!;
  }

  /** Inserts at the free slot returned (negated) by `find`. Grows when half full. */
  insertAt(freeSlot: number, a: number, b: number, rank: number, id: number): void {
    this.left[freeSlot] = a;
    this.right[freeSlot] = b;
    this.rankAt[freeSlot] = rank;
    this.idAt[freeSlot] = id;
    if (++this.count * 2 > this.mask + 1) this.grow();
  }

  /** Sets or replaces the value of a pair. */
  set(a: number, b: number, rank: number, id: number): void {
    const slot = this.find(a, b);
    if (slot >= 0) {
      this.rankAt[slot] = rank;
      this.idAt[slot] = id;
    } else this.insertAt(-1 - slot, a, b, rank, id);
  }

  clear(): void {
    this.left.fill(-1);
    this.count = 0;
  }

  private grow(): void {
    const { left, right, rankAt, idAt } = this;
    const capacity = (this.mask + 1) * 2;
    this.left = new Int32Array(capacity).fill(-1);
    this.right = new Int32Array(capacity);
    this.rankAt = new Int32Array(capacity);
    this.idAt = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.count = 0;
    for (let i = 0; i < left.length; i++) {
      if (left[i] !== -1) this.insertAt(-1 - this.find(left[i]!, right[i]!), left[i]!, right[i]!, rankAt[i]!, idAt[i]!);
    }
  }
}
