import { describe, expect, it } from 'vitest';
import { OutOfMemoryError, ShapeError } from './errors.ts';
import { ALIGNMENT, Heap, PAGE_BYTES, sizeClass } from './heap.ts';
import { loadBackend } from './loader.ts';
import { unary } from './ops/elementwise.ts';
import { putF32, readF32 } from './testing.ts';

const makeHeap = (pages = 1, max = 64) => new Heap(new WebAssembly.Memory({ initial: pages, maximum: max }), 1000, max);

describe('Heap', () => {
  it('hands out 16-byte-aligned blocks above the base', () => {
    const heap = makeHeap();
    for (const bytes of [0, 1, 3, 16, 17, 255, 1000, 70000]) {
      const p = heap.alloc(bytes);
      expect(p % ALIGNMENT).toBe(0);
      expect(p).toBeGreaterThanOrEqual(1000);
    }
  });

  it('size classes round up by at most 25% and are monotone', () => {
    let prev = 0;
    for (let b = 1; b < 100000; b += 37) {
      const c = sizeClass(b);
      expect(c).toBeGreaterThanOrEqual(b);
      expect(c).toBeLessThanOrEqual(Math.max(b * 1.25, 16 + b));
      expect(c).toBeGreaterThanOrEqual(prev);
      prev = c;
    }
  });

  it('reuses freed blocks of the same class and keeps the heap flat over many cycles', () => {
    const heap = makeHeap();
    const a = heap.alloc(4000);
    heap.free(a);
    expect(heap.alloc(3990)).toBe(a);
    heap.free(a);
    const before = heap.stats().heapBytes;
    for (let i = 0; i < 1000; i++) {
      const ps = [heap.alloc(1 << 16), heap.alloc(100), heap.alloc(5000)];
      ps.forEach((p) => heap.free(p));
    }
    const s = heap.stats();
    expect(s.liveBlocks).toBe(0);
    expect(s.liveBytes).toBe(0);
    expect(s.heapBytes).toBeLessThanOrEqual(before + 2 * (1 << 16) + 3 * PAGE_BYTES);
  });

  it('reports live and free blocks and bytes', () => {
    const heap = makeHeap();
    const p = heap.alloc(100);
    const q = heap.alloc(200);
    expect(heap.stats()).toMatchObject({ liveBlocks: 2, liveBytes: 300, freeBlocks: 0 });
    heap.free(p);
    expect(heap.stats()).toMatchObject({ liveBlocks: 1, liveBytes: 200, freeBlocks: 1, freeBytes: 112 });
    expect(heap.stats().peakLiveBytes).toBe(300);
    heap.free(q);
  });

  it('throws on double free and foreign pointers', () => {
    const heap = makeHeap();
    const p = heap.alloc(64);
    heap.free(p);
    expect(() => heap.free(p)).toThrow(ShapeError);
    expect(() => heap.free(12345)).toThrow(/not a live block/);
  });

  it('throws OutOfMemoryError past the limit and stays usable', () => {
    const heap = makeHeap(1, 4);
    expect(() => heap.alloc(10 * PAGE_BYTES)).toThrow(OutOfMemoryError);
    const p = heap.alloc(1000);
    expect(heap.isLive(p)).toBe(true);
    expect(heap.stats().liveBlocks).toBe(1);
  });

  it('rejects bad sizes', () => {
    const heap = makeHeap();
    expect(() => heap.alloc(-1)).toThrow(ShapeError);
    expect(() => heap.alloc(1.5)).toThrow(ShapeError);
    expect(() => heap.alloc(2 ** 53)).toThrow(ShapeError);
    expect(heap.stats().liveBlocks).toBe(0);
  });

  it('checkRange rejects fractional, NaN, negative and misaligned pointers and counts, empty ranges included', () => {
    const heap = makeHeap();
    const p = heap.alloc(64);
    heap.checkRange(p, 16, 4, 'x');
    heap.checkRange(p + 64, 0, 4, 'x'); // an empty range at the end of the heap
    for (const ptr of [p + 2, p + 0.5, NaN, -4, -1024, Infinity, 2 ** 53, 2 ** 60]) {
      expect(() => heap.checkRange(ptr, 1, 4, 'x')).toThrow(ShapeError);
      expect(() => heap.checkRange(ptr, 0, 4, 'x')).toThrow(ShapeError);
    }
    expect(() => heap.checkRange(p + 1024, 0, 4, 'x')).toThrow(/past the heap's end/);
    for (const count of [0.5, NaN, -1, Infinity, 2 ** 53, 17]) {
      expect(() => heap.checkRange(p, count, 4, () => 'the x block')).toThrow(/the x block/);
    }
  });
});

describe('memory growth', () => {
  it('a view taken before growth is stale; views re-derived after it are correct', async () => {
    const backend = await loadBackend({ variant: 'simd', initialPages: 1 });
    const x = putF32(backend, [1, 2, 3, 4]);
    const stale = backend.heap.f32(x, 4);
    backend.heap.alloc(8 * PAGE_BYTES); // forces growth
    expect(stale.length).toBe(0); // detached: the reason views are never cached
    const y = unary(backend, 'square', x, 4);
    expect(Array.from(readF32(backend, y, 4))).toEqual([1, 4, 9, 16]);
  });

  it('grow torture grows the memory before every kernel call and results stay right', async () => {
    const backend = await loadBackend({ variant: 'simd', growTorture: true, initialPages: 1 });
    const x = putF32(backend, [1, -2, 3, -4]);
    const before = backend.heap.stats().heapBytes;
    const y = unary(backend, 'relu', x, 4);
    expect(backend.heap.stats().heapBytes).toBeGreaterThan(before);
    expect(Array.from(readF32(backend, y, 4))).toEqual([1, 0, 3, 0]);
  });
});
