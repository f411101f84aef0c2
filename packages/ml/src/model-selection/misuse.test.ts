// Misuse fuzzing (TESTING.md) of the SVMs, splitters, model selection and composition: random
// hyperparameters and inputs of every kind (fractional, negative, NaN, huge, wrong type, ragged)
// give a typed Neurite error or a correct result, never another exception, and never modify the
// caller's data. fast-check with a fixed seed.
import { NeuriteError } from '@neurite/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnTransformer } from '../compose/column-transformer.ts';
import { Pipeline } from '../compose/pipeline.ts';
import { SVC } from '../svm/svc.ts';
import { SVR } from '../svm/svr.ts';
import { crossValScore } from './cross-validation.ts';
import { GridSearchCV } from './grid-search.ts';
import { KFold, StratifiedKFold } from './k-fold.ts';
import { LeaveOneOut } from './leave-one-out.ts';
import { TimeSeriesSplit } from './time-series-split.ts';
import { trainTestSplit, trainValTestSplit } from './train-test-split.ts';

const RUNS = { seed: 16, numRuns: 120 };

const weird = fc.oneof(
  fc.constantFrom(0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 31, 1e300, '', 'x', null, undefined, true, [], {}, [1, 2], [[1]], -0, 'scale', 'auto', 'rbf', 'poly'),
  fc.integer({ min: -3, max: 12 }),
  fc.double(),
);

const table = fc.oneof(
  fc.array(fc.array(fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -5, max: 5 })), { minLength: 0, maxLength: 3 }), { minLength: 0, maxLength: 7 }),
  fc.array(fc.array(fc.constantFrom(0, 1, 2.5, -3), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 9 }),
  fc.constantFrom({ data: [], shape: [0, 2] }, { data: [], shape: [3, 0] }),
  weird,
);

const labels = fc.oneof(
  fc.array(fc.constantFrom(0, 1, 2), { minLength: 0, maxLength: 9 }),
  fc.array(fc.constantFrom('a', 'b'), { minLength: 0, maxLength: 9 }),
  fc.array(fc.oneof(fc.double(), fc.string({ maxLength: 2 })), { maxLength: 9 }),
  weird,
);

const params = fc.dictionary(
  fc.constantFrom('C', 'kernel', 'gamma', 'degree', 'coef0', 'tol', 'cacheSize', 'maxIter', 'shrinking', 'epsilon', 'classWeight', 'probability', 'decisionFunctionShape', 'breakTies', 'randomState', 'nope'),
  weird,
  { maxKeys: 3 },
);

/** Runs fn; passes when it returns or throws a NeuriteError. */
function typedOrOk(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof NeuriteError)) throw new Error(`untyped error: ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
  }
}

const snapshot = (v: unknown): string => JSON.stringify(v, (_, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));

describe('misuse of the SVMs', () => {
  it('SVC and SVR: random params, data and labels give typed errors or models, inputs unchanged', () => {
    fc.assert(
      fc.property(params, table, labels, (p, X, y) => {
        const before = snapshot([X, y]);
        // maxIter bounds the fits that a tiny tol or a huge C would make long (tested on its own in svc.test.ts).
        const bounded = { ...p, maxIter: 200 };
        for (const make of [() => new SVC(bounded as never), () => new SVR(bounded as never)]) {
          typedOrOk(() => {
            const m = make();
            m.fit(X as never, y as never);
            m.predict(X as never);
          });
        }
        expect(snapshot([X, y])).toBe(before);
      }),
      RUNS,
    );
  });
});

describe('misuse of model selection and composition', () => {
  it('splitters and hold-out splits', () => {
    fc.assert(
      fc.property(weird, weird, weird, table, labels, (a, b, c, X, y) => {
        const before = snapshot([X, y]);
        typedOrOk(() => new KFold({ nSplits: a, shuffle: b, randomState: c } as never).split(X as never, y as never));
        typedOrOk(() => new StratifiedKFold({ nSplits: a } as never).split(X as never, y as never));
        typedOrOk(() => new LeaveOneOut().split(X as never, y as never));
        typedOrOk(() => new TimeSeriesSplit({ nSplits: a, testSize: b, gap: c } as never).split(X as never));
        typedOrOk(() => trainTestSplit(X as never, y as never, { testSize: a, trainSize: b, randomState: c } as never));
        typedOrOk(() => trainTestSplit(X as never, y as never, { stratify: y, testSize: a } as never));
        typedOrOk(() => trainValTestSplit(X as never, y as never, { sizes: a } as never));
        expect(snapshot([X, y])).toBe(before);
      }),
      RUNS,
    );
  });

  it('cross-validation, grid search, pipelines and column transformers', () => {
    fc.assert(
      fc.property(weird, weird, table, labels, (a, b, X, y) => {
        typedOrOk(() => crossValScore(new SVC({ maxIter: 200 }), X as never, y as never, { cv: a, scoring: b } as never));
        typedOrOk(() => new GridSearchCV({ estimator: new SVC({ maxIter: 200 }), paramGrid: { C: [a] }, cv: 2 } as never).fit(X as never, y as never));
        typedOrOk(() => new GridSearchCV({ estimator: a, paramGrid: b } as never));
        typedOrOk(() => new Pipeline([['svc', new SVC()]]).setParams({ [String(a)]: b } as never));
        typedOrOk(() => new Pipeline(a as never));
        typedOrOk(() => new ColumnTransformer([['x', 'passthrough', a]] as never, { remainder: b } as never).fitTransform(X as never));
      }),
      { ...RUNS, numRuns: 60 },
    );
  });
});
