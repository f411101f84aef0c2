import { ArgumentError, Generator, type MatrixInput } from '@neurite/tensor';
import { describe, expect, it } from 'vitest';
import { BaseEstimator, FitAbortedError } from '../base/estimator.ts';
import { toTargets } from '../base/labels.ts';
import type { Labels } from '../base/protocol.ts';
import { SVC } from '../svm/svc.ts';
import { biasVarianceDecomp } from './bias-variance.ts';
import { crossValidate, crossValScore } from './cross-validation.ts';
import { parameterGrid } from './grid-search.ts';
import type { Fold } from './indexing.ts';
import { KFold, StratifiedKFold } from './k-fold.ts';
import { LeaveOneOut } from './leave-one-out.ts';
import { getScorer } from './scoring.ts';
import { TimeSeriesSplit } from './time-series-split.ts';
import { trainTestSplit, trainValTestSplit } from './train-test-split.ts';

/** Every index in exactly one test fold; train is the complement. */
function checkPartition(folds: Fold[], n: number): void {
  const seen = new Int32Array(n);
  for (const f of folds) {
    for (const i of f.test) seen[i]!++;
    const inTest = new Set(f.test);
    expect(f.train.length + f.test.length).toBe(n);
    for (const i of f.train) expect(inTest.has(i)).toBe(false);
  }
  expect(Array.from(seen)).toEqual(new Array(n).fill(1));
}

/** Predicts the mean of the training targets (a regressor whose bias-variance terms are known). */
class MeanRegressor extends BaseEstimator<{ shift: number }> {
  mean?: number;
  constructor(params?: Partial<{ shift: number }>) {
    super({ shift: 0 }, params);
  }
  fit(_X: MatrixInput, y: Labels): this {
    const t = toTargets(y);
    this.mean = t.reduce((a, b) => a + b, 0) / t.length + this.params.shift;
    return this;
  }
  predict(X: MatrixInput): Float64Array {
    return new Float64Array((X as number[][]).length ?? (X as { rows: number }).rows).fill(this.fitted(this.mean, 'mean'));
  }
  score(X: MatrixInput, y: Labels): number {
    return getScorer('r2')(this, X, y);
  }
}

describe('shuffled splitters keep their properties', () => {
  it('KFold shuffled: a seeded partition with sklearn fold sizes, different from the unshuffled one', () => {
    const a = new KFold({ nSplits: 4, shuffle: true, randomState: 1 }).split(23);
    checkPartition(a, 23);
    expect(a.map((f) => f.test.length)).toEqual([6, 6, 6, 5]);
    expect(a.map((f) => Array.from(f.test))).toEqual(new KFold({ nSplits: 4, shuffle: true, randomState: 1 }).split(23).map((f) => Array.from(f.test)));
    expect(Array.from(a[0]!.test)).not.toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => new KFold({ randomState: 3 })).toThrow(/no effect without shuffle/);
    expect(() => new KFold({ nSplits: 1 })).toThrow(ArgumentError);
    expect(() => new KFold({ nSplits: 5 }).split(4)).toThrow(/more than the 4 samples/);
  });

  it('StratifiedKFold shuffled: per-class counts per fold equal the unshuffled allocation', () => {
    const y = Array.from({ length: 47 }, (_, i) => (i % 5 === 0 ? 'rare' : i % 2 === 0 ? 'even' : 'odd'));
    const plain = new StratifiedKFold({ nSplits: 4 }).split(47, y);
    const shuffled = new StratifiedKFold({ nSplits: 4, shuffle: true, randomState: 9 }).split(47, y);
    checkPartition(shuffled, 47);
    const counts = (folds: Fold[]) => folds.map((f) => ['rare', 'even', 'odd'].map((c) => Array.from(f.test).filter((i) => y[i] === c).length));
    expect(counts(shuffled)).toEqual(counts(plain));
    expect(shuffled.map((f) => Array.from(f.test))).not.toEqual(plain.map((f) => Array.from(f.test)));
    expect(() => new StratifiedKFold({ nSplits: 3 }).split(4, ['a', 'a', 'b', 'b'])).toThrow(/more than the number of members/);
    expect(() => new StratifiedKFold().split(4)).toThrow(/y is required/);
  });

  it('LeaveOneOut and TimeSeriesSplit', () => {
    const loo = new LeaveOneOut().split(5);
    checkPartition(loo, 5);
    expect(loo.length).toBe(5);
    for (const f of new TimeSeriesSplit({ nSplits: 3 }).split(12)) expect(Math.max(...f.train)).toBeLessThan(Math.min(...f.test));
    expect(() => new TimeSeriesSplit({ nSplits: 5 }).split(5)).toThrow(/more than the 5 samples/);
    expect(() => new TimeSeriesSplit({ gap: -1 })).toThrow(/gap/);
  });
});

