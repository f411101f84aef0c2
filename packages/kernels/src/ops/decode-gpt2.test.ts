import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { createReferenceBackend } from '../loader.ts';
import { assertClose, expectCleanRejection, putF32, randomArray, readF32, referenceOf, testRandom, wasmBackends } from '../testing.ts';
import { Gpt2Decoder, type Gpt2DecoderParams } from './decode-gpt2.ts';

const backends = await wasmBackends();

interface Shape {
  dim: number;
  innerDim: number;
  nHeads: number;
  vocabSize: number;
  layers: number;
  capacity: number;
}

/** Seeded weights in the heap (entries of size ~1/sqrt(fan-in)), some at unaligned offsets. */
function model(backend: Backend, s: Shape, seed: number): Gpt2DecoderParams {
  let n = seed;
  const matrix = (rows: number, cols: number, offset = 0) => putF32(backend, randomArray(rows * cols, n++, -1.5 / Math.sqrt(rows), 1.5 / Math.sqrt(rows)), offset);
  const vector = (size: number, lo: number, hi: number, offset = 0) => putF32(backend, randomArray(size, n++, lo, hi), offset);
  const layers = Array.from({ length: s.layers }, () => ({
    ln1Weight: vector(s.dim, 0.5, 1.5), ln1Bias: vector(s.dim, -0.2, 0.2), attention: matrix(s.dim, 3 * s.dim, 3), attentionBias: vector(3 * s.dim, -0.2, 0.2, 1),
    projection: matrix(s.dim, s.dim), projectionBias: vector(s.dim, -0.2, 0.2), ln2Weight: vector(s.dim, 0.5, 1.5), ln2Bias: vector(s.dim, -0.2, 0.2),
    fc: matrix(s.dim, s.innerDim, 2), fcBias: vector(s.innerDim, -0.2, 0.2), out: matrix(s.innerDim, s.dim), outBias: vector(s.dim, -0.2, 0.2, 2),
  }));
  return {
    dim: s.dim, innerDim: s.innerDim, nHeads: s.nHeads, vocabSize: s.vocabSize, positions: s.capacity + 2, capacity: s.capacity, normEps: 1e-5,
    weights: {
      tokenEmbedding: vector(s.vocabSize * s.dim, -1, 1, 1), positionEmbedding: vector((s.capacity + 2) * s.dim, -0.5, 0.5),
      finalNormWeight: vector(s.dim, 0.5, 1.5), finalNormBias: vector(s.dim, -0.2, 0.2), layers,
    },
  };
}

const SHAPES: Shape[] = [
  // GPT-2's proportions at a small size: inner 4 dim, heads of 16
  { dim: 64, innerDim: 256, nHeads: 4, vocabSize: 67, layers: 3, capacity: 21 },
  // odd sizes everywhere (every SIMD tail, input rows not a multiple of 4), one position
  { dim: 7, innerDim: 13, nHeads: 7, vocabSize: 5, layers: 1, capacity: 1 },
  // a vocabulary of 1, prime sizes, heads of 5
  { dim: 15, innerDim: 17, nHeads: 3, vocabSize: 1, layers: 2, capacity: 13 },
  // wider than a register tile, inner 1, heads of 10
  { dim: 40, innerDim: 1, nHeads: 4, vocabSize: 31, layers: 2, capacity: 9 },
];

describe.each(backends.map((b) => [b.variant, b] as const))('Gpt2Decoder (%s)', (_, backend: Backend) => {
  const ref = referenceOf(backend);
  it.each(SHAPES.map((s) => [`dim ${s.dim} inner ${s.innerDim} heads ${s.nHeads} vocab ${s.vocabSize} layers ${s.layers}`, s] as const))(
    'matches the float64 reference at every position: %s',
    (_label, shape) => {
      const params = model(backend, shape, shape.dim * 7 + shape.layers);
      const fast = new Gpt2Decoder(backend, params), slow = new Gpt2Decoder(ref, params);
      const next = testRandom(shape.vocabSize + shape.capacity);
      for (let p = 0; p < shape.capacity; p++) {
        const token = Math.floor(next() * shape.vocabSize);
        const got = readF32(backend, fast.step(token), shape.vocabSize), want = readF32(backend, slow.step(token), shape.vocabSize);
        // A few layers of float32 matrix-vector products, LayerNorms and softmaxes against float64,
        // as the Llama decoder's tolerance.
        assertClose(got, want, { atol: 3e-5, rtol: 1e-4 }, `position ${p}`);
      }
      expect(fast.position).toBe(shape.capacity);
      expect(() => fast.step(0)).toThrow(ShapeError);
      fast.reset();
      slow.reset();
      assertClose(readF32(backend, fast.step(0), shape.vocabSize), readF32(backend, slow.step(0), shape.vocabSize), { atol: 3e-5, rtol: 1e-4 }, 'after reset');
      fast.dispose();
      slow.dispose();
    },
  );
});

