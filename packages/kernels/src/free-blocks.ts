// The coalesced free blocks of a Heap: address maps that merge neighbours, and bins of size
// classes that find a block for a request in O(1) (a bitmap of non-empty bins).

/**
 * Size class of a request: multiples of 16 bytes up to 256, then four classes per power of two
 * (at most 25% rounding). A block is exactly its class's size, so a block freed by one request
 * fits the next request of that class, which is what training loops (the same shapes every step) need.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return Math.max(16, (bytes + 15) & ~15);
  const step = floorPow2(bytes - 1) / 4;
  return Math.ceil(bytes / step) * step;
}

/** The largest power of two <= x (x >= 1); bit arithmetic below 2^32, which is every block. */
function floorPow2(x: number): number {
  return x < 4294967296 ? (1 << (31 - Math.clz32(x))) >>> 0 : 2 ** Math.floor(Math.log2(x));
}

/**
 * Bin of a free block of `size` bytes (a multiple of 16): the largest size class <= size. Bins
 * 0-15 hold 16..240 and 256; then four bins per power of two, the boundaries of sizeClass. A
 * request's class is the lower bound of its bin, so every block in that bin or a higher one fits it.
 */
function binOf(size: number): number {
  if (size < 256) return (size >>> 4) - 1;
  if (size >= 4294967296) return BINS; // past every bin: no block is that large
  const level = 31 - Math.clz32(size);
  const power = (1 << level) >>> 0;
  return 15 + (level - 8) * 4 + Math.floor((size - power) / (power / 4));
}

/** Bins for every size below 2^32 bytes (a wasm32 memory's limit). */
const BINS = 15 + (32 - 8) * 4;

/**
 * Free blocks that are never adjacent to each other nor to the heap's top (both merge). Block
 * starts sit in stacks per bin; removal is lazy: an entry is valid while `at` still maps its start
 * to a size of that bin, others are dropped when met or when a stack is compacted.
 */
export class FreeBlocks {
  /** Bytes held by the blocks. */
  bytes = 0;
  private readonly at = new Map<number, number>(); // start -> size
  private readonly ending = new Map<number, number>(); // end -> start
  private readonly bins: number[][] = Array.from({ length: BINS }, () => []);
  private readonly binCount = new Int32Array(BINS); // valid entries per bin
  private readonly nonEmpty = new Uint32Array(Math.ceil(BINS / 32)); // bit b: binCount[b] > 0

  /** Number of blocks. */
  get count(): number {
    return this.at.size;
  }

  /**
   * Returns [start, start + size) to the set, merged with the free blocks on either side. A block
   * that then ends at `top` is not kept: the return value is the new top (its start), else `top`.
   */
  release(start: number, size: number, top: number): number {
    let end = start + size;
    const next = this.at.get(end);
    if (next !== undefined) {
      this.remove(end, next);
      end += next;
    }
    const previous = this.ending.get(start);
    if (previous !== undefined) {
      this.remove(previous, start - previous);
      start = previous;
    }
    if (end === top) return start;
    this.add(start, end - start);
    return top;
  }

  /** Takes a block of at least `size` bytes (a size class), splitting off the rest; -1 if none fits. */
  take(size: number): number {
    if (this.at.size === 0) return -1;
    const bin = this.firstBin(binOf(size));
    if (bin < 0) return -1;
    const stack = this.bins[bin]!;
    for (;;) {
      const ptr = stack.pop()!; // binCount[bin] > 0: a valid entry remains
      const blockSize = this.at.get(ptr);
      if (blockSize === undefined || binOf(blockSize) !== bin) continue; // stale
      this.remove(ptr, blockSize);
      if (blockSize > size) this.add(ptr + size, blockSize - size);
      return ptr;
    }
  }

  /** Calls `fn` with every block's start and size. */
  forEach(fn: (start: number, size: number) => void): void {
    this.at.forEach((size, start) => fn(start, size));
  }

  /** The first non-empty bin at or above `from`, or -1. */
  private firstBin(from: number): number {
    const words = this.nonEmpty;
    let w = from >>> 5;
    if (w >= words.length) return -1;
    let bits = words[w]! & (~0 << (from & 31));
    while (bits === 0) {
      if (++w === words.length) return -1;
      bits = words[w]!;
    }
    return w * 32 + 31 - Math.clz32(bits & -bits);
  }

  private add(start: number, size: number): void {
    this.at.set(start, size);
    this.ending.set(start + size, start);
    this.bytes += size;
    const bin = binOf(size);
    const stack = this.bins[bin]!;
    stack.push(start);
    if (this.binCount[bin]!++ === 0) this.nonEmpty[bin >>> 5]! |= 1 << (bin & 31);
    else if (stack.length > 2 * this.binCount[bin]! + 32) this.compact(bin);
  }

  private remove(start: number, size: number): void {
    this.at.delete(start);
    this.ending.delete(start + size);
    this.bytes -= size;
    const bin = binOf(size);
    if (--this.binCount[bin]! === 0) {
      this.nonEmpty[bin >>> 5]! &= ~(1 << (bin & 31));
      this.bins[bin]!.length = 0; // only stale entries were left
    }
  }

  /** Drops the stale (and repeated) entries of a bin's stack. */
  private compact(bin: number): void {
    const seen = new Set<number>();
    this.bins[bin] = this.bins[bin]!.filter((ptr) => {
      const size = this.at.get(ptr);
      if (size === undefined || binOf(size) !== bin || seen.has(ptr)) return false;
      seen.add(ptr);
      return true;
    });
  }
}
