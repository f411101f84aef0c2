// SimpleImputer and KNNImputer against scikit-learn 1.9.1 (fixtures/imputers.json); missing-data
// counts and dropping by construction.
import { ArgumentError, NotFittedError, ShapeError } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { describe, expect, it } from 'vitest';
import { flat, loadFixture, ORACLE, rowsOf, vectorOf } from '../../test/fixtures.ts';
import { KNNImputer, nanEuclidean } from './knn-imputer.ts';
import { dropMissing, missingCounts } from './missing.ts';
import { SimpleImputer } from './simple-imputer.ts';

const fx = loadFixture('imputers.json');
const X = rowsOf(fx.X), Xknn = rowsOf(fx.X_knn), test = rowsOf(fx.test);
const strategies: Record<string, 'mean' | 'median' | 'mostFrequent' | 'constant'> = { mean: 'mean', median: 'median', most_frequent: 'mostFrequent', constant: 'constant' };

describe('SimpleImputer (scikit-learn oracle)', () => {
  for (const [name, c] of Object.entries<any>(fx.simple)) {
    it(name, () => {
      const imp = new SimpleImputer({ strategy: strategies[c.strategy], fillValue: c.fill_value ?? 0, keepEmptyFeatures: c.keep_empty_features }).fit(X);
      expectClose(imp.statistics, vectorOf(c.statistics), ORACLE);
      const train = imp.transform(X);
      expect(train.cols).toBe(c.train[0].length);
      expectClose(train.data, flat(c.train), ORACLE);
      expectClose(imp.transform(test).data, flat(c.test), ORACLE);
    });
  }
  it('takes a sentinel as the missing value', () => {
    const imp = new SimpleImputer({ missingValue: -1, strategy: 'median' }).fit([[1, -1], [-1, 4], [3, 6]]);
    expect(Array.from(imp.transform([[-1, -1]]).data)).toEqual([2, 5]);
  });
});

describe('KNNImputer (scikit-learn oracle)', () => {
  it('nan_euclidean distances', () => {
    const fit = rowsOf(fx.X).slice(0, 6).map((r) => r.slice(0, 5));
    const expected = rowsOf(fx.nan_euclidean);
    const a = Float64Array.from(test.map((r) => r.slice(0, 5)).flat()), b = Float64Array.from(fit.flat());
    const got = expected.map((row, i) => row.map((_, r) => nanEuclidean(a, i * 5, b, r * 5, 5)));
    expectClose(got.flat(), expected.flat(), ORACLE);
  });
  for (const [name, c] of Object.entries<any>(fx.knn)) {
    it(name, () => {
      const imp = new KNNImputer({ nNeighbors: c.n_neighbors, weights: c.weights, keepEmptyFeatures: c.keep_empty_features }).fit(Xknn);
      const train = imp.transform(Xknn);
      expect(train.cols).toBe(c.train[0].length);
      expectClose(train.data, flat(c.train), ORACLE);
      expectClose(imp.transform(test).data, flat(c.test), ORACLE);
    });
  }
  it('breaks a tie at the k-th distance by the lower fit row (NumPy leaves it unspecified)', () => {
    const imp = new KNNImputer({ nNeighbors: 1 }).fit([[0, 10], [2, 20], [1, NaN]]);
    expect(Array.from(imp.transform([[1, NaN]]).data)).toEqual([1, 10]);
  });
  it('gives a donor at distance 0 all the weight under distance weighting', () => {
    const imp = new KNNImputer({ nNeighbors: 2, weights: 'distance' }).fit([[1, 10], [2, 20], [3, 30]]);
    expect(Array.from(imp.transform([[2, NaN]]).data)).toEqual([2, 20]);
  });
});

