import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, init, NotFittedError, toMatrix, type Matrix, type MatrixInput } from '@neurite/tensor';
import type { Labels } from '../base/protocol.ts';
import { LabelPropagation, LabelSpreading } from './label-propagation.ts';
import { SelfTrainingClassifier } from './self-training.ts';

// Golden values: scikit-learn 1.9.1 LabelPropagation / LabelSpreading on iris with 70% of labels hidden (fixtures/unsupervised.py).
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/unsupervised.json', import.meta.url), 'utf8'));
const digits = JSON.parse(readFileSync(new URL('../../fixtures/unsupervised-digits.json', import.meta.url), 'utf8'));
const digitRows = Array.from({ length: 600 }, (_, i) => Array.from(digits.pixels.slice(i * 64, i * 64 + 64) as string, (c) => parseInt(c, 17)));
const digitLabels = Array.from((digits.labels as string).slice(0, 600), Number);

/** A test classifier with predictProba: Gaussian class centroids with a softmax over negative squared distances. */
class NearestCentroid {
  classes: number[] = [];
  private centroids: number[][] = [];
  fit(X: MatrixInput, y: Labels): this {
    const x = toMatrix(X);
    this.classes = [...new Set(y as readonly number[])].sort((a, b) => a - b);
    this.centroids = this.classes.map((c) => {
      const sum = new Array(x.cols).fill(0);
      let count = 0;
      for (let i = 0; i < x.rows; i++) if (y[i] === c) {
        count++;
        for (let f = 0; f < x.cols; f++) sum[f] += x.data[i * x.cols + f]!;
      }
      return sum.map((s) => s / count);
    });
    return this;
  }
  predictProba(X: MatrixInput): Matrix {
    const x = toMatrix(X), k = this.classes.length, out = new Float64Array(x.rows * k);
    for (let i = 0; i < x.rows; i++) {
      const logits = this.centroids.map((c) => -c.reduce((s, v, f) => s + (v - x.data[i * x.cols + f]!) ** 2, 0) / 50);
      const m = Math.max(...logits);
      const e = logits.map((l) => Math.exp(l - m));
      const z = e.reduce((a, b) => a + b, 0);
      e.forEach((v, j) => (out[i * k + j] = v / z));
    }
    return { rows: x.rows, cols: k, data: out };
  }
}

beforeAll(async () => {
  await init();
});

describe('label propagation and spreading against scikit-learn', () => {
  for (const c of fixture.semiSupervised.cases) {
    it(`${c.model} ${c.params.kernel}: equal transduction`, () => {
      const params = { kernel: c.params.kernel, gamma: c.params.gamma ?? 20, nNeighbors: c.params.n_neighbors ?? 7, ...(c.params.alpha ? { alpha: c.params.alpha } : {}) };
      const model = c.model === 'LabelPropagation' ? new LabelPropagation(params) : new LabelSpreading(params);
      model.fit(fixture.iris, fixture.semiSupervised.y);
      expect(model.transduction).toEqual(c.transduction);
      // iris holds duplicate rows, so the k-th neighbour of a kNN graph is a tie that scikit-learn's
      // tree search and our index order may break differently: equal labels, iterations within one.
      const knn = c.params.kernel === 'knn';
      expect(Math.abs(model.nIter - c.nIter)).toBeLessThanOrEqual(knn ? 1 : 0);
      const d = model.labelDistributions;
      (c.labelDistributions as number[][]).flat().forEach((v, i) => expect(Math.abs(d.data[i]! - v)).toBeLessThan(knn ? 0.05 : 1e-6));
    });
  }
});

