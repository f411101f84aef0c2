// Multi-output regression (a 2-D y fitted natively by LinearRegression, Ridge, Lasso and
// KNeighborsRegressor) and the MultiOutputRegressor / MultiOutputClassifier wrappers against
// scikit-learn 1.9.1 (fixtures/multi-output.py).
import { readFileSync } from 'node:fs';
import { ArgumentError, NotFittedError, ShapeError } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { describe, expect, it } from 'vitest';
import { linearDatasets, svmIris } from '../../fixtures/sample-weight-data.ts';
import { FitAbortedError } from '../base/estimator.ts';
import { Lasso } from '../linear/elastic-net.ts';
import { LinearRegression } from '../linear/linear-regression.ts';
import { LogisticRegression } from '../linear/logistic-regression.ts';
import { Ridge } from '../linear/ridge.ts';
import { KNeighborsRegressor } from '../neighbors/k-neighbors-regressor.ts';
import { DecisionTreeClassifier } from '../tree/decision-tree-classifier.ts';
import { MultiOutputClassifier, MultiOutputRegressor } from './multi-output.ts';

const e = JSON.parse(readFileSync(new URL('../../fixtures/multi-output.json', import.meta.url), 'utf8'));
const { X, y } = linearDatasets.diabetes!;
const Y = X.map((r, i) => [y[i]!, 300 * r[2]! - 100 * r[3]! + 50, y[i]! / 2]);
const CLOSE = { rtol: 1e-6, atol: 1e-8 };
const isTest = (i: number) => i % 4 === 0;

describe('regressors fitted on a 2-D y', () => {
  it('LinearRegression, Ridge and Lasso match scikit-learn output by output', () => {
    const ols = new LinearRegression().fit(X, Y);
    expect(ols.nOutputs).toBe(3);
    expectClose(ols.coefs.data, e.ols.coef.flat(), CLOSE);
    expectClose(ols.intercepts, e.ols.intercept, CLOSE);
    expectClose([ols.score(X, Y)], [e.ols.score], { rtol: 1e-10, atol: 0 });
    expect(() => ols.intercept).toThrow(ShapeError);
    const ridge = new Ridge({ alpha: 0.5 }).fit(X, Y);
    expectClose(ridge.coef, e.ridge.coef.flat(), CLOSE);
    const p = ridge.predictOutputs(X.slice(0, 5));
    expect([p.rows, p.cols]).toEqual([5, 3]);
    expectClose(p.data, e.ridge.predict.flat(), CLOSE);
    const lasso = new Lasso({ alpha: 0.05, tol: 1e-12, maxIter: 200000 }).fit(X, Y);
    expectClose(lasso.coef, e.lasso.coef.flat(), CLOSE);
    expectClose(lasso.intercepts, e.lasso.intercept, CLOSE);
    const copy = Ridge.fromJSON(JSON.parse(JSON.stringify(ridge.toJSON())));
    expect(Array.from(copy.predict(X.slice(0, 5)))).toEqual(Array.from(ridge.predict(X.slice(0, 5))));
    expect(copy.nOutputs).toBe(3);
  });

  it('a one-column 2-D y keeps its shape; a 1-D y is unchanged', () => {
    const one = new Ridge().fit(X, y.map((v) => [v]));
    const flat = new Ridge().fit(X, y);
    expect(Array.from(one.coef)).toEqual(Array.from(flat.coef));
    expect(() => one.intercept).toThrow(ShapeError);
    expect(flat.intercept).toBe(one.intercepts[0]);
    expect(() => new LinearRegression().fit(X, Y.slice(1))).toThrow(ShapeError);
  });

  it('KNeighborsRegressor matches scikit-learn', () => {
    const train = X.filter((_, i) => !isTest(i)), test = X.filter((_, i) => isTest(i));
    const m = new KNeighborsRegressor({ nNeighbors: 5, weights: 'distance' }).fit(train, Y.filter((_, i) => !isTest(i)));
    expectClose(m.predict(test), e.knn.predict.flat(), { rtol: 1e-10, atol: 1e-10 });
    expectClose([m.score(test, Y.filter((_, i) => isTest(i)))], [e.knn.score], { rtol: 1e-10, atol: 0 });
    const copy = KNeighborsRegressor.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(Array.from(copy.predict(test))).toEqual(Array.from(m.predict(test)));
    expect(copy.nOutputs).toBe(3);
  });
});

