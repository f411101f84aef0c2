// A bounded max-heap keeping the k best (reduced distance, index) pairs of one query, ordered
// lexicographically (distance, then index), so ties always resolve to the smaller training index
// whatever the visiting order: brute force and the KD-tree return identical neighbours.
export class NeighborHeap {
  readonly distances: Float64Array;
  readonly indices: Int32Array;
  size = 0;

  constructor(readonly k: number) {
    this.distances = new Float64Array(k);
    this.indices = new Int32Array(k);
  }

  reset(): void {
    this.size = 0;
  }

  /** The worst kept distance, or Infinity while fewer than k are kept. */
  bound(): number {
    return this.size < this.k ? Infinity : this.distances[0]!;
  }

  private worse(a: number, b: number): boolean {
    const da = this.distances[a]!, db = this.distances[b]!;
    return da > db || (da === db && this.indices[a]! > this.indices[b]!);
  }

  private swap(a: number, b: number): void {
    const d = this.distances[a]!, i = this.indices[a]!;
    this.distances[a] = this.distances[b]!;
    this.indices[a] = this.indices[b]!;
    this.distances[b] = d;
    this.indices[b] = i;
  }

  push(distance: number, index: number): void {
    if (this.size === this.k) {
      const top = this.distances[0]!;
      if (distance > top || (distance === top && index > this.indices[0]!)) return;
      this.distances[0] = distance;
      this.indices[0] = index;
      this.siftDown(0);
      return;
    }
    let at = this.size++;
    this.distances[at] = distance;
    this.indices[at] = index;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.worse(at, parent)) break;
      this.swap(at, parent);
      at = parent;
    }
  }

  private siftDown(at: number): void {
    for (;;) {
      const l = 2 * at + 1, r = l + 1;
      let top = at;
      if (l < this.size && this.worse(l, top)) top = l;
      if (r < this.size && this.worse(r, top)) top = r;
      if (top === at) return;
      this.swap(at, top);
      at = top;
    }
  }

  /** Writes the kept pairs in increasing order into the outputs at `offset` (empties the heap). */
  drainSorted(distances: Float64Array, indices: Int32Array, offset: number): void {
    for (let at = this.size - 1; at >= 0; at--) {
      distances[offset + at] = this.distances[0]!;
      indices[offset + at] = this.indices[0]!;
      this.size--;
      if (this.size > 0) {
        this.distances[0] = this.distances[this.size]!;
        this.indices[0] = this.indices[this.size]!;
        this.siftDown(0);
      }
    }
  }
}
