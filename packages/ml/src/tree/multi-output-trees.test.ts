// Trees and forests fitted on a 2-D y (one tree for all outputs, impurities and proxies summed over
// them) against scikit-learn 1.9.1 (fixtures/multi-output.py): diabetes with three outputs.
import { readFileSync } from 'node:fs';
import { ShapeError } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { describe, expect, it } from 'vitest';
import { linearDatasets } from '../../fixtures/sample-weight-data.ts';
import { ExtraTreesRegressor } from '../ensemble/extra-trees.ts';
import { RandomForestRegressor } from '../ensemble/random-forest-regressor.ts';
import { DecisionTreeRegressor } from './decision-tree-regressor.ts';

const e = JSON.parse(readFileSync(new URL('../../fixtures/multi-output.json', import.meta.url), 'utf8'));
const { X, y } = linearDatasets.diabetes!;
const Y = X.map((r, i) => [y[i]!, 300 * r[2]! - 100 * r[3]! + 50, y[i]! / 2]);
const isTest = (i: number) => i % 4 === 0;
const XTrain = X.filter((_, i) => !isTest(i)), YTrain = Y.filter((_, i) => !isTest(i));
const XTest = X.filter((_, i) => isTest(i)), YTest = Y.filter((_, i) => isTest(i));
const CLOSE = { rtol: 1e-9, atol: 1e-9 };
// The forests fit integer targets (exact sums; see the fixture script on ties decided by rounding).
const YInt = X.map((r, i) => [y[i]!, Math.floor(300 * r[2]! - 100 * r[3]! + 50), y[i]! / 2]);
const YIntTrain = YInt.filter((_, i) => !isTest(i)), YIntTest = YInt.filter((_, i) => isTest(i));

const TREES: Record<string, Record<string, unknown>> = {
  squaredError: { maxDepth: 6, randomState: 0 },
  friedmanMse: { criterion: 'friedmanMse', maxDepth: 5, minSamplesLeaf: 3, randomState: 0 },
  bestFirst: { maxLeafNodes: 12, maxFeatures: 0.5, randomState: 3 },
  random: { splitter: 'random', maxDepth: 7, randomState: 5 },
};

describe('DecisionTreeRegressor on a 2-D y', () => {
  for (const [name, params] of Object.entries(TREES)) {
    it(`${name}: scikit-learn's tree node for node`, () => {
      const expected = e.trees[name];
      const m = new DecisionTreeRegressor(params).fit(XTrain, YTrain);
      const t = m.tree;
      expect(m.nOutputs).toBe(3);
      expect(t.nValues).toBe(3);
      expect(Array.from(t.childrenLeft)).toEqual(expected.tree.left);
      expect(Array.from(t.childrenRight)).toEqual(expected.tree.right);
      expect(Array.from(t.feature)).toEqual(expected.tree.feature);
      expectClose(t.threshold, expected.tree.threshold, { rtol: 0, atol: 0 });
      expectClose(t.impurity, expected.tree.impurity, CLOSE);
      expectClose(t.value, expected.tree.value.flat(), CLOSE);
      const p = m.predictOutputs(XTest);
      expect([p.rows, p.cols]).toEqual([XTest.length, 3]);
      expectClose(p.data, expected.predict.flat(), CLOSE);
      expectClose([m.score(XTest, YTest)], [expected.score], CLOSE);
      expectClose(m.featureImportances, expected.importances, CLOSE);
    });
  }

  it('a one-column 2-D y grows the 1-D tree; JSON keeps the outputs; bad y shapes are ShapeErrors', () => {
    const flat = new DecisionTreeRegressor({ maxDepth: 4 }).fit(XTrain, YTrain.map((r) => r[0]!));
    const one = new DecisionTreeRegressor({ maxDepth: 4 }).fit(XTrain, YTrain.map((r) => [r[0]!]));
    expect(Array.from(one.tree.value)).toEqual(Array.from(flat.tree.value));
    expect(Array.from(one.predict(XTest))).toEqual(Array.from(flat.predict(XTest)));
    const m = new DecisionTreeRegressor({ maxDepth: 4 }).fit(XTrain, YTrain);
    const copy = DecisionTreeRegressor.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(copy.nOutputs).toBe(3);
    expect(Array.from(copy.predict(XTest))).toEqual(Array.from(m.predict(XTest)));
    expect(() => new DecisionTreeRegressor().fit(XTrain, YTrain.slice(1))).toThrow(ShapeError);
    expect(() => m.score(XTest, YTest.map((r) => r.slice(0, 2)))).toThrow(ShapeError);
  });
});

describe('forests on a 2-D y', () => {
  it("RandomForestRegressor: scikit-learn's predictions, out-of-bag score and importances", () => {
    const m = new RandomForestRegressor({ nEstimators: 25, maxFeatures: 0.5, minSamplesLeaf: 2, oobScore: true, randomState: 0 }).fit(XTrain, YIntTrain);
    expect(m.nOutputs).toBe(3);
    expectClose(m.predict(XTest), e.forest.predict.flat(), CLOSE);
    expectClose([m.score(XTest, YIntTest)], [e.forest.score], CLOSE);
    expectClose([m.oobScore], [e.forest.oobScore], CLOSE);
    expectClose(m.oobPrediction, e.forest.oobPrediction.flat(), CLOSE);
    expectClose(m.featureImportances, e.forest.importances, CLOSE);
    expect(m.estimators[0]!.nOutputs).toBe(3);
    const copy = RandomForestRegressor.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(Array.from(copy.predictOutputs(XTest).data)).toEqual(Array.from(m.predict(XTest)));
  });

  it("ExtraTreesRegressor: scikit-learn's predictions", () => {
    const m = new ExtraTreesRegressor({ nEstimators: 10, maxDepth: 8, randomState: 1 }).fit(XTrain, YIntTrain);
    expectClose(m.predict(XTest), e.extraTrees.predict.flat(), CLOSE);
    expectClose([m.score(XTest, YIntTest)], [e.extraTrees.score], CLOSE);
  });
});
