import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, init, NotFittedError } from '@neurite/tensor';
import { AgglomerativeClustering } from './agglomerative.ts';
import { fcluster, leavesList } from './fcluster.ts';
import { linkage, type LinkageMethod } from './linkage.ts';

// Golden values: SciPy 1.17.1 linkage / fcluster on 40 x 5 continuous normals (fixtures/unsupervised.py).
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/unsupervised.json', import.meta.url), 'utf8'));

beforeAll(async () => {
  await init();
});

describe('linkage against SciPy', () => {
  for (const c of fixture.hierarchy) {
    it(`${c.method}: linkage matrix, maxclust and distance cuts`, () => {
      const z = linkage(fixture.blobs, c.method as LinkageMethod);
      const expected = (c.linkage as number[][]).flat();
      expect(z.rows).toBe(39);
      for (let i = 0; i < expected.length; i++) {
        if (i % 4 === 2) expect(Math.abs(z.data[i]! - expected[i]!)).toBeLessThan(1e-10);
        else expect(z.data[i]).toBe(expected[i]);
      }
      expect([...fcluster(z, 4, 'maxclust')]).toEqual(c.maxclust4);
      expect([...fcluster(z, c.distanceT, 'distance')]).toEqual(c.distance);
      expect([...leavesList(z)]).toEqual(c.leaves);
    });
  }

  it('fcluster edge cases: one cluster, every point alone, bad arguments', () => {
    const z = linkage(fixture.blobs, 'ward');
    expect(new Set(fcluster(z, 1, 'maxclust')).size).toBe(1);
    expect(new Set(fcluster(z, 40, 'maxclust')).size).toBe(40);
    expect(() => fcluster(z, 0, 'maxclust')).toThrow(ArgumentError);
    expect(() => fcluster({ rows: 1, cols: 4, data: Float64Array.of(0, 5, 1, 2) }, 1)).toThrow(/row 0 merges 0 and 5/);
    expect(() => linkage(fixture.blobs, 'centroid' as never)).toThrow(/method/);
  });
});

describe('AgglomerativeClustering', () => {
  it('cuts into nClusters, or where merges reach distanceThreshold, with the linkage as dendrogram data', () => {
    const m = new AgglomerativeClustering({ nClusters: 4, linkage: 'average' }).fit(fixture.blobs);
    const c = fixture.hierarchy.find((h: { method: string }) => h.method === 'average');
    expect([...m.labels].map((v) => v + 1)).toEqual(c.maxclust4);
    expect(m.nClustersFitted).toBe(4);
    expect(m.nLeaves).toBe(40);
    expect(m.children).toHaveLength(39);
    const d = m.distances;
    const threshold = (d[30]! + d[31]!) / 2;
    const t = new AgglomerativeClustering({ nClusters: null, distanceThreshold: threshold, linkage: 'average' }).fit(fixture.blobs);
    expect(t.nClustersFitted).toBe(39 - 31 + 1);
  });

  it('separates well-separated groups under every linkage', () => {
    const points = [[0, 0], [0.1, 0], [0, 0.2], [10, 10], [10.1, 10], [10, 10.3], [-10, 5], [-10.2, 5]];
    for (const method of ['single', 'complete', 'average', 'ward'] as const) {
      const labels = new AgglomerativeClustering({ nClusters: 3, linkage: method }).fit(points).labels;
      expect([...labels]).toEqual([0, 0, 0, 1, 1, 1, 2, 2].map((g) => labels[[0, 3, 6][g]!]));
      expect(new Set(labels).size).toBe(3);
    }
  });

  it('round-trips through JSON, validates and guards', () => {
    const m = new AgglomerativeClustering({ nClusters: 3 }).fit(fixture.blobs);
    const back = AgglomerativeClustering.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect([...back.labels]).toEqual([...m.labels]);
    expect([...back.linkageMatrix.data]).toEqual([...m.linkageMatrix.data]);
    expect(() => new AgglomerativeClustering().labels).toThrow(NotFittedError);
    expect(() => new AgglomerativeClustering({ nClusters: null })).toThrow(/exactly one/);
    expect(() => new AgglomerativeClustering({ nClusters: 50 }).fit(fixture.blobs)).toThrow(/exceeds/);
  });
});
