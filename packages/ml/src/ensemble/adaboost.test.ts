import { describe, expect, it } from 'vitest';
import { type Matrix, NotFittedError } from '@neurite/tensor';
import { dataset, ensemblesFixture } from '../../fixtures/trees-data.ts';
import { DecisionTreeClassifier } from '../tree/index.ts';
import { AdaBoostClassifier, AdaBoostRegressor } from './index.ts';

// scikit-learn 1.9.1 figures from fixtures/trees.py (SAMME, its only AdaBoost algorithm).
const det = (name: string) => ensemblesFixture.deterministic.find((c: { name: string }) => c.name === name);
const scores = (name: string) => ensemblesFixture.cases.find((c: { name: string }) => c.name === name);

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i]! - expected[i]!) > tol * Math.max(1, Math.abs(expected[i]!))) throw new Error(`${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

describe('AdaBoostClassifier', () => {
  for (const name of ['irisNoTies', 'breastCancer']) {
    it(`SAMME with stumps equals scikit-learn on ${name}`, () => {
      const c = det(`AdaBoostClassifier stumps ${name}`);
      const { Xtrain, ytrain, Xtest, ytest } = dataset(name);
      const model = new AdaBoostClassifier({ nEstimators: 30, randomState: 0 }).fit(Xtrain, ytrain);
      expectClose(model.estimatorWeights, c.estimatorWeights, 1e-9, 'weights');
      expectClose(model.estimatorErrors, c.estimatorErrors, 1e-9, 'errors');
      const d = model.decisionFunction(Xtest);
      expectClose(d instanceof Float64Array ? d : (d as Matrix).data, c.decisionFunction.flat(), 1e-9, 'decision');
      expect(model.score(Xtest, ytest)).toBeCloseTo(c.score, 12);
    });
  }

  it('accuracy within 0.5 points of scikit-learn on wine (mean of 5 seeds); probabilities; JSON', () => {
    const { Xtrain, ytrain, Xtest, ytest } = dataset('wine');
    const expected = scores('AdaBoostClassifier wine');
    const ours = [0, 1, 2, 3, 4].map((seed) => new AdaBoostClassifier({ randomState: seed }).fit(Xtrain, ytrain).score(Xtest, ytest));
    expect(Math.abs(ours.reduce((a, b) => a + b, 0) / 5 - expected.mean)).toBeLessThanOrEqual(0.005);
    const model = new AdaBoostClassifier({ nEstimators: 10, estimator: new DecisionTreeClassifier({ maxDepth: 2 }), randomState: 0 }).fit(Xtrain, ytrain);
    const p = model.predictProba(Xtest);
    for (let i = 0; i < p.rows; i++) expect(p.data[i * 3]! + p.data[i * 3 + 1]! + p.data[i * 3 + 2]!).toBeCloseTo(1, 12);
    const copy = AdaBoostClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(copy.predict(Xtest)).toEqual(model.predict(Xtest));
    expect(() => new AdaBoostClassifier().classes).toThrow(NotFittedError);
    expect(() => new AdaBoostClassifier({ learningRate: 0 })).toThrow(/learningRate/);
  });
});

describe('AdaBoostRegressor', () => {
  it('R^2 within 0.02 of scikit-learn on diabetes (mean of 5 seeds); JSON round trip', () => {
    const { Xtrain, ytrain, Xtest, ytest } = dataset('diabetes');
    const expected = scores('AdaBoostRegressor diabetes');
    const ours = [0, 1, 2, 3, 4].map((seed) => new AdaBoostRegressor({ randomState: seed }).fit(Xtrain, ytrain).score(Xtest, ytest));
    expect(Math.abs(ours.reduce((a, b) => a + b, 0) / 5 - expected.mean)).toBeLessThanOrEqual(0.02);
    const model = new AdaBoostRegressor({ nEstimators: 5, loss: 'square', randomState: 1 }).fit(Xtrain, ytrain);
    const copy = AdaBoostRegressor.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(copy.predict(Xtest))).toEqual(Array.from(model.predict(Xtest)));
  });
});
