// Ops that allocate more than once (or whose kernels take a workspace) on a small heap: a ballast
// tensor leaves a little less free memory on each try, so every op eventually runs out of memory
// between two of its allocations. Each try must succeed or throw OutOfMemoryError, and leave
// the live tensors and bytes where they were (nothing allocated before the failure survives).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackend } from '@neurite/kernels';
import {
  add, argmax, conv2d, cumsum, dispose, init, linear, matmul, maxPool2d, memory, OutOfMemoryError, rand, recurrentSequence, softmax,
  softmaxCrossEntropy, sum, type Tensor, tensor, variance, where, zeros,
} from '../index.ts';

const PAGES = 64; // a 4 MiB heap

beforeAll(async () => {
  await init(await loadBackend({ variant: 'simd', maximumPages: PAGES }));
});

/** Allocates tensors of `elements` float32 values until the heap is full. */
function fill(into: Tensor[], elements: number): void {
  for (;;) {
    try {
      into.push(zeros([elements]));
    } catch (error) {
      if (error instanceof OutOfMemoryError) return;
      throw error;
    }
  }
}

/**
 * Fills the heap with ballast (16 KiB blocks, then 256-byte ones), then runs `op` and frees one
 * ballast block after each try, until the op has succeeded twice. Returns the counts.
 */
function squeeze(op: () => unknown): { ok: number; outOfMemory: number } {
  const ballast: Tensor[] = [];
  fill(ballast, 4096);
  fill(ballast, 64);
  let ok = 0, outOfMemory = 0;
  while (ok < 2 && ballast.length > 0) {
    const before = memory();
    try {
      dispose(op()); // outside any scope: only the op itself may clean up after a failure
      ok++;
    } catch (error) {
      if (!(error instanceof OutOfMemoryError)) throw error;
      outOfMemory++;
    }
    const after = memory();
    expect(after.liveTensors).toBe(before.liveTensors);
    expect(after.liveBytes).toBe(before.liveBytes);
    ballast.pop()!.dispose();
  }
  for (const t of ballast) t.dispose();
  return { ok, outOfMemory };
}

describe('running out of memory inside an op leaks nothing', () => {
  it('every multi-allocation op succeeds or throws OutOfMemoryError with nothing left behind', () => {
    const x = rand([2, 24, 24, 8], { seed: 1, requiresGrad: true }), w = rand([3, 3, 8, 8], { seed: 2 });
    const logits = rand([256, 100], { seed: 3 }), labels = tensor(new Int32Array(256).map((_, i) => i % 100));
    const m = rand([64, 96], { seed: 4 }), batch = rand([4, 64, 32], { seed: 5 }), ints = tensor(new Int32Array(4096).map((_, i) => i % 7), [64, 64]);
    const wide = rand([4, 2048], { seed: 11 }), wideInts = tensor(new Int32Array(8192).map((_, i) => i % 5), [4, 2048]);
    const rhs = rand([1, 32, 16], { seed: 8 }), weight = rand([96, 32], { seed: 9 }), column = rand([64, 1], { seed: 10 });
    const xp = rand([4, 6, 4 * 32], { seed: 6 }), whh = rand([4 * 32, 32], { seed: 7 }), h0 = zeros([4, 32]);
    const ops: Record<string, () => unknown> = {
      conv2d: () => conv2d(x, w, { padding: 1, activation: 'relu' }),
      maxPool2d: () => maxPool2d(x, 2),
      softmaxCrossEntropy: () => softmaxCrossEntropy(logits, labels),
      variance: () => variance(wide, 0),
      'sum over axes 0 and 2': () => sum(batch, [0, 2]),
      'softmax on axis 0': () => softmax(batch, 0),
      'argmax of int32': () => argmax(wideInts, 0),
      'matmul with a broadcast batch': () => matmul(batch, rhs),
      'linear with an activation': () => linear(m, weight, null, { activation: 'tanh' }),
      'add of int32 and float32': () => add(ints, column),
      'where with casts': () => where(ints, 1.5, ints),
      'cumsum of int32': () => cumsum(ints, 1),
      'lstm sequence': () => recurrentSequence('lstm', xp, whh, null, h0),
    };
    // The kernels keep per-heap scratch and GEMM packing blocks that grow on first use: run every op
    // once with room to spare, so the squeeze tests the ops' own allocations.
    for (const op of Object.values(ops)) dispose(op());
    for (const [name, op] of Object.entries(ops)) {
      const counts = squeeze(op);
      expect(counts.ok, `${name}: tries that succeeded`).toBeGreaterThan(0);
      expect(counts.outOfMemory, `${name}: tries that ran out of memory`).toBeGreaterThan(0);
    }
    for (const t of [x, w, logits, labels, m, batch, ints, wide, wideInts, rhs, weight, column, xp, whh, h0]) t.dispose();
    expect(memory().liveTensors).toBe(0);
  });
});
