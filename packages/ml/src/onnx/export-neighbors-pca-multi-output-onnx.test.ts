// k-nearest neighbours (every metric and weighting), PCA, RobustScaler and multi-output regressors
// exported with exportEstimatorOnnx run in onnxruntime-web and give the estimator's own predict /
// predictProba / transform, at batch sizes 1 and 7 of one session.
import * as ort from 'onnxruntime-web';
import { RobustScaler, StandardScaler } from '@neurite/features';
import { ArgumentError, init, type Matrix } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { Pipeline } from '../compose/pipeline.ts';
import { PCA } from '../decomposition/pca.ts';
import { GradientBoostingRegressor } from '../ensemble/gradient-boosting-regressor.ts';
import { MultiOutputClassifier, MultiOutputRegressor } from '../ensemble/multi-output.ts';
import { RandomForestClassifier } from '../ensemble/random-forest-classifier.ts';
import { GaussianNB } from '../naive-bayes/gaussian-nb.ts';
import { LinearRegression } from '../linear/linear-regression.ts';
import { LogisticRegression } from '../linear/logistic-regression.ts';
import { Ridge } from '../linear/ridge.ts';
import { KNeighborsClassifier } from '../neighbors/k-neighbors-classifier.ts';
import { KNeighborsRegressor } from '../neighbors/k-neighbors-regressor.ts';
import { exportEstimatorOnnx } from './export-estimator-onnx.ts';

beforeAll(async () => {
  await init();
  ort.env.wasm.numThreads = 1;
});

const BATCHES = [1, 7];

/** A seeded linear congruential stream in [0, 1). */
function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}
/** Float32-representable rows (both sides read the same numbers), around one centre per class. */
function rows(n: number, cols: number, classes: number, seed: number): { X: number[][]; y: number[] } {
  const next = stream(seed), X: number[][] = [], y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    y.push(c);
    X.push(Array.from({ length: cols }, (_, j) => Math.fround(c * ((j % 3) - 0.5) * 1.5 + 4 * (next() - 0.5) + (j === 0 ? 3 : 0))));
  }
  return { X, y };
}
const train = rows(60, 4, 3, 1), test = rows(7, 4, 3, 2);
const targets = train.X.map((r, i) => r[0]! * 2 - r[1]! + Math.sin(r[2]!) + (i % 3));
const targets2 = train.X.map((r, i) => [targets[i]!, r[3]! * r[0]! - 1]);

async function outputs(model: unknown, X: number[][]): Promise<Record<string, ort.Tensor>[]> {
  const session = await ort.InferenceSession.create(exportEstimatorOnnx(model, { nFeatures: X[0]!.length }));
  const out: Record<string, ort.Tensor>[] = [];
  for (const batch of BATCHES) out.push(await session.run({ input: new ort.Tensor('float32', Float32Array.from(X.slice(0, batch).flat()), [batch, X[0]!.length]) }));
  await session.release();
  return out;
}
function expectClose(got: ArrayLike<number>, expected: ArrayLike<number>, what: string, tolerance = 2e-5): void {
  expect(got.length, what).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!) / (1 + Math.abs(expected[i]!)));
  expect(worst, what).toBeLessThan(tolerance);
}
function labelsOf(t: ort.Tensor): (number | string)[] {
  return t.type === 'string' ? [...(t.data as string[])] : [...(t.data as BigInt64Array)].map(Number);
}

describe('k-nearest neighbours (training rows as constants, TopK)', () => {
  it('KNeighborsClassifier: every metric, uniform and distance weights, integer and string labels', async () => {
    const named = train.y.map((c) => ['ham', 'spam', 'eggs'][c]!);
    for (const metric of ['euclidean', 'manhattan', 'cosine'] as const) {
      for (const weights of ['uniform', 'distance'] as const) {
        const model = new KNeighborsClassifier({ nNeighbors: 5, metric, weights }).fit(train.X, metric === 'cosine' ? named : train.y);
        const out = await outputs(model, test.X);
        BATCHES.forEach((batch, b) => {
          const X = test.X.slice(0, batch), what = `${metric}, ${weights}, batch ${batch}`;
          expect(labelsOf(out[b]!['label']!), what).toEqual(model.predict(X));
          expectClose(out[b]!['probabilities']!.data as Float32Array, model.predictProba(X).data, what, 1e-4);
        });
      }
    }
  });

  it('a query equal to a training row weighs only its exact matches (distance weights)', async () => {
    const model = new KNeighborsClassifier({ nNeighbors: 4, weights: 'distance' }).fit(train.X, train.y);
    const queries = [train.X[5]!, train.X[17]!, ...test.X.slice(0, 5)];
    const out = await outputs(model, queries);
    expect(labelsOf(out[1]!['label']!)).toEqual(model.predict(queries));
    expectClose(out[1]!['probabilities']!.data as Float32Array, model.predictProba(queries).data, 'exact matches', 1e-4);
  });

  it('KNeighborsRegressor: one output and two, every metric, uniform and distance weights', async () => {
    for (const metric of ['euclidean', 'manhattan', 'cosine'] as const) {
      for (const weights of ['uniform', 'distance'] as const) {
        for (const y of [targets, targets2]) {
          const model = new KNeighborsRegressor({ nNeighbors: 3, metric, weights }).fit(train.X, y);
          const out = await outputs(model, test.X);
          BATCHES.forEach((batch, b) => {
            expect(out[b]!['variable']!.dims).toEqual([batch, model.nOutputs]);
            expectClose(out[b]!['variable']!.data as Float32Array, model.predict(test.X.slice(0, batch)), `${metric}, ${weights}, ${model.nOutputs} outputs, batch ${batch}`, 1e-4);
          });
        }
      }
    }
  });
});

