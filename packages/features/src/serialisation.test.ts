// JSON round trips (fast-check, fixed seed): for random data, every fitted transformer written with
// JSON.stringify(t) and read with its class's fromJSON transforms bit-identically (infinite bin
// edges, NaN statistics and NaN parameters included).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeatureCross } from './discretization/feature-cross.ts';
import { KBinsDiscretizer } from './discretization/k-bins-discretizer.ts';
import { CategoricalEmbedding } from './embedding/categorical-embedding.ts';
import { OneHotEncoder } from './encoding/one-hot-encoder.ts';
import { OrdinalEncoder } from './encoding/ordinal-encoder.ts';
import { KNNImputer } from './imputation/knn-imputer.ts';
import { SimpleImputer } from './imputation/simple-imputer.ts';
import { LogTransformer } from './scaling/log-transformer.ts';
import { MedianLogTransformer } from './scaling/median-log-transformer.ts';
import { MinMaxScaler } from './scaling/min-max-scaler.ts';
import { RobustScaler } from './scaling/robust-scaler.ts';
import { StandardScaler } from './scaling/standard-scaler.ts';

const RUNS = { seed: 2026, numRuns: 100 };

/** Rows x 3 tables of small non-negative values with repeats (constant columns happen). */
const table = fc.integer({ min: 1, max: 12 }).chain((rows) =>
  fc.array(fc.array(fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom(0, 1, 2.5)), { minLength: 3, maxLength: 3 }), { minLength: rows, maxLength: rows }));
const withMissing = table.chain((rows) => fc.array(fc.boolean(), { minLength: rows.length * 3, maxLength: rows.length * 3 })
  .map((mask) => rows.map((r, i) => r.map((v, j) => (mask[i * 3 + j] && i > 0 ? NaN : v)))));

type Numeric = { fit(X: number[][]): unknown; transform(X: number[][]): { data: Float64Array } };
const numeric: [string, () => Numeric, (json: unknown) => Numeric][] = [
  ['MinMaxScaler', () => new MinMaxScaler({ featureRange: [-1, 1], clip: true }), MinMaxScaler.fromJSON],
  ['StandardScaler', () => new StandardScaler(), StandardScaler.fromJSON],
  ['RobustScaler', () => new RobustScaler({ quantileRange: [10, 90] }), RobustScaler.fromJSON],
  ['LogTransformer', () => new LogTransformer(), LogTransformer.fromJSON],
  ['MedianLogTransformer', () => new MedianLogTransformer(), MedianLogTransformer.fromJSON],
  ['KBinsDiscretizer quantile', () => new KBinsDiscretizer({ nBins: 3 }), KBinsDiscretizer.fromJSON],
  ['KBinsDiscretizer kmeans', () => new KBinsDiscretizer({ nBins: 3, strategy: 'kmeans', encode: 'ordinal' }), KBinsDiscretizer.fromJSON],
  ['FeatureCross', () => new FeatureCross({ crosses: [[0, 1], [1, 2]], nBins: 3 }), FeatureCross.fromJSON],
];

const bits = (m: { data: Float64Array }) => Array.from(new Uint32Array(m.data.buffer, m.data.byteOffset, m.data.length * 2));

describe('JSON round trips', () => {
  for (const [name, make, fromJSON] of numeric) {
    it(`${name} transforms bit-identically after JSON`, () => {
      fc.assert(fc.property(table, table, (fitX, testX) => {
        const t = make();
        t.fit(fitX);
        const back = fromJSON(JSON.parse(JSON.stringify(t)));
        expect(bits(back.transform(testX))).toEqual(bits(t.transform(testX)));
      }), RUNS);
    });
  }
  it('imputers (NaN parameters and statistics) transform bit-identically after JSON', () => {
    fc.assert(fc.property(withMissing, withMissing, (fitX, testX) => {
      for (const t of [new SimpleImputer({ strategy: 'median', keepEmptyFeatures: true }), new SimpleImputer(), new KNNImputer({ nNeighbors: 2, weights: 'distance' })]) {
        t.fit(fitX); // row 0 is never missing, so no column is empty
        const back = (t instanceof KNNImputer ? KNNImputer.fromJSON : SimpleImputer.fromJSON)(JSON.parse(JSON.stringify(t)));
        expect(bits(back.transform(testX))).toEqual(bits(t.transform(testX)));
      }
    }), RUNS);
  });
  it('encoders and embeddings keep their categories through JSON', () => {
    const word = fc.constantFrom('a', 'b', 'ç', '\u{1F600}', 'Z', '');
    const rows = fc.array(fc.tuple(word, word), { minLength: 1, maxLength: 10 });
    fc.assert(fc.property(rows, rows, (fitRows, testRows) => {
      const X = fitRows.map((r) => [...r]), T = [...fitRows, ...testRows].map((r) => [...r]);
      const onehot = new OneHotEncoder({ handleUnknown: 'ignore', drop: 'if_binary' }).fit(X);
      expect(OneHotEncoder.fromJSON(JSON.parse(JSON.stringify(onehot))).transform(T)).toEqual(onehot.transform(T));
      const ordinal = new OrdinalEncoder({ handleUnknown: 'useEncodedValue' }).fit(X);
      expect(OrdinalEncoder.fromJSON(JSON.parse(JSON.stringify(ordinal))).transform(T)).toEqual(ordinal.transform(T));
      const embedding = new CategoricalEmbedding({ minFrequency: 2 }).fit(X);
      expect(CategoricalEmbedding.fromJSON(JSON.parse(JSON.stringify(embedding))).indices(T)).toEqual(embedding.indices(T));
    }), RUNS);
  });
});
