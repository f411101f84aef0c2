// The log transformers, KBinsDiscretizer, KNNImputer, SelfTrainingClassifier and the label propagation models exported with exportEstimatorOnnx run in
// onnxruntime-web and give the estimator's own transform / predict / predictProba at batch 1 and 6.
import * as ort from 'onnxruntime-web';
import { KBinsDiscretizer, KNNImputer, LogTransformer, MedianLogTransformer } from '@neurite/features';
import { ArgumentError, init, type Matrix, NotFittedError } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { Pipeline } from '../compose/pipeline.ts';
import { LogisticRegression } from '../linear/logistic-regression.ts';
import { GaussianNB } from '../naive-bayes/gaussian-nb.ts';
import { SelfTrainingClassifier } from '../semi-supervised/self-training.ts';
import { LabelPropagation, LabelSpreading } from '../semi-supervised/label-propagation.ts';
import { SVC } from '../svm/svc.ts';
import { exportEstimatorOnnx } from './export-estimator-onnx.ts';

beforeAll(async () => {
  await init();
  ort.env.wasm.numThreads = 1;
});

/** A seeded linear congruential stream in [0, 1). */
function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}
/** Non-negative, heavy-tailed float32 rows: class c scales the features by 1 + c. */
function rows(n: number, seed: number): { X: number[][]; y: number[] } {
  const next = stream(seed), X: number[][] = [], y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    y.push(c);
    X.push(Array.from({ length: 3 }, (_, j) => Math.fround((1 + c) * (j + 1) * -Math.log(1 - next()) * 4)));
  }
  return { X, y };
}
const train = rows(60, 1), test = rows(6, 2).X;

async function run(model: unknown, X: number[][]): Promise<Record<string, ort.Tensor>[]> {
  const session = await ort.InferenceSession.create(exportEstimatorOnnx(model, { nFeatures: X[0]!.length }));
  const out: Record<string, ort.Tensor>[] = [];
  for (const batch of [1, 6]) out.push(await session.run({ input: new ort.Tensor('float32', Float32Array.from(X.slice(0, batch).flat()), [batch, X[0]!.length]) }));
  await session.release();
  return out;
}
function expectClose(got: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(got.length, what).toBe(expected.length);
  for (let i = 0; i < got.length; i++) expect(Math.abs(got[i]! - expected[i]!), `${what} [${i}]`).toBeLessThanOrEqual(2e-5 * (1 + Math.abs(expected[i]!)));
}