describe('hold-out splits', () => {
  const X = Array.from({ length: 40 }, (_, i) => [i, i * 2]);
  const y = Array.from({ length: 40 }, (_, i) => (i < 30 ? 'a' : 'b'));

  it('trainTestSplit: sizes, disjoint covering parts, rows follow their labels, seeded', () => {
    const s = trainTestSplit(X, y, { testSize: 0.25, randomState: 4 });
    expect([s.XTrain.rows, s.XTest.rows]).toEqual([30, 10]);
    expect(new Set([...s.trainIndices, ...s.testIndices]).size).toBe(40);
    s.testIndices.forEach((row, k) => {
      expect(s.XTest.data[k * 2]).toBe(row);
      expect(s.yTest[k]).toBe(y[row]);
    });
    expect(Array.from(trainTestSplit(X, y, { testSize: 0.25, randomState: 4 }).testIndices)).toEqual(Array.from(s.testIndices));
    expect(Array.from(trainTestSplit(X, y, { testSize: 0.25, randomState: 5 }).testIndices)).not.toEqual(Array.from(s.testIndices));
    expect(() => trainTestSplit(X, y, { testSize: 1.5 })).toThrow(/neither a fraction/);
    expect(() => trainTestSplit(X, y, { shuffle: false, stratify: y })).toThrow(/stratify needs shuffle/);
    expect(() => trainTestSplit(X, y.slice(1))).toThrow(/39 labels for 40 samples/);
  });

  it('stratified trainTestSplit keeps the class proportions', () => {
    for (let seed = 0; seed < 5; seed++) {
      const s = trainTestSplit(X, y, { testSize: 0.2, stratify: y, randomState: seed });
      expect(Array.from(s.yTest as string[]).filter((c) => c === 'b').length).toBe(2);
      expect(Array.from(s.yTrain as string[]).filter((c) => c === 'b').length).toBe(8);
    }
  });

  it('trainValTestSplit: 70/15/15 and 80/10/10 parts, disjoint, stratified on request', () => {
    const a = trainValTestSplit(X, y, { randomState: 1 });
    expect([a.trainIndices.length, a.valIndices.length, a.testIndices.length]).toEqual([28, 6, 6]);
    expect(new Set([...a.trainIndices, ...a.valIndices, ...a.testIndices]).size).toBe(40);
    const b = trainValTestSplit(X, y, { sizes: '80/10/10', stratify: y, randomState: 2 });
    expect([b.trainIndices.length, b.valIndices.length, b.testIndices.length]).toEqual([32, 4, 4]);
    expect((b.yVal as string[]).filter((c) => c === 'b').length).toBe(1);
    expect(() => trainValTestSplit(X, y, { sizes: [0.5, 0.2, 0.2] })).toThrow(/summing to 1/);
  });
});