describe.each(backends.map((b) => [b.variant, b] as const))('Gpt2Decoder.loadCache (%s)', (_, backend: Backend) => {
  it('continues from a cache filled elsewhere exactly as from its own steps, and rejects bad caches before copying', () => {
    const shape = { dim: 15, innerDim: 17, nHeads: 3, vocabSize: 9, layers: 2, capacity: 8 };
    const kvDim = shape.dim;
    const params = model(backend, shape, 11);
    const tokens = [3, 1, 4, 1, 5, 8];
    const first = new Gpt2Decoder(backend, params);
    for (const t of tokens.slice(0, 5)) first.step(t);
    const cache = (first as unknown as { blocks: { keys: number; values: number } }).blocks;
    const rows = (base: number, l: number) => putF32(backend, readF32(backend, base + l * shape.capacity * kvDim * 4, 5 * kvDim));
    const keys = [0, 1].map((l) => rows(cache.keys, l)), values = [0, 1].map((l) => rows(cache.values, l));
    const want = readF32(backend, first.step(tokens[5]!), shape.vocabSize);
    const second = new Gpt2Decoder(backend, params);
    second.step(7);
    for (const [length, k, v, error] of [
      [0, keys, values, ShapeError], [9, keys, values, ShapeError], [2.5, keys, values, ShapeError], [5, keys.slice(0, 1), values, ArgumentError],
      [5, [keys[0]!, backend.heap.memory.buffer.byteLength - 4], values, ShapeError], [5, keys, [values[0]!, values[1]! + 2], ShapeError],
    ] as [number, number[], number[], abstract new (...a: never[]) => Error][]) {
      expect(() => second.loadCache(length, k, v), `length ${length}`).toThrow(error);
      expect(second.position).toBe(1);
    }
    second.loadCache(5, keys, values);
    expect(second.position).toBe(5);
    expect(Array.from(readF32(backend, second.step(tokens[5]!), shape.vocabSize))).toEqual(Array.from(want));
    first.dispose();
    second.dispose();
    second.dispose();
    expect(() => second.loadCache(5, keys, values)).toThrow(/after dispose/);
  });
});

describe('Gpt2Decoder misuse', () => {
  const shape: Shape = { dim: 8, innerDim: 5, nHeads: 2, vocabSize: 7, layers: 2, capacity: 4 };

  it('rejects bad shapes and weight pointers before allocating anything', () => {
    const backend = createReferenceBackend({ initialPages: 2 });
    const params = model(backend, shape, 1);
    const cases: [string, Gpt2DecoderParams, abstract new (...a: never[]) => Error][] = [
      ['heads do not divide dim', { ...params, nHeads: 3 }, ShapeError],
      ['zero capacity', { ...params, capacity: 0 }, ShapeError],
      ['capacity beyond the position embedding', { ...params, capacity: params.positions + 1 }, ShapeError],
      ['fractional vocabulary', { ...params, vocabSize: 6.5 }, ShapeError],
      ['NaN eps', { ...params, normEps: NaN }, ArgumentError],
      ['no layers', { ...params, weights: { ...params.weights, layers: [] } }, ArgumentError],
      ['a weight outside the heap', { ...params, weights: { ...params.weights, tokenEmbedding: backend.heap.memory.buffer.byteLength - 8 } }, ShapeError],
      ['a misaligned weight', { ...params, weights: { ...params.weights, layers: [params.weights.layers[0]!, { ...params.weights.layers[1]!, out: params.weights.layers[1]!.out + 2 }] } }, ShapeError],
      ['a huge cache', { ...params, positions: 1 << 30, capacity: 1 << 30 }, ShapeError],
    ];
    for (const [label, p, error] of cases) expectCleanRejection(backend, (b) => new Gpt2Decoder(b, p), error, label);
  });

  it('rejects bad tokens, runs out of positions with a typed error, and frees its blocks once', () => {
    const backend = createReferenceBackend({ initialPages: 2 });
    const params = model(backend, shape, 2);
    const before = backend.heap.stats().liveBlocks;
    const decoder = new Gpt2Decoder(backend, params);
    for (const token of [-1, 7, 1.5, NaN]) expect(() => decoder.step(token)).toThrow(ArgumentError);
    expect(decoder.position).toBe(0);
    for (let i = 0; i < 4; i++) decoder.step(i);
    expect(() => decoder.step(0)).toThrow(/all are used/);
    decoder.dispose();
    decoder.dispose();
    expect(decoder.isDisposed).toBe(true);
    expect(backend.heap.stats().liveBlocks).toBe(before);
    expect(() => decoder.step(0)).toThrow(/after dispose/);
  });
});
