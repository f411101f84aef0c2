import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { createReferenceBackend } from '../loader.ts';
import { assertClose, expectCleanRejection, putF32, randomArray, readF32, referenceOf, testRandom, wasmBackends } from '../testing.ts';
import { LlamaDecoder, type LlamaDecoderParams } from './decode-step.ts';

const backends = await wasmBackends();

interface Shape {
  dim: number;
  hiddenDim: number;
  nHeads: number;
  nKvHeads: number;
  vocabSize: number;
  layers: number;
  capacity: number;
  ropeLayout: 'interleaved' | 'rotate-half';
  tied: boolean;
  /** Scales q's and k's weights (default 1): larger scores, softmax exponents further below 0. */
  qkScale?: number;
}

/** Seeded weights in the heap (scaled like trained ones: entries of size ~1/sqrt(fan-in)), one unaligned. */
function model(backend: Backend, s: Shape, seed: number): LlamaDecoderParams {
  let n = seed;
  const matrix = (rows: number, cols: number, offset = 0, scale = 1) => putF32(backend, randomArray(rows * cols, n++, -1.5 * scale / Math.sqrt(cols), 1.5 * scale / Math.sqrt(cols)), offset);
  const norm = (size: number) => putF32(backend, randomArray(size, n++, 0.5, 1.5));
  const kvDim = (s.nKvHeads * s.dim) / s.nHeads;
  const embedding = putF32(backend, randomArray(s.vocabSize * s.dim, n++, -1, 1), 1);
  const layers = Array.from({ length: s.layers }, () => ({
    attentionNorm: norm(s.dim), q: matrix(s.dim, s.dim, 3, s.qkScale), k: matrix(kvDim, s.dim, 0, s.qkScale), v: matrix(kvDim, s.dim), o: matrix(s.dim, s.dim),
    mlpNorm: norm(s.dim), gate: matrix(s.hiddenDim, s.dim), up: matrix(s.hiddenDim, s.dim, 2), down: matrix(s.dim, s.hiddenDim),
  }));
  return {
    dim: s.dim, hiddenDim: s.hiddenDim, nHeads: s.nHeads, nKvHeads: s.nKvHeads, vocabSize: s.vocabSize, capacity: s.capacity,
    normEps: 1e-5, ropeTheta: 10000, ropeLayout: s.ropeLayout,
    weights: { embedding, finalNorm: norm(s.dim), classifier: s.tied ? embedding : matrix(s.vocabSize, s.dim), layers },
  };
}

const SHAPES: Shape[] = [
  // stories260K's shape: dim 64, hidden 172, 8 heads / 4 key-value heads, 5 layers
  { dim: 64, hiddenDim: 172, nHeads: 8, nKvHeads: 4, vocabSize: 67, layers: 5, capacity: 21, ropeLayout: 'interleaved', tied: true },
  // head size 6 and odd hidden and vocab sizes (every SIMD tail), one position
  { dim: 6, hiddenDim: 7, nHeads: 1, nKvHeads: 1, vocabSize: 5, layers: 1, capacity: 1, ropeLayout: 'rotate-half', tied: false },
  // one key/value head for three query heads, a vocabulary of 1, prime sizes
  { dim: 12, hiddenDim: 17, nHeads: 3, nKvHeads: 1, vocabSize: 1, layers: 2, capacity: 13, ropeLayout: 'interleaved', tied: false },
  // wider than a register tile: dim 40 (heads of 10), hidden 1, rotate-half
  { dim: 40, hiddenDim: 1, nHeads: 4, nKvHeads: 2, vocabSize: 31, layers: 3, capacity: 9, ropeLayout: 'rotate-half', tied: true },
  // heads of 8 in groups of three (a pair and a single head per key/value head), a vocabulary of 17 rows of 48
  { dim: 48, hiddenDim: 9, nHeads: 6, nKvHeads: 2, vocabSize: 17, layers: 2, capacity: 11, ropeLayout: 'rotate-half', tied: false },
  // rows of 64 (the one-pointer six-row passes): k/v of 8 rows (a pass and 2 single rows), hidden 13 (two passes and 1 row), a vocabulary of 7
  { dim: 64, hiddenDim: 13, nHeads: 8, nKvHeads: 1, vocabSize: 7, layers: 2, capacity: 9, ropeLayout: 'interleaved', tied: false },
  // every cache length from 1 to 256 (the softmax's eight-position exponential body, its four-position
  // pass and scalar tails), heads of 8 in a group of three (a pair and a single head), q and k scaled
  // so the scores spread over tens (exponents far below 0, some under the underflow bound)
  { dim: 24, hiddenDim: 5, nHeads: 3, nKvHeads: 1, vocabSize: 11, layers: 1, capacity: 256, ropeLayout: 'interleaved', tied: false, qkScale: 6 },
];

