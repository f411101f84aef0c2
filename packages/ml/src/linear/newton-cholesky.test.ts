// LogisticRegression({ solver: 'newton-cholesky' }) against scikit-learn 1.9.1's newton-cholesky
// (fixtures/logistic-newton.py, tol 1e-10): the same coefficients to 1e-6, probabilities to 1e-8 and
// predictions, in a handful of Newton steps like scikit-learn's (never more than 2 apart).
import { readFileSync } from 'node:fs';
import { ArgumentError } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { describe, expect, it } from 'vitest';
import { fixtureWeights, linearDatasets, standardizeColumns, svmIris } from '../../fixtures/sample-weight-data.ts';
import { FitAbortedError } from '../base/estimator.ts';
import { LogisticRegression, type LogisticRegressionParams } from './logistic-regression.ts';

const e = JSON.parse(readFileSync(new URL('../../fixtures/logistic-newton.json', import.meta.url), 'utf8'));
const names = [...new Set(svmIris.y)].sort();
const iris = { X: svmIris.X, y: svmIris.y.map((v) => names.indexOf(v)) };
const data: Record<string, { X: number[][]; y: number[] }> = {
  iris,
  cancer: { X: standardizeColumns(linearDatasets.breastCancer!.X), y: linearDatasets.breastCancer!.y },
  wine: { X: standardizeColumns(linearDatasets.wine!.X), y: linearDatasets.wine!.y },
  irisBinary: { X: iris.X.slice(50), y: iris.y.slice(50) },
};
const cases: [string, string, Partial<LogisticRegressionParams>, boolean][] = [
  ['iris', 'iris', {}, false],
  ['iris_C0.1_no_intercept', 'iris', { C: 0.1, fitIntercept: false }, false],
  ['cancer', 'cancer', { C: 0.5 }, false],
  ['wine_balanced_weighted', 'wine', { C: 0.05, classWeight: 'balanced' }, true],
  ['iris_binary', 'irisBinary', { C: 10 }, false],
];

describe('LogisticRegression newton-cholesky against scikit-learn', () => {
  for (const [name, set, params, weighted] of cases) {
    it(name, () => {
      const { X, y } = data[set]!, c = e[name];
      const m = new LogisticRegression({ ...params, solver: 'newton-cholesky', tol: 1e-10 }).fit(X, y, weighted ? { sampleWeight: fixtureWeights(y.length) } : undefined);
      expect(m.converged).toBe(true);
      expectClose(m.coef.data, c.coef.flat(), { rtol: 1e-6, atol: 1e-7 });
      expectClose(m.intercept, c.intercept, { rtol: 1e-6, atol: 1e-7 });
      expectClose(m.predictProba(X).data, c.proba.flat(), { rtol: 0, atol: 1e-8 });
      expect(m.predict(X)).toEqual(c.predict);
      expect(Math.abs(m.nIter - c.nIter)).toBeLessThanOrEqual(2);
    });
  }

  it('agrees with L-BFGS, rejects L1, honours abort; no penalty on separable data still returns', () => {
    const { X, y } = data.cancer!;
    const newton = new LogisticRegression({ solver: 'newton-cholesky', tol: 1e-10 }).fit(X, y);
    const lbfgs = new LogisticRegression({ solver: 'lbfgs', tol: 1e-10, maxIter: 20000 }).fit(X, y);
    expectClose(newton.coef.data, lbfgs.coef.data, { rtol: 1e-5, atol: 1e-6 });
    expect(() => new LogisticRegression({ solver: 'newton-cholesky', penalty: 'l1' })).toThrow(ArgumentError);
    const controller = new AbortController();
    expect(() => new LogisticRegression({ solver: 'newton-cholesky' }).fit(X, y, { signal: controller.signal, onProgress: () => controller.abort() })).toThrow(FitAbortedError);
    const free = new LogisticRegression({ solver: 'newton-cholesky', penalty: 'none', maxIter: 30 }).fit(iris.X, iris.y);
    expect(free.score(iris.X, iris.y)).toBeGreaterThanOrEqual(0.98);
  });
});
