// Every exported estimator runs in onnxruntime-web and gives its own predict / predictProba /
// transform within float32 tolerance, at batch sizes 1 and 7 of one session (symbolic batch axis).
import * as ort from 'onnxruntime-web';
import { MinMaxScaler, OneHotEncoder, SimpleImputer, StandardScaler } from '@neurite/features';
import { ArgumentError, init, type Matrix, NotFittedError } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { AgglomerativeClustering } from '../cluster/agglomerative.ts';
import { ColumnTransformer } from '../compose/column-transformer.ts';
import { Pipeline } from '../compose/pipeline.ts';
import { GradientBoostingClassifier } from '../ensemble/gradient-boosting-classifier.ts';
import { GradientBoostingRegressor } from '../ensemble/gradient-boosting-regressor.ts';
import { RandomForestClassifier } from '../ensemble/random-forest-classifier.ts';
import { RandomForestRegressor } from '../ensemble/random-forest-regressor.ts';
import { ExtraTreesClassifier, ExtraTreesRegressor } from '../ensemble/extra-trees.ts';
import { ElasticNet, Lasso } from '../linear/elastic-net.ts';
import { LinearRegression } from '../linear/linear-regression.ts';
import { LogisticRegression } from '../linear/logistic-regression.ts';
import { Ridge } from '../linear/ridge.ts';
import { BernoulliNB } from '../naive-bayes/bernoulli-nb.ts';
import { GaussianNB } from '../naive-bayes/gaussian-nb.ts';
import { MultinomialNB } from '../naive-bayes/multinomial-nb.ts';
import { NuSVC } from '../svm/nu-svc.ts';
import { NuSVR } from '../svm/nu-svr.ts';
import { SVC } from '../svm/svc.ts';
import { SVR } from '../svm/svr.ts';
import { DecisionTreeClassifier } from '../tree/decision-tree-classifier.ts';
import { DecisionTreeRegressor } from '../tree/decision-tree-regressor.ts';
import { exportEstimatorOnnx } from './export-estimator-onnx.ts';

beforeAll(async () => {
  await init();
  ort.env.wasm.numThreads = 1;
});

/** Float32 tolerances: values |a - b| <= TOL * (1 + |b|). */
const TOL = 2e-5;
const BATCHES = [1, 7];

/** A seeded linear congruential stream in [0, 1) (tests draw no unseeded numbers). */
function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}
function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}
/** Rows around one centre per class (class c: centre c * spread on every feature, shifted per feature). */
function blobs(rows: number, cols: number, classes: number, seed: number, spread = 1.5): { X: number[][]; y: number[] } {
  const next = stream(seed), X: number[][] = [], y: number[] = [];
  for (let i = 0; i < rows; i++) {
    const c = i % classes;
    y.push(c);
    X.push(Array.from({ length: cols }, (_, j) => c * spread * ((j % 3) - 1 + 0.5) + gaussian(next)));
  }
  return { X, y };
}
function regression(rows: number, cols: number, seed: number): { X: number[][]; y: number[] } {
  const next = stream(seed), X: number[][] = [], y: number[] = [];
  for (let i = 0; i < rows; i++) {
    const x = Array.from({ length: cols }, () => gaussian(next));
    X.push(x);
    y.push(x.reduce((s, v, j) => s + v * (j - 1.5), 0.5) + Math.sin(3 * x[0]!) + 0.1 * gaussian(next));
  }
  return { X, y };
}

async function session(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes);
}
async function run(s: ort.InferenceSession, X: number[][]): Promise<Record<string, ort.Tensor>> {
  const cols = X[0]!.length;
  return s.run({ input: new ort.Tensor('float32', Float32Array.from(X.flat()), [X.length, cols]) });
}
/** Model inputs as float32, so both sides read the same numbers. */
function asFloat32(X: number[][]): number[][] {
  return X.map((r) => r.map((v) => Math.fround(v)));
}
function expectClose(got: ArrayLike<number>, expected: ArrayLike<number>, what: string, tolerance = TOL): void {
  expect(got.length, what).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!) / (1 + Math.abs(expected[i]!)));
  expect(worst, what).toBeLessThan(tolerance);
}
function labelsOf(t: ort.Tensor): (number | string)[] {
  return t.type === 'string' ? [...(t.data as string[])] : [...(t.data as BigInt64Array)].map(Number);
}

