import { OutOfMemoryError, ShapeError } from './errors.ts';

/** Bytes in one WebAssembly page. */
export const PAGE_BYTES = 65536;
/** Every block starts on a 16-byte boundary, the alignment of a v128 load. */
export const ALIGNMENT = 16;

export interface HeapStats {
  /** Blocks handed out and not yet freed. */
  liveBlocks: number;
  /** Bytes requested by the live blocks (before rounding to size classes). */
  liveBytes: number;
  /** Freed blocks waiting to be reused. */
  freeBlocks: number;
  /** Bytes held by the free blocks. */
  freeBytes: number;
  /** Size of the WebAssembly memory in bytes. */
  heapBytes: number;
  /** Largest `liveBytes` seen. */
  peakLiveBytes: number;
  /** How many times the memory grew. */
  growCount: number;
}

/**
 * Size class of a request: multiples of 16 bytes up to 256, then four classes per power of two
 * (at most 25% rounding). Freed blocks go to the list of their class and are reused by the next
 * request of that class, which is what training loops (the same shapes every step) need.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return Math.max(ALIGNMENT, (bytes + 15) & ~15);
  const power = 2 ** Math.floor(Math.log2(bytes - 1));
  const step = power / 4;
  return Math.ceil(bytes / step) * step;
}

/**
 * The one allocator of a kernel module's memory. JavaScript owns the memory; kernels never
 * allocate. Block sizes live in a JS map, not in wasm memory, so a kernel that writes past its
 * output cannot corrupt the allocator's state.
 *
 * Views: `memory.grow` detaches every ArrayBuffer view of non-shared memory. `f32`, `i32` and
 * `f64` return fresh views on each call; never keep one across a call that may allocate.
 */
function label(what: string | (() => string)): string {
  return typeof what === 'string' ? what : what();
}

export class Heap {
  readonly memory: WebAssembly.Memory;
  /** First byte the allocator may use (after the module's static data). */
  readonly base: number;
  readonly maximumBytes: number;
  private top: number;
  private readonly live = new Map<number, number>(); // ptr -> requested bytes
  private readonly classOf = new Map<number, number>(); // ptr -> class bytes, live and free
  private readonly freeLists = new Map<number, number[]>(); // class bytes -> free ptrs
  private liveBytes = 0;
  private freeBlocks = 0;
  private freeBytes = 0;
  private peakLiveBytes = 0;
  private growCount = 0;

  constructor(memory: WebAssembly.Memory, base: number, maximumPages = 65536) {
    this.memory = memory;
    this.base = Math.ceil(Math.max(base, ALIGNMENT) / ALIGNMENT) * ALIGNMENT;
    this.top = this.base;
    this.maximumBytes = maximumPages * PAGE_BYTES;
  }

  /** Allocates a 16-byte-aligned block of at least `bytes` bytes (contents undefined). */
  alloc(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0) {
      throw new ShapeError(`Heap.alloc: bytes must be a non-negative integer, got ${bytes}`);
    }
    const cls = sizeClass(Math.max(bytes, 1));
    const list = this.freeLists.get(cls);
    let ptr: number;
    if (list !== undefined && list.length > 0) {
      ptr = list.pop()!;
      this.freeBlocks--;
      this.freeBytes -= cls;
    } else {
      const end = this.top + cls;
      this.ensure(end, bytes);
      ptr = this.top;
      this.top = end;
      this.classOf.set(ptr, cls);
    }
    this.live.set(ptr, bytes);
    this.liveBytes += bytes;
    if (this.liveBytes > this.peakLiveBytes) this.peakLiveBytes = this.liveBytes;
    return ptr;
  }

  /** Returns a block to its size class. Freeing an unknown or already freed pointer throws. */
  free(ptr: number): void {
    const bytes = this.live.get(ptr);
    if (bytes === undefined) {
      throw new ShapeError(`Heap.free: ${ptr} is not a live block (double free or foreign pointer)`);
    }
    this.live.delete(ptr);
    this.liveBytes -= bytes;
    const cls = this.classOf.get(ptr)!;
    let list = this.freeLists.get(cls);
    if (list === undefined) this.freeLists.set(cls, (list = []));
    list.push(ptr);
    this.freeBlocks++;
    this.freeBytes += cls;
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
    const current = this.memory.buffer.byteLength;
    if (current + pages * PAGE_BYTES > this.maximumBytes) {
      throw new OutOfMemoryError(pages * PAGE_BYTES, current, this.maximumBytes);
    }
    this.memory.grow(pages);
    this.growCount++;
  }

  stats(): HeapStats {
    return {
      liveBlocks: this.live.size,
      liveBytes: this.liveBytes,
      freeBlocks: this.freeBlocks,
      freeBytes: this.freeBytes,
      heapBytes: this.memory.buffer.byteLength,
      peakLiveBytes: this.peakLiveBytes,
      growCount: this.growCount,
    };
  }

  /**
   * Throws ShapeError unless `[ptr, ptr + count * elementBytes)` lies inside the allocator's
   * region and `ptr` is aligned to `elementBytes`. `what` names the argument in the message (pass
   * a function when the name is costly to build: it is called only on failure).
   */
  checkRange(ptr: number, count: number, elementBytes: number, what: string | (() => string)): void {
    if (!Number.isInteger(ptr) || ptr % elementBytes !== 0) {
      throw new ShapeError(`${label(what)}: pointer ${ptr} is not aligned to ${elementBytes} bytes`);
    }
    if (!Number.isInteger(count) || count < 0) {
      throw new ShapeError(`${label(what)}: element count must be a non-negative integer, got ${count}`);
    }
    if (count === 0) return;
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

  private ensure(end: number, requested: number): void {
    if (end > this.memory.buffer.byteLength) this.growTo(end, requested);
  }

  private growTo(end: number, requested: number): void {
    const current = this.memory.buffer.byteLength;
    // Grow geometrically (at least 1/8 of the heap) so many small steps do not each grow.
    const wanted = Math.max(end, current + Math.floor(current / 8));
    const limit = Math.min(this.maximumBytes, 65536 * PAGE_BYTES);
    const target = Math.min(Math.max(wanted, end), limit);
    if (end > limit) throw new OutOfMemoryError(requested, current, limit);
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
        throw new OutOfMemoryError(requested, current, limit);
      }
    }
    this.growCount++;
  }
}
