import { concat, init, memory, rand, rope, scaledDotProductAttention, scope, slice, sum, tensor } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyValueCache } from '../language-models/kv-cache.ts';
import { generateSquareSubsequentMask, sparseBlockLayout } from './attention-masks.ts';
import { TransformerDecoderLayer } from './decoder-layer.ts';
import { MultiheadAttention } from './multihead-attention.ts';
import { LearnedPositionalEmbedding, RotaryEmbedding, SinusoidalPositionalEncoding } from './positional-encoding.ts';
import { TransformerDecoder } from './transformer-stack.ts';

let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

describe('key/value cache', () => {
  it('incremental decoding through a 2-layer decoder equals the full causal recomputation', () => {
    const decoder = new TransformerDecoder((i) => new TransformerDecoderLayer(8, 2, { dimFeedforward: 12, dropout: 0, batchFirst: true, seed: 10 + i }), 2);
    decoder.eval();
    scope(() => {
      const tgt = rand([2, 6, 8], { seed: 1 }), memoryIn = rand([2, 4, 8], { seed: 2 });
      const full = decoder.forward(tgt, { memory: memoryIn, tgtIsCausal: true });
      const cache = new KeyValueCache(2);
      const steps = [];
      // One token, then two at once, then three: chunks of any size continue the cache.
      for (const [a, b] of [[0, 1], [1, 3], [3, 6]] as const) {
        steps.push(decoder.forward(slice(tgt, [null, { start: a, stop: b }]), { memory: memoryIn, tgtIsCausal: true, cache }));
        expect(cache.length).toBe(b);
      }
      expectClose(concat(steps, 1), full, { atol: 1e-5, rtol: 1e-5 });
      cache.dispose();
    });
    decoder.dispose();
  });

  it('MultiheadAttention with a cache equals attention over the whole sequence', () => {
    const m = new MultiheadAttention(8, 4, { batchFirst: true, seed: 3 });
    scope(() => {
      const x = rand([1, 5, 8], { seed: 4 });
      const full = m.forward(x, { isCausal: true });
      const cache = new KeyValueCache(1);
      const parts = [0, 1, 2, 3, 4].map((t) => m.forward(slice(x, [null, { start: t, stop: t + 1 }]), { isCausal: true, cache }));
      expectClose(concat(parts, 1), full, { atol: 1e-5, rtol: 1e-5 });
      cache.dispose();
    });
    m.dispose();
  });
});

describe('masks', () => {
  it('generateSquareSubsequentMask is PyTorch\'s and equals causal attention', () => {
    scope(() => {
      expect(Array.from(generateSquareSubsequentMask(3).toArray())).toEqual([0, -Infinity, -Infinity, 0, 0, -Infinity, 0, 0, 0]);
      const q = rand([1, 2, 5, 4], { seed: 5 }), k = rand([1, 2, 5, 4], { seed: 6 }), v = rand([1, 2, 5, 4], { seed: 7 });
      expectClose(scaledDotProductAttention(q, k, v, { attnMask: generateSquareSubsequentMask(5) }), scaledDotProductAttention(q, k, v, { causal: true }), { atol: 1e-6, rtol: 1e-6 });
    });
  });

  it('sparseBlockLayout keeps the local band and the summary columns, causally', () => {
    scope(() => {
      expect(Array.from(sparseBlockLayout(4, 4, { local: 2, stride: 3 }).toArray())).toEqual([1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1].map((v, i) => (i === 2 * 4 + 2 || i === 3 * 4 + 2 ? 1 : v)));
    });
  });
});

describe('positional encodings', () => {
  it('sinusoidal: PE[p, 2i] = sin(p / 10000^(2i/E)), PE[p, 2i+1] = cos(...), with an offset', () => {
    const pe = new SinusoidalPositionalEncoding(6, 20);
    scope(() => {
      const y = pe.forward(tensor(new Float32Array(2 * 6), [1, 2, 6]), { positionOffset: 3 }).toArray();
      for (const [row, p] of [[0, 3], [1, 4]]) {
        for (let i = 0; i < 6; i += 2) {
          expect(y[row * 6 + i]).toBeCloseTo(Math.sin(p / 10000 ** (i / 6)), 6);
          expect(y[row * 6 + i + 1]).toBeCloseTo(Math.cos(p / 10000 ** (i / 6)), 6);
        }
      }
      expect(() => pe.forward(rand([1, 3, 6]), { positionOffset: 18 })).toThrow(/maxLength/);
    });
    pe.dispose();
  });

  it('learned: adds the table rows and trains only the rows it used', () => {
    const emb = new LearnedPositionalEmbedding(10, 4, { seed: 1 });
    scope(() => {
      const x = rand([2, 3, 4], { seed: 8 });
      sum(emb.forward(x, { positionOffset: 2 })).backward();
      const g = emb.parameters()[0]!.grad!.toArray();
      for (let r = 0; r < 10; r++) expect(g[r * 4]).toBe(r >= 2 && r < 5 ? 2 : 0);
    });
    emb.dispose();
  });

  it('rotary: the module is rope with its options', () => {
    const rot = new RotaryEmbedding({ layout: 'interleaved', base: 100 });
    scope(() => {
      const x = rand([1, 2, 3, 4], { seed: 9 });
      expectClose(rot.forward(x, { positionOffset: 5 }), rope(x, { layout: 'interleaved', base: 100, positionOffset: 5 }), { atol: 0, rtol: 0 });
    });
  });
});

afterAll(() => {
  expect(memory().liveTensors).toBe(start);
});
