// Misuse suite, Gpt2Decoder (the fused GPT-2 decode step): weights of wrong shapes, dtypes or
// disposed, bad head counts, capacities (beyond the learned positions) and epsilons; each call builds
// a decoder, steps once and disposes it, so a leak of its cache would show as a heap block.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, DisposedError, DTypeError, getBackend, Gpt2Decoder, init, scope, ShapeError, tensor } from '../index.ts';
import { expectNoLeak } from '../testing.ts';
import { type ArgSpec, assertMisuse, badValue, exact, op, tensorArg, value } from '../../test/misuse.ts';

beforeAll(async () => {
  await init();
});

const DIM = 4, INNER = 3, VOCAB = 5, POSITIONS = 3;

/** A float32 weight of `shape` most of the time, else any tensor or value. */
const weightArg = (shape: number[]) => fc.oneof(
  { weight: 14, arbitrary: fc.constant<ArgSpec>({ kind: 'tensor', shape, dtype: 'float32', requiresGrad: false, offset: 0 }) },
  { weight: 1, arbitrary: tensorArg() },
);

const layerArg = fc.record({
  ln1Weight: weightArg([DIM]), ln1Bias: weightArg([DIM]), attention: weightArg([DIM, 3 * DIM]), attentionBias: weightArg([3 * DIM]),
  projection: weightArg([DIM, DIM]), projectionBias: weightArg([DIM]), ln2Weight: weightArg([DIM]), ln2Bias: weightArg([DIM]),
  fc: weightArg([DIM, INNER]), fcBias: weightArg([INNER]), out: weightArg([INNER, DIM]), outBias: weightArg([DIM]),
}).map((fields): ArgSpec => ({ kind: 'object', fields }));

const decoderCase = op('Gpt2Decoder', (weights: never, options: never) => {
  const decoder = new Gpt2Decoder(weights, options);
  try {
    return Array.from(decoder.step(1));
  } finally {
    decoder.dispose();
  }
}, [
  fc.record({
    tokenEmbedding: weightArg([VOCAB, DIM]), positionEmbedding: weightArg([POSITIONS, DIM]), finalNormWeight: weightArg([DIM]), finalNormBias: weightArg([DIM]),
    layers: fc.oneof(
      { weight: 8, arbitrary: fc.array(layerArg, { minLength: 1, maxLength: 2 }).map((items): ArgSpec => ({ kind: 'list', items })) },
      { weight: 1, arbitrary: badValue.map((v): ArgSpec => ({ kind: 'value', value: v })) },
    ),
  }).map((fields): ArgSpec => ({ kind: 'object', fields })),
  fc.record({
    nHeads: value(fc.constantFrom(2, 2, 2, 3, 4)),
    capacity: value(fc.constantFrom(1, 3, 4)),
    normEps: fc.oneof(exact(undefined), value(fc.constantFrom(1e-5, 0))),
  }).map((fields): ArgSpec => ({ kind: 'object', fields })),
], {
  verify: (result) => {
    expect((result as number[]).length).toBe(VOCAB);
    for (const x of result as number[]) expect(Number.isFinite(x)).toBe(true);
  },
});

describe('misuse: Gpt2Decoder', () => {
  it('every call returns logits or a typed error; nothing is corrupted or leaked', () => {
    expectNoLeak(() => assertMisuse([decoderCase]));
  });

  it('frees its own blocks on dispose, and a disposed weight makes step() throw DisposedError', () => {
    const w = (shape: number[]) => tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => ((i % 7) - 3) / 10), shape);
    const layer = {
      ln1Weight: w([DIM]), ln1Bias: w([DIM]), attention: w([DIM, 3 * DIM]), attentionBias: w([3 * DIM]), projection: w([DIM, DIM]), projectionBias: w([DIM]),
      ln2Weight: w([DIM]), ln2Bias: w([DIM]), fc: w([DIM, INNER]), fcBias: w([INNER]), out: w([INNER, DIM]), outBias: w([DIM]),
    };
    const weights = { tokenEmbedding: w([VOCAB, DIM]), positionEmbedding: w([POSITIONS, DIM]), finalNormWeight: w([DIM]), finalNormBias: w([DIM]), layers: [layer] };
    const blocks = getBackend().heap.stats().liveBlocks;
    const decoder = new Gpt2Decoder(weights, { nHeads: 2, capacity: 2 });
    expect(decoder.step(1)).toHaveLength(VOCAB);
    layer.fc.dispose();
    expect(() => decoder.step(2)).toThrow(DisposedError);
    expect(decoder.position).toBe(1);
    decoder.dispose();
    decoder.dispose();
    expect(getBackend().heap.stats().liveBlocks).toBe(blocks);
    for (const t of [...Object.values(layer), weights.tokenEmbedding, weights.positionEmbedding, weights.finalNormWeight, weights.finalNormBias]) t.dispose();
  });

  it('loadCache takes [1, T, ...] float32 keys and values per layer, or throws a typed error and keeps its position', () => expectNoLeak(() => scope(() => {
    const w = (shape: number[]) => tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => ((i % 5) - 2) / 10), shape);
    const layer = {
      ln1Weight: w([DIM]), ln1Bias: w([DIM]), attention: w([DIM, 3 * DIM]), attentionBias: w([3 * DIM]), projection: w([DIM, DIM]), projectionBias: w([DIM]),
      ln2Weight: w([DIM]), ln2Bias: w([DIM]), fc: w([DIM, INNER]), fcBias: w([INNER]), out: w([INNER, DIM]), outBias: w([DIM]),
    };
    const weights = { tokenEmbedding: w([VOCAB, DIM]), positionEmbedding: w([POSITIONS, DIM]), finalNormWeight: w([DIM]), finalNormBias: w([DIM]), layers: [layer] };
    const decoder = new Gpt2Decoder(weights, { nHeads: 2, capacity: 3 });
    decoder.step(0);
    const k = w([1, 2, 2, 2]), v = w([1, 2, 2, 2]);
    const gone = w([1, 2, 2, 2]);
    gone.dispose();
    const cases: [unknown, unknown, abstract new (...a: never[]) => Error][] = [
      [[k], [tensor(new Int32Array(8), [1, 2, 2, 2], { dtype: 'int32' })], DTypeError], [[k], [w([1, 3, 2, 2])], ShapeError], [[k], [w([2, 2, 2])], ShapeError],
      [[w([1, 4, 4])], [w([1, 4, 4])], ShapeError], [[k, k], [v, v], ArgumentError], [[], [], ArgumentError], [k, v, ArgumentError], [[k], [gone], DisposedError],
    ];
    for (const [keys, values, error] of cases) {
      expect(() => decoder.loadCache(keys as never, values as never)).toThrow(error);
      expect(decoder.position).toBe(1);
    }
    decoder.loadCache([k], [v]);
    expect(decoder.position).toBe(2);
    expect(decoder.step(1)).toHaveLength(VOCAB);
    decoder.dispose();
  })));
});
