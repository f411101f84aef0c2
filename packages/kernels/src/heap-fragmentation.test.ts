import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutOfMemoryError } from './errors.ts';
import { ALIGNMENT, Heap, PAGE_BYTES, sizeClass } from './heap.ts';

/** A heap over a fresh memory of `pages` pages that may grow to `max` pages. */
const makeHeap = (pages: number, max = pages) => new Heap(new WebAssembly.Memory({ initial: pages, maximum: max }), 1000, max);

/** The largest request whose size class fits in `bytes`. */
function largestClassWithin(bytes: number): number {
  for (let b = bytes; b > 0; b -= 16) if (sizeClass(b) <= bytes) return b;
  return 0;
}

/** Allocates blocks until fewer than `leave` + 16 bytes of the tail remain; returns them. */
function fillTail(heap: Heap, leave: number): number[] {
  const blocks: number[] = [];
  while (heap.stats().tailBytes - leave >= 16) blocks.push(heap.alloc(largestClassWithin(heap.stats().tailBytes - leave)));
  return blocks;
}

describe('Heap fragmentation', () => {
  it('freed neighbours merge: after freeing two 40% blocks, a 50% block fits without growing (the 3.2 GB case at small scale)', () => {
    const heap = makeHeap(64); // 4 MiB, fixed
    const big = Math.floor(0.4 * 64 * PAGE_BYTES);
    const a = heap.alloc(big), b = heap.alloc(big);
    heap.free(a);
    heap.free(b);
    const half = heap.alloc(32 * PAGE_BYTES);
    expect(half).toBe(a);
    expect(heap.stats()).toMatchObject({ liveBlocks: 1, liveBytes: 32 * PAGE_BYTES, freeBlocks: 0, freeBytes: 0, growCount: 0 });
  });

  it('a large free block serves smaller requests by splitting, and the rest stays free', () => {
    const heap = makeHeap(2); // 128 KiB, fixed
    const a = heap.alloc(64 * 1024);
    const guard = heap.alloc(16);
    const filler = fillTail(heap, 64); // leave less than any request below in the tail
    heap.free(a);
    const parts = [heap.alloc(16 * 1024), heap.alloc(1000), heap.alloc(20 * 1024)];
    for (const p of parts) {
      expect(p).toBeGreaterThanOrEqual(a);
      expect(p).toBeLessThan(a + 64 * 1024);
    }
    const rest = 64 * 1024 - sizeClass(16 * 1024) - sizeClass(1000) - sizeClass(20 * 1024);
    expect(heap.stats()).toMatchObject({ freeBlocks: 1, freeBytes: rest, largestFreeBytes: rest, growCount: 0 });
    // Freeing the parts in any order gives the whole block back.
    parts.forEach((p) => heap.free(p));
    expect(heap.alloc(64 * 1024)).toBe(a);
    [guard, ...filler].forEach((p) => heap.free(p));
  });

  it('a block freed between two free blocks merges with both', () => {
    const heap = makeHeap(1);
    const [x, y, z] = [heap.alloc(4096), heap.alloc(4096), heap.alloc(4096)];
    const guard = heap.alloc(16);
    fillTail(heap, 64);
    heap.free(x);
    heap.free(z);
    heap.free(y);
    expect(heap.stats().largestFreeBytes).toBe(3 * 4096);
    expect(heap.alloc(3 * 4096)).toBe(x);
    expect(heap.stats()).toMatchObject({ freeBlocks: 0, growCount: 0 });
    expect(heap.isLive(guard)).toBe(true);
  });

  it('free blocks that reach the top give their bytes back to the tail before the memory grows', () => {
    const heap = makeHeap(1, 2);
    const keep = heap.alloc(100);
    const ps = [heap.alloc(5000), heap.alloc(7000), heap.alloc(9000)];
    ps.forEach((p) => heap.free(p));
    const { tailBytes, freeBytes } = heap.stats();
    const request = sizeClass(tailBytes + 1); // more than the tail holds, less than the tail and the freed blocks
    expect(request).toBeLessThanOrEqual(tailBytes + freeBytes);
    expect(heap.alloc(request)).toBe(ps[0]); // the three blocks rejoined the tail
    expect(heap.stats()).toMatchObject({ growCount: 0, freeBlocks: 0, freeBytes: 0 });
    expect(heap.isLive(keep)).toBe(true);
  });

  it('OutOfMemoryError says how much is live, how much is free and the largest free block', () => {
    const heap = makeHeap(16); // 1 MiB, fixed
    const a = heap.alloc(300_000), b = heap.alloc(300_000), c = heap.alloc(300_000);
    heap.free(a);
    heap.free(c);
    const stats = heap.stats();
    const error = (() => {
      try {
        heap.alloc(700_000);
      } catch (e) {
        return e as OutOfMemoryError;
      }
      throw new Error('expected OutOfMemoryError');
    })();
    expect(error).toBeInstanceOf(OutOfMemoryError);
    expect(error.code).toBe('OUT_OF_MEMORY');
    const liveBlock = sizeClass(300_000);
    expect(error).toMatchObject({
      requestedBytes: 700_000, heapBytes: 16 * PAGE_BYTES, maximumBytes: 16 * PAGE_BYTES,
      liveBytes: 300_000, liveBlocks: 1, freeBytes: 16 * PAGE_BYTES - heap.base - liveBlock,
    });
    // c merged into the tail, a stayed a block of its own: the larger of the two is the largest.
    expect(error.largestFreeBytes).toBe(Math.max(liveBlock, 16 * PAGE_BYTES - (b + liveBlock)));
    expect(error.message).toMatch(/300000 bytes .* live in 1 block/);
    expect(error.message).toContain(`${error.freeBytes} bytes`);
    expect(error.message).toContain(`largest free block ${error.largestFreeBytes} bytes`);
    // Nothing changed but the merging of free neighbours; the heap stays usable.
    expect(heap.stats()).toMatchObject({ liveBlocks: stats.liveBlocks, liveBytes: stats.liveBytes, heapBytes: stats.heapBytes });
    expect(heap.alloc(200_000)).toBeGreaterThan(0);
  });
});

