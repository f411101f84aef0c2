// Misuse fuzzing (TESTING.md, "Untrusted input") of the trees and tree ensembles: random
// hyperparameters and inputs of the wrong kind, shape or value give a typed Neurite error or a
// working estimator, never another exception; a failed fit keeps the previous state; JSON state
// from a file is validated (children, features, lengths) before a tree is built. fast-check, fixed seed.
import { NeuriteError } from '@neurite/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AdaBoostClassifier, AdaBoostRegressor, BaggingClassifier, BaggingRegressor, GradientBoostingClassifier, GradientBoostingRegressor,
  RandomForestClassifier, RandomForestRegressor, StackingClassifier, VotingClassifier, VotingRegressor,
} from '../ensemble/index.ts';
import { DecisionTreeClassifier, DecisionTreeRegressor } from './index.ts';

const SEED = 20261207;
const weird = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, 0.5, 1, 1.5, 1e300, -0, 3, 'a', '', 'sqrt', 'gini', null, undefined, true, [], {}, [1, 2], () => 1),
  fc.double(),
  fc.integer({ min: -5, max: 50 }),
);
type Model = { fit: (X: unknown, y: unknown) => unknown; predict: (X: unknown) => ArrayLike<unknown>; toJSON: () => unknown };
const small = { nEstimators: 3 };
const estimators: ((p: object) => Model)[] = [
  (p) => new DecisionTreeClassifier(p), (p) => new DecisionTreeRegressor(p),
  (p) => new RandomForestClassifier({ ...small, ...p }), (p) => new RandomForestRegressor({ ...small, ...p }),
  (p) => new GradientBoostingClassifier({ ...small, ...p }), (p) => new GradientBoostingRegressor({ ...small, ...p }),
  (p) => new AdaBoostClassifier({ ...small, ...p }), (p) => new AdaBoostRegressor({ ...small, ...p }),
  (p) => new BaggingClassifier({ ...small, ...p }), (p) => new BaggingRegressor({ ...small, ...p }),
  (p) => new VotingClassifier({ estimators: [['a', new DecisionTreeClassifier()]], ...p }),
  (p) => new VotingRegressor({ estimators: [['a', new DecisionTreeRegressor()]], ...p }),
  (p) => new StackingClassifier({ estimators: [['a', new DecisionTreeClassifier()]], finalEstimator: new DecisionTreeClassifier(), cv: 2, ...p }),
];
const names = [
  'criterion', 'maxDepth', 'minSamplesSplit', 'minSamplesLeaf', 'maxFeatures', 'randomState', 'minImpurityDecrease', 'ccpAlpha', 'classWeight', 'splitter',
  'nEstimators', 'bootstrap', 'oobScore', 'maxSamples', 'learningRate', 'subsample', 'nIterNoChange', 'validationFraction', 'tol', 'loss', 'estimator',
  'estimators', 'voting', 'weights', 'cv', 'passthrough', 'finalEstimator', 'bootstrapFeatures', 'bogus',
];

function typedOrFine(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof NeuriteError)) throw error;
  }
}

const X = [[0, 1], [1, 0], [2, 3], [3, 1], [4, 4], [5, 2], [6, 1], [7, 0]];
const y = [0, 1, 0, 1, 0, 1, 0, 1];

describe('misuse of trees and ensembles', () => {
  it('hyperparameters of every kind give a typed error or a working estimator', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: estimators.length - 1 }), fc.constantFrom(...names), weird, (which, name, value) => {
      typedOrFine(() => estimators[which]!({ [name]: value }).fit(X, y).predict(X));
    }), { seed: SEED, numRuns: 1000 });
  });

  it('inputs of the wrong shape, kind or value give a typed error and keep the fitted state', () => {
    const matrix = fc.oneof(
      fc.array(fc.array(fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, 'x' as never)), { maxLength: 3 }), { maxLength: 9 }),
      fc.constantFrom(null, undefined, 5, 'X', {}, { data: [1, 2], shape: [2, 2] }, { data: [1, 2, 3, 4], shape: [2, 2] }, [[1, 2], [3]]),
    );
    const labels = fc.oneof(fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(NaN, 'a', null)), { maxLength: 9 }), fc.constantFrom(null, 3, 'abc', []));
    fc.assert(fc.property(fc.integer({ min: 0, max: estimators.length - 1 }), matrix, labels, (which, badX, badY) => {
      const model = estimators[which]!({});
      typedOrFine(() => model.fit(X, y));
      const before = JSON.stringify(model.toJSON());
      let fitted = false;
      typedOrFine(() => {
        model.fit(badX, badY);
        fitted = true;
      });
      if (!fitted) expect(JSON.stringify(model.toJSON())).toBe(before);
      typedOrFine(() => model.predict(badX));
    }), { seed: SEED, numRuns: 300 });
  });

  it('tree state from JSON is checked before use', () => {
    const good = new DecisionTreeClassifier({ randomState: 0 }).fit(X, y).toJSON();
    const mutate = (f: (state: Record<string, unknown>) => void) => {
      const copy = JSON.parse(JSON.stringify(good));
      f(copy.state.tree);
      return () => DecisionTreeClassifier.fromJSON(copy);
    };
    expect(mutate((t) => ((t.childrenLeft as number[])[0] = 0))).toThrow(NeuriteError); // a cycle
    expect(mutate((t) => ((t.childrenRight as number[])[0] = 999))).toThrow(NeuriteError);
    expect(mutate((t) => ((t.feature as number[])[0] = 7))).toThrow(NeuriteError);
    expect(mutate((t) => ((t.threshold as number[]).length = 1))).toThrow(NeuriteError);
    expect(mutate((t) => (t.nodeCount = 1e12))).toThrow(NeuriteError);
    expect(mutate((t) => ((t.value as unknown[])[0] = 'x'))).toThrow(NeuriteError);
    expect(() => DecisionTreeClassifier.fromJSON({ type: 'DecisionTreeRegressor', params: {}, state: null })).toThrow(NeuriteError);
  });
});
