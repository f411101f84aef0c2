// Misuse of the classification functions: typed errors that name what was wrong, before any
// work; and inputs given as typed arrays or Tensors give the same results as plain arrays.
import { ArgumentError, init, memory, ShapeError, tensor } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accuracyScore, averagePrecisionScore, classificationReport, confusionMatrix, errorTypes, f1Score, fbetaScore, logLoss, matthewsCorrcoef,
  multilabelConfusionMatrix, precisionRecallCurve, precisionScore, recallScore, rocAucScore, rocCurve, specificity,
} from './index.ts';

beforeAll(async () => {
  await init();
});

const yTrue = [0, 1, 1, 0, 1, 2];
const yPred = [0, 1, 0, 0, 2, 2];

describe('typed errors', () => {
  it('length mismatches are ShapeErrors naming both arguments', () => {
    for (const f of [confusionMatrix, accuracyScore, precisionScore, matthewsCorrcoef, specificity] as ((a: unknown, b: unknown) => unknown)[]) {
      expect(() => f([0, 1, 1], [0, 1])).toThrow(ShapeError);
      expect(() => f([0, 1, 1], [0, 1])).toThrow(/yTrue has 3 samples but yPred has 2/);
    }
    expect(() => rocCurve([0, 1], [0.5])).toThrow(ShapeError);
    expect(() => logLoss([0, 1], [[0.5, 0.5]])).toThrow(ShapeError);
    expect(() => confusionMatrix([], [])).toThrow(ShapeError);
  });

  it('unknown options and bad option values are ArgumentErrors naming the option', () => {
    expect(() => confusionMatrix(yTrue, yPred, { normalise: 'true' } as never)).toThrow(/unknown option "normalise"/);
    expect(() => confusionMatrix(yTrue, yPred, { normalize: 'rows' } as never)).toThrow(/normalize must be one of/);
    expect(() => precisionScore(yTrue, yPred, { average: 'samples' } as never)).toThrow(ArgumentError);
    expect(() => precisionScore(yTrue, yPred, { average: 'macro', zeroDivision: 2 })).toThrow(/zeroDivision must be 'warn', 0, 1 or NaN/);
    expect(() => fbetaScore(yTrue, yPred, { beta: -1, average: 'macro' })).toThrow(/beta must be a number >= 0/);
    expect(() => rocAucScore([0, 1, 2], [[0.2, 0.3, 0.5], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]], { multiClass: 'ovo', average: 'micro' })).toThrow(ArgumentError);
  });

  it('binary averaging refuses multiclass targets and posLabel values that are not labels', () => {
    expect(() => precisionScore(yTrue, yPred)).toThrow(/multiclass \(3 labels\) but average is 'binary'/);
    expect(() => recallScore(['a', 'b'], ['a', 'b'])).toThrow(/posLabel 1 is not a valid label/);
    expect(recallScore(['a', 'b', 'b'], ['a', 'b', 'a'], { posLabel: 'b' })).toBe(0.5);
    expect(() => errorTypes([0, 1, 2], [0, 1, 2])).toThrow(/multiclass/);
  });

  it('labels must be all numbers or all strings, and integral', () => {
    expect(() => confusionMatrix([0, 'a'] as never, [0, 1])).toThrow(/labels must be all strings or all numbers/);
    expect(() => confusionMatrix(['a', 'b'], [0, 1] as never)).toThrow(/mix strings and numbers/);
    expect(() => accuracyScore([0.5, 1], [0, 1])).toThrow(/continuous targets are not supported/);
    expect(() => confusionMatrix([NaN, 1], [0, 1])).toThrow(ArgumentError);
    expect(() => confusionMatrix(yTrue, yPred, { labels: [7, 8] })).toThrow(/none of labels/);
    expect(() => confusionMatrix(yTrue, yPred, { labels: [1, 1] })).toThrow(/twice/);
  });

  it('ranking metrics need finite scores and a positive class', () => {
    expect(() => rocCurve([0, 1], [0.5, NaN])).toThrow(/expected a finite number/);
    expect(() => rocCurve([1, 2], [0.5, 0.7])).toThrow(/posLabel is not specified/);
    expect(() => rocCurve([0, 1, 2], [0.5, 0.7, 0.1])).toThrow(/give posLabel/);
    expect(() => precisionRecallCurve([0, 1], [0.1, 0.2], { dropIntermediate: 'yes' } as never)).toThrow(/dropIntermediate/);
    expect(() => rocAucScore([0, 1, 2], [[0.2, 0.3, 0.4], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]], { multiClass: 'ovr' })).toThrow(/sums to/);
    expect(() => rocAucScore([0, 1, 2], [[0.2, 0.3, 0.5], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]])).toThrow(/multiClass/);
    expect(() => averagePrecisionScore([0, 1, 2], [0.1, 0.2, 0.3])).toThrow(ShapeError);
    expect(() => logLoss([0, 0], [0.2, 0.3])).toThrow(/only one label/);
    expect(() => logLoss([0, 1], [0.2, 1.3])).toThrow(/\[0, 1\]/);
  });

  it('report and multilabel options are checked', () => {
    expect(() => classificationReport(yTrue, yPred, { targetNames: ['a', 'b'] })).toThrow(/3 labels but 2 targetNames/);
    expect(() => classificationReport(yTrue, yPred, { digits: -1 })).toThrow(/digits/);
    expect(() => multilabelConfusionMatrix([[0, 1]], [[1, 2]])).toThrow(/only 0 and 1/);
    expect(() => multilabelConfusionMatrix(yTrue, yPred, { samplewise: true })).toThrow(/samplewise/);
  });
});

