/**
 * Priority queue of (rank, position) for very long pieces: one bucket per rank, each bucket a few
 * runs of increasing positions (growable Int32Arrays), and a small binary heap over the ranks that
 * have entries. Merges sweep left to right, so positions arrive in order within a sweep and each
 * bucket keeps only a few runs: popping costs O(runs in the bucket), pushing O(1) amortized, and
 * memory is accessed in order. Pops come in exactly (rank, position) order, like the heap.
 */

class Run {
  data: Int32Array;
  length = 0;
  cursor = 0;

  constructor(data: Int32Array, length: number) {
    this.data = data;
    this.length = length;
  }

  push(position: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = position;
  }
}

class Bucket {
  runs: Run[] = [];
  count = 0;
  queued = false;
}

export class RankBuckets {
  private readonly buckets: Array<Bucket | undefined>;
  /** Ranks whose bucket exists (reset() clears only these). */
  private readonly touched: number[] = [];
  /** Per-rank counts used by fill(); all zero between calls. */
  private readonly counts: Int32Array;
  private readonly ranks: number[] = [];
  /** Rank and position of the last pop. */
  rank = 0;
  position = 0;

  /** Ranks must lie in [0, rankCount). Reusable: call reset() after a piece. */
  constructor(rankCount: number) {
    this.buckets = new Array<Bucket | undefined>(rankCount).fill(undefined);
    this.counts = new Int32Array(rankCount);
  }

  /** Empties the queue, touching only the buckets that were used. */
  reset(): void {
    for (const r of this.touched) this.buckets[r] = undefined;
    this.touched.length = 0;
    this.ranks.length = 0;
  }

  /**
   * Queues every pair of a fresh piece at once: ranks[i * stride + offset] is the rank of the pair at
   * position i (noMerge for none). Positions are grouped by rank in one array, in order.
   */
  fill(ranks: Int32Array, stride: number, offset: number, count: number, noMerge: number): void {
    const counts = this.counts;
    const seen: number[] = [];
    let total = 0;
    for (let i = 0; i < count; i++) {
      const r = ranks[i * stride + offset]!;
      if (r === noMerge) continue;
      if (counts[r]!++ === 0) seen.push(r);
      total++;
    }
    seen.sort((x, y) => x - y);
    const sorted = new Int32Array(total);
    // counts[r] becomes the write cursor of rank r, then its end
    let at = 0;
    for (const r of seen) {
      const size = counts[r]!;
      counts[r] = at;
      at += size;
    }
    for (let i = 0; i < count; i++) {
      const r = ranks[i * stride + offset]!;
      if (r !== noMerge) sorted[counts[r]!++] = i;
    }
    let start = 0;
    for (const r of seen) {
      const end = counts[r]!;
      const size = end - start;
      counts[r] = 0;
      const bucket = new Bucket();
      bucket.runs.push(new Run(sorted.subarray(start, end), size));
      bucket.count = size;
      start = end;
      bucket.queued = true;
      this.buckets[r] = bucket;
      this.touched.push(r);
      this.ranks.push(r); // increasing order is a valid heap
    }
  }

  push(rank: number, position: number): void {
    let bucket = this.buckets[rank];
    if (bucket === undefined) {
      bucket = new Bucket();
      this.buckets[rank] = bucket;
      this.touched.push(rank);
    }
    const runs = bucket.runs;
    const last = runs.length === 0 ? undefined : runs[runs.length - 1]!;
    if (last !== undefined && last.cursor >= last.length) {
      last.length = 0; // exhausted: reuse it
      last.cursor = 0;
      last.push(position);
    } else if (last !== undefined && last.data[last.length - 1]! <= position) last.push(position);
    else {
      const run = new Run(new Int32Array(16), 0);
      run.push(position);
      runs.push(run);
    }
    bucket.count++;
    if (!bucket.queued) {
      bucket.queued = true;
      this.pushRank(rank);
    }
  }

  /** Pops the smallest (rank, position) into `rank`/`position`; false when empty. */
  pop(): boolean {
    const ranks = this.ranks;
    while (ranks.length > 0) {
      const rank = ranks[0]!;
      const bucket = this.buckets[rank]!;
      if (bucket.count === 0) {
        this.popRank();
        bucket.queued = false;
        bucket.runs = [];
        continue;
      }
      const runs = bucket.runs;
      let best: Run | undefined;
      let bestIndex = 0;
      let bestPosition = 0;
      for (let i = 0; i < runs.length; i++) {
        const run = runs[i]!;
        if (run.cursor < run.length) {
          const p = run.data[run.cursor]!;
          if (best === undefined || p < bestPosition) {
            best = run;
            bestIndex = i;
            bestPosition = p;
          }
        }
      }
      best!.cursor++;
      if (best!.cursor === best!.length && bestIndex < runs.length - 1) runs.splice(bestIndex, 1);
      bucket.count--;
      this.rank = rank;
      this.position = bestPosition;
      return true;
    }
    return false;
  }

  private pushRank(rank: number): void {
    const heap = this.ranks;
    let i = heap.length;
    heap.push(rank);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]! <= rank) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = rank;
  }

  private popRank(): void {
    const heap = this.ranks;
    const last = heap.pop()!;
    if (heap.length === 0) return;
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
}