describe('PCA, RobustScaler and multi-output regression', () => {
  it('PCA (plain and whitened) and RobustScaler (with and without centring) transform; PCA inside a Pipeline before a classifier', async () => {
    for (const model of [new PCA({ nComponents: 2 }), new PCA({ nComponents: 3, whiten: true }), new RobustScaler(), new RobustScaler({ withCentering: false, quantileRange: [10, 90] })]) {
      model.fit(train.X);
      const out = await outputs(model, test.X);
      BATCHES.forEach((batch, b) => {
        const expected = (model as { transform(X: number[][]): Matrix }).transform(test.X.slice(0, batch));
        expect(out[b]!['variable']!.dims).toEqual([batch, expected.cols]);
        expectClose(out[b]!['variable']!.data as Float32Array, expected.data, `${model.constructor.name}, batch ${batch}`);
      });
    }
    const pipeline = new Pipeline([['scale', new RobustScaler()], ['pca', new PCA({ nComponents: 2, whiten: true })], ['model', new LogisticRegression()]]).fit(train.X, train.y);
    const out = await outputs(pipeline, test.X);
    expect(labelsOf(out[1]!['label']!)).toEqual(pipeline.predict(test.X));
    expectClose(out[1]!['probabilities']!.data as Float32Array, (pipeline.predictProba(test.X) as Matrix).data, 'pipeline');
  });

  it('linear models on a 2-D y and MultiOutputRegressor: "variable" [batch, outputs] equal to predict', async () => {
    const models = [
      new LinearRegression().fit(train.X, targets2), new Ridge({ alpha: 3 }).fit(train.X, targets2),
      new MultiOutputRegressor({ estimator: new GradientBoostingRegressor({ nEstimators: 10, maxDepth: 2, randomState: 3 }) }).fit(train.X, targets2),
      new Pipeline([['scale', new StandardScaler()], ['model', new MultiOutputRegressor({ estimator: new Ridge() })]]).fit(train.X, targets2),
    ];
    for (const model of models) {
      const out = await outputs(model, test.X);
      BATCHES.forEach((batch, b) => {
        expect(out[b]!['variable']!.dims).toEqual([batch, 2]);
        expectClose(out[b]!['variable']!.data as Float32Array, (model as { predict(X: number[][]): Float64Array }).predict(test.X.slice(0, batch)), `${model.constructor.name}, batch ${batch}`);
      });
    }
  });

  it('MultiOutputClassifier: label [batch, outputs] and the outputs\' probabilities side by side (integer and string labels; in a Pipeline)', async () => {
    const labels2 = train.y.map((c, i) => [c, (i + c) % 2]);
    const named2 = labels2.map(([a, b]) => [['x', 'y', 'z'][a!]!, b === 1 ? 'odd' : 'even']);
    const models = [
      new MultiOutputClassifier({ estimator: new LogisticRegression() }).fit(train.X, labels2),
      new MultiOutputClassifier({ estimator: new GaussianNB() }).fit(train.X, named2),
      new Pipeline([['scale', new StandardScaler()], ['model', new MultiOutputClassifier({ estimator: new RandomForestClassifier({ nEstimators: 5, maxDepth: 3, randomState: 1 }) })]]).fit(train.X, labels2),
    ];
    for (const model of models) {
      const out = await outputs(model, test.X);
      BATCHES.forEach((batch, b) => {
        const X = test.X.slice(0, batch), what = `${model.constructor.name}, batch ${batch}`;
        const predicted = (model as unknown as { predict(X: number[][]): (number | string)[][] }).predict(X);
        const got = labelsOf(out[b]!['label']!);
        expect(out[b]!['label']!.dims, what).toEqual([batch, 2]);
        expect(Array.from({ length: batch }, (_, i) => got.slice(2 * i, 2 * i + 2)), what).toEqual(predicted);
        const probabilities = (model as unknown as { predictProba(X: number[][]): Matrix[] }).predictProba(X);
        const sideBySide = X.flatMap((_, i) => probabilities.flatMap((p) => [...p.data.subarray(i * p.cols, (i + 1) * p.cols)]));
        expectClose(out[b]!['probabilities']!.data as Float32Array, sideBySide, what);
      });
    }
    expect(() => exportEstimatorOnnx(models[0], { nFeatures: 4, zipMap: true })).toThrow(/single-output classifier/);
  });

  it('names misfits: feature counts', () => {
    expect(() => exportEstimatorOnnx(new PCA({ nComponents: 2 }).fit(train.X), { nFeatures: 3 })).toThrow(/PCA was fitted on 4 features/);
    expect(() => exportEstimatorOnnx(new KNeighborsRegressor().fit(train.X, targets), { nFeatures: 5 })).toThrow(ArgumentError);
  });
});
