// Attention split over the pool by (batch, key head) work items must give exactly the
// single-threaded result of the same build, bit for bit (each item is computed the same way).
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../backend.ts';
import { loadBackend } from '../loader.ts';
import { attention, attentionBackward, type AttentionParams } from '../ops/attention.ts';
import { putF32, randomArray, readF32 } from '../testing.ts';

const threaded = await loadBackend({ threads: 3, variant: 'simd', minParallelWork: 1 });
const single = await loadBackend({ variant: 'simd' });
afterAll(async () => {
  await threaded.dispose?.();
});

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)));

function run(backend: Backend, p: AttentionParams) {
  const hkv = p.keyHeads ?? p.heads, nq = p.batch * p.heads * p.queryLength * p.headDim, nk = p.batch * hkv * p.keyLength * p.headDim;
  const q = putF32(backend, randomArray(nq, 1)), k = putF32(backend, randomArray(nk, 2)), v = putF32(backend, randomArray(nk, 3));
  const dO = putF32(backend, randomArray(nq, 4));
  const f = attention(backend, p, q, k, v);
  const g = attentionBackward(backend, p, q, k, v, f.out, f.lse, dO, { maskGradient: true });
  const rows = p.batch * p.heads * p.queryLength;
  return [readF32(backend, f.out, nq), readF32(backend, f.lse, rows), readF32(backend, g.dq, nq), readF32(backend, g.dk, nk), readF32(backend, g.dv, nk),
    readF32(backend, g.dMask, rows * p.keyLength)];
}

describe('attention split by (batch, key head) over 3 threads', () => {
  it('equals the single-threaded kernels bit for bit (GQA, causal, padding, dropout, the logits\' gradient)', () => {
    const spy = vi.spyOn(threaded.pool!, 'forRanges');
    const p: AttentionParams = { batch: 2, heads: 6, keyHeads: 3, queryLength: 37, keyLength: 41, headDim: 16, causal: true, queryOffset: 4, dropout: 0.2, seed: 5, layout: 'bthd' };
    const got = run(threaded, p), want = run(single, p);
    got.forEach((a, i) => expect(bits(a)).toEqual(bits(want[i]!)));
    expect(spy.mock.results.map((r) => r.value)).toEqual([3, 3]);
    spy.mockRestore();
  });
});
