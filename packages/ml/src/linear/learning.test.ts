// Learning on held-out data (TESTING.md, "Learning"): the exported digits, first 300 rows to fit and
// last 100 to test. The stated accuracies are scikit-learn 1.9.1's on the same split
// (fixtures/linear.py, linear-heldout.json), and the test predictions must equal its.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BernoulliNB, GaussianNB, MultinomialNB } from '../naive-bayes/index.ts';
import { KNeighborsClassifier } from '../neighbors/index.ts';
import { LogisticRegression } from './logistic-regression.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8'));
const digits = fixture('linear-datasets.json').digits as { X: number[][]; y: number[] };
const expected = fixture('linear-heldout.json');
const train = { X: digits.X.slice(0, 300), y: digits.y.slice(0, 300) }, test = { X: digits.X.slice(300), y: digits.y.slice(300) };
const scaled = (X: number[][]) => X.map((r) => r.map((v) => v / 16));

const cases: [string, number, () => { predict(X: number[][]): unknown; score(X: number[][], y: number[]): number; fit(X: number[][], y: number[]): unknown }, boolean][] = [
  ['logistic', 0.96, () => new LogisticRegression({ tol: 1e-10, maxIter: 20000 }), true],
  ['knn3', 0.97, () => new KNeighborsClassifier({ nNeighbors: 3 }), false],
  ['gaussian', 0.85, () => new GaussianNB(), false],
  ['multinomial', 0.77, () => new MultinomialNB(), false],
  ['bernoulli', 0.8, () => new BernoulliNB({ binarize: 7 }), false],
];

describe('held-out accuracy on digits', () => {
  for (const [name, stated, make, scale] of cases) {
    it(`${name} reaches ${stated} with scikit-learn's predictions`, () => {
      const X = scale ? scaled(train.X) : train.X, Xt = scale ? scaled(test.X) : test.X;
      const model = make();
      model.fit(X, train.y);
      expect(expected[name].accuracy).toBe(stated);
      expect(model.predict(Xt)).toEqual(expected[name].predict);
      expect(model.score(Xt, test.y)).toBeGreaterThanOrEqual(stated);
    });
  }
});