describe.each(backends.map((b) => [b.variant, b] as const))('LlamaDecoder (%s)', (_, backend: Backend) => {
  const ref = referenceOf(backend);
  it.each(SHAPES.map((s) => [`dim ${s.dim} hidden ${s.hiddenDim} heads ${s.nHeads}/${s.nKvHeads} vocab ${s.vocabSize} layers ${s.layers} ${s.ropeLayout}`, s] as const))(
    'matches the float64 reference at every position: %s',
    (_label, shape) => {
      const params = model(backend, shape, shape.dim * 7 + shape.layers);
      const fast = new LlamaDecoder(backend, params), slow = new LlamaDecoder(ref, params);
      const next = testRandom(shape.vocabSize + shape.capacity);
      for (let p = 0; p < shape.capacity; p++) {
        const token = Math.floor(next() * shape.vocabSize);
        const got = readF32(backend, fast.step(token), shape.vocabSize), want = readF32(backend, slow.step(token), shape.vocabSize);
        // Five layers of float32 matrix-vector products, normalizations and softmaxes against float64
        // (observed: about 2e-6 on logits of size ~1).
        assertClose(got, want, { atol: 3e-5, rtol: 1e-4 }, `position ${p}`);
      }
      expect(fast.position).toBe(shape.capacity);
      expect(() => fast.step(0)).toThrow(ShapeError);
      // reset: the same tokens give the same logits again
      fast.reset();
      const first = readF32(backend, fast.step(0), shape.vocabSize);
      slow.reset();
      assertClose(first, readF32(backend, slow.step(0), shape.vocabSize), { atol: 3e-5, rtol: 1e-4 }, 'after reset');
      fast.dispose();
      slow.dispose();
    },
  );
});

describe.each(backends.map((b) => [b.variant, b] as const))('LlamaDecoder.greedy (%s)', (_, backend: Backend) => {
  const ref = referenceOf(backend);
  it.each([SHAPES[0]!, SHAPES[2]!, SHAPES[4]!].map((s) => [`dim ${s.dim} heads ${s.nHeads}/${s.nKvHeads} vocab ${s.vocabSize}`, s] as const))(
    'gives the first maxima of single steps, in chunks, as the reference does: %s',
    (_label, shape) => {
      const params = model(backend, shape, shape.dim + 5);
      const stepwise = new LlamaDecoder(backend, params), chunked = new LlamaDecoder(backend, params), slow = new LlamaDecoder(ref, params);
      const count = shape.capacity - 1;
      const want: number[] = [];
      let token = 1 % shape.vocabSize;
      stepwise.step(0);
      for (let i = 0; i < count - 1; i++) {
        const logits = readF32(backend, stepwise.step(token), shape.vocabSize);
        token = logits.indexOf(Math.max(...logits));
        want.push(token);
      }
      chunked.step(0);
      const first = chunked.greedy(1 % shape.vocabSize, 3);
      const rest = chunked.greedy(first[2]!, count - 4);
      expect([...first, ...rest]).toEqual(want);
      expect(chunked.position).toBe(stepwise.position);
      expect(Array.from(readF32(backend, chunked.logits, shape.vocabSize))).toEqual(Array.from(readF32(backend, stepwise.logits, shape.vocabSize)));
      slow.step(0);
      expect(Array.from(slow.greedy(1 % shape.vocabSize, count - 1))).toEqual(want);
      expect(() => chunked.greedy(0, 2)).toThrow(ShapeError);
      for (const bad of [0, 1.5, NaN]) expect(() => chunked.greedy(0, bad)).toThrow(ArgumentError);
      expect(() => chunked.greedy(shape.vocabSize, 1)).toThrow(ArgumentError);
      expect(chunked.position).toBe(stepwise.position);
      for (const d of [stepwise, chunked, slow]) d.dispose();
    },
  );
});

