// Safetensors export and import of fitted estimators: every family round-trips to the same
// predictions bit for bit (linear models, naive Bayes, neighbours, trees, forests, boosting,
// bagging, voting, stacking, SVMs, the multi-output wrappers, pipelines), and damaged files give a
// ModelLoadError with a code, never another exception (mutation fuzzing with fast-check, fixed seed).
import { ModelLoadError, readSafetensors, writeSafetensors } from '@neurite/nn';
import { init, NeuriteError } from '@neurite/tensor';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { linearDatasets, svmIris } from '../../fixtures/sample-weight-data.ts';
import { Pipeline } from '../compose/pipeline.ts';
import {
  AdaBoostClassifier, AdaBoostRegressor, BaggingClassifier, BaggingRegressor, ExtraTreesRegressor, GradientBoostingClassifier, GradientBoostingRegressor,
  MultiOutputClassifier, MultiOutputRegressor, RandomForestClassifier, RandomForestRegressor, StackingClassifier, VotingRegressor,
} from '../ensemble/index.ts';
import { ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge } from '../linear/index.ts';
import { BernoulliNB, GaussianNB, MultinomialNB } from '../naive-bayes/index.ts';
import { KNeighborsClassifier, KNeighborsRegressor } from '../neighbors/index.ts';
import { NuSVC, NuSVR, SVC, SVR } from '../svm/index.ts';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '../tree/index.ts';
import { ESTIMATOR_FORMAT, loadEstimatorSafetensors, saveEstimatorSafetensors } from './estimator-safetensors.ts';

const names = [...new Set(svmIris.y)].sort();
const cls = { X: svmIris.X, y: svmIris.y.map((v) => names.indexOf(v)) };
const diabetes = linearDatasets.diabetes!;
const reg = { X: diabetes.X.slice(0, 120), y: diabetes.y.slice(0, 120) };
const counts = { X: linearDatasets.digits!.X.slice(0, 150), y: linearDatasets.digits!.y.slice(0, 150) };

interface Fitted { predict(X: number[][]): ArrayLike<unknown>; toJSON(): { type: string } }

/** The estimator back from its file predicts exactly what it did. */
function roundTrip(model: Fitted, X: number[][], extra?: (a: Fitted, b: Fitted) => void): void {
  const bytes = saveEstimatorSafetensors(model);
  expect(readSafetensors(bytes).metadata.format).toBe(ESTIMATOR_FORMAT);
  const copy = loadEstimatorSafetensors<Fitted>(bytes);
  expect(copy.constructor).toBe(model.constructor);
  expect(Array.from(copy.predict(X) as ArrayLike<unknown>)).toEqual(Array.from(model.predict(X) as ArrayLike<unknown>));
  expect(JSON.stringify(copy.toJSON())).toBe(JSON.stringify(model.toJSON()));
  extra?.(model, copy);
}

beforeAll(async () => {
  await init();
});

