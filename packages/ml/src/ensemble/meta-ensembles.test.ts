import { describe, expect, it } from 'vitest';
import { NotFittedError } from '@neurite/tensor';
import { dataset, ensemblesFixture } from '../../fixtures/trees-data.ts';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '../tree/index.ts';
import { AdaBoostClassifier, BaggingClassifier, BaggingRegressor, GradientBoostingClassifier, GradientBoostingRegressor, RandomForestClassifier, StackingClassifier, StackingRegressor, VotingClassifier, VotingRegressor } from './index.ts';

// scikit-learn 1.9.1 figures from fixtures/trees.py.
const det = (name: string) => ensemblesFixture.deterministic.find((c: { name: string }) => c.name === name);
const scores = (name: string) => ensemblesFixture.cases.find((c: { name: string }) => c.name === name);

describe('Bagging', () => {
  it("classifier on digits: scikit-learn's draws, so the same accuracy for 3 of the 5 seeds; oob; JSON", () => {
    const { Xtrain, ytrain, Xtest, ytest } = dataset('digits');
    const expected = scores('BaggingClassifier digits');
    const ours = [0, 1, 2].map((seed) => new BaggingClassifier({ randomState: seed }).fit(Xtrain, ytrain).score(Xtest, ytest));
    ours.forEach((score, seed) => expect(score, `seed ${seed}`).toBeCloseTo(expected.scores[seed], 10));
    const model = new BaggingClassifier({ nEstimators: 5, maxFeatures: 0.5, oobScore: true, randomState: 0 }).fit(Xtrain, ytrain);
    expect(model.oobScore).toBeGreaterThan(0.7);
    expect(model.estimatorsFeatures[0]).toHaveLength(32);
    const copy = BaggingClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(copy.predict(Xtest)).toEqual(model.predict(Xtest));
  });

  it('regressor on diabetes: the same R^2 as scikit-learn for each of 5 seeds', () => {
    const { Xtrain, ytrain, Xtest, ytest } = dataset('diabetes');
    const expected = scores('BaggingRegressor diabetes');
    const ours = [0, 1, 2, 3, 4].map((seed) => new BaggingRegressor({ randomState: seed }).fit(Xtrain, ytrain).score(Xtest, ytest));
    ours.forEach((score, seed) => expect(score, `seed ${seed}`).toBeCloseTo(expected.scores[seed], 9));
    expect(() => new BaggingRegressor({ maxSamples: 1.5 })).toThrow(/maxSamples/);
  });
});

