// @neurite/features transformers satisfy the Transformer protocol structurally: they work as
// Pipeline steps and ColumnTransformer parts, cloned and refitted per fold.
import { readFileSync } from 'node:fs';
import { OneHotEncoder, StandardScaler } from '@neurite/features';
import { describe, expect, it } from 'vitest';
import { cloneEstimator } from '../base/clone.ts';
import { crossValScore } from '../model-selection/cross-validation.ts';
import { SVC } from '../svm/svc.ts';
import { ColumnTransformer } from './column-transformer.ts';
import { Pipeline } from './pipeline.ts';

const iris = JSON.parse(readFileSync(new URL('../../fixtures/svm.json', import.meta.url), 'utf8')) as { X: number[][]; y: string[] };
const order = Array.from({ length: 150 }, (_, i) => (7 * i) % 150);
const X = order.map((i) => iris.X[i]!);
const y = order.map((i) => iris.y[i]!);

describe('with @neurite/features', () => {
  it('StandardScaler then SVC in a Pipeline equals scaling by hand; cross-validates', () => {
    const pipe = new Pipeline([['scale', new StandardScaler()], ['svc', new SVC()]]).fit(X, y);
    const scaled = new StandardScaler().fit(X).transform(X);
    expect(pipe.predict(X)).toEqual(new SVC().fit(scaled, y).predict(scaled));
    const scores = crossValScore(pipe, X, y, { cv: 5 });
    for (const s of scores) expect(s).toBeGreaterThan(0.85);
    expect(cloneEstimator(pipe).namedSteps.scale).toBeInstanceOf(StandardScaler);
  });

  it('a ColumnTransformer scaling some columns and one-hot encoding another', () => {
    const data = X.map((r, i) => [...r, i % 3]);
    const ct = new ColumnTransformer([['scale', new StandardScaler(), [0, 1, 2, 3]], ['onehot', new OneHotEncoder(), [4]]]);
    const out = ct.fitTransform(data);
    expect(out.cols).toBe(7);
    expect(ct.outputIndices).toEqual({ scale: [0, 4], onehot: [4, 7] });
    expect(Array.from(out.data.subarray(4, 7))).toEqual([1, 0, 0]);
    expect(Array.from(ct.transform(data).data)).toEqual(Array.from(out.data));
  });
});
