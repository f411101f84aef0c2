// The per-heap blocks the wrappers keep between calls (GEMM packing workspace, conv workspace, the
// i32 scratch of shapes and strides): when growing one runs out of memory, the freed old block must
// not stay cached, or the next call writes into whatever block the heap hands out there next.
import { describe, expect, it } from 'vitest';
import { OutOfMemoryError } from '../errors.ts';
import type { Heap } from '../heap.ts';
import { loadBackend } from '../loader.ts';
import { gemm, gemmWorkspaceFloats } from './gemm.ts';
import { scratchBlock } from './checks.ts';

const PAGES = 24; // 1.5 MiB: small enough to fill

/** Allocates blocks of `bytes` until the heap is full. */
function fill(heap: Heap, bytes = 16384): number[] {
  const blocks: number[] = [];
  for (;;) {
    try {
      blocks.push(heap.alloc(bytes));
    } catch (error) {
      expect(error).toBeInstanceOf(OutOfMemoryError);
      break;
    }
  }
  return blocks;
}

describe('cached per-heap blocks after a failed growth', () => {
  it('GEMM: a workspace that failed to grow is not reused by the next call', async () => {
    const backend = await loadBackend({ variant: 'simd', maximumPages: PAGES });
    const heap = backend.heap;
    const small = (c: number) => {
      const a = heap.alloc(16 * 16 * 4), b = heap.alloc(16 * 16 * 4);
      heap.f32(a, 256).fill(1);
      heap.f32(b, 256).fill(2);
      gemm(backend, { m: 16, n: 16, k: 16, a, b, c });
      heap.free(a);
      heap.free(b);
    };
    const c = heap.alloc(16 * 16 * 4);
    small(c); // caches a small workspace
    const n = 256;
    const a = heap.alloc(n * n * 4), b = heap.alloc(n * n * 4), out = heap.alloc(n * n * 4);
    const fillers = fill(heap);
    expect(() => gemm(backend, { m: n, n, k: n, a, b, c: out })).toThrow(OutOfMemoryError);
    // The old workspace is free now; a canary may take its place.
    const words = gemmWorkspaceFloats(16, 16, 16);
    const canaries = fill(heap, words * 4);
    for (const p of canaries) heap.f32(p, words).fill(7);
    for (const p of fillers.splice(0, 16)) heap.free(p); // room for a fresh workspace
    small(c);
    for (const p of canaries) expect(heap.f32(p, words).every((v) => v === 7)).toBe(true);
    expect(heap.f32(c, 256).every((v) => v === 32)).toBe(true);
  });

  it('scratch: a scratch block that failed to grow is not handed out again', async () => {
    const backend = await loadBackend({ variant: 'simd', maximumPages: PAGES });
    const heap = backend.heap;
    const first = scratchBlock(backend, 64);
    const fillers = fill(heap);
    expect(() => scratchBlock(backend, 1 << 20)).toThrow(OutOfMemoryError);
    const canary = heap.alloc(first.bytes); // may reuse the freed scratch block
    heap.u8(canary, first.bytes).fill(7);
    for (const p of fillers.splice(0, 4)) heap.free(p);
    const again = scratchBlock(backend, 64);
    again.view.fill(-1);
    expect(heap.u8(canary, first.bytes).every((v) => v === 7)).toBe(true);
  });
});
