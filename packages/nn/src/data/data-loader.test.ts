import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataLoader, splitColumns, takeRows } from './data-loader.ts';
import { deriveSeed } from './random.ts';

function columns(n: number) {
  const x = new Float32Array(n * 2).map((_, i) => i);
  const y = new Int32Array(n).map((_, i) => i);
  return { x: { data: x, shape: [n, 2] }, y: { data: y, shape: [n] } };
}

describe('deriveSeed', () => {
  it('gives distinct seeds per stream', () => {
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(1, 1));
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(2, 0));
    expect(deriveSeed(1, 0)).toBe(deriveSeed(1, 0));
  });
});

describe('DataLoader', () => {
  it('batches in order without shuffle, keeping the short last batch', () => {
    const loader = new DataLoader(columns(5), { batchSize: 2 });
    const batches = [...loader];
    expect(loader.length).toBe(3);
    expect(batches.map((b) => [...b.y.data])).toEqual([[0, 1], [2, 3], [4]]);
    expect(batches[2]!.x.shape).toEqual([1, 2]);
    expect([...batches[1]!.x.data]).toEqual([4, 5, 6, 7]);
  });

  it('drops the last batch with dropLast', () => {
    const loader = new DataLoader(columns(5), { batchSize: 2, dropLast: true });
    expect([...loader].map((b) => b.indices.length)).toEqual([2, 2]);
  });

  it('shuffles with a seed: every row once per epoch, new order each epoch, repeatable', () => {
    const make = () => new DataLoader(columns(10), { batchSize: 3, shuffle: true, seed: 42 });
    const a = make(), b = make();
    const epoch0 = [...a].flatMap((x) => [...x.y.data]);
    const epoch1 = [...a].flatMap((x) => [...x.y.data]);
    expect([...epoch0].sort((p, q) => p - q)).toEqual([...Array(10).keys()]);
    expect(epoch1).not.toEqual(epoch0);
    expect([...b].flatMap((x) => [...x.y.data])).toEqual(epoch0);
    expect([...b.batches(1)].flatMap((x) => [...x.y.data])).toEqual(epoch1);
    // rows stay aligned across columns
    for (const batch of make()) expect([...batch.x.data]).toEqual([...batch.y.data].flatMap((i) => [2 * i, 2 * i + 1]));
  });

  it('validates its columns and options', () => {
    expect(() => new DataLoader(columns(4), { batchSize: 0 })).toThrow(/batchSize/);
    expect(() => new DataLoader({ x: { data: new Float32Array(3), shape: [2, 2] } }, { batchSize: 1 })).toThrow(/holds 4 values/);
    expect(() => new DataLoader({ x: { data: new Float32Array(2), shape: [2] }, y: { data: new Float32Array(3), shape: [3] } }, { batchSize: 1 })).toThrow(/rows/);
  });

  it('splits columns by a seeded permutation', () => {
    const [train, test] = splitColumns(columns(10), 0.8, 1);
    expect(train.y.shape).toEqual([8]);
    expect(test.x.shape).toEqual([2, 2]);
    expect([...train.y.data, ...test.y.data].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect([...takeRows(columns(3).x, [2, 0]).data]).toEqual([4, 5, 0, 1]);
  });
});

describe('DataLoader properties', () => {
  it('visits every row exactly once per epoch (or all but the short tail with dropLast)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 17 }), fc.boolean(), fc.boolean(), fc.nat(), (n, batchSize, shuffle, dropLast, seed) => {
        const loader = new DataLoader(columns(n), { batchSize, shuffle, dropLast, seed });
        for (let epoch = 0; epoch < 2; epoch++) {
          const batches = [...loader.batches(epoch)];
          expect(batches.length).toBe(loader.length);
          const seen = batches.flatMap((b) => [...b.y.data]);
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen.length).toBe(dropLast ? Math.floor(n / batchSize) * batchSize : n);
          for (const b of batches) {
            expect(b.indices.length).toBeLessThanOrEqual(batchSize);
            if (dropLast) expect(b.indices.length).toBe(batchSize);
            expect([...b.y.data]).toEqual([...b.indices]);
          }
        }
      }),
      { seed: 7, numRuns: 150 },
    );
  });
});

describe('DataLoader with tensors: true', () => {
  it('yields a tensor per column with the columns\' values, shapes and dtypes', async () => {
    const { init, scope } = await import('@neurite/tensor');
    await init();
    const n = 5;
    const data = {
      x: { data: new Float32Array(n * 2).map((_, i) => i / 2), shape: [n, 2] },
      y: { data: new Int32Array(n).map((_, i) => 10 + i), shape: [n] },
      z: { data: new Float64Array(n).map((_, i) => i / 3), shape: [n, 1] },
      image: { data: new Uint8Array(n * 4).map((_, i) => 250 - i), shape: [n, 2, 2] },
    };
    const plain = new DataLoader(data, { batchSize: 2, shuffle: true, seed: 3 });
    const loader = new DataLoader(data, { batchSize: 2, shuffle: true, seed: 3, tensors: true });
    expect(loader.tensors).toBe(true);
    const columns = [...plain];
    scope(() => {
      const batches = [...loader];
      expect(batches.length).toBe(3);
      batches.forEach((batch, b) => {
        const expected = columns[b]!;
        expect([...batch.indices]).toEqual([...expected.indices]);
        expect(batch.x.dtype).toBe('float32');
        expect(batch.y.dtype).toBe('int32');
        expect(batch.z.dtype).toBe('float64');
        expect(batch.image.dtype).toBe('float32');
        for (const name of ['x', 'y', 'z', 'image'] as const) {
          expect(batch[name].shape).toEqual(expected[name].shape);
          expect(Array.from(batch[name].toArray())).toEqual(Array.from(expected[name].data));
        }
      });
      // a training step reads them directly
      expect(batches[0]!.x.mul(2).sum().item()).toBe(Array.from(columns[0]!.x.data).reduce((a, v) => a + 2 * v, 0));
    });
  });

  it('rejects a non-boolean tensors option before any batch', () => {
    expect(() => new DataLoader(columns(3), { batchSize: 2, tensors: 'yes' as unknown as boolean })).toThrow(/tensors/);
  });
});
