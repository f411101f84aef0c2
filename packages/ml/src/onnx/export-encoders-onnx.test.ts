// String columns (OneHotEncoder and OrdinalEncoder on a tensor(string) input), numeric ordinal
// encoding, string class labels, and ZipMap outputs. The encoders run in onnxruntime-web at batch
// sizes 1 and 6; ZipMap's sequence of maps cannot be read by onnxruntime-web or onnxruntime-node
// (tensors only), so its maps are those Python's onnxruntime 1.30 returned for the same models
// (fixtures/onnx-zipmap.json, written by scripts/onnx-zipmap.mjs and scripts/onnx-zipmap.py).
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { CategoricalEmbedding, OneHotEncoder, OrdinalEncoder, SimpleImputer, StandardScaler } from '@neurite/features';
import { ArgumentError, init } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { ColumnTransformer } from '../compose/column-transformer.ts';
import { Pipeline } from '../compose/pipeline.ts';
import { RandomForestClassifier } from '../ensemble/random-forest-classifier.ts';
import { LinearRegression } from '../linear/linear-regression.ts';
import { LogisticRegression } from '../linear/logistic-regression.ts';
import { SVC } from '../svm/svc.ts';
import { exportEstimatorOnnx } from './export-estimator-onnx.ts';

beforeAll(async () => {
  await init();
  ort.env.wasm.numThreads = 1;
});

const TOL = 2e-5;
function expectClose(got: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(got.length, what).toBe(expected.length);
  for (let i = 0; i < got.length; i++) {
    const e = expected[i]!, g = got[i]!;
    if (Number.isNaN(e)) expect(Number.isNaN(g), `${what}: index ${i}`).toBe(true);
    else expect(Math.abs(g - e), `${what}: index ${i}`).toBeLessThanOrEqual(TOL * (1 + Math.abs(e)));
  }
}

// Deterministic categorical rows: city, size, colour (strings) for 48 samples.
const CITIES = ['Paris', 'Lyon', 'Nice', 'Lille'], SIZES = ['S', 'M', 'L'], COLOURS = ['red', 'green', 'blue', 'grey', 'black'];
const rowsOf = (n: number, shift: number): string[][] => Array.from({ length: n }, (_, i) => [CITIES[(i * 3 + shift) % 4]!, SIZES[(i + shift) % 3]!, COLOURS[(i * 7 + shift) % 5]!]);
const train = rowsOf(48, 0);
const labels = train.map((r, i) => (r[1] === 'L' || (r[0] === 'Nice' && i % 2 === 0) ? 'yes' : r[2] === 'red' ? 'maybe' : 'no'));
const test = [['Nice', 'L', 'red'], ['Lyon', 'S', 'blue'], ['Lille', 'M', 'grey'], ['Paris', 'XL', 'green'], ['Rome', 'M', 'black'], ['Paris', 'S', 'red']];

async function runStrings(bytes: Uint8Array, rows: string[][], fetches?: string[]): Promise<Record<string, ort.Tensor>> {
  const s = await ort.InferenceSession.create(bytes);
  const out = await s.run({ input: new ort.Tensor('string', rows.flat(), [rows.length, rows[0]!.length]) }, fetches);
  await s.release();
  return out;
}