describe('input forms', () => {
  it('typed arrays, Tensors and plain arrays give the same results', () => {
    const before = memory().liveTensors;
    const t = tensor(Int32Array.from(yTrue)), p = tensor(Int32Array.from(yPred), undefined, { dtype: 'float32' });
    expect(confusionMatrix(t, p)).toEqual(confusionMatrix(yTrue, yPred));
    expect(confusionMatrix(Float64Array.from(yTrue), Uint8Array.from(yPred))).toEqual(confusionMatrix(yTrue, yPred));
    expect(f1Score(t, p, { average: 'macro' })).toBe(f1Score(yTrue, yPred, { average: 'macro' }));
    const scores = [0.1, 0.9, 0.4, 0.35, 0.8, 0.2];
    const binary = [0, 1, 0, 0, 1, 1];
    const s = tensor(Float32Array.from(scores), undefined, { dtype: 'float64' });
    const b = tensor(Int32Array.from(binary));
    expect(rocAucScore(b, s)).toBe(rocAucScore(binary, scores));
    for (const x of [t, p, s, b]) x.dispose();
    expect(memory().liveTensors).toBe(before);
  });

  it('multilabel indicator matrices', () => {
    const t = [[1, 0, 1], [0, 1, 0], [1, 1, 0]], p = [[1, 0, 0], [0, 1, 1], [1, 1, 0]];
    // Column 0: tp 2, column 1: tp 2, column 2: fp 1, fn 1 (hand count).
    expect(multilabelConfusionMatrix(t, p)).toEqual([[[1, 0], [0, 2]], [[1, 0], [0, 2]], [[1, 1], [1, 0]]]);
    expect(multilabelConfusionMatrix(t, p, { samplewise: true })[0]).toEqual([[1, 0], [1, 1]]);
    expect(accuracyScore(t, p)).toBeCloseTo(1 / 3, 15);
    const tt = tensor(t.flat(), [3, 3], { dtype: 'int32' }), pt = tensor(p.flat(), [3, 3], { dtype: 'int32' });
    expect(multilabelConfusionMatrix(tt, pt)).toEqual(multilabelConfusionMatrix(t, p));
    expect(f1Score(tt, pt, { average: 'samples' })).toBe(f1Score(t, p, { average: 'samples' }));
    tt.dispose();
    pt.dispose();
  });

  it('type I and type II errors of a small binary problem (hand count)', () => {
    // tn 2, fp 1, fn 1, tp 2
    expect(errorTypes([0, 0, 0, 1, 1, 1], [0, 0, 1, 0, 1, 1])).toEqual({ typeI: 1, typeII: 1, typeIRate: 1 / 3, typeIIRate: 1 / 3 });
  });
});
