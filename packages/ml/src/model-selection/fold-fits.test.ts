// The shared fold loop of crossValidate, GridSearchCV, learningCurve and validationCurve: which
// clone is fitted on which rows, progress in order, and an abort before the next fit.
import { describe, expect, it } from 'vitest';
import { FitAbortedError } from '../base/estimator.ts';
import type { FitProgress } from '../base/protocol.ts';
import { Ridge } from '../linear/ridge.ts';
import { GridSearchCV } from './grid-search.ts';
import { fitFolds } from './fold-fits.ts';
import { KFold } from './k-fold.ts';
import { learningCurve, validationCurve } from './curves.ts';

const X = Array.from({ length: 12 }, (_, i) => [i, (i * 7) % 5]);
const y = X.map(([a, b]) => 2 * a! - b! + 1);

describe('fitFolds', () => {
  it('fits one clone per fold and variant on the rows asked for, folds outer, and reports each fit', () => {
    const folds = new KFold({ nSplits: 3 }).split(12);
    const seen: string[] = [];
    const progress: FitProgress[] = [];
    const estimator = new Ridge();
    const loop = { stage: 'demo', variants: 2, paramsOf: (v: number) => ({ alpha: v + 1 }), trainRowsOf: (f: number, v: number) => folds[f]!.train.subarray(0, 4 + v) };
    fitFolds(estimator, { rows: 12, cols: 2, data: Float64Array.from(X.flat()) }, y, folds, loop, { onProgress: (p) => progress.push(p) }, (fit) => {
      expect(fit.model).not.toBe(estimator);
      seen.push(`${fit.fold}.${fit.variant}:${fit.model.getParams().alpha}:${(fit.xTrain as { rows: number }).rows}:${(fit.xTest as { rows: number }).rows}`);
      return fit.fold;
    });
    expect(seen).toEqual(['0.0:1:4:4', '0.1:2:5:4', '1.0:1:4:4', '1.1:2:5:4', '2.0:1:4:4', '2.1:2:5:4']);
    expect(progress.map((p) => [p.stage, p.done, p.total, p.value])).toEqual([0, 0, 1, 1, 2, 2].map((f, i) => ['demo', i + 1, 6, f]));
    expect(estimator.getParams().alpha).toBe(1);
  });

  it('GridSearchCV, learningCurve and validationCurve report every fit and stop on the signal', () => {
    const counts: Record<string, number[]> = { grid: [], learning: [], validation: [] };
    new GridSearchCV({ estimator: new Ridge(), paramGrid: { alpha: [0.1, 1, 10] }, cv: 3 }).fit(X, y, { onProgress: (p) => counts.grid!.push(p.done) });
    learningCurve(new Ridge(), X, y, { cv: 3, trainSizes: [0.5, 1], onProgress: (p) => counts.learning!.push(p.done) });
    validationCurve(new Ridge(), X, y, { cv: 4, paramName: 'alpha', paramRange: [1, 2], onProgress: (p) => counts.validation!.push(p.done) });
    expect(counts.grid).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(counts.learning).toEqual([1, 2, 3, 4, 5, 6]);
    expect(counts.validation).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const c = new AbortController();
    expect(() => learningCurve(new Ridge(), X, y, { cv: 3, signal: c.signal, onProgress: (p) => p.done === 2 && c.abort() })).toThrow(FitAbortedError);
    expect(() => new GridSearchCV({ estimator: new Ridge(), paramGrid: { alpha: [1, 2] }, cv: 3 }).fit(X, y, { signal: c.signal })).toThrow(/GridSearchCV\.fit/);
  });
});
