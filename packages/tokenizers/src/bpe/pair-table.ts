/**
 * Open-addressing hash map (left id, right id) -> (rank, merged id), one interleaved Int32Array
 * (16 bytes per slot: a probe touches one cache line). A rank of NO_MERGE records a pair known not
 * to merge (used by lazily filled tables).
 */

export const NO_MERGE = 0x7fffffff;

export class PairTable {
  /** Slot s: [4s] left (-1 when empty), [4s+1] right, [4s+2] rank, [4s+3] merged id. */
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected: number) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = PairTable.empty(capacity);
    this.mask = capacity - 1;
  }

  private static empty(capacity: number): Int32Array {
    const slots = new Int32Array(capacity * 4);
    for (let i = 0; i < slots.length; i += 4) slots[i] = -1;
    return slots;
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
    const slots = this.slots;
    for (;;) {
      const l = slots[4 * slot]!;
      if (l === -1) return -1 - slot;
      if (l === a && slots[4 * slot + 1] === b) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  rank(slot: number): number {
    return this.slots[4 * slot + 2]!;
  }

  mergedId(slot: number): number {
    return this.slots[4 * slot + 3]!;
  }

  /** Inserts at the free slot returned (negated) by `find`. Grows when half full. */
  insertAt(freeSlot: number, a: number, b: number, rank: number, id: number): void {
    const slots = this.slots;
    slots[4 * freeSlot] = a;
    slots[4 * freeSlot + 1] = b;
    slots[4 * freeSlot + 2] = rank;
    slots[4 * freeSlot + 3] = id;
    if (++this.count * 2 > this.mask + 1) this.grow();
  }

  clear(): void {
    for (let i = 0; i < this.slots.length; i += 4) this.slots[i] = -1;
    this.count = 0;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = PairTable.empty(capacity);
    this.mask = capacity - 1;
    this.count = 0;
    for (let i = 0; i < old.length; i += 4) {
      if (old[i] !== -1) this.insertAt(-1 - this.find(old[i]!, old[i + 1]!), old[i]!, old[i + 1]!, old[i + 2]!, old[i + 3]!);
    }
  }
}