interface ClassifierLike {
  predict(X: number[][]): (number | string)[];
  predictProba(X: number[][]): Matrix;
}
async function checkClassifier(model: ClassifierLike, X: number[][], tolerance = TOL): Promise<void> {
  const s = await session(exportEstimatorOnnx(model, { nFeatures: X[0]!.length }));
  for (const batch of BATCHES) {
    const rows = X.slice(0, batch), out = await run(s, rows);
    expect(labelsOf(out['label']!), `labels, batch ${batch}`).toEqual(model.predict(rows));
    const proba = model.predictProba(rows);
    expect(out['probabilities']!.dims).toEqual([batch, proba.cols]);
    expectClose(out['probabilities']!.data as Float32Array, proba.data, `probabilities, batch ${batch}`, tolerance);
  }
  await s.release();
}
async function checkRegressor(model: { predict(X: number[][]): Float64Array }, X: number[][], tolerance = TOL): Promise<void> {
  const s = await session(exportEstimatorOnnx(model, { nFeatures: X[0]!.length }));
  for (const batch of BATCHES) {
    const rows = X.slice(0, batch), out = await run(s, rows);
    expect(out['variable']!.dims).toEqual([batch, 1]);
    expectClose(out['variable']!.data as Float32Array, model.predict(rows), `predictions, batch ${batch}`, tolerance);
  }
  await s.release();
}
async function checkTransformer(model: { transform(X: number[][]): Matrix }, X: number[][], nFeatures = X[0]!.length): Promise<void> {
  const s = await session(exportEstimatorOnnx(model, { nFeatures }));
  for (const batch of BATCHES) {
    const rows = X.slice(0, batch), out = await run(s, rows), expected = model.transform(rows);
    expect(out['variable']!.dims).toEqual([batch, expected.cols]);
    expectClose(out['variable']!.data as Float32Array, expected.data, `transform, batch ${batch}`);
  }
  await s.release();
}

const binary = blobs(80, 4, 2, 1), three = blobs(90, 5, 3, 2), reg = regression(80, 4, 3);
const test2 = asFloat32(blobs(7, 4, 2, 11).X), test3 = asFloat32(blobs(7, 5, 3, 12).X), testReg = asFloat32(regression(7, 4, 13).X);
const named = (y: number[]) => y.map((c) => ['setosa', 'versicolor', 'virginica'][c]!);
const shifted = (y: number[]) => y.map((c) => 10 * c - 5);

describe('linear models (LinearRegressor, LinearClassifier)', () => {
  it('LinearRegression, Ridge, Lasso and ElasticNet predict', async () => {
    for (const model of [new LinearRegression(), new Ridge({ alpha: 2 }), new Lasso({ alpha: 0.05 }), new ElasticNet({ alpha: 0.05, l1Ratio: 0.3 })]) {
      await checkRegressor(model.fit(reg.X, reg.y), testReg);
    }
  });
  it('LogisticRegression, binary (LOGISTIC) with integer labels and multinomial (SOFTMAX) with string labels', async () => {
    await checkClassifier(new LogisticRegression().fit(binary.X, shifted(binary.y)), test2);
    await checkClassifier(new LogisticRegression({ C: 0.5 }).fit(three.X, named(three.y)), test3);
  });
});

describe('naive Bayes (standard ops, ArgMax + LabelEncoder)', () => {
  it('GaussianNB, binary and three classes', async () => {
    await checkClassifier(new GaussianNB().fit(binary.X, binary.y), test2);
    await checkClassifier(new GaussianNB().fit(three.X, named(three.y)), test3);
  });
  it('MultinomialNB on counts and BernoulliNB with and without binarize', async () => {
    const next = stream(5), counts = three.X.map((r) => r.map((v) => Math.max(0, Math.round(v + 2 + next())))), testCounts = test3.map((r) => r.map((v) => Math.max(0, Math.round(v + 2))));
    await checkClassifier(new MultinomialNB({ alpha: 0.5 }).fit(counts, three.y), testCounts);
    await checkClassifier(new BernoulliNB({ binarize: 0.2 }).fit(three.X, shifted(three.y)), test3);
    const bits = (X: number[][]) => X.map((r) => r.map((v) => (v > 0 ? 1 : 0)));
    await checkClassifier(new BernoulliNB({ binarize: null }).fit(bits(binary.X), named(binary.y)), bits(test2));
  });
});

