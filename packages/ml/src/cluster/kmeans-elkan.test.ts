import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Generator, init, memory } from '@neurite/tensor';
import { KMeans } from './kmeans.ts';

// Elkan's algorithm must give exactly Lloyd's run: labels, centres (bit for bit), inertia and
// iteration count, whatever the data, seeds and shapes, ties included.
const digits = JSON.parse(readFileSync(new URL('../../fixtures/unsupervised-digits.json', import.meta.url), 'utf8'));
const digitRows = (n: number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from(digits.pixels.slice(i * 64, i * 64 + 64) as string, (c) => parseInt(c, 17)));

/** n rows of d features around `centres` seeded blob centres (spread 1, centres spread `spread`). */
function blobs(n: number, d: number, centres: number, spread: number, seed: number): number[][] {
  const g = new Generator(seed);
  const means = Array.from({ length: centres }, () => Array.from({ length: d }, () => spread * g.normal()));
  return Array.from({ length: n }, (_, i) => means[i % centres]!.map((m) => m + g.normal()));
}

function expectSameRun(x: number[][], params: ConstructorParameters<typeof KMeans>[0]): KMeans {
  const before = memory().liveTensors;
  const lloyd = new KMeans({ ...params, algorithm: 'lloyd' }).fit(x);
  const elkan = new KMeans({ ...params, algorithm: 'elkan' }).fit(x);
  expect([...elkan.labels]).toEqual([...lloyd.labels]);
  expect([...elkan.clusterCenters.data]).toEqual([...lloyd.clusterCenters.data]);
  expect(elkan.inertia).toBe(lloyd.inertia);
  expect(elkan.nIter).toBe(lloyd.nIter);
  expect(memory().liveTensors).toBe(before);
  return lloyd;
}

beforeAll(async () => {
  await init();
});

describe("KMeans algorithm 'elkan' gives exactly Lloyd's run", () => {
  it('on 500 digits, several seeds and cluster counts', () => {
    const x = digitRows(500);
    for (const [k, seed] of [[10, 0], [10, 1], [10, 2], [7, 3], [3, 4], [1, 5], [2, 6]] as const) {
      const run = expectSameRun(x, { nClusters: k, randomState: seed });
      if (k > 1) expect(run.nIter).toBeGreaterThan(2);
    }
  });

  it('on blobs of odd, prime and awkward shapes, random and k-means++ starts, restarts', () => {
    const shapes: [number, number, number, number][] = [[1000, 17, 9, 3], [257, 3, 5, 2], [97, 1, 4, 4], [61, 64, 13, 1.5], [6, 5, 5, 1], [5, 2, 4, 1]];
    shapes.forEach(([n, d, k, spread], s) => {
      const x = blobs(n, d, Math.max(2, k - 2), spread, 10 + s);
      expectSameRun(x, { nClusters: k, randomState: s });
      expectSameRun(x, { nClusters: k, init: 'random', nInit: 2, randomState: s });
    });
  });

  it('with exact ties: points and centres on an integer grid (the first closest centre wins, as in Lloyd)', () => {
    const x: number[][] = [];
    for (let a = 0; a < 12; a++) for (let b = 0; b < 12; b++) for (let c = 0; c < 3; c++) x.push([a, b, c]);
    const init = [[0, 0, 0], [2, 0, 0], [0, 2, 0], [2, 2, 0], [4, 4, 2], [6, 4, 2], [11, 11, 1], [11, 9, 1]];
    const run = expectSameRun(x, { nClusters: init.length, init, maxIter: 50 });
    expect(run.nIter).toBeGreaterThan(3);
    // Found by a search over small integer problems: a centre comes to exactly the distance of a
    // row's current centre (bounds equal), and Lloyd gives the row to the lower index: 4 iterations.
    const tie = expectSameRun([[11], [0], [11], [9], [7], [8], [8]], { nClusters: 3, init: [[1], [1], [11]] });
    expect([...tie.labels]).toEqual([2, 0, 2, 1, 1, 1, 1]);
    expect(tie.nIter).toBe(4);
  });

  it('when a cluster is left empty (relocated to the farthest point) and under a tolerance stop', () => {
    const x = blobs(300, 4, 3, 4, 77);
    const init = [x[0]!, x[1]!, x[2]!, [1e3, 1e3, 1e3, 1e3]];
    expectSameRun(x, { nClusters: 4, init });
    expectSameRun(x, { nClusters: 6, tol: 0.05, randomState: 8 });
  });
});
