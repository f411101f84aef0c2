// Sample weights of trees and forests against scikit-learn 1.9.1 (fixtures/sample-weight.py): the
// same weighted CART tree node for node, and a weighted random forest's accuracy (mean of 5 seeds)
// within 0.5 points.
import { describe, expect, it } from 'vitest';
import { fixtureWeights, sampleWeightFixture } from '../../fixtures/sample-weight-data.ts';
import { dataset } from '../../fixtures/trees-data.ts';
import { RandomForestClassifier } from '../ensemble/random-forest-classifier.ts';
import { DecisionTreeClassifier } from './decision-tree-classifier.ts';
import { DecisionTreeRegressor } from './decision-tree-regressor.ts';
import type { TreeArrays } from './tree-arrays.ts';

const e = sampleWeightFixture.trees;

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i]! - expected[i]!) > tol * Math.max(1, Math.abs(expected[i]!))) throw new Error(`${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

function expectSameTree(tree: TreeArrays, expected: { feature: number[]; threshold: number[]; weightedNNodeSamples: number[]; value: number[][]; impurity: number[] }): void {
  expect(Array.from(tree.feature)).toEqual(expected.feature);
  expectClose(tree.threshold, expected.threshold, 0, 'threshold');
  expectClose(tree.weightedNNodeSamples, expected.weightedNNodeSamples, 1e-12, 'weightedNNodeSamples');
  expectClose(tree.value, expected.value.flat(), 1e-9, 'value');
  expectClose(tree.impurity, expected.impurity, 1e-9, 'impurity');
}

describe('trees with sample weights', () => {
  it('DecisionTreeClassifier grows scikit-learn\'s weighted tree on iris without ties', () => {
    const { X, y } = dataset('irisNoTies');
    const model = new DecisionTreeClassifier({ randomState: 0 }).fit(X, y, { sampleWeight: fixtureWeights(y.length) });
    expectSameTree(model.tree, e.classifier_irisNoTies.tree);
    expectClose(model.featureImportances, e.classifier_irisNoTies.featureImportances, 1e-9, 'importances');
  });

  it('DecisionTreeRegressor grows scikit-learn\'s weighted tree on diabetes', () => {
    const { X, y } = dataset('diabetes');
    const model = new DecisionTreeRegressor({ randomState: 0, maxDepth: 4 }).fit(X, y, { sampleWeight: fixtureWeights(y.length) });
    expectSameTree(model.tree, e.regressor_diabetes_depth4.tree);
    expectClose(model.featureImportances, e.regressor_diabetes_depth4.featureImportances, 1e-9, 'importances');
  });

  it('RandomForestClassifier with weights matches scikit-learn\'s accuracy on wine', () => {
    const { Xtrain, ytrain, Xtest, ytest } = dataset('wine');
    const sampleWeight = fixtureWeights(ytrain.length);
    let total = 0;
    for (let seed = 0; seed < 5; seed++) total += new RandomForestClassifier({ nEstimators: 50, randomState: seed }).fit(Xtrain, ytrain, { sampleWeight }).score(Xtest, ytest);
    expect(Math.abs(total / 5 - e.forest_wine.meanAccuracy)).toBeLessThanOrEqual(0.005);
  });
});
