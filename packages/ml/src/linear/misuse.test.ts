// Misuse fuzzing (TESTING.md, "Untrusted input"): random hyperparameters and inputs of the wrong
// kind, shape or value given to the linear, naive Bayes and neighbours estimators and functions.
// The outcome is a typed Neurite error or a correct result, never another exception; a failed fit
// leaves the previous state unchanged. fast-check with a fixed seed.
import { NeuriteError } from '@neurite/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BernoulliNB, GaussianNB, MultinomialNB } from '../naive-bayes/index.ts';
import { KNeighborsClassifier, KNeighborsRegressor } from '../neighbors/index.ts';
import { breuschPagan, durbinWatson, jarqueBera, varianceInflationFactors } from './diagnostics.ts';
import { ElasticNet, Lasso } from './elastic-net.ts';
import { LinearRegression } from './linear-regression.ts';
import { LogisticRegression } from './logistic-regression.ts';
import { enetPath } from './regularization-path.ts';
import { Ridge } from './ridge.ts';
import { shapiroWilk } from './shapiro-wilk.ts';

const SEED = 20261207;
const weird = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, 0.5, 1e300, -0, 3, 'a', '', null, undefined, true, [], {}, [1, 2], () => 1),
  fc.double(),
  fc.integer({ min: -5, max: 50 }),
);
const estimators = [
  (p: object) => new LinearRegression(p), (p: object) => new Ridge(p), (p: object) => new Lasso(p), (p: object) => new ElasticNet(p),
  (p: object) => new LogisticRegression(p), (p: object) => new GaussianNB(p), (p: object) => new MultinomialNB(p), (p: object) => new BernoulliNB(p),
  (p: object) => new KNeighborsClassifier(p), (p: object) => new KNeighborsRegressor(p),
];
const names = ['fitIntercept', 'alpha', 'l1Ratio', 'maxIter', 'tol', 'C', 'penalty', 'solver', 'classWeight', 'varSmoothing', 'priors', 'binarize', 'nNeighbors', 'metric', 'weights', 'leafSize', 'selection', 'bogus'];

function typedOrFine(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof NeuriteError)) throw error;
  }
}

const X = [[0, 1], [1, 0], [2, 3], [3, 1], [4, 4], [5, 2]], y = [0, 1, 0, 1, 0, 1];

describe('misuse', () => {
  it('hyperparameters of every kind give a typed error or a working estimator', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: estimators.length - 1 }), fc.constantFrom(...names), weird, (which, name, value) => {
      typedOrFine(() => estimators[which]!({ [name]: value }).fit(X, y).predict(X));
    }), { seed: SEED, numRuns: 400 });
  });

  it('inputs of the wrong shape, kind or value give a typed error, and keep a fitted state', () => {
    const matrix = fc.oneof(
      fc.array(fc.array(fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, 'x' as never)), { maxLength: 4 }), { maxLength: 7 }),
      fc.constantFrom(null, undefined, 5, 'X', {}, { data: [1, 2], shape: [2, 2] }, { data: [1, 2, 3, 4], shape: [2, 2] }, [[1, 2], [3]]),
    );
    const labels = fc.oneof(fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(NaN, 'a', null)), { maxLength: 7 }), fc.constantFrom(null, 3, 'abc', []));
    fc.assert(fc.property(fc.integer({ min: 0, max: estimators.length - 1 }), matrix, labels, (which, badX, badY) => {
      const model = estimators[which]!({}).fit(X, y) as { fit: (a: unknown, b: unknown) => unknown; predict: (a: unknown) => ArrayLike<unknown>; toJSON: () => unknown };
      const before = JSON.stringify(model.toJSON());
      let fitted = false;
      typedOrFine(() => { model.fit(badX, badY); fitted = true; });
      if (!fitted) expect(JSON.stringify(model.toJSON())).toBe(before);
      typedOrFine(() => model.predict(badX));
    }), { seed: SEED, numRuns: 300 });
  });

  it('the functions reject bad samples with typed errors', () => {
    const values = fc.oneof(fc.array(fc.oneof(fc.double(), fc.constantFrom(NaN)), { maxLength: 8 }), fc.constantFrom(null, 3, 'abc'));
    fc.assert(fc.property(values, (v) => {
      typedOrFine(() => jarqueBera(v as never));
      typedOrFine(() => durbinWatson(v as never));
      typedOrFine(() => shapiroWilk(v as never));
      typedOrFine(() => breuschPagan(v as never, X));
      typedOrFine(() => varianceInflationFactors([v as never]));
      typedOrFine(() => enetPath(X, v as never, { nAlphas: 3 }));
    }), { seed: SEED, numRuns: 200 });
  });
});
