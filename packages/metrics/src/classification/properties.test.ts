// Metric invariants with fast-check (fixed seed, TESTING.md): the fast paths agree with the
// general ones and with brute-force definitions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accuracyScore, confusionMatrix, f1Score, matthewsCorrcoef, precisionScore, recallScore, rocAucScore, rocCurve } from './index.ts';
import { sortFloat64 } from './radix-sort.ts';

const SEED = 20261207;
const RUNS = { seed: SEED, numRuns: 150 };

/** Equal-length label vectors of up to `k` classes. */
const labelPairs = (k: number) => fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(
  fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }),
  fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }),
));

/** The probability that a random positive outscores a random negative (ties count one half). */
function bruteAuc(y: number[], s: number[]): number {
  let wins = 0, pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      pairs++;
      wins += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

describe('metric invariants', () => {
  it('the confusion matrix counts every sample once; its trace over n is the accuracy', () => {
    fc.assert(fc.property(labelPairs(5), ([t, p]) => {
      const cm = confusionMatrix(t, p);
      const total = cm.flat().reduce((a, b) => a + b, 0);
      const trace = cm.reduce((a, row, i) => a + row[i]!, 0);
      expect(total).toBe(t.length);
      expect(trace / t.length).toBe(accuracyScore(t, p));
    }), RUNS);
  });

  it('the one-pass integer path equals the general path on the same labels as strings', () => {
    fc.assert(fc.property(labelPairs(6), fc.integer({ min: -3, max: 3 }), ([t, p], shift) => {
      const letters = (v: number[]) => v.map((x) => String.fromCharCode(65 + x));
      const shifted = (v: number[]) => Int32Array.from(v, (x) => x + shift);
      expect(confusionMatrix(shifted(t), shifted(p))).toEqual(confusionMatrix(letters(t), letters(p)));
      expect(confusionMatrix(t, p, { normalize: 'true' })).toEqual(confusionMatrix(letters(t), letters(p), { normalize: 'true' }));
    }), RUNS);
  });

  it('F1 is the harmonic mean of precision and recall; scores lie in [0, 1], MCC in [-1, 1]', () => {
    fc.assert(fc.property(labelPairs(2), ([t, p]) => {
      const precision = precisionScore(t, p, { posLabel: 1, zeroDivision: 0 }), recall = recallScore(t, p, { posLabel: 1, zeroDivision: 0 });
      const f1 = f1Score(t, p, { posLabel: 1, zeroDivision: 0 });
      expect(f1).toBeCloseTo(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), 12);
      for (const v of [precision, recall, f1]) expect(v >= 0 && v <= 1).toBe(true);
      const mcc = matthewsCorrcoef(t, p);
      expect(mcc >= -1 - 1e-12 && mcc <= 1 + 1e-12).toBe(true);
    }), RUNS);
  });

  it('ROC AUC equals the pairwise (Mann-Whitney) probability, ties included, and ignores monotone rescaling', () => {
    const problem = fc.integer({ min: 2, max: 50 }).chain((n) => fc.tuple(
      fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      // -0 and +0 are one threshold, as np.diff sees them.
      fc.array(fc.integer({ min: -5, max: 5 }).chain((v) => (v === 0 ? fc.constantFrom(0, -0) : fc.constant(v))), { minLength: n, maxLength: n }),
    )).filter(([y]) => y.includes(0) && y.includes(1));
    fc.assert(fc.property(problem, ([y, s]) => {
      const auc = rocAucScore(y, s) as number;
      expect(auc).toBeCloseTo(bruteAuc(y, s), 12);
      expect(rocAucScore(y, s.map((v) => Math.exp(v) * 3 - 1))).toBeCloseTo(auc, 12);
      expect(rocAucScore(y.map((v) => 1 - v), s)).toBeCloseTo(1 - auc, 12);
      const { fpr, tpr } = rocCurve(y, s);
      for (let i = 1; i < fpr.length; i++) expect(fpr[i]! >= fpr[i - 1]! && tpr[i]! >= tpr[i - 1]!).toBe(true);
      expect([fpr[fpr.length - 1], tpr[tpr.length - 1]]).toEqual([1, 1]);
    }), RUNS);
  });

  it('the radix sort orders doubles as the native sort does', () => {
    const doubles = fc.array(fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -3, max: 3 }).map((x) => x / 2)), { minLength: 4096, maxLength: 6000 });
    fc.assert(fc.property(doubles, (values) => {
      const a = Float64Array.from(values), b = Float64Array.from(values);
      sortFloat64(a);
      b.sort();
      // -0 and +0 may trade places: compare with ===.
      for (let i = 0; i < a.length; i++) if (!(a[i] === b[i])) throw new Error(`index ${i}: ${a[i]} vs ${b[i]}`);
    }), { seed: SEED, numRuns: 100 });
  });
});
