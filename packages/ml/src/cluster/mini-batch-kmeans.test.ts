import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, NotFittedError } from '@neurite/tensor';
import { KMeans } from './kmeans.ts';
import { MiniBatchKMeans } from './mini-batch-kmeans.ts';

const digits = JSON.parse(readFileSync(new URL('../../fixtures/unsupervised-digits.json', import.meta.url), 'utf8'));
const x = Array.from({ length: 600 }, (_, i) => Array.from(digits.pixels.slice(i * 64, i * 64 + 64) as string, (c) => parseInt(c, 17)));

beforeAll(async () => {
  await init();
});

describe('MiniBatchKMeans', () => {
  it('reaches an inertia within 10% of full k-means on digits, seeded and reproducible', () => {
    const full = new KMeans({ nClusters: 10, nInit: 3, randomState: 0 }).fit(x);
    const a = new MiniBatchKMeans({ nClusters: 10, batchSize: 100, randomState: 5 }).fit(x);
    const b = new MiniBatchKMeans({ nClusters: 10, batchSize: 100, randomState: 5 }).fit(x);
    expect(a.inertia).toBeLessThan(full.inertia * 1.1);
    expect([...a.labels]).toEqual([...b.labels]);
    expect([...a.predict(x)]).toEqual([...a.labels]);
    expect(a.transform(x.slice(0, 3)).cols).toBe(10);
    expect(a.nSteps).toBeGreaterThan(1);
  });

  it('round-trips through JSON and guards learned state', () => {
    expect(() => new MiniBatchKMeans().inertia).toThrow(NotFittedError);
    expect(() => new MiniBatchKMeans({ batchSize: 0 })).toThrow(/batchSize/);
    const a = new MiniBatchKMeans({ nClusters: 4, batchSize: 64, maxIter: 5 }).fit(x);
    const back = MiniBatchKMeans.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect([...back.predict(x)]).toEqual([...a.labels]);
  });
});
