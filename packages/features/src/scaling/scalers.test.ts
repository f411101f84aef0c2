// Scalers against scikit-learn 1.9.1 (fixtures/scalers.json, written by fixtures/generate.py).
import { ArgumentError, NotFittedError, ShapeError } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { describe, expect, it } from 'vitest';
import { flat, loadFixture, ORACLE, rowsOf, vectorOf } from '../../test/fixtures.ts';
import { LogTransformer } from './log-transformer.ts';
import { MedianLogTransformer } from './median-log-transformer.ts';
import { MinMaxScaler } from './min-max-scaler.ts';
import { RobustScaler } from './robust-scaler.ts';
import { StandardScaler } from './standard-scaler.ts';
import { FunctionTransformer } from './function-transformer.ts';
import { normalQuantile } from './normal-quantile.ts';

const fx = loadFixture('scalers.json');
const train = rowsOf(fx.train), test = rowsOf(fx.test), even = rowsOf(fx.even);

describe('MinMaxScaler (scikit-learn oracle)', () => {
  for (const name of ['minmax_01', 'minmax_pm1', 'minmax_clip']) {
    it(name, () => {
      const c = fx.cases[name];
      const s = new MinMaxScaler({ featureRange: c.params.feature_range ?? [0, 1], clip: c.params.clip ?? false }).fit(train);
      expectClose(s.dataMin, vectorOf(c.data_min), { atol: 0, rtol: 0 });
      expectClose(s.dataMax, vectorOf(c.data_max), { atol: 0, rtol: 0 });
      expectClose(s.scale, vectorOf(c.scale), ORACLE);
      expectClose(s.offset, vectorOf(c.offset), ORACLE);
      expectClose(s.transform(train).data, flat(c.train), ORACLE);
      const t = s.transform(test);
      expectClose(t.data, flat(c.test), ORACLE);
      // 1e4-sized columns: the inverse loses the digits the forward map rounded away, relative to 1e4
      expectClose(s.inverseTransform(t).data, flat(c.inverse_test), { atol: 1e-12, rtol: 1e-12 });
    });
  }
  it('maps a constant column to the range start', () => {
    const t = new MinMaxScaler({ featureRange: [-1, 1] }).fitTransform([[5], [5], [5]]);
    expect(Array.from(t.data)).toEqual([-1, -1, -1]);
  });
});

describe('StandardScaler (scikit-learn oracle)', () => {
  for (const name of ['standard', 'standard_no_mean', 'standard_no_std']) {
    it(name, () => {
      const c = fx.cases[name];
      const s = new StandardScaler({ withMean: c.params.with_mean ?? true, withStd: c.params.with_std ?? true }).fit(train);
      expectClose(s.mean, vectorOf(c.mean), ORACLE);
      if (c.variance) expectClose(s.variance, vectorOf(c.variance), ORACLE);
      if (c.scale) expectClose(s.scale, vectorOf(c.scale), ORACLE);
      expectClose(s.transform(train).data, flat(c.train), ORACLE);
      const t = s.transform(test);
      expectClose(t.data, flat(c.test), ORACLE);
      expectClose(s.inverseTransform(t).data, flat(c.inverse_test), ORACLE);
    });
  }
  it('gives a constant column (including a large one) scale 1, as scikit-learn', () => {
    const s = new StandardScaler().fit([[1e9 + 0.1, 2], [1e9 + 0.1, 2], [1e9 + 0.1, 2]]);
    expect(Array.from(s.scale)).toEqual([1, 1]);
  });
  it('computes the variance of 1e4 + U(0,1) to 1e-3 relative (two-pass, not E[x^2] - E[x]^2)', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [1e4 + ((i * 0.6180339887) % 1)]);
    const values = rows.map((r) => r[0]! - 1e4);
    const m = values.reduce((a, b) => a + b) / values.length;
    const v = values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length;
    expect(Math.abs(new StandardScaler().fit(rows).variance[0]! - v) / v).toBeLessThan(1e-3);
  });
});

