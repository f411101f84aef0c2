// Misuse suite, LlamaDecoder (the fused decode step): weights of wrong shapes, dtypes or disposed,
// bad head counts, capacities, epsilons, RoPE settings; each call builds a decoder, steps once, decodes
// greedily to the end of its cache and disposes it, so a leak of its cache would show as a heap block (checked at the end).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DisposedError, getBackend, init, LlamaDecoder, tensor } from '../index.ts';
import { expectNoLeak } from '../testing.ts';
import { type ArgSpec, assertMisuse, badValue, exact, op, tensorArg, value } from '../../test/misuse.ts';

beforeAll(async () => {
  await init();
});

const DIM = 4, HIDDEN = 3, VOCAB = 5;

/** A float32 weight of `shape` most of the time, else any tensor or value. */
const weightArg = (shape: number[]) => fc.oneof(
  { weight: 12, arbitrary: fc.constant<ArgSpec>({ kind: 'tensor', shape, dtype: 'float32', requiresGrad: false, offset: 0 }) },
  { weight: 1, arbitrary: tensorArg() },
);

const layerArg = (kvDim: number) => fc.record({
  attentionNorm: weightArg([DIM]), q: weightArg([DIM, DIM]), k: weightArg([kvDim, DIM]), v: weightArg([kvDim, DIM]), o: weightArg([DIM, DIM]),
  mlpNorm: weightArg([DIM]), gate: weightArg([HIDDEN, DIM]), up: weightArg([HIDDEN, DIM]), down: weightArg([DIM, HIDDEN]),
}).map((fields): ArgSpec => ({ kind: 'object', fields }));

const decoderCase = fc.constantFrom(1, 2).chain((kvHeads) => op('LlamaDecoder', (weights: never, options: never) => {
  const decoder = new LlamaDecoder(weights, options);
  try {
    const logits = Array.from(decoder.step(1));
    // greedy decoding over the rest of the cache: ids in range (a plain Error fails the case)
    const ids = decoder.capacity > 1 ? decoder.greedy(1, decoder.capacity - 1) : new Int32Array(0);
    if (ids.some((id) => !(id >= 0 && id < VOCAB))) throw new Error(`greedy ids out of range: ${ids}`);
    return logits;
  } finally {
    decoder.dispose();
  }
}, [
  fc.record({
    embedding: weightArg([VOCAB, DIM]), finalNorm: weightArg([DIM]), classifier: weightArg([VOCAB, DIM]),
    layers: fc.oneof(
      { weight: 8, arbitrary: fc.array(layerArg(kvHeads * 2), { minLength: 1, maxLength: 2 }).map((items): ArgSpec => ({ kind: 'list', items })) },
      { weight: 1, arbitrary: badValue.map((v): ArgSpec => ({ kind: 'value', value: v })) },
    ),
  }).map((fields): ArgSpec => ({ kind: 'object', fields })),
  fc.record({
    nHeads: value(fc.constantFrom(2, 2, 2, 3, 4)),
    nKvHeads: fc.oneof(exact(undefined), value(fc.constant(kvHeads))),
    capacity: value(fc.constantFrom(1, 3)),
    normEps: fc.oneof(exact(undefined), value(fc.constantFrom(1e-5, 0))),
    ropeTheta: fc.oneof(exact(undefined), value(fc.constantFrom(10000, 2))),
    ropeLayout: fc.oneof(exact(undefined), value(fc.constantFrom('interleaved', 'rotate-half', 'other'))),
  }).map((fields): ArgSpec => ({ kind: 'object', fields })),
], {
  verify: (result) => {
    expect((result as number[]).length).toBe(VOCAB);
    for (const x of result as number[]) expect(Number.isFinite(x)).toBe(true);
  },
}));

describe('misuse: LlamaDecoder', () => {
  it('every call returns logits or a typed error; nothing is corrupted or leaked', () => {
    expectNoLeak(() => assertMisuse([decoderCase]));
  });

  it('frees its own blocks on dispose, and a disposed weight makes step() throw DisposedError', () => {
    const w = (shape: number[]) => tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => ((i % 7) - 3) / 10), shape);
    const layer = { attentionNorm: w([DIM]), q: w([DIM, DIM]), k: w([DIM, DIM]), v: w([DIM, DIM]), o: w([DIM, DIM]), mlpNorm: w([DIM]), gate: w([HIDDEN, DIM]), up: w([HIDDEN, DIM]), down: w([DIM, HIDDEN]) };
    const weights = { embedding: w([VOCAB, DIM]), finalNorm: w([DIM]), classifier: w([VOCAB, DIM]), layers: [layer] };
    const blocks = getBackend().heap.stats().liveBlocks;
    const decoder = new LlamaDecoder(weights, { nHeads: 2, capacity: 2 });
    expect(decoder.step(1)).toHaveLength(VOCAB);
    layer.up.dispose();
    expect(() => decoder.step(2)).toThrow(DisposedError);
    expect(() => decoder.greedy(2, 1)).toThrow(DisposedError);
    expect(decoder.position).toBe(1);
    decoder.dispose();
    decoder.dispose();
    expect(getBackend().heap.stats().liveBlocks).toBe(blocks);
    for (const t of [...Object.values(layer), weights.embedding, weights.finalNorm, weights.classifier]) t.dispose();
  });
});
