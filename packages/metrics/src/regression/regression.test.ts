// Regression metrics beyond the scikit-learn fixtures: misuse, input forms and invariants.
import { ArgumentError, init, ShapeError, tensor } from '@neurite/tensor';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainedVarianceScore, meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from './index.ts';

beforeAll(async () => {
  await init();
});

describe('regression metrics', () => {
  it('name bad inputs with typed errors', () => {
    expect(() => meanSquaredError([1, 2, 3], [1, 2])).toThrow(ShapeError);
    expect(() => meanSquaredError([[1, 2]], [[1, 2, 3]])).toThrow(/2 outputs but yPred has 3/);
    expect(() => meanSquaredError([1, NaN], [1, 2])).toThrow(/finite/);
    expect(() => meanSquaredError([1, 2], [1, 2], { multioutput: 'variance_weighted' } as never)).toThrow(ArgumentError);
    expect(() => r2Score([[1, 2], [3, 4]], [[1, 2], [3, 5]], { multioutput: [1, 2, 3] })).toThrow(ShapeError);
    expect(() => r2Score([1, 2], [1, 2], { forceFinite: 1 } as never)).toThrow(/forceFinite/);
    expect(() => meanAbsoluteError([], [])).toThrow(ShapeError);
    expect(() => rootMeanSquaredError([1, 2], [1, 2], { squared: false } as never)).toThrow(/unknown option "squared"/);
  });

  it('accept typed arrays and Tensors', () => {
    const t = tensor(Float64Array.of(1, 2, 4, 7), [2, 2]), p = tensor(Float64Array.of(1.5, 2, 3, 8), [2, 2]);
    expect(meanSquaredError(t, p, { multioutput: 'raw_values' })).toEqual(meanSquaredError([[1, 2], [4, 7]], [[1.5, 2], [3, 8]], { multioutput: 'raw_values' }));
    expect(meanAbsoluteError(Float32Array.of(1, 2), [2, 2])).toBe(0.5);
    t.dispose();
    p.dispose();
  });

  it('RMSE is the root of MSE; R^2 and explained variance agree for unbiased residuals', () => {
    const vectors = fc.integer({ min: 2, max: 40 }).chain((n) => fc.tuple(
      fc.array(fc.integer({ min: -10000, max: 10000 }).map((v) => v / 100), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: -10000, max: 10000 }).map((v) => v / 100), { minLength: n, maxLength: n }),
    )).filter(([t]) => new Set(t).size > 1);
    fc.assert(fc.property(vectors, ([t, p]) => {
      expect(rootMeanSquaredError(t, p)).toBeCloseTo(Math.sqrt(meanSquaredError(t, p) as number), 9);
      expect(meanAbsoluteError(t, p) as number).toBeGreaterThanOrEqual(0);
      const mean = (t.reduce((a, b) => a + b, 0) - p.reduce((a, b) => a + b, 0)) / t.length;
      const centred = p.map((v) => v + mean);
      const r2 = r2Score(t, centred) as number, ev = explainedVarianceScore(t, centred) as number;
      expect(Math.abs(r2 - ev)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(r2)));
    }), { seed: 20261207, numRuns: 150 });
  });
});
