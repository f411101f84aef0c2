// AdaBoost, bagging, voting, stacking and k-means exports run in onnxruntime-web and give the estimators' own
// predict / predictProba / transform within float32 tolerance, at batch sizes 1 and 9 of one session.
import * as ort from 'onnxruntime-web';
import { StandardScaler } from '@neurite/features';
import { init, type Matrix } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { KMeans } from '../cluster/kmeans.ts';
import { MiniBatchKMeans } from '../cluster/mini-batch-kmeans.ts';
import { Pipeline } from '../compose/pipeline.ts';
import { AdaBoostClassifier } from '../ensemble/adaboost-classifier.ts';
import { AdaBoostRegressor } from '../ensemble/adaboost-regressor.ts';
import { BaggingClassifier } from '../ensemble/bagging-classifier.ts';
import { BaggingRegressor } from '../ensemble/bagging-regressor.ts';
import { StackingClassifier, StackingRegressor } from '../ensemble/stacking.ts';
import { VotingClassifier, VotingRegressor } from '../ensemble/voting.ts';
import { LinearRegression } from '../linear/linear-regression.ts';
import { LogisticRegression } from '../linear/logistic-regression.ts';
import { Ridge } from '../linear/ridge.ts';
import { GaussianNB } from '../naive-bayes/gaussian-nb.ts';
import { SVC } from '../svm/svc.ts';
import { SVR } from '../svm/svr.ts';
import { DecisionTreeClassifier } from '../tree/decision-tree-classifier.ts';
import { DecisionTreeRegressor } from '../tree/decision-tree-regressor.ts';
import { exportEstimatorOnnx } from './export-estimator-onnx.ts';

beforeAll(async () => {
  await init();
  ort.env.wasm.numThreads = 1;
});

const TOL = 2e-5;
const BATCHES = [1, 9];

/** A seeded linear congruential stream in [0, 1). */
function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}
const gaussian = (next: () => number): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
/** Rows around one centre per class; inputs rounded to float32 so both sides read the same numbers. */
function blobs(rows: number, classes: number, seed: number): { X: number[][]; y: number[] } {
  const next = stream(seed), X: number[][] = [], y: number[] = [];
  for (let i = 0; i < rows; i++) {
    const c = i % classes;
    y.push(c);
    X.push(Array.from({ length: 4 }, (_, j) => Math.fround(1.3 * c * ((j % 3) - 0.5) + gaussian(next))));
  }
  return { X, y };
}
function regression(rows: number, seed: number): { X: number[][]; y: number[] } {
  const next = stream(seed), X: number[][] = [], y: number[] = [];
  for (let i = 0; i < rows; i++) {
    const x = Array.from({ length: 4 }, () => Math.fround(gaussian(next)));
    X.push(x);
    y.push(x[0]! - 2 * x[1]! + Math.sin(2 * x[2]!) + 0.1 * gaussian(next));
  }
  return { X, y };
}

async function run(bytes: Uint8Array, X: number[][]): Promise<Record<string, ort.Tensor>[]> {
  const s = await ort.InferenceSession.create(bytes), outs: Record<string, ort.Tensor>[] = [];
  for (const batch of BATCHES) outs.push(await s.run({ input: new ort.Tensor('float32', Float32Array.from(X.slice(0, batch).flat()), [batch, 4]) }));
  await s.release();
  return outs;
}
function expectClose(got: ArrayLike<number>, expected: ArrayLike<number>, what: string, tolerance = TOL): void {
  expect(got.length, what).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!) / (1 + Math.abs(expected[i]!)));
  expect(worst, what).toBeLessThan(tolerance);
}
const labelsOf = (t: ort.Tensor): (number | string)[] => (t.type === 'string' ? [...(t.data as string[])] : [...(t.data as BigInt64Array)].map(Number));