type Op = { kind: 'alloc'; bytes: number } | { kind: 'free'; pick: number };

describe('Heap property: random alloc/free sequences', () => {
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('alloc' as const), bytes: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 0, max: 200_000 })) }),
    fc.record({ kind: fc.constant('free' as const), pick: fc.nat() }),
  );

  it('live blocks never overlap, stay aligned and keep their contents; stats are exact; all freed, the whole heap is one block', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const heap = makeHeap(1, 8); // 64 KiB growing to 512 KiB
        const live = new Map<number, { bytes: number; tag: number }>();
        let tag = 0;
        const check = () => {
          const stats = heap.stats();
          const blocks = [...live].sort((p, q) => p[0] - q[0]);
          let end = heap.base, largestGap = 0, blockBytes = 0, requested = 0;
          for (const [ptr, { bytes, tag: t }] of blocks) {
            expect(ptr % ALIGNMENT).toBe(0);
            expect(ptr).toBeGreaterThanOrEqual(end); // no overlap with the previous block
            largestGap = Math.max(largestGap, ptr - end);
            end = ptr + sizeClass(Math.max(bytes, 1));
            blockBytes += sizeClass(Math.max(bytes, 1));
            requested += bytes;
            const words = heap.i32(ptr, bytes >> 2);
            if (words.length > 0) expect([words[0], words[words.length - 1]]).toEqual([t, t]);
          }
          expect(end).toBeLessThanOrEqual(stats.heapBytes);
          largestGap = Math.max(largestGap, stats.heapBytes - end);
          expect(stats).toMatchObject({ liveBlocks: live.size, liveBytes: requested, largestFreeBytes: largestGap });
          expect(heap.base + blockBytes + stats.freeBytes + stats.tailBytes).toBe(stats.heapBytes);
        };
        for (const o of ops) {
          if (o.kind === 'alloc') {
            let ptr: number;
            try {
              ptr = heap.alloc(o.bytes);
            } catch (e) {
              expect(e).toBeInstanceOf(OutOfMemoryError);
              continue;
            }
            expect(live.has(ptr)).toBe(false);
            live.set(ptr, { bytes: o.bytes, tag: ++tag });
            heap.i32(ptr, o.bytes >> 2).fill(tag);
          } else if (live.size > 0) {
            const ptr = [...live.keys()][o.pick % live.size]!;
            heap.free(ptr);
            live.delete(ptr);
          }
          check();
        }
        for (const ptr of live.keys()) heap.free(ptr);
        live.clear();
        check();
        const { heapBytes, growCount } = heap.stats();
        const whole = largestClassWithin(heapBytes - heap.base);
        expect(heap.alloc(whole)).toBeGreaterThanOrEqual(heap.base);
        expect(heap.stats().growCount).toBe(growCount);
      }),
      { seed: 20261207, numRuns: 1000 },
    );
  });
});
