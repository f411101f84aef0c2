// Misuse fuzzing (TESTING.md): random hyperparameters and inputs of every kind (fractional,
// negative, NaN, huge, wrong type, ragged) give a typed Neurite error or a correct result, never
// another exception, and never modify the caller's data. fast-check with a fixed seed.
import { NeuriteError } from '@neurite/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KBinsDiscretizer } from './discretization/k-bins-discretizer.ts';
import { FeatureCross } from './discretization/feature-cross.ts';
import { OneHotEncoder } from './encoding/one-hot-encoder.ts';
import { OrdinalEncoder } from './encoding/ordinal-encoder.ts';
import { FeatureHasher } from './hashing/feature-hasher.ts';
import { HashingVectorizer } from './hashing/hashing-vectorizer.ts';
import { CountVectorizer } from './text/count-vectorizer.ts';
import { TfidfTransformer } from './text/tfidf-transformer.ts';
import { TfidfVectorizer } from './text/tfidf-vectorizer.ts';
import { KNNImputer } from './imputation/knn-imputer.ts';
import { SimpleImputer } from './imputation/simple-imputer.ts';
import { dropMissing, missingCounts } from './imputation/missing.ts';
import { CategoricalEmbedding } from './embedding/categorical-embedding.ts';
import { embeddingDimension } from './embedding/embedding-size.ts';
import { MinMaxScaler } from './scaling/min-max-scaler.ts';
import { RobustScaler } from './scaling/robust-scaler.ts';
import { StandardScaler } from './scaling/standard-scaler.ts';
import { LogTransformer } from './scaling/log-transformer.ts';
import { MedianLogTransformer } from './scaling/median-log-transformer.ts';

const RUNS = { seed: 18, numRuns: 150 };

const weird = fc.oneof(
  fc.constantFrom(0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 31 - 1, 2 ** 25, 1e300, '', 'x', null, undefined, true, [], {}, [1, 2], [[1]], -0),
  fc.integer({ min: -3, max: 40 }),
  fc.double(),
  fc.string(),
);

const table = fc.oneof(
  fc.array(fc.array(fc.oneof(fc.double({ noNaN: false }), fc.integer()), { minLength: 0, maxLength: 4 }), { minLength: 0, maxLength: 6 }),
  fc.array(fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
  fc.array(fc.array(fc.constantFrom(0, 1, 2.5, -3), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
  // empty tables given by shape: no rows, no columns, neither
  fc.constantFrom({ data: [], shape: [0, 2] }, { data: [], shape: [3, 0] }, { data: [], shape: [0, 0] }, { columns: [[]] }),
  fc.array(fc.string({ maxLength: 12 }), { minLength: 0, maxLength: 4 }), // documents
  weird,
);

/** Runs fn; passes when it returns or throws a NeuriteError. */
function typedOrOk(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof NeuriteError)) throw new Error(`untyped error: ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
  }
}

const makers: [string, (p: Record<string, unknown>) => { fit(X: never): { transform(X: never): unknown } }][] = [
  ['MinMaxScaler', (p) => new MinMaxScaler(p as never)],
  ['StandardScaler', (p) => new StandardScaler(p as never)],
  ['RobustScaler', (p) => new RobustScaler(p as never)],
  ['LogTransformer', (p) => new LogTransformer(p as never)],
  ['MedianLogTransformer', (p) => new MedianLogTransformer(p as never)],
  ['KBinsDiscretizer', (p) => new KBinsDiscretizer(p as never)],
  ['FeatureCross', (p) => new FeatureCross({ crosses: [[0, 1]], ...p } as never)],
  ['OneHotEncoder', (p) => new OneHotEncoder(p as never)],
  ['OrdinalEncoder', (p) => new OrdinalEncoder(p as never)],
  ['SimpleImputer', (p) => new SimpleImputer(p as never)],
  ['KNNImputer', (p) => new KNNImputer(p as never)],
  ['CategoricalEmbedding', (p) => new CategoricalEmbedding(p as never)],
  ['FeatureHasher', (p) => new FeatureHasher(p as never)],
  ['HashingVectorizer', (p) => new HashingVectorizer(p as never)],
  ['CountVectorizer', (p) => new CountVectorizer(p as never)],
  ['TfidfVectorizer', (p) => new TfidfVectorizer(p as never)],
  ['TfidfTransformer', (p) => new TfidfTransformer(p as never)],
];
const paramNames = ['featureRange', 'clip', 'withMean', 'withStd', 'quantileRange', 'nBins', 'strategy', 'edges', 'encode', 'output', 'hashBuckets',
  'categories', 'handleUnknown', 'drop', 'unknownValue', 'fillValue', 'missingValue', 'keepEmptyFeatures', 'nNeighbors', 'weights', 'minFrequency',
  'multiplier', 'nFeatures', 'inputType', 'alternateSign', 'seed', 'maxCategories', 'quantileMethod', 'ngramRange', 'stopWords', 'norm', 'binary',
  'lowercase', 'maxDf', 'minDf', 'maxFeatures', 'vocabulary', 'useIdf', 'smoothIdf', 'sublinearTf', 'bogus'];

describe('misuse', () => {
  for (const [name, make] of makers) {
    it(`${name}: random params and inputs give typed errors or results, inputs unchanged`, () => {
      fc.assert(
        fc.property(fc.dictionary(fc.constantFrom(...paramNames), weird, { maxKeys: 2 }), table, table, (params, fitX, testX) => {
          const before = JSON.stringify([fitX, testX]);
          typedOrOk(() => {
            const t = make(params);
            typedOrOk(() => t.fit(fitX as never).transform(testX as never));
            typedOrOk(() => t.fit(fitX as never).transform(fitX as never));
          });
          expect(JSON.stringify([fitX, testX])).toBe(before);
        }),
        RUNS,
      );
    });
  }
  it('functions: missingCounts, dropMissing, embeddingDimension', () => {
    fc.assert(
      fc.property(table, weird, weird, (X, a, b) => {
        typedOrOk(() => missingCounts(X as never, { missingValue: a as never }));
        typedOrOk(() => dropMissing(X as never, { axis: a as never, threshold: b as never }));
        typedOrOk(() => embeddingDimension(a as never, { multiplier: b as never }));
      }),
      RUNS,
    );
  });
});
