// The fourth-root embedding size and CategoricalEmbedding with @neurite/nn's Embedding.
import { ArgumentError, indexSelect, init, memory, NotFittedError, ShapeError, slice, sum, valueAndGrad } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { CategoricalEmbedding } from './categorical-embedding.ts';
import { embeddingDimension } from './embedding-size.ts';

let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

describe('embeddingDimension', () => {
  it('is ceil(multiplier * D^(1/4)), exact at fourth powers', () => {
    expect(embeddingDimension(1)).toBe(1);
    expect(embeddingDimension(16)).toBe(2);
    expect(embeddingDimension(17)).toBe(3);
    expect(embeddingDimension(81)).toBe(3);
    expect(embeddingDimension(82)).toBe(4);
    expect(embeddingDimension(10_000)).toBe(10);
    expect(embeddingDimension(10_001)).toBe(11);
    expect(embeddingDimension(10_000, { multiplier: 1.5 })).toBe(15);
    expect(embeddingDimension(625, { multiplier: 2 })).toBe(10);
    expect(embeddingDimension(3, { min: 4 })).toBe(4);
    expect(embeddingDimension(1e8, { max: 50 })).toBe(50);
  });
  it('rejects bad arguments by name', () => {
    expect(() => embeddingDimension(0)).toThrow(ShapeError);
    expect(() => embeddingDimension(2.5)).toThrow(/numCategories/);
    expect(() => embeddingDimension(10, { multiplier: 0 })).toThrow(/multiplier/);
    expect(() => embeddingDimension(10, { min: 5, max: 2 })).toThrow(ArgumentError);
  });
});

describe('CategoricalEmbedding', () => {
  const X = [['red', 'S'], ['blue', 'M'], ['red', 'L'], ['green', 'S'], ['red', 'S']];
  it('maps categories to 1..V (sorted) and unknown or rare ones to 0', () => {
    const e = new CategoricalEmbedding().fit(X);
    expect(e.vocabularies).toEqual([['blue', 'green', 'red'], ['L', 'M', 'S']]);
    expect(e.tableSizes).toEqual([4, 4]);
    expect(Array.from(e.indices([['red', 'M'], ['purple', 'XL']]).data)).toEqual([3, 2, 0, 0]);
    const rare = new CategoricalEmbedding({ minFrequency: 2 }).fit(X);
    expect(rare.vocabularies).toEqual([['red'], ['S']]);
    expect(Array.from(rare.transform([['blue', 'S']]).data)).toEqual([0, 1]);
    expect(() => new CategoricalEmbedding({ handleUnknown: 'error' }).fit(X).indices([['pink', 'S']])).toThrow(/"pink"/);
  });
  it('builds an nn Embedding of [V + 1, ceil(multiplier (V + 1)^(1/4))] that trains through the indices', () => {
    const e = new CategoricalEmbedding({ multiplier: 2 }).fit(X);
    expect(e.dimensions).toEqual([3, 3]); // ceil(2 * 4^(1/4)) = ceil(2.83)
    const table = e.buildEmbedding(0, { seed: 3 });
    expect(table.weight.shape).toEqual([4, 3]);
    const idx = e.indicesTensor([['red', 'S'], ['red', 'M'], ['blue', 'M']]);
    expect(idx.dtype).toBe('int32');
    const column = slice(idx, [null, 0]); // an index drops the axis: column 0's indices, [3]
    // d(sum of looked-up rows)/d(weight) counts how often each row was used: red twice, blue once
    const { value, grads } = valueAndGrad((w) => sum(indexSelect(w, 0, column)))(table.weight);
    expect(Array.from(grads[0]!.toArray())).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 2, 2, 2]);
    for (const t of [value, ...grads, column, idx]) t.dispose();
    table.dispose();
    expect(() => e.buildEmbedding(2)).toThrow(ShapeError);
    expect(memory().liveTensors).toBe(start);
  });
  it('NotFittedError before fit and a JSON round trip after', () => {
    expect(() => new CategoricalEmbedding().indices(X)).toThrow(NotFittedError);
    const e = new CategoricalEmbedding({ minFrequency: 2 }).fit(X);
    const back = CategoricalEmbedding.fromJSON(JSON.parse(JSON.stringify(e)));
    expect(back.vocabularies).toEqual(e.vocabularies);
    expect(Array.from(back.indices(X).data)).toEqual(Array.from(e.indices(X).data));
  });
});