describe('semi-supervised learning on digits: 5% labels plus unlabelled rows beat the 5% alone', () => {
  const y = digitLabels.map((v, i) => (i % 20 === 0 ? v : -1));
  const hidden = digitLabels.map((_, i) => i).filter((i) => i % 20 !== 0);
  const accuracy = (predicted: number[]): number => hidden.filter((i) => predicted[i] === digitLabels[i]).length / hidden.length;
  const supervisedOnly = new NearestCentroid().fit(digitRows.filter((_, i) => i % 20 === 0), digitLabels.filter((_, i) => i % 20 === 0));
  const proba = supervisedOnly.predictProba(digitRows);
  const baseline = accuracy(Array.from({ length: 600 }, (_, i) => {
    const row = Array.from(proba.data.subarray(i * 10, i * 10 + 10));
    return supervisedOnly.classes[row.indexOf(Math.max(...row))]!;
  }));

  it('LabelSpreading with a kNN graph', () => {
    const spreading = new LabelSpreading({ kernel: 'knn', nNeighbors: 7 }).fit(digitRows, y);
    expect(accuracy(spreading.transduction)).toBeGreaterThan(baseline + 0.03);
    expect(accuracy(spreading.transduction)).toBeGreaterThan(0.85);
  });

  it('SelfTrainingClassifier around a probabilistic classifier', () => {
    const self = new SelfTrainingClassifier({ estimator: new NearestCentroid(), criterion: 'k_best', kBest: 50, maxIter: null }).fit(digitRows, y);
    expect(self.terminationCondition).toBe('all_labeled');
    expect(accuracy(self.transduction)).toBeGreaterThan(baseline);
    expect(self.labeledIter.filter((v) => v === 0).length).toBe(30);
    expect(self.predict(digitRows.slice(0, 5))).toHaveLength(5);
  });
});

describe('semi-supervised estimators', () => {
  it('threshold criterion stops on no change; validation and guards', () => {
    const self = new SelfTrainingClassifier({ estimator: new NearestCentroid(), threshold: 0.999999 }).fit(fixture.iris, fixture.semiSupervised.y);
    expect(['no_change', 'all_labeled', 'max_iter']).toContain(self.terminationCondition);
    expect(() => new SelfTrainingClassifier().transduction).toThrow(NotFittedError);
    expect(() => new SelfTrainingClassifier({ threshold: 1 })).toThrow(/threshold/);
    expect(() => new LabelSpreading({ alpha: 1 })).toThrow(/alpha/);
    expect(() => new LabelPropagation().fit([[1], [2]], [-1, -1])).toThrow(/every label is -1/);
    expect(() => new LabelPropagation().fit([[1], [2]], [0.5, -1])).toThrow(ArgumentError);
    expect(() => new LabelPropagation().transduction).toThrow(NotFittedError);
  });

  it('SelfTrainingClassifier round-trips through JSON with a revived wrapped classifier', () => {
    const base = new LabelSpreading({ kernel: 'knn' });
    const self = new SelfTrainingClassifier({ estimator: base, maxIter: 2 }).fit(fixture.iris, fixture.semiSupervised.y);
    const back = SelfTrainingClassifier.fromJSON(JSON.parse(JSON.stringify(self.toJSON())), (json) => LabelSpreading.fromJSON(json));
    expect(back.predict(fixture.iris)).toEqual(self.predict(fixture.iris));
    expect(back.transduction).toEqual(self.transduction);
    expect(back.terminationCondition).toBe(self.terminationCondition);
    expect(() => new SelfTrainingClassifier({ estimator: new NearestCentroid() }).toJSON()).toThrow(/no toJSON/);
  });

  it('predicts new rows and round-trips through JSON', () => {
    const m = new LabelPropagation({ kernel: 'knn' }).fit(fixture.iris, fixture.semiSupervised.y);
    const back = LabelPropagation.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(back.predict(fixture.iris)).toEqual(m.predict(fixture.iris));
    expect(m.score(fixture.iris, fixture.irisLabels)).toBeGreaterThan(0.9);
    const rbf = new LabelSpreading({ gamma: 1 }).fit(fixture.iris, fixture.semiSupervised.y);
    expect(rbf.score(fixture.iris, fixture.irisLabels)).toBeGreaterThan(0.9);
  });
});
