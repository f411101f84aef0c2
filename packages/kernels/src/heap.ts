import { type HeapUsage, OutOfMemoryError, ShapeError } from './errors.ts';
import { FreeBlocks, sizeClass } from './free-blocks.ts';

/** Bytes in one WebAssembly page. */
export const PAGE_BYTES = 65536;
/** Every block starts on a 16-byte boundary, the alignment of a v128 load. */
export const ALIGNMENT = 16;

export interface HeapStats {
  /** Blocks handed out and not yet freed. */
  liveBlocks: number;
  /** Bytes requested by the live blocks (before rounding to size classes). */
  liveBytes: number;
  /** Freed blocks below the heap's top, waiting to be reused (neighbours merge before the memory grows). */
  freeBlocks: number;
  /** Bytes held by the free blocks. */
  freeBytes: number;
  /** Bytes above the top block up to the end of the memory: free too, served without growth. */
  tailBytes: number;
  /** The largest contiguous free range (adjacent free blocks and the tail count as one): the largest request served without growth. */
  largestFreeBytes: number;
  /** Size of the WebAssembly memory in bytes. */
  heapBytes: number;
  /** Largest `liveBytes` seen. */
  peakLiveBytes: number;
  /** How many times the memory grew. */
  growCount: number;
}

export { sizeClass };

function label(what: string | (() => string)): string {
  return typeof what === 'string' ? what : what();
}

/**
 * The one allocator of a kernel module's memory. JavaScript owns the memory; kernels never
 * allocate. Block sizes live in JS maps, not in wasm memory, so a kernel that writes past its
 * output cannot corrupt the allocator's state.
 *
 * Blocks are carved from `base` upwards; `top` is the end of the highest one and the memory
 * above it is the free tail. A freed block goes to the stack of its size class and the next
 * request of that class takes it back (the common case: two map operations). A request that
 * finds no block of its class takes one from the coalesced free blocks (splitting off the rest),
 * else from the tail. Only when the tail is too small are the freed blocks coalesced (merged
 * with their free neighbours; those that reach the top give it back to the tail) and the request
 * retried, before the memory grows: so the memory never grows while a free range could serve.
 *
 * Views: `memory.grow` detaches every ArrayBuffer view of non-shared memory. `f32`, `i32` and
 * `f64` return fresh views on each call; never keep one across a call that may allocate.
 */
export class Heap {
  readonly memory: WebAssembly.Memory;
  /** First byte the allocator may use (after the module's static data). */
  readonly base: number;
  readonly maximumBytes: number;
  private top: number;
  /** memory.buffer.byteLength as last seen (reading it costs more than a map lookup); never too large. */
  private knownBytes: number;
  private readonly live = new Map<number, number>(); // ptr -> requested bytes (the block is its sizeClass)
  private readonly freed = new Map<number, number[]>(); // class bytes -> freed blocks not yet coalesced
  private freedBlocks = 0;
  private freedBytes = 0;
  private readonly coalesced = new FreeBlocks();
  private liveBytes = 0;
  private liveBlockBytes = 0;
  private peakLiveBytes = 0;
  private growCount = 0;

  constructor(memory: WebAssembly.Memory, base: number, maximumPages = 65536) {
    this.memory = memory;
    this.base = Math.ceil(Math.max(base, ALIGNMENT) / ALIGNMENT) * ALIGNMENT;
    this.top = this.base;
    this.knownBytes = memory.buffer.byteLength;
    this.maximumBytes = maximumPages * PAGE_BYTES;
  }

  /** Allocates a 16-byte-aligned block of at least `bytes` bytes (contents undefined). */
  alloc(bytes: number): number {
    if (!Number.isSafeInteger(bytes) || bytes < 0) {
      throw new ShapeError(`Heap.alloc: bytes must be a non-negative integer, got ${bytes}`);
    }
    const size = sizeClass(Math.max(bytes, 1));
    const stack = this.freed.get(size);
    let ptr: number;
    if (stack !== undefined && stack.length > 0) {
      ptr = stack.pop()!;
      this.freedBlocks--;
      this.freedBytes -= size;
    } else {
      ptr = this.carve(size, bytes);
    }
    this.live.set(ptr, bytes);
    this.liveBytes += bytes;
    this.liveBlockBytes += size;
    if (this.liveBytes > this.peakLiveBytes) this.peakLiveBytes = this.liveBytes;
    return ptr;
  }

  /** Returns a block for reuse (see the class comment). Freeing an unknown or already freed pointer throws. */
  free(ptr: number): void {
    const bytes = this.live.get(ptr);
    if (bytes === undefined) {
      throw new ShapeError(`Heap.free: ${ptr} is not a live block (double free or foreign pointer)`);
    }
    this.live.delete(ptr);
    this.liveBytes -= bytes;
    const size = sizeClass(Math.max(bytes, 1));
    this.liveBlockBytes -= size;
    let stack = this.freed.get(size);
    if (stack === undefined) this.freed.set(size, (stack = []));
    stack.push(ptr);
    this.freedBlocks++;
    this.freedBytes += size;
  }

  /** True while `ptr` is a block returned by `alloc` and not yet released. */
  isLive(ptr: number): boolean {
    return this.live.has(ptr);
  }

  /** Requested size of a live block. */
  sizeOf(ptr: number): number {
    const bytes = this.live.get(ptr);
    if (bytes === undefined) throw new ShapeError(`Heap.sizeOf: ${ptr} is not a live block`);
    return bytes;
  }