describe('MultiOutputRegressor and MultiOutputClassifier', () => {
  it('MultiOutputRegressor(Ridge) equals scikit-learn and the native multi-output Ridge', () => {
    const m = new MultiOutputRegressor({ estimator: new Ridge({ alpha: 0.5 }) }).fit(X, Y);
    expect(m.estimators).toHaveLength(3);
    expectClose(m.predict(X.slice(0, 5)), e.wrapperRidge.predict.flat(), CLOSE);
    expectClose([m.score(X, Y)], [e.wrapperRidge.score], { rtol: 1e-9, atol: 0 });
    expect(Array.from(m.predict(X))).toEqual(Array.from(new Ridge({ alpha: 0.5 }).fit(X, Y).predict(X)));
    const copy = MultiOutputRegressor.fromJSON(JSON.parse(JSON.stringify(m.toJSON())), { Ridge });
    expect(Array.from(copy.predict(X.slice(0, 5)))).toEqual(Array.from(m.predict(X.slice(0, 5))));
  });

  it('MultiOutputClassifier(LogisticRegression) matches scikit-learn on iris with two label columns', () => {
    const Yi = svmIris.X.map((r, i) => [svmIris.y[i]!, r[0]! > 5.8 ? 'long' : 'short']);
    const m = new MultiOutputClassifier({ estimator: new LogisticRegression({ tol: 1e-10, maxIter: 20000 }) }).fit(svmIris.X, Yi);
    expect(m.classes).toEqual(e.wrapperLogistic.classes);
    expect(m.predict(svmIris.X)).toEqual(e.wrapperLogistic.predict);
    m.predictProba(svmIris.X.filter((_, i) => i % 10 === 0)).forEach((p, k) => expectClose(p.data, e.wrapperLogistic.proba[k].flat(), { rtol: 0, atol: 1e-5 }));
    expect(m.score(svmIris.X, Yi)).toBe(e.wrapperLogistic.score);
    const copy = MultiOutputClassifier.fromJSON(JSON.parse(JSON.stringify(m.toJSON())), { LogisticRegression });
    expect(copy.predict(svmIris.X)).toEqual(m.predict(svmIris.X));
  });

  it('passes sample weights to every member, reports progress, honours abort, checks its input', () => {
    const w = X.map((_, i) => (i % 3) + 1);
    const m = new MultiOutputRegressor({ estimator: new Ridge() }).fit(X, Y, { sampleWeight: w });
    expect(Array.from(m.predict(X))).toEqual(Array.from(new Ridge().fit(X, Y, { sampleWeight: w }).predict(X)));
    const events: number[] = [];
    new MultiOutputRegressor({ estimator: new Ridge() }).fit(X, Y, { onProgress: (p) => events.push(p.done) });
    expect(events).toEqual([1, 2, 3]);
    const controller = new AbortController();
    const aborted = new MultiOutputRegressor({ estimator: new Ridge() });
    expect(() => aborted.fit(X, Y, { signal: controller.signal, onProgress: () => controller.abort() })).toThrow(FitAbortedError);
    expect(() => aborted.predict(X)).toThrow(NotFittedError);
    expect(() => new MultiOutputRegressor().fit(X, Y)).toThrow(/estimator is required/);
    expect(() => new MultiOutputRegressor({ estimator: 3 as never })).toThrow(ArgumentError);
    const clf = new MultiOutputClassifier({ estimator: new DecisionTreeClassifier() });
    expect(() => clf.fit([[0], [1]], [['a', 1], ['b']])).toThrow(ShapeError);
    expect(() => clf.fit([[0], [1]], [['a'], ['b'], ['c']])).toThrow(ShapeError);
  });
});