describe('cross-validation', () => {
  const g = new Generator(3);
  const X = Array.from({ length: 60 }, (_, i) => [i % 2 === 0 ? g.random() : 2 + g.random(), g.random()]);
  const y = X.map((_, i) => (i % 2 === 0 ? 'left' : 'right'));

  it('crossValidate: several scorings, train scores, estimators, progress; a function scorer', () => {
    const events: number[] = [];
    const r = crossValidate(new SVC(), X, y, { cv: 3, scoring: { acc: 'accuracy', f1: 'f1_macro' }, returnTrainScore: true, returnEstimator: true, onProgress: (p) => events.push(p.done) });
    expect(Array.from(r.scores.acc!.test)).toEqual([1, 1, 1]);
    expect(Array.from(r.scores.f1!.train!)).toEqual([1, 1, 1]);
    expect(r.estimators!.length).toBe(3);
    expect(events).toEqual([1, 2, 3]);
    const constant = crossValScore(new SVC(), X, y, { cv: 4, scoring: () => 0.5 });
    expect(Array.from(constant)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(() => crossValScore(new SVC(), X, y, { scoring: 'acuracy' as never })).toThrow(/unknown scoring "acuracy"/);
    expect(() => crossValScore(new SVC(), X, y, { cv: 1 })).toThrow(/cv must be/);
  });

  it('stops at the AbortSignal', () => {
    const c = new AbortController();
    c.abort();
    expect(() => crossValScore(new SVC(), X, y, { signal: c.signal })).toThrow(FitAbortedError);
  });

  it('scorers: regression names on a regressor, metrics by hand', () => {
    const Xr = [[0], [1], [2], [3]], yr = [1, 2, 3, 6];
    const m = new MeanRegressor().fit(Xr, yr);
    expect(getScorer('neg_mean_squared_error')(m, Xr, yr)).toBeCloseTo(-(4 + 1 + 0 + 9) / 4, 12);
    expect(getScorer('neg_mean_absolute_error')(m, Xr, yr)).toBeCloseTo(-1.5, 12);
    expect(getScorer('r2')(m, Xr, yr)).toBeCloseTo(0, 12);
    const cls = { predict: () => ['a', 'a', 'b', 'b'], score: () => 0 } as never;
    expect(getScorer('accuracy')(cls, Xr, ['a', 'b', 'b', 'b'])).toBe(0.75);
    expect(getScorer('balanced_accuracy')(cls, Xr, ['a', 'b', 'b', 'b'])).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(getScorer('f1')(cls, Xr, ['a', 'b', 'b', 'b'])).toBeCloseTo(0.8, 12);
    expect(getScorer('precision_macro')(cls, Xr, ['a', 'b', 'b', 'b'])).toBeCloseTo(0.75, 12);
  });

  it('parameterGrid follows scikit-learn order (keys sorted, last fastest; lists of grids)', () => {
    expect(parameterGrid({ b: [1, 2], a: ['x', 'y'] })).toEqual([{ a: 'x', b: 1 }, { a: 'x', b: 2 }, { a: 'y', b: 1 }, { a: 'y', b: 2 }]);
    expect(parameterGrid([{ k: [1] }, { z: [0], c: [3] }])).toEqual([{ k: 1 }, { c: 3, z: 0 }]);
    expect(() => parameterGrid({ a: [] })).toThrow(/at least one value/);
  });
});

describe('biasVarianceDecomp', () => {
  const g = new Generator(11);
  const Xtr = Array.from({ length: 30 }, () => [g.random()]);
  const ytr = Xtr.map(([x]) => 3 * x! + g.random());
  const Xte = [[0.1], [0.5], [0.9]], yte = [0.8, 2, 3.2];

  it("mse: expected loss = bias^2 + variance (mlxtend's definition), deterministic per seed", () => {
    const r = biasVarianceDecomp(new MeanRegressor(), Xtr, ytr, Xte, yte, { loss: 'mse', numRounds: 50, randomState: 2 });
    expect(r.expectedLoss).toBeCloseTo(r.bias + r.variance, 12);
    expect(r.variance).toBeGreaterThan(0);
    expect(biasVarianceDecomp(new MeanRegressor(), Xtr, ytr, Xte, yte, { loss: 'mse', numRounds: 50, randomState: 2 })).toEqual(r);
    // A constant shift adds its square to the bias only.
    const shifted = biasVarianceDecomp(new MeanRegressor({ shift: 1 }), Xtr, ytr, Xte, yte, { loss: 'mse', numRounds: 50, randomState: 2 });
    expect(shifted.variance).toBeCloseTo(r.variance, 12);
  });

  it('0-1 loss: fractions in [0, 1]; a perfect stable classifier has none', () => {
    const X = Array.from({ length: 40 }, (_, i) => [i < 20 ? i / 40 : 2 + i / 40]);
    const y = X.map(([x]) => (x! < 1 ? 0 : 1));
    const r = biasVarianceDecomp(new SVC({ kernel: 'linear' }), X, y, [[0.1], [2.9]], [0, 1], { numRounds: 10 });
    expect(r).toEqual({ expectedLoss: 0, bias: 0, variance: 0 });
    expect(() => biasVarianceDecomp(new SVC(), X, y, X, y, { loss: 'hinge' as never })).toThrow(/loss must be/);
  });
});