describe('trees and ensembles (TreeEnsembleClassifier / Regressor)', () => {
  it('DecisionTreeClassifier and DecisionTreeRegressor', async () => {
    await checkClassifier(new DecisionTreeClassifier({ maxDepth: 4, randomState: 0 }).fit(binary.X, shifted(binary.y)), test2);
    await checkClassifier(new DecisionTreeClassifier({ maxDepth: 5, randomState: 0 }).fit(three.X, named(three.y)), test3);
    await checkRegressor(new DecisionTreeRegressor({ maxDepth: 6, randomState: 0 }).fit(reg.X, reg.y), testReg);
  });
  it('RandomForestClassifier (binary: class-1 weights only) and RandomForestRegressor', async () => {
    await checkClassifier(new RandomForestClassifier({ nEstimators: 9, maxDepth: 4, randomState: 1 }).fit(binary.X, binary.y), test2);
    await checkClassifier(new RandomForestClassifier({ nEstimators: 9, maxDepth: 4, randomState: 2 }).fit(three.X, three.y), test3);
    await checkRegressor(new RandomForestRegressor({ nEstimators: 8, maxDepth: 5, randomState: 3 }).fit(reg.X, reg.y), testReg);
  });
  it('forests with class weights, ExtraTreesClassifier and ExtraTreesRegressor', async () => {
    await checkClassifier(new RandomForestClassifier({ nEstimators: 7, maxDepth: 3, classWeight: 'balanced', randomState: 4 }).fit(three.X, three.y.map((c) => (c === 2 ? 1 : 0))), test3);
    await checkClassifier(new ExtraTreesClassifier({ nEstimators: 7, maxDepth: 4, randomState: 5 }).fit(three.X, named(three.y)), test3);
    await checkRegressor(new ExtraTreesRegressor({ nEstimators: 6, maxDepth: 5, randomState: 6 }).fit(reg.X, reg.y), testReg);
  });
  it('GradientBoostingClassifier (binary LOGISTIC, multiclass SOFTMAX, exponential loss) and GradientBoostingRegressor (every loss)', async () => {
    // One class in three is positive: the initial raw score (base_values) is not 0.
    await checkClassifier(new GradientBoostingClassifier({ nEstimators: 15, maxDepth: 2, randomState: 0 }).fit(three.X, named(three.y.map((c) => (c === 2 ? 1 : 0)))), test3);
    await checkClassifier(new GradientBoostingClassifier({ nEstimators: 10, maxDepth: 2, randomState: 0 }).fit(three.X, three.y), test3);
    // Loss 'exponential': probabilities expit(2 raw).
    await checkClassifier(new GradientBoostingClassifier({ loss: 'exponential', nEstimators: 12, maxDepth: 2, randomState: 0 }).fit(binary.X, shifted(binary.y)), test2);
    await checkRegressor(new GradientBoostingRegressor({ nEstimators: 20, maxDepth: 3, randomState: 0 }).fit(reg.X, reg.y), testReg, 5e-5);
    // Losses whose leaves are medians or quantiles of the residuals (the raw sum is still the prediction).
    await checkRegressor(new GradientBoostingRegressor({ loss: 'absoluteError', nEstimators: 10, maxDepth: 3, randomState: 0 }).fit(reg.X, reg.y), testReg, 5e-5);
    await checkRegressor(new GradientBoostingRegressor({ loss: 'quantile', alpha: 0.8, nEstimators: 10, maxDepth: 3, randomState: 0 }).fit(reg.X, reg.y), testReg, 5e-5);
  });
});