describe('RobustScaler (scikit-learn oracle)', () => {
  for (const name of ['robust', 'robust_even', 'robust_10_90', 'robust_no_center', 'robust_unit_variance', 'robust_unit_variance_1_99']) {
    it(name, () => {
      const c = fx.cases[name];
      const s = new RobustScaler({
        withCentering: c.params.with_centering ?? true, quantileRange: c.params.quantile_range ?? [25, 75], unitVariance: c.params.unit_variance ?? false,
      }).fit(c.fit_on === 'even' ? even : train);
      if (c.center) expectClose(s.center, vectorOf(c.center), ORACLE);
      expectClose(s.scale, vectorOf(c.scale), ORACLE);
      const t = s.transform(test);
      expectClose(t.data, flat(c.test), ORACLE);
      expectClose(s.inverseTransform(t).data, flat(c.inverse_test), ORACLE);
    });
  }
});

describe('normalQuantile (SciPy oracle)', () => {
  it('equals scipy.stats.norm.ppf to 1e-15 relative from 1e-10 to 1 - 1e-10', () => {
    const c = fx.normal_ppf;
    expectClose(c.p.map(normalQuantile), c.ppf, { atol: 0, rtol: 2e-15 });
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(0.5)).toBe(0);
  });
  it('rejects unitVariance with a quantile range reaching 0 or 100', () => {
    expect(() => new RobustScaler({ unitVariance: true, quantileRange: [0, 75] })).toThrow(/strictly inside/);
  });
});

describe('log transforms (NumPy oracle)', () => {
  const positiveTrain = rowsOf(fx.positive_train), positiveTest = rowsOf(fx.positive_test);
  it('MedianLogTransformer learns the median and applies log(1 + x / (1 + median))', () => {
    const s = new MedianLogTransformer().fit(positiveTrain);
    expectClose(s.median, vectorOf(fx.cases.median_log.median), { atol: 0, rtol: 0 });
    const t = s.transform(positiveTest);
    expectClose(t.data, flat(fx.cases.median_log.test), ORACLE);
    expectClose(s.inverseTransform(t).data, Float64Array.from(positiveTest.flat()), ORACLE);
  });
  it('LogTransformer is log1p with expm1 as inverse', () => {
    const s = new LogTransformer().fit(positiveTrain);
    const t = s.transform(positiveTest);
    expectClose(t.data, flat(fx.cases.log1p.test), ORACLE);
    expectClose(s.inverseTransform(t).data, Float64Array.from(positiveTest.flat()), ORACLE);
  });
  it('rejects values outside the domain with a typed error naming the cell', () => {
    expect(() => new LogTransformer().fit([[0]]).transform([[-1]])).toThrow(/row 0, column 0 is -1/);
    expect(() => new MedianLogTransformer().fit([[-3], [-2], [-5]])).toThrow(ArgumentError);
  });
});

describe('FunctionTransformer', () => {
  it('applies func and inverseFunc and checks the output rows', () => {
    const double = (m: { rows: number; cols: number; data: Float64Array }) => ({ ...m, data: m.data.map((v) => 2 * v) });
    const half = (m: { rows: number; cols: number; data: Float64Array }) => ({ ...m, data: m.data.map((v) => v / 2) });
    const f = new FunctionTransformer({ func: double, inverseFunc: half }).fit([[1, 2]]);
    expect(Array.from(f.transform([[1, 2], [3, 4]]).data)).toEqual([2, 4, 6, 8]);
    expect(Array.from(f.inverseTransform([[2, 4]]).data)).toEqual([1, 2]);
    const bad = new FunctionTransformer({ func: (m) => ({ rows: 1, cols: m.cols, data: m.data.slice(0, m.cols) }) }).fit([[1], [2]]);
    expect(() => bad.transform([[1], [2]])).toThrow(/returned 1 rows for 2/);
    expect(() => new FunctionTransformer({ func: 3 as never })).toThrow(ArgumentError);
    const restored = FunctionTransformer.fromJSON(JSON.parse(JSON.stringify(f)), { func: double });
    expect(Array.from(restored.transform([[1, 1]]).data)).toEqual([2, 2]);
  });
});