describe('Voting', () => {
  const members = () => [['tree', new DecisionTreeClassifier({ maxDepth: 3, randomState: 0 })], ['gb', new GradientBoostingClassifier({ nEstimators: 20, randomState: 0 })]] as const;
  for (const voting of ['hard', 'soft'] as const) {
    it(`${voting} voting on wine agrees with scikit-learn`, () => {
      const c = det(`VotingClassifier ${voting} wine`);
      const { Xtrain, ytrain, Xtest, ytest } = dataset('wine');
      const model = new VotingClassifier({ estimators: members(), voting }).fit(Xtrain, ytrain);
      const predicted = model.predict(Xtest) as number[];
      const agree = predicted.filter((p, i) => p === c.predict[i]).length / predicted.length;
      expect(agree).toBeGreaterThanOrEqual(53 / 54);
      expect(Math.abs(model.score(Xtest, ytest) - c.score)).toBeLessThanOrEqual(1 / 54 + 1e-12);
    });
  }

  it('regressor averages its members like scikit-learn; JSON round trip; NotFittedError', () => {
    const c = det('VotingRegressor diabetes');
    const { Xtrain, ytrain, Xtest } = dataset('diabetes');
    const model = new VotingRegressor({ estimators: [['tree', new DecisionTreeRegressor({ maxDepth: 4, randomState: 0 })], ['gb', new GradientBoostingRegressor({ nEstimators: 30, randomState: 0 })]] }).fit(Xtrain, ytrain);
    const p = model.predict(Xtest);
    for (let i = 0; i < p.length; i++) expect(Math.abs(p[i]! - c.predict[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(c.predict[i])));
    const copy = VotingRegressor.fromJSON(JSON.parse(JSON.stringify(model.toJSON())), { GradientBoostingRegressor });
    expect(Array.from(copy.predict(Xtest))).toEqual(Array.from(p));
    expect(() => new VotingClassifier({ estimators: members() }).predict(Xtest)).toThrow(NotFittedError);
  });
});

describe('Stacking', () => {
  it('classifier on breast cancer within two test samples of scikit-learn', () => {
    const c = scores('StackingClassifier breastCancer');
    const { Xtrain, ytrain, Xtest, ytest } = dataset('breastCancer');
    const model = new StackingClassifier({
      estimators: [['tree', new DecisionTreeClassifier({ maxDepth: 4, randomState: 0 })], ['forest', new RandomForestClassifier({ nEstimators: 30, randomState: 0 })]],
      finalEstimator: new GradientBoostingClassifier({ nEstimators: 30, randomState: 0 }),
    }).fit(Xtrain, ytrain);
    expect(model.transform(Xtest).cols).toBe(2);
    expect(Math.abs(model.score(Xtest, ytest) - c.mean)).toBeLessThanOrEqual(2 / ytest.length + 1e-12);
  });

  it('regressor on diabetes within 0.03 R^2 of scikit-learn; default final estimators fit', () => {
    const c = scores('StackingRegressor diabetes');
    const { Xtrain, ytrain, Xtest, ytest } = dataset('diabetes');
    const model = new StackingRegressor({
      estimators: [['tree', new DecisionTreeRegressor({ maxDepth: 4, randomState: 0 })], ['gb', new GradientBoostingRegressor({ nEstimators: 30, randomState: 0 })]],
      finalEstimator: new DecisionTreeRegressor({ maxDepth: 3, randomState: 0 }),
    }).fit(Xtrain, ytrain);
    expect(Math.abs(model.score(Xtest, ytest) - c.mean)).toBeLessThanOrEqual(0.03);
    const withRidge = new StackingRegressor({ estimators: [['tree', new DecisionTreeRegressor({ maxDepth: 3, randomState: 0 })]], cv: 3 }).fit(Xtrain, ytrain);
    expect(withRidge.score(Xtest, ytest)).toBeGreaterThan(0.1);
    const iris = dataset('iris');
    const logistic = new StackingClassifier({ estimators: [['tree', new DecisionTreeClassifier({ maxDepth: 2, randomState: 0 })]], cv: 3 }).fit(iris.Xtrain, iris.ytrain);
    expect(logistic.score(iris.Xtest, iris.ytest)).toBeGreaterThan(0.85);
  });
});

describe('string labels', () => {
  it('every classifier ensemble fits and predicts class names', () => {
    const { Xtrain, ytrain, Xtest, ytest } = dataset('iris');
    const names = ['setosa', 'versicolor', 'virginica'];
    const yNames = ytrain.map((k) => names[k]!);
    const testNames = ytest.map((k) => names[k]!);
    const models = [
      new RandomForestClassifier({ nEstimators: 10, randomState: 0 }),
      new GradientBoostingClassifier({ nEstimators: 10, randomState: 0 }),
      new BaggingClassifier({ randomState: 0 }),
      new AdaBoostClassifier({ nEstimators: 10, estimator: new DecisionTreeClassifier({ maxDepth: 2 }), randomState: 0 }),
      new VotingClassifier({ estimators: [['a', new DecisionTreeClassifier({ randomState: 0 })], ['b', new RandomForestClassifier({ nEstimators: 5, randomState: 0 })]], voting: 'soft' }),
      new StackingClassifier({ estimators: [['a', new DecisionTreeClassifier({ maxDepth: 2, randomState: 0 })]], finalEstimator: new DecisionTreeClassifier({ randomState: 0 }), cv: 3 }),
    ];
    for (const model of models) {
      model.fit(Xtrain, yNames);
      expect(model.classes, model.constructor.name).toEqual(names);
      expect(names).toContain(model.predict(Xtest)[0]);
      expect(model.score(Xtest, testNames), model.constructor.name).toBeGreaterThan(0.85);
    }
  });
});

describe('progress and cancellation', () => {
  it('every ensemble reports progress in order and stops on its AbortSignal, keeping its previous state', () => {
    const { Xtrain, ytrain } = dataset('iris');
    const tree = () => new DecisionTreeClassifier({ maxDepth: 2, randomState: 0 });
    const makers = [
      () => new AdaBoostClassifier({ nEstimators: 4, estimator: tree(), randomState: 0 }),
      () => new BaggingClassifier({ nEstimators: 4, randomState: 0 }),
      () => new VotingClassifier({ estimators: [['a', tree()], ['b', tree()], ['c', tree()], ['d', tree()]] }),
      () => new StackingClassifier({ estimators: [['a', tree()], ['b', tree()], ['c', tree()], ['d', tree()]], finalEstimator: tree(), cv: 2 }),
    ];
    for (const make of makers) {
      const done: number[] = [];
      const model = make().fit(Xtrain, ytrain, { onProgress: (p) => done.push(p.done) });
      expect(done, model.constructor.name).toEqual([1, 2, 3, 4]);
      const before = JSON.stringify(model.predict(Xtrain));
      const controller = new AbortController();
      expect(() => model.fit(Xtrain, ytrain.map((v) => 2 - v), { signal: controller.signal, onProgress: (p) => p.done === 2 && controller.abort() })).toThrow(/aborted/);
      expect(JSON.stringify(model.predict(Xtrain)), model.constructor.name).toBe(before);
    }
  });
});
