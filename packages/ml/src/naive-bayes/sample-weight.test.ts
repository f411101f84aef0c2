// Sample weights of the naive Bayes models against scikit-learn 1.9.1 (fixtures/sample-weight.py):
// weighted counts, means and variances, and the log-probabilities they give, to 1e-6.
import { expectClose } from '@neurite/tensor/testing';
import { describe, expect, it } from 'vitest';
import { fixtureWeights, linearDatasets, sampleWeightFixture } from '../../fixtures/sample-weight-data.ts';
import { BernoulliNB } from './bernoulli-nb.ts';
import { GaussianNB } from './gaussian-nb.ts';
import { MultinomialNB } from './multinomial-nb.ts';

const e = sampleWeightFixture.naiveBayes;
const wine = linearDatasets.wine!, digits = linearDatasets.digits!;
const CLOSE = { rtol: 1e-6, atol: 1e-9 };
const every = (rows: number[][], step: number) => rows.filter((_, i) => i % step === 0);

describe('naive Bayes with sample weights', () => {
  it('GaussianNB matches scikit-learn on wine', () => {
    const m = new GaussianNB().fit(wine.X, wine.y, { sampleWeight: fixtureWeights(wine.y.length) });
    const g = e.gaussian_wine;
    expectClose(m.theta.data, g.theta.flat(), CLOSE);
    expectClose(m.var.data, g.var.flat(), CLOSE);
    expectClose(m.classPrior, g.classPrior, CLOSE);
    expectClose(m.classCount, g.classCount, CLOSE);
    expectClose(m.predictLogProba(every(wine.X, 10)).data, g.logProba.flat(), { rtol: 1e-6, atol: 1e-6 });
  });

  it('MultinomialNB and BernoulliNB match scikit-learn on digits', () => {
    const sampleWeight = fixtureWeights(digits.y.length);
    const cases = [[new MultinomialNB(), e.multinomial_digits], [new BernoulliNB({ binarize: 7 }), e.bernoulli_digits]] as const;
    for (const [model, expected] of cases) {
      model.fit(digits.X, digits.y, { sampleWeight });
      expectClose(model.featureLogProb.data, expected.featureLogProb.flat(), CLOSE);
      expectClose(model.classLogPrior, expected.classLogPrior, CLOSE);
      expectClose(model.predictLogProba(every(digits.X, 40)).data, expected.logProba.flat(), { rtol: 1e-6, atol: 1e-6 });
    }
  });

  it('partialFit with weights over batches equals one weighted fit', () => {
    const sampleWeight = fixtureWeights(digits.y.length), classes = [...new Set(digits.y)];
    const whole = new MultinomialNB().fit(digits.X, digits.y, { sampleWeight });
    const parts = new MultinomialNB();
    for (const [a, b] of [[0, 150], [150, 400]] as const) parts.partialFit(digits.X.slice(a, b), digits.y.slice(a, b), a === 0 ? classes : undefined, { sampleWeight: sampleWeight.slice(a, b) });
    expect(Array.from(parts.featureCount.data)).toEqual(Array.from(whole.featureCount.data));
    expect(() => new GaussianNB().fit([[1], [2]], [0, 1], { sampleWeight: [1, 2, 3] })).toThrow(/sampleWeight must hold 2/);
  });
});