describe('missing data', () => {
  const M = [[1, NaN, 3], [NaN, NaN, 6], [7, 8, 9], [10, NaN, 12]];
  it('counts per column', () => {
    expect(missingCounts(M)).toEqual([1, 3, 0]);
    expect(missingCounts([[0, 1], [0, 0]], { missingValue: 0 })).toEqual([2, 1]);
    expect(() => missingCounts([[Infinity]])).toThrow(/Infinity/);
  });
  it('drops rows or columns above a missing fraction', () => {
    expect(dropMissing(M).kept).toEqual([2]);
    expect(dropMissing(M, { threshold: 1 / 3 }).kept).toEqual([0, 2, 3]);
    const cols = dropMissing(M, { axis: 'columns', threshold: 0.5 });
    expect(cols.kept).toEqual([0, 2]);
    expect(Array.from(cols.matrix.data)).toEqual([1, 3, NaN, 6, 7, 9, 10, 12]);
    expect(dropMissing([[NaN]]).matrix.rows).toBe(0);
    expect(() => dropMissing(M, { threshold: 2 })).toThrow(ArgumentError);
    expect(() => dropMissing(M, { axis: 'both' as never })).toThrow(/axis/);
  });
});

describe('imputer protocol', () => {
  it('NotFittedError, column checks, JSON round trips', () => {
    expect(() => new SimpleImputer().transform([[1]])).toThrow(NotFittedError);
    expect(() => new KNNImputer().transform([[1]])).toThrow(NotFittedError);
    expect(() => new KNNImputer().fit(X).transform([[1, 2]])).toThrow(ShapeError);
    expect(() => new KNNImputer({ nNeighbors: 0 })).toThrow(ShapeError);
    expect(() => new KNNImputer().fit({ data: [], shape: [0, 2] })).toThrow(/at least one row/);
    expect(() => new SimpleImputer().fit({ data: [], shape: [0, 2] })).toThrow(/at least one row/);
    expect(() => new SimpleImputer({ strategy: 'mode' as never })).toThrow(/strategy/);
    for (const t of [new SimpleImputer({ strategy: 'median' }).fit(X), new KNNImputer({ weights: 'distance' }).fit(X)]) {
      const back = (t instanceof SimpleImputer ? SimpleImputer.fromJSON : KNNImputer.fromJSON)(JSON.parse(JSON.stringify(t)));
      expect(Array.from(back.transform(test).data)).toEqual(Array.from(t.transform(test).data));
    }
  });
});

describe('SimpleImputer on string columns (scikit-learn oracle, object arrays)', () => {
  const f = loadFixture('imputers-strings.json') as unknown as {
    X: (string | null)[][]; new: (string | null)[][];
    cases: { strategy: string; keep_empty_features: boolean; fill_value: string | null; statistics: (string | number | null)[]; fit: unknown[][]; new: unknown[][] }[];
  };
  for (const c of f.cases) {
    it(`${c.strategy}, keepEmptyFeatures ${c.keep_empty_features}, fillValue ${c.fill_value}`, () => {
      const imp = new SimpleImputer({ strategy: c.strategy === 'constant' ? 'constant' : 'mostFrequent', fillValue: c.fill_value, keepEmptyFeatures: c.keep_empty_features });
      expect(imp.fitTransform(f.X)).toEqual(c.fit);
      expect(imp.cellStatistics).toEqual(c.statistics);
      expect(imp.transform(f.new)).toEqual(c.new);
      expect(SimpleImputer.fromJSON(JSON.parse(JSON.stringify(imp))).transform({ columns: [[null, 'c'], [null, 'w'], [null, null]] })).toEqual(c.new);
    });
  }

  it('refuses mean on strings, mixed columns, and a number to fill strings', () => {
    expect(() => new SimpleImputer().fit([['a'], [null]])).toThrow(/strategy 'mean' needs numbers, column 0 holds strings/);
    expect(() => new SimpleImputer({ strategy: 'mostFrequent' }).fit([['a'], [1]])).toThrow(/mixes strings and numbers/);
    expect(() => new SimpleImputer({ strategy: 'constant', fillValue: 0 }).fit([['a'], [null]])).toThrow(/fillValue 0 is a number/);
    expect(() => new SimpleImputer({ strategy: 'constant', fillValue: 'x' }).fit([[1], [NaN]])).toThrow(/is a string, but X is numeric/);
    const imp = new SimpleImputer({ strategy: 'mostFrequent' }).fit([['a', 1], [null, 2], ['a', null]]);
    expect(imp.transform([[null, null]])).toEqual([['a', 1]]);
    expect(() => imp.transform([[3, 1]])).toThrow(/column 0 holds numbers, it held strings/);
  });
});