describe('string columns: OneHotEncoder and OrdinalEncoder on a string input', () => {
  it('OneHotEncoder with string categories (unknown ignored; first dropped) gives transform', async () => {
    for (const encoder of [new OneHotEncoder({ handleUnknown: 'ignore' }), new OneHotEncoder({ handleUnknown: 'ignore', drop: 'first' })]) {
      encoder.fit(train);
      const bytes = exportEstimatorOnnx(encoder, { nFeatures: 3, inputType: 'string' });
      for (const batch of [1, 6]) {
        const rows = test.slice(0, batch), expected = encoder.transform(rows), out = (await runStrings(bytes, rows))['variable']!;
        expect(out.dims).toEqual([batch, expected.cols]);
        expectClose(out.data as Float32Array, expected.data, `${encoder.getParams().drop}, batch ${batch}`);
      }
    }
  });

  it('OneHotEncoder with infrequent categories (minFrequency, maxCategories; an unknown category in the infrequent group, or ignored)', async () => {
    const skewed = [...train, ['Rome', 'XL', 'purple'], ['Rome', 'XL', 'red'], ['Oslo', 'M', 'teal'], ['Paris', 'XS', 'purple']];
    const unseen = [...test, ['Berlin', 'XXL', 'white'], ['Oslo', 'XS', 'teal']];
    const encoders = [
      new OneHotEncoder({ minFrequency: 3, handleUnknown: 'infrequentIfExist' }),
      new OneHotEncoder({ maxCategories: 3, handleUnknown: 'ignore' }),
      new OneHotEncoder({ minFrequency: 0.05, maxCategories: 4, handleUnknown: 'infrequentIfExist' }),
    ];
    for (const encoder of encoders) {
      encoder.fit(skewed);
      expect(encoder.infrequentCategories.some((c) => c.length > 0)).toBe(true);
      const bytes = exportEstimatorOnnx(encoder, { nFeatures: 3, inputType: 'string' });
      for (const batch of [1, 8]) {
        const rows = unseen.slice(-batch), expected = encoder.transform(rows), out = (await runStrings(bytes, rows))['variable']!;
        expect(out.dims).toEqual([batch, expected.cols]);
        expectClose(out.data as Float32Array, expected.data, `${JSON.stringify(encoder.getParams())}, batch ${batch}`);
      }
    }
    // Numeric categories on the float input.
    const X = Array.from({ length: 40 }, (_, i) => [i % 10 < 7 ? i % 3 : 3 + (i % 10), i % 2]);
    const numeric = new OneHotEncoder({ minFrequency: 2, handleUnknown: 'infrequentIfExist' }).fit(X);
    const s = await ort.InferenceSession.create(exportEstimatorOnnx(numeric, { nFeatures: 2 }));
    const rows = [[0, 1], [12, 0], [2, 1], [9, 0]];
    const out = (await s.run({ input: new ort.Tensor('float32', Float32Array.from(rows.flat()), [4, 2]) }))['variable']!;
    expectClose(out.data as Float32Array, numeric.transform(rows).data, 'numeric infrequent');
    await s.release();
  });

  it('OrdinalEncoder with string categories; an unknown category gives unknownValue (NaN by default, or -1)', async () => {
    for (const encoder of [new OrdinalEncoder({ handleUnknown: 'useEncodedValue' }), new OrdinalEncoder({ handleUnknown: 'useEncodedValue', unknownValue: -1 })]) {
      encoder.fit(train);
      const bytes = exportEstimatorOnnx(encoder, { nFeatures: 3, inputType: 'string' });
      for (const batch of [1, 6]) {
        const rows = test.slice(0, batch), out = (await runStrings(bytes, rows))['variable']!;
        expect(out.dims).toEqual([batch, 3]);
        expectClose(out.data as Float32Array, encoder.transform(rows).data, `unknownValue ${encoder.getParams().unknownValue}, batch ${batch}`);
      }
    }
  });

  it('CategoricalEmbedding: the embedding rows (1 .. V, 0 out of vocabulary or rare) of string and numeric columns', async () => {
    const embedding = new CategoricalEmbedding({ minFrequency: 10 }).fit(train);
    const bytes = exportEstimatorOnnx(embedding, { nFeatures: 3, inputType: 'string' });
    for (const batch of [1, 6]) {
      const rows = test.slice(0, batch), out = (await runStrings(bytes, rows))['variable']!;
      expect(out.dims).toEqual([batch, 3]);
      expectClose(out.data as Float32Array, embedding.transform(rows).data, `strings, batch ${batch}`);
    }
    const X = Array.from({ length: 30 }, (_, i) => [(i % 4) * 0.5, 10 + (i % 3)]);
    const numeric = new CategoricalEmbedding().fit(X);
    const s = await ort.InferenceSession.create(exportEstimatorOnnx(numeric, { nFeatures: 2 }));
    const rows = [[0.5, 12], [1.5, 10], [7, 11]];
    const out = (await s.run({ input: new ort.Tensor('float32', Float32Array.from(rows.flat()), [3, 2]) }))['variable']!;
    expectClose(out.data as Float32Array, numeric.transform(rows).data, 'numbers');
    await s.release();
  });

  it('OrdinalEncoder on numeric categories of the float input', async () => {
    const X = Array.from({ length: 30 }, (_, i) => [(i % 4) * 0.5, 10 + (i % 3)]);
    const encoder = new OrdinalEncoder({ handleUnknown: 'useEncodedValue', unknownValue: 9 }).fit(X);
    const rows = [[0.5, 12], [1.5, 10], [7, 11]];
    const s = await ort.InferenceSession.create(exportEstimatorOnnx(encoder, { nFeatures: 2 }));
    const out = (await s.run({ input: new ort.Tensor('float32', Float32Array.from(rows.flat()), [3, 2]) }))['variable']!;
    expectClose(out.data as Float32Array, encoder.transform(rows).data, 'codes');
    await s.release();
  });

  it('a Pipeline from string columns to a classifier with string labels: labels and probabilities', async () => {
    for (const model of [
      new Pipeline([['encode', new OneHotEncoder({ handleUnknown: 'ignore' })], ['model', new LogisticRegression({ C: 2 })]]),
      new Pipeline([['encode', new OrdinalEncoder()], ['model', new RandomForestClassifier({ nEstimators: 7, maxDepth: 4, randomState: 3 })]]),
    ]) {
      model.fit(train, labels);
      const rows = test.filter((r) => CITIES.includes(r[0]!) && SIZES.includes(r[1]!)); // the OrdinalEncoder rejects unknowns
      const bytes = exportEstimatorOnnx(model, { nFeatures: 3, inputType: 'string' });
      const out = await runStrings(bytes, rows);
      expect([...(out['label']!.data as string[])]).toEqual(model.predict(rows));
      expectClose(out['probabilities']!.data as Float32Array, (model.predictProba(rows) as { data: Float64Array }).data, 'probabilities');
    }
  });

  it('names what a string input cannot feed, and string categories on a float input', () => {
    const scaler = new StandardScaler().fit([[1, 2], [3, 4]]);
    expect(() => exportEstimatorOnnx(scaler, { nFeatures: 2, inputType: 'string' })).toThrow(/StandardScaler reading the string input/);
    const encoder = new OneHotEncoder().fit(train);
    expect(() => exportEstimatorOnnx(encoder, { nFeatures: 3 })).toThrow(/string categories \(column 0\) on a float input: export with inputType 'string'/);
    expect(() => exportEstimatorOnnx(new OrdinalEncoder().fit([[1], [2]]), { nFeatures: 1, inputType: 'string' })).toThrow(/numeric categories in column 0 of a string input/);
    expect(() => exportEstimatorOnnx(encoder, { nFeatures: 3, inputType: 'int8' as 'string' })).toThrow(ArgumentError);
  });
});