describe('log transformers and self-training', () => {
  it('LogTransformer and MedianLogTransformer transform, alone and before a classifier', async () => {
    for (const model of [new LogTransformer().fit(train.X), new MedianLogTransformer().fit(train.X)]) {
      const out = await run(model, test);
      [1, 6].forEach((batch, b) => expectClose(out[b]!['variable']!.data as Float32Array, model.transform(test.slice(0, batch)).data, `${model.constructor.name}, batch ${batch}`));
    }
    const pipeline = new Pipeline([['log', new MedianLogTransformer()], ['model', new LogisticRegression()]]).fit(train.X, train.y);
    const out = await run(pipeline, test);
    expect([...(out[1]!['label']!.data as BigInt64Array)].map(Number)).toEqual(pipeline.predict(test));
    expectClose(out[1]!['probabilities']!.data as Float32Array, (pipeline.predictProba(test) as Matrix).data, 'pipeline');
  });

  it('KBinsDiscretizer: every strategy, ordinal and one-hot, values on the edges and a constant column', async () => {
    const withConstant = train.X.map((r) => [...r, 2]);
    const X = [...test.map((r) => [...r, 2]), [0, 0, 0, 5]];
    for (const strategy of ['uniform', 'quantile', 'kmeans'] as const) {
      for (const encode of ['ordinal', 'onehot'] as const) {
        const model = new KBinsDiscretizer({ nBins: [3, 4, 5, 2], strategy, encode }).fit(withConstant);
        // A row exactly on interior edges lands in the upper bins, as transform (when the edges are float32 numbers).
        const onEdges = [0, 1, 2].map((j) => model.binEdges[j]![1]!);
        const rows = (onEdges.every((v) => Math.fround(v) === v) ? [[...onEdges, 2], ...X] : X).slice(0, 6);
        const out = await run(model, rows);
        expectClose(out[1]!['variable']!.data as Float32Array, model.transform(rows).data, `${strategy}, ${encode}`);
      }
    }
    const fixed = new KBinsDiscretizer({ strategy: 'fixed', edges: [[1, 5], [2], [0.5, 1, 8]], encode: 'ordinal' }).fit(train.X);
    const out = await run(fixed, [[1, 2, 8], [0.99, 1.99, 0.5], [5, 3, 9], [3, 2, 1], [4, 0, 0.75], [6, 2, 8]]);
    expectClose(out[1]!['variable']!.data as Float32Array, fixed.transform([[1, 2, 8], [0.99, 1.99, 0.5], [5, 3, 9], [3, 2, 1], [4, 0, 0.75], [6, 2, 8]]).data, 'fixed');
  });

  it('KNNImputer: uniform and distance weights, an exact match, a row sharing no column, an empty column (dropped or kept)', async () => {
    const holes = (X: number[][], every: number) => X.map((r, i) => r.map((v, j) => ((i + 3 * j) % every === 0 ? NaN : v)));
    const fitRows = holes(train.X, 4).map((r) => [...r, NaN]); // the last column is empty in fit
    const queries = [
      ...holes(test, 2).map((r) => [...r, NaN]),
      [fitRows[1]![0]!, NaN, NaN, 1], // shares its present column with fit row 1 exactly
      [NaN, NaN, NaN, 5], // shares no column with any fit row: the column means
    ].map((r) => r.map((v) => Math.fround(v)));
    for (const model of [new KNNImputer({ nNeighbors: 3 }), new KNNImputer({ nNeighbors: 4, weights: 'distance' }), new KNNImputer({ nNeighbors: 2, keepEmptyFeatures: true })]) {
      model.fit(fitRows);
      const session = await ort.InferenceSession.create(exportEstimatorOnnx(model, { nFeatures: 4 }));
      const out = (await session.run({ input: new ort.Tensor('float32', Float32Array.from(queries.flat()), [queries.length, 4]) }))['variable']!;
      const expected = model.transform(queries);
      expect(out.dims).toEqual([queries.length, expected.cols]);
      expectClose(out.data as Float32Array, expected.data, JSON.stringify(model.getParams()));
      await session.release();
    }
    expect(() => exportEstimatorOnnx(new KNNImputer({ missingValue: -1 }).fit(train.X), { nFeatures: 3 })).toThrow(/missingValue other than NaN/);
  });

  it('SelfTrainingClassifier around GaussianNB and around SVC with probabilities (label: the first maximum of the probabilities)', async () => {
    const partly = train.y.map((c, i) => (i % 4 === 0 ? c : -1));
    for (const estimator of [new GaussianNB(), new SVC({ probability: true, randomState: 0 })]) {
      const model = new SelfTrainingClassifier({ estimator, threshold: 0.6 }).fit(train.X, partly);
      const out = await run(model, test);
      [1, 6].forEach((batch, b) => {
        const X = test.slice(0, batch);
        expect([...(out[b]!['label']!.data as BigInt64Array)].map(Number), `${estimator.constructor.name}, batch ${batch}`).toEqual(model.predict(X));
        expectClose(out[b]!['probabilities']!.data as Float32Array, model.predictProba(X).data, `${estimator.constructor.name}, batch ${batch}`);
      });
    }
    const unfitted = new SelfTrainingClassifier({ estimator: new GaussianNB() });
    expect(() => exportEstimatorOnnx(new LabelSpreading(), { nFeatures: 3 })).toThrow(/unfitted LabelSpreading/);
    expect(() => exportEstimatorOnnx(new LogTransformer().fit(train.X), { nFeatures: 2 })).toThrow(/fitted on 3 features/);
    expect(() => exportEstimatorOnnx(unfitted, { nFeatures: 3 })).toThrow(NotFittedError);
    expect(() => exportEstimatorOnnx(new MedianLogTransformer().fit(train.X), { nFeatures: 4 })).toThrow(ArgumentError);
  });

  it('LabelPropagation and LabelSpreading, rbf and knn kernels: predict and predictProba', async () => {
    const partly = train.y.map((c, i) => (i % 4 === 0 ? c : -1));
    // Scaled rows, so the rbf weights are neither all 1 nor all 0.
    const scale = (X: number[][]) => X.map((r) => r.map((v) => Math.fround(v / 20)));
    const models = [
      new LabelPropagation({ gamma: 5 }), new LabelPropagation({ kernel: 'knn', nNeighbors: 5 }),
      new LabelSpreading({ gamma: 5, alpha: 0.3 }), new LabelSpreading({ kernel: 'knn', nNeighbors: 4 }),
    ];
    for (const model of models) {
      model.fit(scale(train.X), partly);
      const X = scale(test), out = await run(model, X);
      [1, 6].forEach((batch, b) => {
        const rows = X.slice(0, batch), what = `${model.constructor.name} ${model.getParams().kernel}, batch ${batch}`;
        expect([...(out[b]!['label']!.data as BigInt64Array)].map(Number), what).toEqual(model.predict(rows));
        expectClose(out[b]!['probabilities']!.data as Float32Array, model.predictProba(rows).data, what);
      });
    }
  });
});
