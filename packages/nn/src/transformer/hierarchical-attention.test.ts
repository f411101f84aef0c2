import { add, concat, div, expand, init, memory, mul, rand, reshape, scope, slice, sum } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HierarchicalAttention } from './hierarchical-attention.ts';
import type { MultiheadAttention } from './multihead-attention.ts';

let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

describe('HierarchicalAttention', () => {
  it('equals local attention per chunk plus global attention over chunk means, broadcast back', () => {
    const h = new HierarchicalAttention(8, 2, { chunkSize: 4, seed: 3 });
    const local = h.getSubmodule('local_attn') as MultiheadAttention, global = h.getSubmodule('global_attn') as MultiheadAttention;
    scope(() => {
      const x = rand([2, 8, 8], { seed: 1 });
      const chunks = [0, 4].map((s) => local.forward(slice(x, [null, { start: s, stop: s + 4 }])));
      const means = concat(chunks.map((c) => reshape(div(sum(c, 1), 4), [2, 1, 8])), 1);
      const g = global.forward(means);
      const want = concat(chunks.map((c, i) => add(c, expand(slice(g, [null, { start: i, stop: i + 1 }]), [2, 4, 8]))), 1);
      expectClose(h.forward(x), want, { atol: 1e-5, rtol: 1e-5 });
    });
    h.dispose();
  });

  it('handles a length that is not a multiple of the chunk (the padding is masked and dropped) and trains', () => {
    const h = new HierarchicalAttention(4, 1, { chunkSize: 3, seed: 5 });
    const local = h.getSubmodule('local_attn') as MultiheadAttention, global = h.getSubmodule('global_attn') as MultiheadAttention;
    scope(() => {
      const x = rand([1, 7, 4], { seed: 2 });
      const y = h.forward(x);
      expect(y.shape).toEqual([1, 7, 4]);
      // The last chunk holds one real position: its local output is attention over itself alone.
      const last = local.forward(slice(x, [null, { start: 6, stop: 7 }]));
      const chunks = [0, 3].map((s) => local.forward(slice(x, [null, { start: s, stop: s + 3 }])));
      const means = concat([...chunks.map((c) => reshape(div(sum(c, 1), 3), [1, 1, 4])), last], 1);
      const g = global.forward(means);
      expectClose(slice(y, [null, { start: 6, stop: 7 }]), add(last, slice(g, [null, { start: 2, stop: 3 }])), { atol: 1e-5, rtol: 1e-5 });
      sum(mul(y, y)).backward();
      expect(h.parameters().every((p) => p.grad !== null)).toBe(true);
    });
    h.dispose();
  });
});

afterAll(() => {
  expect(memory().liveTensors).toBe(start);
});