describe('mixed tables (inputType columns): one input [batch, 1] per column, named as the table', () => {
  // age, city, income, size: two numeric and two string columns.
  const table = (n: number, shift: number): (number | string)[][] => rowsOf(n, shift).map((r, i) => [20 + ((i * 7 + shift) % 45), r[0]!, Math.fround(1.5 + Math.sin(i + shift)), r[1]!]);
  const trainRows = table(48, 0), testRows = [...table(5, 3), [33, 'Rome', 2.25, 'M']]; // Rome: an unknown city
  const names = ['age', 'city', 'income', 'size'];
  const byColumns = (rows: (number | string)[][]) => ({ columns: names.map((_, j) => rows.map((r) => r[j]!)), names });
  /** Feeds of a table: each column [batch, 1], float32 or string by its first value. */
  const feedsOf = (rows: (number | string)[][], inputNames: readonly string[]) => Object.fromEntries(inputNames.map((name, j) => {
    const column = rows.map((r) => r[j]!);
    return [name, typeof column[0] === 'string' ? new ort.Tensor('string', column as string[], [rows.length, 1]) : new ort.Tensor('float32', Float32Array.from(column as number[]), [rows.length, 1])];
  }));

  it('a Pipeline of a ColumnTransformer (scaled numbers; one-hot and ordinal strings; by name) and a classifier', async () => {
    const columns = new ColumnTransformer([
      ['numbers', new Pipeline([['impute', new SimpleImputer()], ['scale', new StandardScaler()]]), ['age', 'income']],
      ['city', new OneHotEncoder({ handleUnknown: 'ignore' }), ['city']],
      ['size', new OrdinalEncoder(), 'size'],
    ]);
    const model = new Pipeline([['columns', columns], ['model', new LogisticRegression({ C: 3 })]]).fit(byColumns(trainRows), labels);
    const s = await ort.InferenceSession.create(exportEstimatorOnnx(model, { nFeatures: 4, inputType: 'columns' }));
    expect(s.inputNames).toEqual(names);
    for (const batch of [1, 6]) {
      const rows = testRows.slice(0, batch), out = await s.run(feedsOf(rows, s.inputNames));
      expect([...(out['label']!.data as string[])], `batch ${batch}`).toEqual(model.predict(byColumns(rows)));
      expectClose(out['probabilities']!.data as Float32Array, (model.predictProba(byColumns(rows)) as { data: Float64Array }).data, `probabilities, batch ${batch}`);
    }
    await s.release();
  });

  it('missing cells: string columns imputed (most frequent, constant) before one-hot, numbers imputed before scaling; "" and NaN feed the missing cells', async () => {
    type Cell = number | string | null;
    const holes = (rows: (number | string)[][], every: number): Cell[][] => rows.map((r, i) => r.map((v, j) => ((i + 2 * j) % every === 0 ? null : v)));
    const trainHoles = holes(trainRows, 5), testHoles = holes(testRows, 3);
    const withNames = (rows: Cell[][]) => ({ columns: names.map((_, j) => rows.map((r) => r[j]!)), names });
    for (const strategy of ['mostFrequent', 'constant'] as const) {
      const columns = new ColumnTransformer([
        ['numbers', new Pipeline([['impute', new SimpleImputer({ strategy: 'median' })], ['scale', new StandardScaler()]]), ['age', 'income']],
        ['strings', new Pipeline([['impute', new SimpleImputer({ strategy })], ['encode', new OneHotEncoder({ handleUnknown: 'ignore' })]]), ['city', 'size']],
      ]);
      const model = new Pipeline([['columns', columns], ['model', new LogisticRegression({ C: 3 })]]).fit(withNames(trainHoles), labels);
      const s = await ort.InferenceSession.create(exportEstimatorOnnx(model, { nFeatures: 4, inputType: 'columns' }));
      const feeds = Object.fromEntries(names.map((name, j) => {
        const column = testHoles.map((r) => r[j]!);
        return [name, j === 1 || j === 3 ? new ort.Tensor('string', column.map((v) => (v === null ? '' : String(v))), [column.length, 1]) : new ort.Tensor('float32', Float32Array.from(column.map((v) => (v === null ? NaN : (v as number)))), [column.length, 1])];
      }));
      const out = await s.run(feeds);
      expect([...(out['label']!.data as string[])], strategy).toEqual(model.predict(withNames(testHoles)));
      expectClose(out['probabilities']!.data as Float32Array, (model.predictProba(withNames(testHoles)) as { data: Float64Array }).data, `probabilities, ${strategy}`);
      await s.release();
    }
  });

  it('rows without names (inputs column_0 ...), the numeric remainder passed through', async () => {
    const columns = new ColumnTransformer([['strings', new OneHotEncoder({ handleUnknown: 'ignore', drop: 'first' }), [1, 3]]], { remainder: 'passthrough' }).fit(trainRows);
    const s = await ort.InferenceSession.create(exportEstimatorOnnx(columns, { nFeatures: 4, inputType: 'columns' }));
    expect(s.inputNames).toEqual(['column_0', 'column_1', 'column_2', 'column_3']);
    const out = (await s.run(feedsOf(testRows, s.inputNames)))['variable']!;
    const expected = columns.transform(testRows);
    expect(out.dims).toEqual([testRows.length, expected.cols]);
    expectClose(out.data as Float32Array, expected.data, 'transform');
    await s.release();
  });

  it('names what a table input cannot feed', () => {
    const mixedPart = new ColumnTransformer([['both', new OrdinalEncoder(), [0, 1]]]).fit(trainRows);
    expect(() => exportEstimatorOnnx(mixedPart, { nFeatures: 4, inputType: 'columns' })).toThrow(/reading both number and string columns/);
    const passStrings = new ColumnTransformer([['city', 'passthrough', [0]]], { remainder: 'drop' }).fit([[1, 2], [3, 4]]);
    expect(() => exportEstimatorOnnx(passStrings, { nFeatures: 3, inputType: 'columns' })).toThrow(/fitted on 2 columns, nFeatures is 3/);
    expect(() => exportEstimatorOnnx(new StandardScaler().fit([[1], [2]]), { nFeatures: 1, inputType: 'columns' })).toThrow(/a ColumnTransformer, alone or first in a Pipeline, reads the table/);
  });
});

