/**
 * The priority queue of the BPE trainer: a binary max-heap of candidate merges kept in typed
 * arrays. Each entry is (count, left id, right id, position list). Order: the larger count first;
 * equal counts pop the smaller pair first, compared as (left id, right id). That is the order
 * Hugging Face's BPE trainer uses (a max-heap on count, then the reversed pair order).
 *
 * Entries are never updated in place: the trainer pushes a fresh entry when a count changes and
 * re-checks the count of the entry it pops (lazy deletion).
 */
export class MergeQueue {
  private counts = new Float64Array(1024);
  private lefts = new Int32Array(1024);
  private rights = new Int32Array(1024);
  private positions = new Int32Array(1024);
  private length = 0;

  get size(): number {
    return this.length;
  }

  /** Adds an entry; `position` is an opaque handle the trainer resolves (a word list). */
  push(count: number, left: number, right: number, position: number): void {
    if (this.length === this.counts.length) this.grow();
    let i = this.length++;
    // Sift up.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(count, left, right, parent)) break;
      this.move(parent, i);
      i = parent;
    }
    this.counts[i] = count;
    this.lefts[i] = left;
    this.rights[i] = right;
    this.positions[i] = position;
  }

  /** Count, left, right and position of the top entry (undefined behaviour when empty). */
  topCount(): number {
    return this.counts[0]!;
  }
  topLeft(): number {
    return this.lefts[0]!;
  }
  topRight(): number {
    return this.rights[0]!;
  }
  topPosition(): number {
    return this.positions[0]!;
  }

  /** Removes the top entry. */
  pop(): void {
    const last = --this.length;
    if (last === 0) return;
    const count = this.counts[last]!;
    const left = this.lefts[last]!;
    const right = this.rights[last]!;
    const position = this.positions[last]!;
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const other = child + 1;
      if (other < last && this.entryBefore(other, child)) child = other;
      if (!this.before(this.counts[child]!, this.lefts[child]!, this.rights[child]!, -1, count, left, right)) break;
      this.move(child, i);
      i = child;
    }
    this.counts[i] = count;
    this.lefts[i] = left;
    this.rights[i] = right;
    this.positions[i] = position;
  }

  /** Replaces the count of the top entry and restores the heap order (the lazy re-check). */
  updateTopCount(count: number): void {
    const left = this.lefts[0]!;
    const right = this.rights[0]!;
    const position = this.positions[0]!;
    this.pop();
    this.push(count, left, right, position);
  }

  /**
   * Whether (count, left, right) comes before entry `j`, or, when `j` is -1, before the explicit
   * triple (count2, left2, right2).
   */
  private before(count: number, left: number, right: number, j: number, count2 = 0, left2 = 0, right2 = 0): boolean {
    if (j >= 0) {
      count2 = this.counts[j]!;
      left2 = this.lefts[j]!;
      right2 = this.rights[j]!;
    }
    if (count !== count2) return count > count2;
    if (left !== left2) return left < left2;
    return right < right2;
  }

  private entryBefore(i: number, j: number): boolean {
    return this.before(this.counts[i]!, this.lefts[i]!, this.rights[i]!, j);
  }

  private move(from: number, to: number): void {
    this.counts[to] = this.counts[from]!;
    this.lefts[to] = this.lefts[from]!;
    this.rights[to] = this.rights[from]!;
    this.positions[to] = this.positions[from]!;
  }

  private grow(): void {
    const n = this.counts.length * 2;
    const counts = new Float64Array(n);
    counts.set(this.counts);
    const lefts = new Int32Array(n);
    lefts.set(this.lefts);
    const rights = new Int32Array(n);
    rights.set(this.rights);
    const positions = new Int32Array(n);
    positions.set(this.positions);
    this.counts = counts;
    this.lefts = lefts;
    this.rights = rights;
    this.positions = positions;
  }
}
