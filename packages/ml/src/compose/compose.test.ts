import { readFileSync } from 'node:fs';
import { ArgumentError, type Matrix, type MatrixInput, NotFittedError, toMatrix } from '@neurite/tensor';
import { describe, expect, it } from 'vitest';
import { cloneEstimator } from '../base/clone.ts';
import { BaseEstimator } from '../base/estimator.ts';
import type { Labels } from '../base/protocol.ts';
import { crossValScore } from '../model-selection/cross-validation.ts';
import { GridSearchCV } from '../model-selection/grid-search.ts';
import { KFold } from '../model-selection/k-fold.ts';
import { SVC } from '../svm/svc.ts';
import { ColumnTransformer, makeColumnTransformer } from './column-transformer.ts';
import { makePipeline, Pipeline } from './pipeline.ts';

const iris = JSON.parse(readFileSync(new URL('../../fixtures/svm.json', import.meta.url), 'utf8')) as { X: number[][]; y: string[] };
const order = Array.from({ length: 150 }, (_, i) => (7 * i) % 150);
const X = order.map((i) => iris.X[i]!);
const y = order.map((i) => iris.y[i]!);

/** A tiny standard scaler satisfying the Transformer protocol; records the row counts it was fitted on. */
class TinyScaler extends BaseEstimator<{ withMean: boolean; tag: string }> {
  static fittedRows: number[] = [];
  mean?: Float64Array;
  scale?: Float64Array;
  constructor(params?: Partial<{ withMean: boolean; tag: string }>) {
    super({ withMean: true, tag: '' }, params);
  }
  fit(X: MatrixInput): this {
    const m = toMatrix(X);
    TinyScaler.fittedRows.push(m.rows);
    const mean = new Float64Array(m.cols), sd = new Float64Array(m.cols);
    for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) mean[c]! += m.data[r * m.cols + c]! / m.rows;
    for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) sd[c]! += (m.data[r * m.cols + c]! - mean[c]!) ** 2 / m.rows;
    this.mean = this.params.withMean ? mean : new Float64Array(m.cols);
    this.scale = sd.map((v) => (v > 0 ? Math.sqrt(v) : 1));
    return this;
  }
  transform(X: MatrixInput): Matrix {
    const m = toMatrix(X), mean = this.fitted(this.mean, 'mean'), scale = this.scale!;
    return { rows: m.rows, cols: m.cols, data: m.data.map((v, i) => (v - mean[i % m.cols]!) / scale[i % m.cols]!) };
  }
  fitTransform(X: MatrixInput): Matrix {
    return this.fit(X).transform(X);
  }
  inverseTransform(X: MatrixInput): Matrix {
    const m = toMatrix(X), mean = this.fitted(this.mean, 'mean'), scale = this.scale!;
    return { rows: m.rows, cols: m.cols, data: m.data.map((v, i) => v * scale[i % m.cols]! + mean[i % m.cols]!) };
  }
}

/** Doubles every value; two output columns per input column (to test output widths). */
class Duplicate extends BaseEstimator<Record<string, never>> {
  private cols?: number;
  constructor(params?: Record<string, never>) {
    super({}, params);
  }
  fit(X: MatrixInput, _y?: Labels): this {
    this.cols = toMatrix(X).cols;
    return this;
  }
  transform(X: MatrixInput): Matrix {
    const m = toMatrix(X);
    this.fitted(this.cols, 'cols');
    const data = new Float64Array(m.rows * m.cols * 2);
    for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) data[r * m.cols * 2 + 2 * c] = data[r * m.cols * 2 + 2 * c + 1] = m.data[r * m.cols + c]!;
    return { rows: m.rows, cols: m.cols * 2, data };
  }
}