describe.each(backends.map((b) => [b.variant, b] as const))('LlamaDecoder.loadCache (%s)', (_, backend: Backend) => {
  it('continues from a cache filled elsewhere exactly as from its own steps, and rejects bad caches before copying', () => {
    const shape = { dim: 16, hiddenDim: 17, nHeads: 4, nKvHeads: 2, vocabSize: 9, layers: 2, capacity: 8, ropeLayout: 'interleaved', tied: false };
    const kvDim = (shape.nKvHeads * shape.dim) / shape.nHeads;
    const params = model(backend, shape, 11);
    const tokens = [3, 1, 4, 1, 5, 8];
    const first = new LlamaDecoder(backend, params);
    for (const t of tokens.slice(0, 5)) first.step(t);
    const cache = (first as unknown as { blocks: { keys: number; values: number } }).blocks;
    // Layer l's first 5 positions as [5, kvDim] rows, gathered from the cache's [kvHeads, capacity, headDim] blocks.
    const headDim = shape.dim / shape.nHeads;
    const rows = (base: number, l: number) => {
      const out = new Float32Array(5 * kvDim);
      for (let g = 0; g < shape.nKvHeads; g++) {
        const head = readF32(backend, base + (l * shape.nKvHeads + g) * shape.capacity * headDim * 4, 5 * headDim);
        for (let t = 0; t < 5; t++) out.set(head.subarray(t * headDim, (t + 1) * headDim), t * kvDim + g * headDim);
      }
      return putF32(backend, out);
    };
    const keys = [0, 1].map((l) => rows(cache.keys, l)), values = [0, 1].map((l) => rows(cache.values, l));
    const want = readF32(backend, first.step(tokens[5]!), shape.vocabSize);
    const second = new LlamaDecoder(backend, params);
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

describe('LlamaDecoder misuse', () => {
  const shape: Shape = { dim: 8, hiddenDim: 5, nHeads: 2, nKvHeads: 1, vocabSize: 7, layers: 2, capacity: 4, ropeLayout: 'interleaved', tied: false };

  it('rejects bad shapes and weight pointers before allocating anything', () => {
    const backend = createReferenceBackend({ initialPages: 2 });
    const params = model(backend, shape, 1);
    const cases: [string, LlamaDecoderParams, abstract new (...a: never[]) => Error][] = [
      ['heads do not divide dim', { ...params, nHeads: 3 }, ShapeError],
      ['odd head size', { ...params, nHeads: 8, nKvHeads: 8 }, ShapeError],
      ['kv heads do not divide heads', { ...params, nKvHeads: 3 }, ShapeError],
      ['zero capacity', { ...params, capacity: 0 }, ShapeError],
      ['fractional vocabulary', { ...params, vocabSize: 6.5 }, ShapeError],
      ['NaN eps', { ...params, normEps: NaN }, ArgumentError],
      ['unknown RoPE layout', { ...params, ropeLayout: 'half' as 'interleaved' }, ArgumentError],
      ['no layers', { ...params, weights: { ...params.weights, layers: [] } }, ArgumentError],
      ['a weight outside the heap', { ...params, weights: { ...params.weights, classifier: backend.heap.memory.buffer.byteLength - 8 } }, ShapeError],
      ['a misaligned weight', { ...params, weights: { ...params.weights, layers: [params.weights.layers[0]!, { ...params.weights.layers[1]!, down: params.weights.layers[1]!.down + 2 }] } }, ShapeError],
      ['a huge cache', { ...params, capacity: 1 << 30 }, ShapeError],
    ];
    for (const [label, p, error] of cases) expectCleanRejection(backend, (b) => new LlamaDecoder(b, p), error, label);
  });

  it('rejects bad tokens, runs out of positions with a typed error, and frees its blocks once', () => {
    const backend = createReferenceBackend({ initialPages: 2 });
    const params = model(backend, shape, 2);
    const before = backend.heap.stats().liveBlocks;
    const decoder = new LlamaDecoder(backend, params);
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
