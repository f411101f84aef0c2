// The single calls a gated pool declined are timed for its gate (which weighs splits against them),
// through every wrapper that asks the gate, and no other call is.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadBackend } from '../loader.ts';
import { conv2d, conv2dBackwardFilter } from '../ops/conv.ts';
import { unary } from '../ops/elementwise.ts';
import { gemm } from '../ops/gemm.ts';
import { softmax } from '../ops/softmax.ts';
import { putF32, randomArray } from '../testing.ts';

const gated = await loadBackend({ threads: 2, variant: 'simd' });
afterAll(async () => {
  await gated.dispose?.();
});

describe('a gated pool times the single calls its gate declined', () => {
  it('for gemm, softmax, elementwise and both convolution paths, with each call\'s kernel and work, and no others', () => {
    const pool = gated.pool!, gate = pool.gate!;
    // Declines everything: every call at or above minWork runs whole and is timed.
    const decide = vi.spyOn(gate, 'shouldSplit').mockReturnValue(false);
    const timed = vi.spyOn(gate, 'observeSingle');
    const heap = gated.heap;
    const blocks: number[] = [];
    const put = (n: number, seed: number) => {
      const p = putF32(gated, randomArray(n, seed));
      blocks.push(p);
      return p;
    };
    try {
      const a = put(128 * 128, 1), b = put(128 * 128, 2);
      blocks.push(gemm(gated, { m: 16, n: 16, k: 16, a, b })); // 4096 multiply-adds: below minWork, not asked
      blocks.push(gemm(gated, { m: 128, n: 128, k: 128, a, b }));
      const x = put(512 * 512, 3);
      blocks.push(softmax(gated, x, 512, 512));
      blocks.push(unary(gated, 'tanh', x, 512 * 512));
      blocks.push(unary(gated, 'tanh', x, 100)); // small: not asked
      const img = put(4 * 20 * 20 * 16, 4), w = put(9 * 16 * 16, 5);
      const shapes = { xShape: [4, 20, 20, 16], wShape: [3, 3, 16, 16], padding: [1, 1] } as const;
      const y = conv2d(gated, img, w, shapes);
      blocks.push(y.ptr);
      blocks.push(conv2dBackwardFilter(gated, img, y.ptr, shapes));
      const macs = 4 * 20 * 20 * 16 * 9 * 16;
      expect(timed.mock.calls.map(([kernel, work]) => [kernel, work])).toEqual([
        ['gemm_f32', 128 ** 3],
        ['softmax_f32', 512 * 512 * 8],
        ['unary_f32', 512 * 512 * 8],
        ['conv2d_nhwc_f32', macs],
        ['conv2d_backward_filter_nhwc_f32', macs],
      ]);
      for (const [, , ms] of timed.mock.calls) expect(ms).toBeGreaterThan(0);
    } finally {
      decide.mockRestore();
      timed.mockRestore();
      for (const p of blocks) heap.free(p);
    }
  });
});
