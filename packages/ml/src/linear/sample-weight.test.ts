// Sample weights of the linear models against scikit-learn 1.9.1 (fixtures/sample-weight.py): the
// deterministic solvers to 1e-6 relative, logistic regression (solvers stopped at tolerance) to 1e-4.
import { ArgumentError, ShapeError } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { describe, expect, it } from 'vitest';
import { fixtureWeights, linearDatasets, sampleWeightFixture, standardizeColumns, svmIris } from '../../fixtures/sample-weight-data.ts';
import { ElasticNet, Lasso } from './elastic-net.ts';
import { LinearRegression } from './linear-regression.ts';
import { LogisticRegression } from './logistic-regression.ts';
import { Ridge } from './ridge.ts';

const reg = sampleWeightFixture.regression;
const log = sampleWeightFixture.logistic;
const diabetes = linearDatasets.diabetes!;
const w = fixtureWeights(diabetes.y.length);
const CLOSE = { rtol: 1e-6, atol: 1e-8 };

describe('least squares with sample weights', () => {
  it('LinearRegression matches scikit-learn with and without an intercept', () => {
    const m = new LinearRegression().fit(diabetes.X, diabetes.y, { sampleWeight: w });
    expectClose(m.coef, reg.ols.coef, CLOSE);
    expectClose([m.intercept], [reg.ols.intercept], CLOSE);
    const origin = new LinearRegression({ fitIntercept: false }).fit(diabetes.X, diabetes.y, { sampleWeight: w });
    expectClose(origin.coef, reg.ols_no_intercept.coef, CLOSE);
  });

  it('Ridge matches scikit-learn (primal and dual forms)', () => {
    const m = new Ridge({ alpha: 0.5 }).fit(diabetes.X, diabetes.y, { sampleWeight: w });
    expectClose(m.coef, reg.ridge.coef, CLOSE);
    expectClose([m.intercept], [reg.ridge.intercept], CLOSE);
    const wide = new Ridge({ alpha: 0.3 }).fit(diabetes.X.slice(0, 8), diabetes.y.slice(0, 8), { sampleWeight: w.slice(0, 8).map((v) => v + 0.5) });
    expectClose(wide.coef, reg.ridge_wide.coef, CLOSE);
    expectClose([wide.intercept], [reg.ridge_wide.intercept], CLOSE);
  });

  it('Lasso and ElasticNet match scikit-learn (weights rescaled to sum to n)', () => {
    const lasso = new Lasso({ alpha: 0.05, tol: 1e-12, maxIter: 200000 }).fit(diabetes.X, diabetes.y, { sampleWeight: w });
    expectClose(lasso.coef, reg.lasso.coef, CLOSE);
    expectClose([lasso.intercept], [reg.lasso.intercept], CLOSE);
    const enet = new ElasticNet({ alpha: 0.01, l1Ratio: 0.7, tol: 1e-12, maxIter: 200000 }).fit(diabetes.X, diabetes.y, { sampleWeight: w });
    expectClose(enet.coef, reg.enet.coef, CLOSE);
  });

  it('integer weights equal repeated rows; all-ones weights equal no weights', () => {
    const X = diabetes.X.slice(0, 40), y = diabetes.y.slice(0, 40), counts = X.map((_, i) => (i % 3) + 1);
    const rows: number[][] = [], targets: number[] = [];
    X.forEach((r, i) => { for (let k = 0; k < counts[i]!; k++) { rows.push(r); targets.push(y[i]!); } });
    const weighted = new Ridge({ alpha: 0.1 }).fit(X, y, { sampleWeight: counts });
    const repeated = new Ridge({ alpha: 0.1 }).fit(rows, targets);
    expectClose(weighted.coef, repeated.coef, { rtol: 1e-9, atol: 1e-9 });
    const ones = new LinearRegression().fit(X, y, { sampleWeight: X.map(() => 1) });
    expect(Array.from(ones.coef)).toEqual(Array.from(new LinearRegression().fit(X, y).coef));
  });

  it('rejects bad weights before fitting', () => {
    expect(() => new LinearRegression().fit([[1], [2]], [1, 2], { sampleWeight: [1] })).toThrow(ShapeError);
    expect(() => new Ridge().fit([[1], [2]], [1, 2], { sampleWeight: [1, -1] })).toThrow(ArgumentError);
    expect(() => new Lasso().fit([[1], [2]], [1, 2], { sampleWeight: [0, 0] })).toThrow(/sums to 0/);
    expect(() => new LogisticRegression().fit([[1], [2]], [0, 1], { sampleWeight: [1, Number.NaN] })).toThrow(ArgumentError);
    const model = new Ridge();
    expect(() => model.fit([[1], [2]], [1, 2], { sampleWeight: [1, Infinity] })).toThrow(ArgumentError);
    expect(() => model.coef).toThrow(/not fitted|NotFitted|fit/i);
  });
});

describe('LogisticRegression with sample weights', () => {
  const wine = linearDatasets.wine!, cancer = linearDatasets.breastCancer!;
  const irisNames = [...new Set(svmIris.y)].sort();
  const data: Record<string, { X: number[][]; y: number[] }> = {
    iris: { X: svmIris.X, y: svmIris.y.map((v) => irisNames.indexOf(v)) },
    cancer_standardized: { X: standardizeColumns(cancer.X), y: cancer.y },
    wine_balanced: { X: standardizeColumns(wine.X), y: wine.y },
    wine_l1: { X: standardizeColumns(wine.X), y: wine.y },
  };
  const params: Record<string, ConstructorParameters<typeof LogisticRegression>[0]> = {
    iris: { tol: 1e-10, maxIter: 20000 },
    cancer_standardized: { C: 0.5, tol: 1e-10, maxIter: 20000 },
    wine_balanced: { C: 0.05, classWeight: 'balanced', tol: 1e-10, maxIter: 20000 },
    wine_l1: { C: 0.2, penalty: 'l1', tol: 1e-9, maxIter: 200000 },
  };
  for (const name of Object.keys(data)) {
    it(`${name} matches scikit-learn`, () => {
      const { X, y } = data[name]!, e = log[name];
      const m = new LogisticRegression(params[name]).fit(X, y, { sampleWeight: fixtureWeights(y.length) });
      expect(m.converged).toBe(true);
      expectClose(m.coef.data, e.coef.flat(), { rtol: 1e-4, atol: 1e-4 });
      expectClose(m.intercept, e.intercept, { rtol: 1e-4, atol: 1e-4 });
      expectClose(m.predictProba(X).data, e.proba.flat(), { rtol: 0, atol: 1e-5 });
    });
  }
});