// The models of scripts/onnx-zipmap.mjs (same data, same seeds).
const X = Array.from({ length: 60 }, (_, i) => Array.from({ length: 4 }, (_, j) => (i % 3) * (j - 1.5) + Math.sin(i * 7.1 + j * 3.3)));
const y3 = X.map((_, i) => i % 3);
const names = y3.map((c) => ['a', 'b', 'c'][c]!);
const zipMapModels = (): Record<string, { predict(X: number[][]): (number | string)[]; predictProba(X: number[][]): { data: Float64Array; cols: number } }> => ({
  logistic_int_labels: new LogisticRegression().fit(X, y3.map((c) => 10 * c)),
  forest_string_labels: new RandomForestClassifier({ nEstimators: 5, maxDepth: 3, randomState: 0 }).fit(X, names),
  binary_svc_probability: new SVC({ probability: true, randomState: 0 }).fit(X, y3.map((c) => (c === 2 ? 1 : 0))),
});

interface ZipMapFixture {
  producer: string;
  inputs: number[][];
  models: Record<string, { labels: (number | string)[]; maps: Record<string, number>[] }>;
}

describe('ZipMap (zipMap: true): probabilities as a sequence of maps from class label to probability', () => {
  const fixture = JSON.parse(readFileSync(new URL('../../fixtures/onnx-zipmap.json', import.meta.url), 'utf8')) as ZipMapFixture;

  it("Python onnxruntime's maps of these models equal predictProba, keyed by the class labels", () => {
    expect(fixture.producer).toMatch(/^onnxruntime 1\.30/);
    const models = zipMapModels();
    expect(Object.keys(fixture.models)).toEqual(Object.keys(models));
    for (const [name, model] of Object.entries(models)) {
      const { labels: got, maps } = fixture.models[name]!;
      expect(got, name).toEqual(model.predict(fixture.inputs));
      const proba = model.predictProba(fixture.inputs), classes = (model as unknown as { classes: (number | string)[] }).classes;
      expect(maps.length).toBe(fixture.inputs.length);
      maps.forEach((map, i) => {
        expect(Object.keys(map).sort(), `${name}, row ${i}`).toEqual(classes.map(String).sort());
        expectClose(classes.map((c) => map[String(c)]!), proba.data.subarray(i * proba.cols, (i + 1) * proba.cols), `${name}, row ${i}`);
      });
    }
  });

  it('declares seq(map(label, float)) and keeps the label a tensor that onnxruntime-web reads', async () => {
    for (const [name, model] of Object.entries(zipMapModels())) {
      const s = await ort.InferenceSession.create(exportEstimatorOnnx(model, { nFeatures: 4, zipMap: true }));
      expect(s.outputNames).toEqual(['label', 'probabilities']);
      const rows = fixture.inputs.slice(0, 3);
      const out = await s.run({ input: new ort.Tensor('float32', Float32Array.from(rows.flat()), [3, 4]) }, ['label']);
      const label = out['label']!;
      expect(label.type === 'string' ? [...(label.data as string[])] : [...(label.data as BigInt64Array)].map(Number), name).toEqual(model.predict(rows));
      await s.release();
    }
  });

  it('needs a classifier with probabilities', () => {
    expect(() => exportEstimatorOnnx(new LinearRegression().fit(X, y3), { nFeatures: 4, zipMap: true })).toThrow(/zipMap needs a classifier with probabilities \(this model is a regressor\)/);
    expect(() => exportEstimatorOnnx(new SVC().fit(X, y3), { nFeatures: 4, zipMap: true })).toThrow(/probability: true/);
    expect(() => exportEstimatorOnnx(new LogisticRegression().fit(X, y3), { nFeatures: 4, zipMap: 1 as unknown as boolean })).toThrow(/zipMap must be a boolean/);
  });
});