  /** Grows the memory by `pages` pages (used by the grow-torture test mode). */
  grow(pages: number): void {
    if (!Number.isSafeInteger(pages) || pages < 0) throw new ShapeError(`Heap.grow: pages must be a non-negative integer, got ${pages}`);
    const current = this.memory.buffer.byteLength;
    if (current + pages * PAGE_BYTES > this.maximumBytes) {
      throw new OutOfMemoryError(pages * PAGE_BYTES, current, this.maximumBytes, this.usage());
    }
    this.memory.grow(pages);
    this.knownBytes = this.memory.buffer.byteLength;
    this.growCount++;
  }

  stats(): HeapStats {
    const heapBytes = this.memory.buffer.byteLength;
    return {
      liveBlocks: this.live.size,
      liveBytes: this.liveBytes,
      freeBlocks: this.freedBlocks + this.coalesced.count,
      freeBytes: this.freedBytes + this.coalesced.bytes,
      tailBytes: heapBytes - this.top,
      largestFreeBytes: this.largestFree(heapBytes),
      heapBytes,
      peakLiveBytes: this.peakLiveBytes,
      growCount: this.growCount,
    };
  }

  /**
   * Throws ShapeError unless `ptr` is a non-negative integer aligned to `elementBytes`, `count` a
   * non-negative integer, and `[ptr, ptr + count * elementBytes)` lies inside the allocator's
   * region (an empty range may sit at its end, never past it). `what` names the argument in the
   * message (pass a function when the name is costly to build: it is called only on failure).
   */
  checkRange(ptr: number, count: number, elementBytes: number, what: string | (() => string)): void {
    // Element sizes are powers of two: a mask, not a modulo by a variable (a slow float op in V8).
    if (!Number.isSafeInteger(ptr) || ptr < 0 || misaligned(ptr, elementBytes)) {
      throw new ShapeError(`${label(what)}: pointer ${ptr} is not aligned to ${elementBytes} bytes (expected a non-negative integer multiple of ${elementBytes})`);
    }
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new ShapeError(`${label(what)}: element count must be a non-negative integer, got ${count}`);
    }
    if (count === 0) {
      if (ptr > this.top) throw new ShapeError(`${label(what)}: pointer ${ptr} lies past the heap's end ${this.top}`);
      return;
    }
    const end = ptr + count * elementBytes;
    if (ptr < this.base || end > this.top) {
      throw new ShapeError(
        `${label(what)}: range [${ptr}, ${end}) lies outside the heap [${this.base}, ${this.top})`,
      );
    }
  }

  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, length);
  }
  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, ptr, length);
  }
  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, length);
  }
  u8(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, ptr, length);
  }

  /** A block of `size` bytes from the coalesced free blocks or the tail (coalescing, then growing, if needed). */
  private carve(size: number, requested: number): number {
    let ptr = this.coalesced.take(size);
    if (ptr >= 0) return ptr;
    if (this.top + size > this.knownBytes) {
      if (this.freedBlocks > 0) {
        this.coalesce();
        ptr = this.coalesced.take(size);
        if (ptr >= 0) return ptr;
      }
      if (this.top + size > this.knownBytes) this.growTo(this.top + size, requested);
    }
    ptr = this.top;
    this.top += size;
    return ptr;
  }

  /** Moves every freed block into the coalesced set (merged with its neighbours, or into the tail). */
  private coalesce(): void {
    for (const [size, stack] of this.freed) {
      for (const ptr of stack) this.top = this.coalesced.release(ptr, size, this.top);
      stack.length = 0;
    }
    this.freedBlocks = 0;
    this.freedBytes = 0;
  }

  /** The largest contiguous free range of the memory (freed blocks side by side count as one). */
  private largestFree(heapBytes: number): number {
    const ranges: [number, number][] = [];
    this.coalesced.forEach((start, size) => ranges.push([start, start + size]));
    for (const [size, stack] of this.freed) for (const ptr of stack) ranges.push([ptr, ptr + size]);
    ranges.sort((a, b) => a[0]! - b[0]!);
    ranges.push([this.top, heapBytes]);
    let largest = 0, start = -1, end = -1;
    for (const [s, e] of ranges) {
      if (s !== end) start = s;
      end = e;
      largest = Math.max(largest, end - start);
    }
    return largest;
  }

  private usage(): HeapUsage {
    const heapBytes = this.memory.buffer.byteLength;
    return {
      liveBytes: this.liveBytes,
      liveBlocks: this.live.size,
      freeBytes: heapBytes - this.base - this.liveBlockBytes,
      largestFreeBytes: this.largestFree(heapBytes),
    };
  }

  private growTo(end: number, requested: number): void {
    const current = (this.knownBytes = this.memory.buffer.byteLength); // it may have grown elsewhere
    if (end <= current) return;
    // Grow geometrically (at least 1/8 of the heap) so many small steps do not each grow.
    const wanted = Math.max(end, current + Math.floor(current / 8));
    const limit = Math.min(this.maximumBytes, 65536 * PAGE_BYTES);
    const target = Math.min(Math.max(wanted, end), limit);
    if (end > limit) throw new OutOfMemoryError(requested, current, limit, this.usage());
    const pages = Math.ceil((target - current) / PAGE_BYTES);
    if (pages <= 0) return;
    try {
      this.memory.grow(pages);
    } catch {
      // The engine may refuse the geometric step; retry with exactly what is needed.
      const minimum = Math.ceil((end - current) / PAGE_BYTES);
      try {
        this.memory.grow(minimum);
      } catch {
        throw new OutOfMemoryError(requested, current, limit, this.usage());
      }
    }
    this.knownBytes = this.memory.buffer.byteLength;
    this.growCount++;
  }
}

/** ptr (a non-negative safe integer) is not a multiple of elementBytes; a mask for powers of two (every element size). */
function misaligned(ptr: number, elementBytes: number): boolean {
  return (elementBytes & (elementBytes - 1)) === 0 ? (ptr & (elementBytes - 1)) !== 0 : ptr % elementBytes !== 0;
}