interface Classifier { predict(X: number[][]): ArrayLike<number | string>; predictProba(X: number[][]): Matrix }
async function checkClassifier(model: Classifier, X: number[][], output = 'probabilities'): Promise<void> {
  const outs = await run(exportEstimatorOnnx(model, { nFeatures: 4 }), X);
  BATCHES.forEach((batch, b) => {
    const rows = X.slice(0, batch);
    expect(labelsOf(outs[b]!['label']!), `labels, batch ${batch}`).toEqual([...model.predict(rows)]);
    if (output === 'probabilities') expectClose(outs[b]!['probabilities']!.data as Float32Array, model.predictProba(rows).data, `probabilities, batch ${batch}`);
  });
}
async function checkRegressor(model: { predict(X: number[][]): ArrayLike<number> }, X: number[][], tolerance = TOL): Promise<void> {
  const outs = await run(exportEstimatorOnnx(model, { nFeatures: 4 }), X);
  BATCHES.forEach((batch, b) => expectClose(outs[b]!['variable']!.data as Float32Array, model.predict(X.slice(0, batch)), `predictions, batch ${batch}`, tolerance));
}

const two = blobs(90, 2, 1), three = blobs(120, 3, 2), reg = regression(90, 3);
const test2 = blobs(9, 2, 11).X, test3 = blobs(9, 3, 12).X, testReg = regression(9, 13).X;
const named = (y: number[]): string[] => y.map((c) => ['cat', 'dog', 'owl'][c]!);

describe('AdaBoost (SAMME votes; weighted median)', () => {
  it('AdaBoostClassifier: stumps on two classes, depth-2 trees on three string classes', async () => {
    await checkClassifier(new AdaBoostClassifier({ nEstimators: 12, randomState: 0 }).fit(two.X, two.y.map((c) => 5 * c + 1)), test2);
    await checkClassifier(new AdaBoostClassifier({ estimator: new DecisionTreeClassifier({ maxDepth: 2 }), nEstimators: 8, learningRate: 0.5, randomState: 1 }).fit(three.X, named(three.y)), test3);
  });
  it('AdaBoostRegressor (linear and square losses)', async () => {
    await checkRegressor(new AdaBoostRegressor({ nEstimators: 9, randomState: 0 }).fit(reg.X, reg.y), testReg);
    await checkRegressor(new AdaBoostRegressor({ estimator: new DecisionTreeRegressor({ maxDepth: 2 }), nEstimators: 6, loss: 'square', randomState: 2 }).fit(reg.X, reg.y), testReg);
  });
});

describe('bagging (members on their feature subsets)', () => {
  it('BaggingClassifier with all features, and with drawn feature subsets on string classes', async () => {
    await checkClassifier(new BaggingClassifier({ nEstimators: 6, randomState: 0 }).fit(two.X, two.y), test2);
    await checkClassifier(new BaggingClassifier({ estimator: new GaussianNB(), nEstimators: 5, maxFeatures: 0.5, bootstrapFeatures: true, randomState: 1 }).fit(three.X, named(three.y)), test3);
  });
  it('BaggingRegressor with feature subsets', async () => {
    await checkRegressor(new BaggingRegressor({ nEstimators: 7, maxFeatures: 0.75, randomState: 2 }).fit(reg.X, reg.y), testReg);
  });
});