describe('support vector machines (SVMClassifier / SVMRegressor)', () => {
  /** Labels equal predict; scores are decisionFunction ('ovo' shape), [d, -d] with two classes. */
  async function checkSvc(model: SVC | NuSVC, X: number[][]): Promise<void> {
    const s = await session(exportEstimatorOnnx(model, { nFeatures: X[0]!.length }));
    for (const batch of BATCHES) {
      const rows = X.slice(0, batch), out = await run(s, rows);
      expect(labelsOf(out['label']!), `labels, batch ${batch}`).toEqual(model.predict(rows));
      const d = model.decisionFunction(rows).data;
      const expected = model.classes.length === 2 ? Float64Array.from({ length: 2 * batch }, (_, i) => (i % 2 === 0 ? 1 : -1) * d[i >> 1]!) : d;
      expectClose(out['scores']!.data as Float32Array, expected, `scores, batch ${batch}`);
    }
    await s.release();
  }
  it('SVC with rbf, linear and poly kernels, two and three classes; NuSVC', async () => {
    await checkSvc(new SVC({ C: 2 }).fit(binary.X, shifted(binary.y)), test2);
    await checkSvc(new SVC({ kernel: 'linear', C: 0.5, decisionFunctionShape: 'ovo' }).fit(three.X, named(three.y)), test3);
    await checkSvc(new SVC({ kernel: 'poly', degree: 2, coef0: 1, gamma: 0.1, decisionFunctionShape: 'ovo' }).fit(three.X, three.y), test3);
    await checkSvc(new NuSVC({ nu: 0.3, decisionFunctionShape: 'ovo' }).fit(three.X, shifted(three.y)), test3);
  });
  it('SVC with breakTies: the label is the argmax of the ovr decision function, also on rows whose votes tie', async () => {
    const model = new SVC({ kernel: 'linear', C: 0.5, breakTies: true }).fit(three.X, named(three.y));
    const voting = new SVC({ kernel: 'linear', C: 0.5 }).fit(three.X, named(three.y));
    // Rows between the three classes, where each class can win one pair.
    const next = ((seed) => () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32)(21);
    const rows = asFloat32(Array.from({ length: 40 }, () => Array.from({ length: 5 }, () => 6 * (next() - 0.5))));
    const tied = rows.filter((r) => model.predict([r])[0] !== voting.predict([r])[0]);
    expect(tied.length, 'rows where breaking ties changes the label').toBeGreaterThan(0);
    const s = await session(exportEstimatorOnnx(model, { nFeatures: 5 }));
    const out = await run(s, rows);
    expect(labelsOf(out['label']!)).toEqual(model.predict(rows));
    await s.release();
  });
  it('SVC with probability: true (Platt scaling, pairwise coupling): probabilities', async () => {
    for (const [model, X] of [[new SVC({ probability: true, randomState: 0 }).fit(binary.X, binary.y), test2], [new SVC({ probability: true, randomState: 0 }).fit(three.X, named(three.y)), test3]] as const) {
      const s = await session(exportEstimatorOnnx(model, { nFeatures: X[0]!.length }));
      for (const batch of BATCHES) {
        const rows = X.slice(0, batch), out = await run(s, rows);
        expect(labelsOf(out['label']!), `labels, batch ${batch}`).toEqual(model.predict(rows));
        expectClose(out['probabilities']!.data as Float32Array, model.predictProba(rows).data, `probabilities, batch ${batch}`);
      }
      await s.release();
    }
  });
  it('SVR with rbf and sigmoid kernels; NuSVR', async () => {
    await checkRegressor(new SVR({ C: 3, epsilon: 0.05 }).fit(reg.X, reg.y), testReg);
    await checkRegressor(new SVR({ kernel: 'sigmoid', gamma: 0.05, coef0: 0.1 }).fit(reg.X, reg.y), testReg);
    await checkRegressor(new NuSVR({ nu: 0.4, C: 2 }).fit(reg.X, reg.y), testReg);
  });
});