describe('estimators saved as safetensors', () => {
  it('linear models, including a multi-output Ridge and weighted logistic regression', () => {
    roundTrip(new LinearRegression().fit(reg.X, reg.y), reg.X);
    roundTrip(new Ridge({ alpha: 0.5 }).fit(reg.X, reg.y.map((v, i) => [v, reg.X[i]![0]!])), reg.X);
    roundTrip(new Lasso({ alpha: 0.1 }).fit(reg.X, reg.y), reg.X);
    roundTrip(new ElasticNet({ alpha: 0.01 }).fit(reg.X, reg.y), reg.X);
    roundTrip(new LogisticRegression({ maxIter: 300 }).fit(cls.X, svmIris.y, { sampleWeight: cls.y.map((c) => c + 1) }), cls.X, (a, b) => {
      expect(Array.from((b as LogisticRegression).predictProba(cls.X).data)).toEqual(Array.from((a as LogisticRegression).predictProba(cls.X).data));
    });
  });

  it('naive Bayes and nearest neighbours', () => {
    roundTrip(new GaussianNB().fit(cls.X, cls.y), cls.X);
    roundTrip(new MultinomialNB().fit(counts.X, counts.y), counts.X);
    roundTrip(new BernoulliNB({ binarize: 5 }).fit(counts.X, counts.y), counts.X);
    roundTrip(new KNeighborsClassifier({ nNeighbors: 3 }).fit(cls.X, svmIris.y), cls.X);
    roundTrip(new KNeighborsRegressor({ weights: 'distance' }).fit(reg.X, reg.y), reg.X);
  });

  it('trees and tree ensembles', () => {
    roundTrip(new DecisionTreeClassifier({ maxDepth: 4, randomState: 0 }).fit(cls.X, cls.y), cls.X);
    roundTrip(new DecisionTreeRegressor({ maxDepth: 5, randomState: 0 }).fit(reg.X, reg.y), reg.X);
    roundTrip(new RandomForestClassifier({ nEstimators: 8, randomState: 0 }).fit(cls.X, svmIris.y), cls.X);
    roundTrip(new RandomForestRegressor({ nEstimators: 5, randomState: 0 }).fit(reg.X, reg.y), reg.X);
    roundTrip(new ExtraTreesRegressor({ nEstimators: 5, randomState: 0 }).fit(reg.X, reg.y), reg.X);
    // multi-output trees and forests (one tree for both outputs)
    const twoOutputs = reg.y.map((v, i) => [v, reg.X[i]![0]!]);
    roundTrip(new DecisionTreeRegressor({ maxDepth: 4, randomState: 0 }).fit(reg.X, twoOutputs), reg.X);
    roundTrip(new RandomForestRegressor({ nEstimators: 4, oobScore: true, randomState: 0 }).fit(reg.X, twoOutputs), reg.X);
    roundTrip(new GradientBoostingClassifier({ nEstimators: 10, randomState: 0 }).fit(cls.X, cls.y), cls.X);
    roundTrip(new GradientBoostingRegressor({ nEstimators: 10, randomState: 0 }).fit(reg.X, reg.y), reg.X);
    roundTrip(new AdaBoostClassifier({ nEstimators: 10, randomState: 0 }).fit(cls.X, cls.y), cls.X);
    roundTrip(new AdaBoostRegressor({ nEstimators: 5, randomState: 0 }).fit(reg.X, reg.y), reg.X);
    roundTrip(new BaggingClassifier({ nEstimators: 5, randomState: 0 }).fit(cls.X, cls.y), cls.X);
    roundTrip(new BaggingRegressor({ nEstimators: 5, randomState: 0 }).fit(reg.X, reg.y), reg.X);
  });

  it('voting, stacking, the multi-output wrappers and a pipeline', () => {
    roundTrip(new VotingRegressor({ estimators: [['tree', new DecisionTreeRegressor({ maxDepth: 3 })], ['ridge', new Ridge()]] }).fit(reg.X, reg.y), reg.X);
    roundTrip(new StackingClassifier({ estimators: [['tree', new DecisionTreeClassifier({ maxDepth: 2 })], ['nb', new GaussianNB()]], finalEstimator: new LogisticRegression() }).fit(cls.X, cls.y), cls.X);
    roundTrip(new MultiOutputRegressor({ estimator: new Ridge() }).fit(reg.X, reg.y.map((v, i) => [v, reg.X[i]![1]!])), reg.X);
    roundTrip(new MultiOutputClassifier({ estimator: new GaussianNB() }).fit(cls.X, cls.y.map((c, i) => [c, cls.X[i]![0]! > 5.8 ? 1 : 0])), cls.X);
    roundTrip(new Pipeline([['svc', new SVC()]]).fit(cls.X, cls.y) as unknown as Fitted, cls.X);
  });

  it('SVMs (with Platt probabilities)', () => {
    roundTrip(new SVC({ probability: true, randomState: 0 }).fit(cls.X, svmIris.y), cls.X, (a, b) => {
      expect(Array.from((b as SVC).predictProba(cls.X).data)).toEqual(Array.from((a as SVC).predictProba(cls.X).data));
    });
    roundTrip(new NuSVC({ nu: 0.3 }).fit(cls.X, cls.y), cls.X);
    roundTrip(new SVR({ C: 10 }).fit(reg.X, reg.y), reg.X);
    roundTrip(new NuSVR().fit(reg.X, reg.y), reg.X);
  });

  it('an unfitted estimator round-trips unfitted', () => {
    const copy = loadEstimatorSafetensors<Ridge>(saveEstimatorSafetensors(new Ridge({ alpha: 3 })));
    expect(copy.getParams().alpha).toBe(3);
    expect(() => copy.coef).toThrow(/fit/i);
  });
});