describe('Pipeline', () => {
  it('fits transformers then the estimator and equals doing it by hand', () => {
    const pipe = new Pipeline([['scale', new TinyScaler()], ['svc', new SVC({ C: 3 })]]).fit(X, y);
    const scaler = new TinyScaler().fit(X);
    const svc = new SVC({ C: 3 }).fit(scaler.transform(X), y);
    expect(pipe.predict(X)).toEqual(svc.predict(scaler.transform(X)));
    expect(Array.from((pipe.decisionFunction(X) as Matrix).data)).toEqual(Array.from(svc.decisionFunction(scaler.transform(X)).data));
    expect(pipe.score(X, y)).toBe(svc.score(scaler.transform(X), y));
    expect(pipe.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(pipe.estimatorType).toBe('classifier');
  });

  it('refits every step on the training folds only inside crossValScore and GridSearchCV', () => {
    TinyScaler.fittedRows = [];
    const pipe = new Pipeline([['scale', new TinyScaler()], ['svc', new SVC()]]);
    const scores = crossValScore(pipe, X, y, { cv: new KFold({ nSplits: 5 }) });
    expect(scores.length).toBe(5);
    expect(TinyScaler.fittedRows).toEqual([120, 120, 120, 120, 120]);
    expect(() => pipe.predict(X)).toThrow(NotFittedError);
    TinyScaler.fittedRows = [];
    const gs = new GridSearchCV({ estimator: pipe, paramGrid: { svc__C: [0.1, 10], scale__withMean: [true] }, cv: 3 }).fit(X, y);
    expect(TinyScaler.fittedRows).toEqual([...Array(6).fill(100), 150]);
    expect(Object.keys(gs.bestParams).sort()).toEqual(['scale__withMean', 'svc__C']);
    expect(((gs.bestEstimator as Pipeline).namedSteps.svc as SVC).getParams().C).toBe(gs.bestParams.svc__C);
  });

  it('sets nested parameters, replaces steps, and reports bad names', () => {
    const pipe = new Pipeline([['scale', new TinyScaler()], ['svc', new SVC()]]);
    pipe.setParams({ svc__C: 7, scale__tag: 'x' });
    expect((pipe.namedSteps.svc as SVC).getParams().C).toBe(7);
    expect(pipe.getParams(true)).toMatchObject({ svc__C: 7, scale__tag: 'x' });
    pipe.setParams({ scale: 'passthrough' });
    expect(pipe.namedSteps.scale).toBe('passthrough');
    expect(pipe.fit(X, y).predict(X)).toEqual(new SVC({ C: 7 }).fit(X, y).predict(X));
    expect(() => pipe.setParams({ svm__C: 1 })).toThrow(/names no step "svm"/);
    expect(() => pipe.setParams({ svc__gama: 1 })).toThrow(/unknown parameter "gama"/);
    expect(() => pipe.setParams({ alpha: 1 })).toThrow(ArgumentError);
    expect(() => new Pipeline([['a', new SVC()], ['b', new SVC()]])).toThrow(/intermediate step "a" must be a transformer/);
    expect(() => new Pipeline([['a__b', new SVC()]])).toThrow(/must not contain "__"/);
    expect(() => new Pipeline([])).toThrow(/non-empty/);
  });

  it('transforms, fitTransforms and inverts through transformer-only pipelines; makePipeline names steps', () => {
    const pipe = makePipeline(new TinyScaler(), new TinyScaler({ withMean: false }));
    expect(Object.keys(pipe.namedSteps)).toEqual(['tinyscaler-1', 'tinyscaler-2']);
    const out = pipe.fitTransform(X);
    expect(Array.from(pipe.transform(X).data)).toEqual(Array.from(out.data));
    const back = pipe.inverseTransform(out);
    for (let i = 0; i < 20; i++) expect(back.data[i]).toBeCloseTo(X[Math.floor(i / 4)]![i % 4]!, 12);
    expect(Object.keys(makePipeline(new TinyScaler(), new SVC()).namedSteps)).toEqual(['tinyscaler', 'svc']);
  });

  it('is cloned deeply by cloneEstimator: equal params, new unfitted steps', () => {
    const pipe = new Pipeline([['scale', new TinyScaler({ tag: 'k' })], ['svc', new SVC({ C: 2 })]]).fit(X, y);
    const copy = cloneEstimator(pipe);
    expect(copy).toBeInstanceOf(Pipeline);
    expect(copy.namedSteps.svc).not.toBe(pipe.namedSteps.svc);
    expect((copy.namedSteps.svc as SVC).getParams()).toEqual((pipe.namedSteps.svc as SVC).getParams());
    expect((copy.namedSteps.scale as TinyScaler).getParams().tag).toBe('k');
    expect(() => copy.predict(X)).toThrow(NotFittedError);
    expect(() => (copy.namedSteps.svc as SVC).supportVectors).toThrow(NotFittedError);
  });
});

describe('ColumnTransformer', () => {
  const data = [[1, 10, 100, 5], [2, 20, 200, 6], [3, 30, 300, 7]];

  it('applies transformers to their columns and handles the remainder', () => {
    const ct = new ColumnTransformer([['dup', new Duplicate(), [0]], ['keep', 'passthrough', -2]]);
    const out = ct.fitTransform(data);
    expect([out.rows, out.cols]).toEqual([3, 3]);
    expect(Array.from(out.data)).toEqual([1, 1, 100, 2, 2, 200, 3, 3, 300]);
    expect(ct.outputIndices).toEqual({ dup: [0, 2], keep: [2, 3] });
    const pass = new ColumnTransformer([['dup', new Duplicate(), (cols: number) => [cols - 1]]], { remainder: 'passthrough' }).fitTransform(data);
    expect(Array.from(pass.data.subarray(0, 5))).toEqual([5, 5, 1, 10, 100]);
    const scaled = new ColumnTransformer([['drop', 'drop', [1, 2]]], { remainder: new TinyScaler() }).fit(data);
    const t = scaled.transform(data);
    expect(t.cols).toBe(2);
    expect(t.data[0]).toBeCloseTo(-Math.sqrt(1.5), 12);
    expect(Array.from(scaled.transform(data).data)).toEqual(Array.from(t.data));
  });

  it('fits clones, leaves the given transformers unfitted, sets nested params, checks columns', () => {
    const scaler = new TinyScaler();
    const ct = makeColumnTransformer([scaler, [0, 1]], ['passthrough', [3]]);
    ct.fit(data);
    expect(() => scaler.transform(data)).toThrow(NotFittedError);
    expect(ct.namedTransformers.tinyscaler).not.toBe(scaler);
    ct.setParams({ tinyscaler__withMean: false });
    expect(scaler.getParams().withMean).toBe(false);
    expect(() => new ColumnTransformer([['x', new Duplicate(), [4]]]).fit(data)).toThrow(/selects column 4, X has 4/);
    expect(() => ct.transform([[1, 2]])).toThrow(/2 columns, fitted on 4/);
    expect(() => new ColumnTransformer([['a', new SVC() as never, [0]]])).toThrow(/must be a transformer/);
    expect(() => new ColumnTransformer([['a', 'drop', [0]]]).transform(data)).toThrow(NotFittedError);
  });

  it('works as the first step of a pipeline cross-validated per fold', () => {
    TinyScaler.fittedRows = [];
    const pipe = new Pipeline([['columns', new ColumnTransformer([['scale', new TinyScaler(), [0, 1, 2, 3]]])], ['svc', new SVC()]]);
    const s = crossValScore(pipe, X, y, { cv: 3 });
    expect(TinyScaler.fittedRows).toEqual([100, 100, 100]);
    for (const v of s) expect(v).toBeGreaterThan(0.85);
  });
});
