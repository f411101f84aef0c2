/**
 * A 4-ary min-heap of doubles (keys rank * 2^29 + position, so ties go to the leftmost position).
 * Four children share a cache line, which halves the depth and the cache misses of a binary heap
 * on the long pieces that need it.
 */
/** Key of an entry: rank * 2^29 + position (exact in a double while rank < 2^24). */
export const POS_SPAN = 536870912;

export class MinHeap {
  private keys: Float64Array;
  size = 0;
  /** Rank and position of the last `pop`. */
  rank = 0;
  position = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
  }

  /** Adds keys[0, count) as a whole and orders them in O(count). */
  fill(source: Float64Array, count: number): void {
    if (count > this.keys.length) this.keys = new Float64Array(count * 2);
    this.keys.set(source.subarray(0, count));
    this.size = count;
    for (let i = (count - 2) >> 2; i >= 0; i--) this.siftDown(i, this.keys[i]!);
  }

  push(rank: number, position: number): void {
    const key = rank * POS_SPAN + position;
    if (this.size === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    const keys = this.keys;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const p = keys[parent]!;
      if (p <= key) break;
      keys[i] = p;
      i = parent;
    }
    keys[i] = key;
  }

  /** Pops the smallest (rank, position) into `rank`/`position`; false when empty. */
  pop(): boolean {
    if (this.size === 0) return false;
    const keys = this.keys;
    const top = keys[0]!;
    const last = keys[--this.size]!;
    if (this.size > 0) this.siftDown(0, last);
    const rank = Math.floor(top / POS_SPAN);
    this.rank = rank;
    this.position = top - rank * POS_SPAN;
    return true;
  }

  private siftDown(i: number, key: number): void {
    const keys = this.keys;
    const size = this.size;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= size) break;
      let best = first;
      let bestKey = keys[first]!;
      const end = Math.min(first + 4, size);
      for (let c = first + 1; c < end; c++) {
        const k = keys[c]!;
        if (k < bestKey) {
          bestKey = k;
          best = c;
        }
      }
      if (bestKey >= key) break;
      keys[i] = bestKey;
      i = best;
    }
    keys[i] = key;
  }
}