describe('voting', () => {
  const members = () => [['logistic', new LogisticRegression()], ['tree', new DecisionTreeClassifier({ maxDepth: 3, randomState: 0 })], ['bayes', new GaussianNB()]] as const;
  it("VotingClassifier 'soft' with weights and 'hard' on string labels", async () => {
    await checkClassifier(new VotingClassifier({ estimators: members(), voting: 'soft', weights: [2, 1, 0.5] }).fit(three.X, three.y), test3);
    await checkClassifier(new VotingClassifier({ estimators: members(), voting: 'hard' }).fit(three.X, named(three.y)), test3);
    await checkClassifier(new VotingClassifier({ estimators: members(), voting: 'hard', weights: [1, 3, 1] }).fit(two.X, two.y), test2);
  });
  it("'hard' voting with an SVC that has no probabilities writes the votes as scores", async () => {
    const model = new VotingClassifier({ estimators: [['svc', new SVC()], ['tree', new DecisionTreeClassifier({ maxDepth: 2, randomState: 0 })], ['bayes', new GaussianNB()]], weights: [2, 1, 1] }).fit(three.X, three.y);
    const outs = await run(exportEstimatorOnnx(model, { nFeatures: 4 }), test3);
    expect(labelsOf(outs[1]!['label']!)).toEqual(model.predict(test3));
    const scores = outs[1]!['scores']!;
    expect(scores.dims).toEqual([9, 3]);
    const rows = (scores.data as Float32Array);
    for (let i = 0; i < 9; i++) expect(rows.subarray(i * 3, i * 3 + 3).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const soft = new VotingClassifier({ estimators: [['svc', new SVC()], ['bayes', new GaussianNB()]], voting: 'soft' }).fit(three.X, three.y);
    expect(() => exportEstimatorOnnx(soft, { nFeatures: 4 })).toThrow(/voting 'soft' and a member without probabilities/);
  });
  it('VotingRegressor with weights', async () => {
    const estimators = [['linear', new LinearRegression()], ['tree', new DecisionTreeRegressor({ maxDepth: 4, randomState: 0 })], ['svr', new SVR({ C: 2 })]] as const;
    await checkRegressor(new VotingRegressor({ estimators, weights: [1, 2, 3] }).fit(reg.X, reg.y), testReg);
  });
});

describe('stacking', () => {
  it('StackingClassifier: probabilities of three classes, and the second column of two with passthrough', async () => {
    const estimators = [['tree', new DecisionTreeClassifier({ maxDepth: 3, randomState: 0 })], ['bayes', new GaussianNB()]] as const;
    await checkClassifier(new StackingClassifier({ estimators, cv: 3 }).fit(three.X, named(three.y)), test3);
    await checkClassifier(new StackingClassifier({ estimators, passthrough: true, finalEstimator: new LogisticRegression({ C: 0.5 }) }).fit(two.X, two.y.map((c) => 3 - c)), test2);
  });
  it('StackingRegressor with and without passthrough', async () => {
    const estimators = [['ridge', new Ridge({ alpha: 0.5 })], ['tree', new DecisionTreeRegressor({ maxDepth: 3, randomState: 0 })]] as const;
    await checkRegressor(new StackingRegressor({ estimators }).fit(reg.X, reg.y), testReg);
    await checkRegressor(new StackingRegressor({ estimators, passthrough: true, finalEstimator: new LinearRegression() }).fit(reg.X, reg.y), testReg);
  });
});

describe('k-means', () => {
  it('KMeans and MiniBatchKMeans: label (predict) and scores (transform: distances to the centres)', async () => {
    for (const model of [new KMeans({ nClusters: 4, randomState: 0, nInit: 2 }).fit(three.X), new MiniBatchKMeans({ nClusters: 3, randomState: 0, batchSize: 32 }).fit(three.X)]) {
      const outs = await run(exportEstimatorOnnx(model, { nFeatures: 4 }), test3);
      BATCHES.forEach((batch, b) => {
        const rows = test3.slice(0, batch);
        expect(labelsOf(outs[b]!['label']!), `labels, batch ${batch}`).toEqual([...model.predict(rows)]);
        expectClose(outs[b]!['scores']!.data as Float32Array, model.transform(rows).data, `distances, batch ${batch}`);
      });
    }
  });
  it('a Pipeline whose k-means step transforms (distances) before a classifier', async () => {
    const model = new Pipeline([['scale', new StandardScaler()], ['clusters', new KMeans({ nClusters: 5, randomState: 1, nInit: 1 })], ['model', new LogisticRegression()]]).fit(three.X, three.y);
    await checkClassifier(model as unknown as Classifier, test3);
  });
});
