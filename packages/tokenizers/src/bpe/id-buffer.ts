/** A growable Uint32Array of token ids (amortized O(1) push, no spread of big arrays). */
export class IdBuffer {
  data: Uint32Array;
  length = 0;

  constructor(capacity = 256) {
    this.data = new Uint32Array(Math.max(16, capacity));
  }

  push(id: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = id;
  }

  /** Makes room for at least `capacity` ids in total. */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const next = new Uint32Array(Math.max(capacity, this.data.length * 2));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  /** A copy of the ids pushed so far. */
  toArray(): Uint32Array {
    return this.data.slice(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }
}
