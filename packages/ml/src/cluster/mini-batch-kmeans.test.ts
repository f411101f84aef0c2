import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, NotFittedError, ShapeError } from '@neurite/tensor';
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

  it('shares KMeans fitted-state methods: score, fitPredict, fitTransform, JSON state and shape checks', () => {
    const a = new MiniBatchKMeans({ nClusters: 4, batchSize: 64, maxIter: 5, randomState: 1 });
    const labels = a.fitPredict(x);
    expect([...labels]).toEqual([...a.labels]);
    expect(a.score(x)).toBeCloseTo(-a.inertia, 6);
    const d = a.fitTransform(x);
    expect(d.rows).toBe(x.length);
    const json = a.toJSON();
    expect(json.type).toBe('MiniBatchKMeans');
    expect(Object.keys(json.state as object).sort()).toEqual(['clusterCenters', 'inertia', 'labels', 'nSteps']);
    const back = MiniBatchKMeans.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(back.nSteps).toBe(a.nSteps);
    expect(back.inertia).toBe(a.inertia);
    expect(() => a.predict([[1, 2]])).toThrow(ShapeError);
    expect(() => a.score([[1, 2]])).toThrow(/MiniBatchKMeans\.score: X has 2 features/);
    expect(() => new MiniBatchKMeans().transform(x)).toThrow(NotFittedError);
    expect(() => MiniBatchKMeans.fromJSON({ ...json, type: 'KMeans' })).toThrow(/MiniBatchKMeans\.fromJSON/);
  });
});
