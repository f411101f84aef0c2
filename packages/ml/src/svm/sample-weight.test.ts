// Sample weights of SVC and SVR against scikit-learn 1.9.1 (fixtures/sample-weight.py): sample i's
// bound is C W_i, samples of weight 0 are dropped as libsvm does, and the support vectors, dual
// coefficients, intercepts and iteration counts come out the same. One documented difference:
// scikit-learn's support_ then counts only the rows of positive weight; ours are rows of X as given.
import { init } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureWeights, sampleWeightFixture, svmCancer, svmIris } from '../../fixtures/sample-weight-data.ts';
import { NuSVC } from './nu-svc.ts';
import { NuSVR } from './nu-svr.ts';
import { SVC } from './svc.ts';
import { SVR } from './svr.ts';

const e = sampleWeightFixture.svm;
const ATOL = 1e-4;

/** scikit-learn's support indices (among the rows of positive weight) as rows of X. */
function asRows(support: number[], n: number): number[] {
  const weights = fixtureWeights(n), kept: number[] = [];
  weights.forEach((w, i) => { if (w > 0) kept.push(i); });
  return support.map((i) => kept[i]!);
}

function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!), `${what}[${i}]`).toBeLessThanOrEqual(ATOL * (1 + Math.abs(expected[i]!)));
}

beforeAll(async () => {
  await init();
});

describe('SVMs with sample weights', () => {
  const cases: [string, { X: number[][]; y: (number | string)[] }, typeof SVC | typeof NuSVC][] = [
    ['svc_cancer_rbf', svmCancer, SVC], ['svc_cancer_linear', svmCancer, SVC], ['svc_iris_rbf', svmIris, SVC], ['nusvc_iris_rbf', svmIris, NuSVC],
  ];
  for (const [name, data, Model] of cases) {
    it(`${name} matches scikit-learn`, () => {
      const c = e[name];
      const model = new Model(c.params).fit(data.X, data.y as number[], { sampleWeight: fixtureWeights(data.y.length) });
      expect(Array.from(model.support)).toEqual(asRows(c.support, data.y.length));
      expect(Array.from(model.nSupport)).toEqual(c.nSupport);
      expect(Array.from(model.nIter)).toEqual(c.nIter);
      closeTo(model.dualCoef.data, c.dualCoef.flat(), 'dualCoef');
      closeTo(model.intercept, c.intercept, 'intercept');
      closeTo(model.decisionFunction(data.X).data, c.decision.flat(), 'decision');
      // Rows of weight 0 never become support vectors.
      for (const i of model.support) expect((37 * i) % 7).not.toBe(0);
    });
  }

  for (const [name, Model] of [['svr_cancer_rbf', SVR], ['nusvr_cancer_rbf', NuSVR]] as const) it(`${name} matches scikit-learn`, () => {
    const c = e[name];
    const y = svmCancer.X.map((r, i) => r[0]! * 0.5 + svmCancer.y[i]!);
    const model = new Model(c.params).fit(svmCancer.X, y, { sampleWeight: fixtureWeights(y.length) });
    expect(Array.from(model.support)).toEqual(asRows(c.support, y.length));
    expect(model.nIter).toBe(c.nIter);
    closeTo(model.dualCoef.data, c.dualCoef, 'dualCoef');
    closeTo(model.intercept, c.intercept, 'intercept');
    closeTo(model.predict(svmCancer.X), c.predict, 'predict');
  });

  it('a class whose samples all weigh 0 is an error', () => {
    expect(() => new SVC().fit([[0], [1], [2], [3]], [0, 0, 1, 1], { sampleWeight: [1, 1, 0, 0] })).toThrow(/class 1 has no sample of positive weight/);
  });
});