describe('the transformer protocol', () => {
  const makers = [() => new MinMaxScaler(), () => new StandardScaler(), () => new RobustScaler(), () => new LogTransformer(), () => new MedianLogTransformer()];
  it('throws NotFittedError before fit, and ShapeError on the wrong column count', () => {
    for (const make of makers) {
      expect(() => make().transform([[1, 2]])).toThrow(NotFittedError);
      expect(() => make().fit([[1, 2], [3, 4]]).transform([[1, 2, 3]])).toThrow(ShapeError);
    }
  });
  it('fit returns this; fitTransform equals fit then transform; inputs are not modified', () => {
    for (const make of makers) {
      const X = [[1, 20], [3, 4], [5, 6]];
      const t = make();
      expect(t.fit(X)).toBe(t);
      expect(Array.from(make().fitTransform(X).data)).toEqual(Array.from(t.transform(X).data));
      expect(X).toEqual([[1, 20], [3, 4], [5, 6]]);
    }
  });
  it('round-trips through JSON with identical output, fitted or not', () => {
    const X = [[1, 20], [3, 4], [5, 6], [0.5, 100]];
    const pairs = [
      [new MinMaxScaler({ featureRange: [-1, 1], clip: true }), MinMaxScaler.fromJSON],
      [new StandardScaler({ withMean: false }), StandardScaler.fromJSON],
      [new RobustScaler({ quantileRange: [10, 90] }), RobustScaler.fromJSON],
      [new LogTransformer(), LogTransformer.fromJSON],
      [new MedianLogTransformer(), MedianLogTransformer.fromJSON],
    ] as const;
    for (const [t, fromJSON] of pairs) {
      const unfitted = (fromJSON as (j: unknown) => typeof t)(JSON.parse(JSON.stringify(t)));
      expect(() => unfitted.transform(X)).toThrow(NotFittedError);
      t.fit(X);
      const back = (fromJSON as (j: unknown) => typeof t)(JSON.parse(JSON.stringify(t)));
      expect(back.getParams()).toEqual(t.getParams());
      expect(Array.from(back.transform([[2, 3]]).data)).toEqual(Array.from(t.transform([[2, 3]]).data));
    }
    expect(() => MinMaxScaler.fromJSON({ type: 'StandardScaler', params: {}, state: null })).toThrow(/describes "StandardScaler"/);
  });
  it('validates hyperparameters by name before storing them', () => {
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrow(/lo < hi/);
    expect(() => new StandardScaler({ withMean: 'yes' as never })).toThrow(/withMean/);
    expect(() => new RobustScaler({ quantileRange: [-5, 50] })).toThrow(/quantileRange\[0\]/);
    expect(() => new MinMaxScaler({ scale: 2 } as never)).toThrow(/unknown parameter "scale"/);
    const s = new StandardScaler();
    expect(() => s.setParams({ withStd: 1 as never })).toThrow(ArgumentError);
    expect(s.getParams()).toEqual({ withMean: true, withStd: true });
  });
  it('refuses to fit on a table with no rows or no columns', () => {
    for (const make of makers) {
      expect(() => make().fit({ data: [], shape: [0, 3] })).toThrow(/0x3; fit needs at least one row/);
      expect(() => make().fit({ data: [], shape: [2, 0] })).toThrow(ShapeError);
    }
  });
  it('accepts { data, shape } and rejects NaN in X with the cell named', () => {
    const s = new StandardScaler().fit({ data: [1, 2, 3, 4], shape: [2, 2] });
    expect(Array.from(s.mean)).toEqual([2, 3]);
    expect(() => new StandardScaler().fit([[1, NaN]])).toThrow(/row 0, column 1 is NaN/);
  });
});