describe('damaged or foreign files', () => {
  const good = saveEstimatorSafetensors(new DecisionTreeClassifier({ maxDepth: 2, randomState: 0 }).fit(cls.X, cls.y));
  const file = readSafetensors(good);
  const rewrite = (tensors: Map<string, { dtype: string; shape: readonly number[]; data: ArrayLike<number> }>, metadata: Record<string, string>) =>
    writeSafetensors([...tensors] as never, metadata);
  const codeOf = (f: () => unknown): string => {
    try {
      f();
    } catch (error) {
      expect(error).toBeInstanceOf(ModelLoadError);
      return (error as ModelLoadError).code;
    }
    return 'no error';
  };

  it('names what is wrong with a code', () => {
    expect(codeOf(() => loadEstimatorSafetensors(writeSafetensors({ w: { dtype: 'F32', shape: [1], data: new Float32Array(1) } })))).toBe('METADATA_INVALID');
    expect(codeOf(() => loadEstimatorSafetensors(rewrite(file.tensors, { ...file.metadata, version: '2' })))).toBe('METADATA_INVALID');
    expect(codeOf(() => loadEstimatorSafetensors(rewrite(file.tensors, { ...file.metadata, estimator: '{"type":' })))).toBe('METADATA_INVALID');
    expect(codeOf(() => loadEstimatorSafetensors(rewrite(file.tensors, { ...file.metadata, estimator: '['.repeat(100) + ']'.repeat(100) })))).toBe('HEADER_TOO_DEEP');
    const missing = new Map(file.tensors);
    missing.delete([...missing.keys()][0]!);
    expect(codeOf(() => loadEstimatorSafetensors(rewrite(missing, file.metadata)))).toBe('STATE_MISSING_KEY');
    const extra = new Map(file.tensors).set('/stray', { dtype: 'F64', shape: [1], data: new Float64Array(1) });
    expect(codeOf(() => loadEstimatorSafetensors(rewrite(extra, file.metadata)))).toBe('STATE_UNEXPECTED_KEY');
    const [first] = [...file.tensors.keys()];
    const wrongType = new Map(file.tensors).set(first!, { dtype: 'F32', shape: file.tensors.get(first!)!.shape, data: Float32Array.from(file.tensors.get(first!)!.data as Float64Array) });
    expect(codeOf(() => loadEstimatorSafetensors(rewrite(wrongType, file.metadata)))).toBe('STATE_DTYPE_MISMATCH');
    expect(codeOf(() => loadEstimatorSafetensors(rewrite(file.tensors, { ...file.metadata, estimator: file.metadata.estimator!.replace('DecisionTreeClassifier', 'Nope') })))).toBe('STATE_INVALID');
    expect(codeOf(() => loadEstimatorSafetensors(good.subarray(0, 20)))).not.toBe('no error');
  });

  it('mutated files give a model or a typed error (fuzzing, fixed seed)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.nat({ max: 255 })), { minLength: 1, maxLength: 4 }), (edits) => {
      const bytes = Uint8Array.from(good);
      for (const [at, value] of edits) bytes[at] = value;
      try {
        const model = loadEstimatorSafetensors<DecisionTreeClassifier>(bytes);
        expect(model).toBeInstanceOf(DecisionTreeClassifier);
      } catch (error) {
        expect(error).toBeInstanceOf(NeuriteError);
      }
    }), { seed: 16, numRuns: 200 });
  });
});
