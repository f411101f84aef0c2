// Clustering metrics beyond the fixtures: the tensor-kernel path of the silhouette equals
// scikit-learn too, misuse gives typed errors, and the Rand indices have their invariances.
import { ArgumentError, init, memory, ShapeError } from '@neurite/tensor';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCases } from '../../fixtures/oracle.ts';
import { adjustedRandScore, randScore, silhouetteSamples, silhouetteScore } from './index.ts';

const { cases } = loadCases('clustering.json');

describe('silhouette on the @neurite/tensor distance kernel', () => {
  beforeAll(async () => {
    await init();
  });

  it('equals scikit-learn (GEMM-form distances, as scikit-learn computes them) and frees its tensors', () => {
    const before = memory().liveTensors;
    const fns: Record<string, (...a: unknown[]) => unknown> = { silhouetteSamples: silhouetteSamples as never, silhouetteScore: silhouetteScore as never };
    const list = cases.filter((c) => c.fn in fns);
    expect(list.length).toBeGreaterThan(0);
    // Distances through ||x||^2 + ||y||^2 - 2 x.y carry an absolute error of about eps ||x||^2:
    // compared to 1e-10 here, 1e-12 on the direct loop (oracle.test.ts, tensor not initialised).
    for (const c of list) {
      const got = fns[c.fn]!(...c.args);
      const want = c.expected as number | number[];
      const a = typeof want === 'number' ? [got as number] : Array.from(got as Float64Array);
      const e = typeof want === 'number' ? [want] : want;
      a.forEach((v, i) => expect(Math.abs(v - e[i]!)).toBeLessThanOrEqual(1e-10));
    }
    expect(memory().liveTensors).toBe(before);
  });

  it('refuses one cluster, as many clusters as samples, other metrics and mismatched lengths', () => {
    const x = [[0, 0], [1, 1], [2, 2]];
    expect(() => silhouetteScore(x, [0, 0, 0])).toThrow(/number of clusters is 1/);
    expect(() => silhouetteScore(x, [0, 1, 2])).toThrow(ArgumentError);
    expect(() => silhouetteScore(x, [0, 1])).toThrow(ShapeError);
    expect(() => silhouetteScore(x, [0, 1, 1], { metric: 'cosine' } as never)).toThrow(/euclidean/);
  });
});

describe('Rand indices', () => {
  const pairs = fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(
    fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
    fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
  ));

  it('are symmetric, ignore the names of the clusters and score identical clusterings 1', () => {
    fc.assert(fc.property(pairs, ([a, b]) => {
      expect(adjustedRandScore(a, b)).toBeCloseTo(adjustedRandScore(b, a), 12);
      expect(randScore(a, b)).toBeCloseTo(randScore(b, a), 12);
      const renamed = b.map((v) => `cluster ${(v * 3 + 1) % 5}`);
      expect(adjustedRandScore(a, renamed)).toBeCloseTo(adjustedRandScore(a, b), 12);
      expect(adjustedRandScore(a, a)).toBe(1);
      const ri = randScore(a, b);
      expect(ri >= 0 && ri <= 1).toBe(true);
    }), { seed: 20261207, numRuns: 150 });
  });

  it('is exact on large counts (BigInt products)', () => {
    const n = 200_000, a = new Int32Array(n), b = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = i % 3;
      b[i] = i % 2;
    }
    expect(adjustedRandScore(a, b)).toBeCloseTo(adjustedRandScore(Array.from(a, String), Array.from(b, String)), 15);
  });
});
