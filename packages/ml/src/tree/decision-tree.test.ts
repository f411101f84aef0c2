import { describe, expect, it } from 'vitest';
import { ArgumentError, NotFittedError, ShapeError } from '@neurite/tensor';
import { dataset, treesFixture } from '../../fixtures/trees-data.ts';
import { DecisionTreeClassifier, DecisionTreeRegressor, type TreeArrays } from './index.ts';

// Golden trees and pruning paths from scikit-learn 1.9.1 (fixtures/trees.py).
interface CartCase {
  name: string;
  params: Record<string, unknown>;
  tree: {
    nodeCount: number;
    childrenLeft: number[];
    childrenRight: number[];
    feature: number[];
    threshold: number[];
    impurity: number[];
    nNodeSamples: number[];
    weightedNNodeSamples: number[];
    value: number[][];
  };
  featureImportances: number[];
  path?: { ccpAlphas: number[]; impurities: number[] };
}

const camel: Record<string, string> = {
  criterion: 'criterion',
  max_depth: 'maxDepth',
  min_samples_leaf: 'minSamplesLeaf',
  ccp_alpha: 'ccpAlpha',
  min_impurity_decrease: 'minImpurityDecrease',
  max_leaf_nodes: 'maxLeafNodes',
  max_features: 'maxFeatures',
  splitter: 'splitter',
};
const criteria: Record<string, string> = { gini: 'gini', entropy: 'entropy', log_loss: 'logLoss', squared_error: 'squaredError' };

function paramsOf(p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { randomState: 0 };
  for (const [k, v] of Object.entries(p)) out[camel[k]!] = k === 'criterion' ? criteria[v as string] : v;
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    if (Math.abs(actual[i]! - e) > tol * Math.max(1, Math.abs(e))) throw new Error(`${what}[${i}]: ${actual[i]} vs ${e}`);
  }
}

function expectSameTree(tree: TreeArrays, expected: CartCase['tree'], what: string): void {
  expect(tree.nodeCount, `${what}: node count`).toBe(expected.nodeCount);
  expect(Array.from(tree.childrenLeft), `${what}: childrenLeft`).toEqual(expected.childrenLeft);
  expect(Array.from(tree.childrenRight), `${what}: childrenRight`).toEqual(expected.childrenRight);
  expect(Array.from(tree.feature), `${what}: feature`).toEqual(expected.feature);
  expect(Array.from(tree.nNodeSamples), `${what}: nNodeSamples`).toEqual(expected.nNodeSamples);
  expectClose(tree.threshold, expected.threshold, 0, `${what}: threshold`);
  expectClose(tree.impurity, expected.impurity, 1e-9, `${what}: impurity`);
  expectClose(tree.weightedNNodeSamples, expected.weightedNNodeSamples, 1e-12, `${what}: weightedNNodeSamples`);
  expectClose(tree.value, expected.value.flat(), 1e-9, `${what}: value`);
}

describe('decision trees against scikit-learn', () => {
  for (const c of treesFixture.cart as CartCase[]) {
    it(`grows the same tree: ${c.name}`, () => {
      const name = c.name.split(' ')[0]!;
      const { X, y } = dataset(name);
      const regression = name === 'diabetes';
      const model = regression ? new DecisionTreeRegressor(paramsOf(c.params)) : new DecisionTreeClassifier(paramsOf(c.params));
      model.fit(X, y);
      expectSameTree(model.tree, c.tree, c.name);
      expectClose(model.featureImportances, c.featureImportances, 1e-9, `${c.name}: importances`);
      if (c.path) {
        const path = model.costComplexityPruningPath(X, y);
        expectClose(path.ccpAlphas, c.path.ccpAlphas, 1e-9, `${c.name}: ccp alphas`);
        expectClose(path.impurities, c.path.impurities, 1e-9, `${c.name}: path impurities`);
      }
    });
  }
});

describe('DecisionTreeClassifier', () => {
  const { Xtrain, ytrain, Xtest, ytest } = dataset('iris');
  it('throws NotFittedError before fit and names bad hyperparameters', () => {
    const model = new DecisionTreeClassifier();
    expect(() => model.tree).toThrow(NotFittedError);
    expect(() => model.predict([[1, 2, 3, 4]])).toThrow(NotFittedError);
    expect(() => new DecisionTreeClassifier({ maxDepth: 0 })).toThrow(/maxDepth/);
    expect(() => new DecisionTreeClassifier({ criterion: 'mse' as never })).toThrow(ArgumentError);
    expect(() => new DecisionTreeClassifier({ minSamplesSplit: 1 })).toThrow(/minSamplesSplit/);
    expect(() => new DecisionTreeClassifier({ maxFeatures: 0 })).toThrow(/maxFeatures/);
    expect(() => model.fit([[1], [2]], [0])).toThrow(ShapeError);
  });

  it('predicts string labels, probabilities and leaves; JSON round trip', () => {
    const names = ['setosa', 'versicolor', 'virginica'];
    const model = new DecisionTreeClassifier({ maxDepth: 3, randomState: 0 }).fit(Xtrain, ytrain.map((k) => names[k]!));
    expect(model.classes).toEqual(names);
    expect(model.score(Xtest, ytest.map((k) => names[k]!))).toBeGreaterThan(0.9);
    const proba = model.predictProba(Xtest);
    for (let i = 0; i < proba.rows; i++) expect(proba.data[i * 3]! + proba.data[i * 3 + 1]! + proba.data[i * 3 + 2]!).toBeCloseTo(1, 12);
    expect(model.getDepth()).toBeLessThanOrEqual(3);
    const leaves = model.apply(Xtest);
    const path = model.decisionPath(Xtest);
    for (let i = 0; i < Xtest.rows; i++) {
      expect(path.indices[path.indptr[i]!]).toBe(0);
      expect(path.indices[path.indptr[i + 1]! - 1]).toBe(leaves[i]);
    }
    const copy = DecisionTreeClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(copy.predict(Xtest)).toEqual(model.predict(Xtest));
    expect(Array.from(copy.predictProba(Xtest).data)).toEqual(Array.from(proba.data));
  });

  it('max features draws features with the seed; sample weights count like repeated rows', () => {
    const a = new DecisionTreeClassifier({ maxFeatures: 2, randomState: 3 }).fit(Xtrain, ytrain);
    const b = new DecisionTreeClassifier({ maxFeatures: 2, randomState: 3 }).fit(Xtrain, ytrain);
    expect(Array.from(a.tree.feature)).toEqual(Array.from(b.tree.feature));
    const weights = ytrain.map((_, i) => (i % 3) + 1);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < Xtrain.rows; i++) for (let r = 0; r < weights[i]!; r++) {
      rows.push(Array.from(Xtrain.data.subarray(i * 4, i * 4 + 4)));
      labels.push(ytrain[i]!);
    }
    const weighted = new DecisionTreeClassifier({ randomState: 0, maxDepth: 4 }).fit(Xtrain, ytrain, { sampleWeight: weights });
    const repeated = new DecisionTreeClassifier({ randomState: 0, maxDepth: 4 }).fit(rows, labels);
    expect(Array.from(weighted.tree.threshold)).toEqual(Array.from(repeated.tree.threshold));
  });
});
