// Model selection against scikit-learn 1.9.1 (fixtures/selection.py): unshuffled folds exactly, and
// cross-validated scores of the deterministic SVC.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SVC } from '../svm/svc.ts';
import { crossValScore } from './cross-validation.ts';
import { learningCurve, validationCurve } from './curves.ts';
import { GridSearchCV } from './grid-search.ts';
import type { Fold } from './indexing.ts';
import { KFold, StratifiedKFold } from './k-fold.ts';
import { TimeSeriesSplit } from './time-series-split.ts';
import { trainTestSplitIndices } from './train-test-split.ts';

type Folds = { train: number[]; test: number[] }[];
const fx = JSON.parse(readFileSync(new URL('../../fixtures/selection.json', import.meta.url), 'utf8'));
const irisRows = JSON.parse(readFileSync(new URL('../../fixtures/svm.json', import.meta.url), 'utf8')) as { X: number[][]; y: string[] };
const order = fx.iris.order as number[];
const X = order.map((i) => irisRows.X[i]!);
const y = order.map((i) => irisRows.y[i]!);

const plain = (folds: Fold[]): Folds => folds.map((f) => ({ train: Array.from(f.train), test: Array.from(f.test) }));
const close = (a: ArrayLike<number>, b: number[]): void => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 10);
};

describe('splitters equal scikit-learn unshuffled', () => {
  it('KFold', () => {
    expect(plain(new KFold().split(17))).toEqual(fx.splits['kfold-5-17']);
    expect(plain(new KFold({ nSplits: 3 }).split(10))).toEqual(fx.splits['kfold-3-10']);
  });
  it('StratifiedKFold (numbers and strings, classes by first appearance)', () => {
    const a = fx.splits['stratified-3'], b = fx.splits['stratified-4-strings'];
    expect(plain(new StratifiedKFold({ nSplits: 3 }).split(a.y.length, a.y))).toEqual(a.folds);
    expect(plain(new StratifiedKFold({ nSplits: 4 }).split(b.y.length, b.y))).toEqual(b.folds);
  });
  it('TimeSeriesSplit', () => {
    expect(plain(new TimeSeriesSplit().split(20))).toEqual(fx.splits['timeseries-5-20']);
    expect(plain(new TimeSeriesSplit({ nSplits: 3, maxTrainSize: 5 }).split(20))).toEqual(fx.splits['timeseries-3-max5']);
    expect(plain(new TimeSeriesSplit({ nSplits: 4, testSize: 2, gap: 1 }).split(17))).toEqual(fx.splits['timeseries-4-test2-gap1']);
  });
  it('trainTestSplit without shuffle', () => {
    for (const h of fx.holdout as { n: number; params: { test_size?: number; train_size?: number }; train: number[]; test: number[] }[]) {
      const s = trainTestSplitIndices(h.n, { shuffle: false, testSize: h.params.test_size, trainSize: h.params.train_size });
      expect([Array.from(s.train), Array.from(s.test)]).toEqual([h.train, h.test]);
    }
  });
});

describe('cross-validated SVC scores equal scikit-learn on iris', () => {
  it('crossValScore', () => {
    close(crossValScore(new SVC({ kernel: 'linear', C: 0.05 }), X, y, { cv: 5 }), fx.iris.crossValScoreLinear);
  });
  it('learningCurve', () => {
    const c = learningCurve(new SVC({ C: 0.5 }), X, y, { cv: 5 });
    expect(Array.from(c.trainSizes)).toEqual(fx.iris.learningCurve.sizes);
    c.trainScores.forEach((row, i) => close(row, fx.iris.learningCurve.train[i]));
    c.testScores.forEach((row, i) => close(row, fx.iris.learningCurve.test[i]));
  });
  it('validationCurve', () => {
    const c = validationCurve(new SVC(), X, y, { paramName: 'C', paramRange: fx.iris.validationCurve.range, cv: 4 });
    c.trainScores.forEach((row, i) => close(row, fx.iris.validationCurve.train[i]));
    c.testScores.forEach((row, i) => close(row, fx.iris.validationCurve.test[i]));
  });
  it('GridSearchCV: candidates, ranks, best params and score', () => {
    const g = fx.iris.gridSearch;
    const gs = new GridSearchCV({ estimator: new SVC(), paramGrid: g.grid, cv: 5 }).fit(X, y);
    expect(gs.cvResults.params).toEqual(g.params);
    close(gs.cvResults.meanTestScore, g.meanTestScore);
    expect(Array.from(gs.cvResults.rankTestScore)).toEqual(g.rankTestScore);
    expect(gs.bestParams).toEqual(g.bestParams);
    expect(gs.bestScore).toBeCloseTo(g.bestScore, 12);
    expect(gs.bestIndex).toBe(g.bestIndex);
    expect((gs.bestEstimator as SVC).getParams().C).toBe(g.bestParams.C);
    expect(gs.predict(X)).toEqual((gs.bestEstimator as SVC).predict(X));
  });
  it('GridSearchCV with f1_macro, a KFold and train scores', () => {
    const g = fx.iris.gridSearchF1;
    const gs = new GridSearchCV({ estimator: new SVC({ kernel: 'poly', degree: 2 }), paramGrid: { C: [0.01, 0.1, 1], coef0: [0, 1] }, cv: new KFold({ nSplits: 3 }), scoring: 'f1_macro', returnTrainScore: true }).fit(X, y);
    close(gs.cvResults.meanTestScore, g.meanTestScore);
    close(gs.cvResults.meanTrainScore!, g.meanTrainScore);
    expect(Array.from(gs.cvResults.rankTestScore)).toEqual(g.rankTestScore);
    expect(gs.bestParams).toEqual(g.bestParams);
  });
});
