import { describe, expect, it } from 'vitest';
import { NotFittedError } from '@neurite/tensor';
import { dataset, ensemblesFixture } from '../../fixtures/trees-data.ts';
import { ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor } from './index.ts';

// scikit-learn 1.9.1 figures from fixtures/trees.py.
const det = (name: string) => ensemblesFixture.deterministic.find((c: { name: string }) => c.name === name);
const scores = (name: string) => ensemblesFixture.cases.find((c: { name: string }) => c.name === name);

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i]! - expected[i]!) > tol * Math.max(1, Math.abs(expected[i]!))) throw new Error(`${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

describe('RandomForestClassifier', () => {
  it('grows scikit-learn trees for the same randomState (probabilities, oob score, importances)', () => {
    const c = det('RandomForestClassifier 10 trees wine');
    const { Xtrain, ytrain, Xtest } = dataset('wine');
    const model = new RandomForestClassifier({ nEstimators: 10, oobScore: true, randomState: 7 }).fit(Xtrain, ytrain);
    expectClose(model.predictProba(Xtest).data, c.proba.flat(), 1e-12, 'proba');
    expect(model.oobScore).toBeCloseTo(c.oobScore, 12);
    expectClose(model.featureImportances, c.featureImportances, 1e-9, 'importances');
  });

  it('matches scikit-learn accuracy on wine and breast cancer (mean of 5 seeds, within 0.5 points)', () => {
    for (const name of ['wine', 'breastCancer']) {
      const { Xtrain, ytrain, Xtest, ytest } = dataset(name);
      const expected = scores(`RandomForestClassifier ${name}`);
      const ours = expected.scores.map((_: number, seed: number) => new RandomForestClassifier({ nEstimators: 100, randomState: seed }).fit(Xtrain, ytrain).score(Xtest, ytest));
      const mean = ours.reduce((a: number, b: number) => a + b, 0) / ours.length;
      expect(Math.abs(mean - expected.mean), name).toBeLessThanOrEqual(0.005);
    }
  });

  it('reports progress per tree, stops on abort, round-trips through JSON', () => {
    const { Xtrain, ytrain, Xtest } = dataset('iris');
    expect(() => new RandomForestClassifier().predict(Xtest)).toThrow(NotFittedError);
    const events: number[] = [];
    const model = new RandomForestClassifier({ nEstimators: 5, randomState: 1 }).fit(Xtrain, ytrain, { onProgress: (p) => events.push(p.done) });
    expect(events).toEqual([1, 2, 3, 4, 5]);
    const controller = new AbortController();
    const aborted = new RandomForestClassifier({ nEstimators: 5, randomState: 1 });
    expect(() => aborted.fit(Xtrain, ytrain, { signal: controller.signal, onProgress: (p) => p.done === 2 && controller.abort() })).toThrow(/aborted/);
    expect(() => aborted.classes).toThrow(NotFittedError);
    const copy = RandomForestClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(copy.predictProba(Xtest).data)).toEqual(Array.from(model.predictProba(Xtest).data));
    expect(model.estimators).toHaveLength(5);
  });
});

describe('RandomForestRegressor', () => {
  it('grows scikit-learn trees for the same randomState', () => {
    const c = det('RandomForestRegressor 10 trees diabetes');
    const { Xtrain, ytrain, Xtest } = dataset('diabetes');
    const model = new RandomForestRegressor({ nEstimators: 10, maxFeatures: 0.5, minSamplesLeaf: 2, randomState: 7 }).fit(Xtrain, ytrain);
    expectClose(model.predict(Xtest), c.predict, 1e-9, 'predict');
  });

  it('R^2 within 0.02 of scikit-learn (mean of 5 seeds); oob score; JSON', () => {
    const { Xtrain, ytrain, Xtest, ytest } = dataset('diabetes');
    const expected = scores('RandomForestRegressor diabetes');
    const ours = [0, 1, 2, 3, 4].map((seed) => new RandomForestRegressor({ nEstimators: 100, randomState: seed }).fit(Xtrain, ytrain).score(Xtest, ytest));
    expect(Math.abs(ours.reduce((a, b) => a + b, 0) / 5 - expected.mean)).toBeLessThanOrEqual(0.02);
    const model = new RandomForestRegressor({ nEstimators: 20, oobScore: true, randomState: 0 }).fit(Xtrain, ytrain);
    expect(model.oobScore).toBeGreaterThan(0.2);
    const copy = RandomForestRegressor.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(copy.predict(Xtest))).toEqual(Array.from(model.predict(Xtest)));
    expect(copy.oobScore).toBe(model.oobScore);
  });
});

describe('ExtraTrees', () => {
  it('grow scikit-learn extremely randomised trees for the same randomState', () => {
    const wine = dataset('wine');
    const c = det('ExtraTreesClassifier 10 trees wine');
    const model = new ExtraTreesClassifier({ nEstimators: 10, randomState: 7 }).fit(wine.Xtrain, wine.ytrain);
    expectClose(model.predictProba(wine.Xtest).data, c.proba.flat(), 1e-12, 'proba');
    const diabetes = dataset('diabetes');
    const r = det('ExtraTreesRegressor 10 trees diabetes');
    const regressor = new ExtraTreesRegressor({ nEstimators: 10, randomState: 7 }).fit(diabetes.Xtrain, diabetes.ytrain);
    expectClose(regressor.predict(diabetes.Xtest), r.predict, 1e-9, 'predict');
    const copy = ExtraTreesRegressor.fromJSON(JSON.parse(JSON.stringify(regressor.toJSON())));
    expect(copy).toBeInstanceOf(ExtraTreesRegressor);
    expect(Array.from(copy.predict(diabetes.Xtest))).toEqual(Array.from(regressor.predict(diabetes.Xtest)));
  });
});

describe('class weights', () => {
  it("'balanced', a map and 'balancedSubsample' weigh the trees as scikit-learn's", () => {
    const { Xtrain, ytrain, Xtest } = dataset('wine');
    // scikit-learn 1.9 draws the bootstrap with probabilities proportional to the (class) weights
    // and gives the trees the counts: the same trees here
    const cases = [['balanced', 'balanced'], [{ '0': 1, '1': 3, '2': 0.5 }, 'map']] as const;
    for (const [classWeight, key] of cases) {
      const c = det(`RandomForestClassifier classWeight ${key} wine`);
      const model = new RandomForestClassifier({ nEstimators: 10, classWeight, randomState: 3 }).fit(Xtrain, ytrain);
      expectClose(model.predictProba(Xtest).data, c.proba.flat(), 1e-12, `proba ${key}`);
    }
    // 'balancedSubsample' gives the trees fractional weights: scikit-learn then splits some nodes
    // whose impurity is rounding noise above DBL_EPSILON (its children's sums come from the
    // parent's by subtraction), so its trees may hold extra splits; the probabilities stay close
    const c = det('RandomForestClassifier classWeight balancedSubsample wine');
    const p = new RandomForestClassifier({ nEstimators: 10, classWeight: 'balancedSubsample', randomState: 3 }).fit(Xtrain, ytrain).predictProba(Xtest).data;
    const expected = c.proba.flat() as number[];
    const gap = expected.reduce((sum, e, i) => sum + Math.abs(p[i]! - e), 0) / expected.length;
    expect(gap).toBeLessThanOrEqual(0.05);
    expect(() => new RandomForestClassifier({ classWeight: { '0': -1 } })).toThrow(/classWeight/);
  });
});