describe('transformers (Scaler, Imputer, OneHotEncoder) and Pipelines', () => {
  it('StandardScaler (with and without the mean) and MinMaxScaler (with clip)', async () => {
    await checkTransformer(new StandardScaler().fit(reg.X), testReg);
    await checkTransformer(new StandardScaler({ withMean: false }).fit(reg.X), testReg);
    await checkTransformer(new MinMaxScaler({ featureRange: [-1, 1], clip: true }).fit(reg.X.slice(0, 20)), testReg);
  });
  it('SimpleImputer with NaN and with a sentinel, an empty column dropped', async () => {
    const holes = (X: number[][]) => X.map((r, i) => r.map((v, j) => (j === 3 ? NaN : (i + j) % 4 === 0 ? NaN : v)));
    await checkTransformer(new SimpleImputer({ strategy: 'median' }).fit(holes(reg.X)), holes(testReg));
    const sentinel = (X: number[][]) => X.map((r, i) => r.map((v, j) => ((i * 3 + j) % 5 === 0 ? -1 : Math.abs(v))));
    await checkTransformer(new SimpleImputer({ strategy: 'mean', missingValue: -1 }).fit(sentinel(reg.X)), sentinel(testReg));
  });
  it('OneHotEncoder on integer categories (unknown ignored, first dropped)', async () => {
    const cats = (X: number[][]) => X.map((r) => r.slice(0, 3).map((v) => Math.round(v * 2)));
    const train = cats(reg.X), test = cats(testReg);
    test[0]![1] = 99; // unknown: all zeros
    await checkTransformer(new OneHotEncoder({ handleUnknown: 'ignore' }).fit(train), test);
    await checkTransformer(new OneHotEncoder({ drop: 'first', handleUnknown: 'ignore' }).fit(cats(reg.X)), cats(testReg));
  });
  it('Pipelines (imputer, scaler, a classifier or regressor) and ColumnTransformers (one-hot, scaled, dropped and remainder columns)', async () => {
    const holes = (X: number[][]) => X.map((r, i) => r.map((v, j) => ((i + 2 * j) % 7 === 0 ? NaN : v)));
    const pipe = new Pipeline([['impute', new SimpleImputer()], ['scale', new StandardScaler()], ['model', new LogisticRegression()]]).fit(holes(three.X), named(three.y));
    await checkClassifier(pipe as unknown as ClassifierLike, holes(test3));
    const regressor = new Pipeline([['scale', new MinMaxScaler()], ['skip', 'passthrough'], ['model', new GradientBoostingRegressor({ nEstimators: 10, randomState: 0 })]]).fit(reg.X, reg.y);
    await checkRegressor(regressor as unknown as { predict(X: number[][]): Float64Array }, testReg, 5e-5);
    const categorical = (X: number[][]) => X.map((r) => [Math.round(r[0]! * 2), ...r.slice(1)]);
    const columns = new ColumnTransformer([['codes', new OneHotEncoder({ handleUnknown: 'ignore' }), 0], ['scaled', new StandardScaler(), [-1, 2]], ['gone', 'drop', [1]]], { remainder: 'passthrough' });
    const mixed = new Pipeline([['columns', columns], ['model', new RandomForestClassifier({ nEstimators: 5, maxDepth: 4, randomState: 7 })]]).fit(categorical(three.X), named(three.y));
    await checkClassifier(mixed as unknown as ClassifierLike, categorical(test3));
    const rest = new ColumnTransformer([['range', new MinMaxScaler(), (cols: number) => [cols - 1]]], { remainder: new StandardScaler() }).fit(reg.X);
    await checkTransformer(rest as unknown as { transform(X: number[][]): Matrix }, testReg);
    const transformOnly = new Pipeline([['scale', new StandardScaler()], ['range', new MinMaxScaler()]]).fit(reg.X);
    await checkTransformer(transformOnly as unknown as { transform(X: number[][]): Matrix }, testReg);
  });
});

describe('what cannot be exported', () => {
  it('names the estimator and lists what can be exported', () => {
    const clusters = new AgglomerativeClustering({ nClusters: 3 }).fit(reg.X);
    expect(() => exportEstimatorOnnx(clusters, { nFeatures: 4 })).toThrow(ArgumentError);
    expect(() => exportEstimatorOnnx(clusters, { nFeatures: 4 })).toThrow(/AgglomerativeClustering cannot be exported.*LogisticRegression/);
    expect(() => exportEstimatorOnnx(new LinearRegression().fit(reg.X, reg.y), { nFeatures: 3 })).toThrow(/fitted on 4 features/);
    expect(() => exportEstimatorOnnx(new LinearRegression().fit(reg.X, reg.y), { nFeatures: 0 })).toThrow(/nFeatures must be an integer >= 1/);
    expect(() => exportEstimatorOnnx(new LinearRegression().fit(reg.X, reg.y), { nFeatures: 4, opset: 13 })).toThrow(/opset must be an integer >= 17/);
    expect(() => exportEstimatorOnnx(new GaussianNB(), { nFeatures: 4 })).toThrow(NotFittedError);
    expect(() => exportEstimatorOnnx(new OneHotEncoder().fit([[0.5], [1]]), { nFeatures: 1 })).toThrow(/non-integer categories/);
    expect(() => new LogisticRegression().fit(binary.X, binary.y.map((c) => c + 0.5))).not.toThrow();
    expect(() => exportEstimatorOnnx(new LogisticRegression().fit(binary.X, binary.y.map((c) => c + 0.5)), { nFeatures: 4 })).toThrow(/non-integer/);
  });
});
