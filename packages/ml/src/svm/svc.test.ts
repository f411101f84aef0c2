import { readFileSync } from 'node:fs';
import { ArgumentError, Generator, NotFittedError } from '@neurite/tensor';
import { describe, expect, it } from 'vitest';
import { FitAbortedError } from '../base/estimator.ts';
import { powi, resolveGamma } from './kernel.ts';
import { NuSVC } from './nu-svc.ts';
import { SVC } from './svc.ts';
import { SVR } from './svr.ts';

const iris = JSON.parse(readFileSync(new URL('../../fixtures/svm.json', import.meta.url), 'utf8')) as { X: number[][]; y: string[] };

describe('SVC', () => {
  it('stores hyperparameters only and guards learned state', () => {
    const m = new SVC({ C: 2, kernel: 'poly' });
    expect(m.getParams()).toMatchObject({ C: 2, kernel: 'poly', gamma: 'scale', degree: 3, coef0: 0, tol: 1e-3, cacheSize: 200, maxIter: -1, decisionFunctionShape: 'ovr' });
    for (const read of [() => m.supportVectors, () => m.dualCoef, () => m.intercept, () => m.support, () => m.nSupport, () => m.classes]) expect(read).toThrow(NotFittedError);
    expect(() => m.predict([[1, 2]])).toThrow(NotFittedError);
  });

  it('rejects bad hyperparameters naming them', () => {
    expect(() => new SVC({ C: 0 })).toThrow(/C must be/);
    expect(() => new SVC({ kernel: 'cubic' as never })).toThrow(/kernel must be one of linear, poly, rbf, sigmoid/);
    expect(() => new SVC({ gamma: 'big' as never })).toThrow(/gamma/);
    expect(() => new SVC({ degree: 1.5 })).toThrow(/degree/);
    expect(() => new SVC({ tol: -1 })).toThrow(/tol/);
    expect(() => new SVC({ maxIter: 0 })).toThrow(/maxIter/);
    expect(() => new SVC({ classWeight: { a: -1 } })).toThrow(/classWeight\["a"\]/);
    expect(() => new SVC().fit([[1], [2]], [1, 1])).toThrow(/at least 2/);
    expect(() => new SVC({ classWeight: { z: 2 } }).fit([[1], [2]], ['a', 'b'])).toThrow(/label "z"/);
    expect(() => new SVC().fit([[1], [2]], ['a'])).toThrow(/1 labels for 2 samples/);
  });

  it("breakTies predicts the argmax of the 'ovr' decision function", () => {
    const m = new SVC({ breakTies: true, C: 0.05, kernel: 'linear' }).fit(iris.X, iris.y);
    const dec = m.decisionFunction(iris.X);
    const argmax = Array.from({ length: 150 }, (_, r) => {
      const row = Array.from(dec.data.subarray(r * 3, r * 3 + 3));
      return m.classes[row.indexOf(Math.max(...row))];
    });
    expect(m.predict(iris.X)).toEqual(argmax);
    expect(() => new SVC({ breakTies: true, decisionFunctionShape: 'ovo' })).toThrow(/breakTies needs/);
  });

  it('stops each pair at maxIter', () => {
    const m = new SVC({ C: 100, maxIter: 3 }).fit(iris.X, iris.y);
    expect(Array.from(m.nIter)).toEqual([3, 3, 3]);
  });

  it('resolves gamma as scikit-learn does', () => {
    const X = { rows: 2, cols: 2, data: Float64Array.of(0, 1, 2, 3) };
    expect(resolveGamma('auto', X)).toBe(0.5);
    expect(resolveGamma('scale', X)).toBeCloseTo(1 / (2 * 1.25), 12);
    expect(resolveGamma('scale', { rows: 1, cols: 2, data: Float64Array.of(3, 3) })).toBe(1);
    expect(powi(-2, 3)).toBe(-8);
    expect(powi(1.5, 0)).toBe(1);
  });

  it('round-trips through JSON with identical predictions and decision values', () => {
    const m = new SVC({ kernel: 'rbf', C: 3 }).fit(iris.X, iris.y);
    const back = SVC.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(back.predict(iris.X)).toEqual(m.predict(iris.X));
    expect(Array.from(back.decisionFunction(iris.X).data)).toEqual(Array.from(m.decisionFunction(iris.X).data));
    expect(SVC.fromJSON(new SVC({ C: 5 }).toJSON()).getParams().C).toBe(5);
    expect(() => SVC.fromJSON({ type: 'SVR', params: {}, state: null })).toThrow(ArgumentError);
    const broken = JSON.parse(JSON.stringify(m.toJSON()));
    broken.state.dualCoef.pop();
    expect(() => SVC.fromJSON(broken)).toThrow(/dualCoef/);
  });

  it('gives the same model with a tiny kernel cache (rows recomputed) as with a large one', () => {
    const big = new SVC({ C: 10 }).fit(iris.X, iris.y);
    const tiny = new SVC({ C: 10, cacheSize: 0.001 }).fit(iris.X, iris.y);
    expect(Array.from(tiny.dualCoef.data)).toEqual(Array.from(big.dualCoef.data));
    expect(Array.from(tiny.nIter)).toEqual(Array.from(big.nIter));
  });

  it('has primal weights for a linear kernel that reproduce the decision function', () => {
    const m = new SVC({ kernel: 'linear', decisionFunctionShape: 'ovo' }).fit(iris.X, iris.y);
    const w = m.coef, b = m.intercept, dec = m.decisionFunction(iris.X);
    for (let r = 0; r < 150; r += 37) {
      for (let p = 0; p < 3; p++) {
        let v = b[p]!;
        for (let f = 0; f < 4; f++) v += w.data[p * 4 + f]! * iris.X[r]![f]!;
        expect(v).toBeCloseTo(dec.data[r * 3 + p]!, 9);
      }
    }
    expect(() => new SVC().fit(iris.X, iris.y).coef).toThrow(/only a linear kernel/);
  });

  it('estimates probabilities by Platt scaling that sum to one and agree with the labels', () => {
    const m = new SVC({ probability: true, randomState: 3 }).fit(iris.X, iris.y);
    const p = m.predictProba(iris.X);
    expect([p.rows, p.cols]).toEqual([150, 3]);
    let agree = 0;
    for (let r = 0; r < 150; r++) {
      const row = Array.from(p.data.subarray(r * 3, r * 3 + 3));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      if (m.classes[row.indexOf(Math.max(...row))] === iris.y[r]) agree++;
    }
    expect(agree).toBeGreaterThanOrEqual(140);
    expect(() => new SVC().fit(iris.X, iris.y).predictProba(iris.X)).toThrow(/probability: true/);
    // Binary: two columns, P(classes[1]) rising with the decision value.
    const two = iris.y.map((c) => (c === 'setosa' ? 'a' : 'b'));
    const b = new SVC({ probability: true }).fit(iris.X, two);
    const pb = b.predictProba(iris.X);
    expect(pb.cols).toBe(2);
    expect(pb.data[1]!).toBeLessThan(0.5);
    expect(pb.data[2 * 149 + 1]!).toBeGreaterThan(0.5);
  });

  it('stops at the AbortSignal and keeps the previous model; reports progress per pair', () => {
    const m = new SVC().fit(iris.X, iris.y);
    const before = Array.from(m.dualCoef.data);
    const controller = new AbortController();
    const events: number[] = [];
    expect(() => m.fit(iris.X, iris.y, { signal: controller.signal, onProgress: (p) => { events.push(p.done); controller.abort(); } })).toThrow(FitAbortedError);
    expect(events).toEqual([1]);
    expect(Array.from(m.dualCoef.data)).toEqual(before);
    const seen: number[] = [];
    new SVC().fit(iris.X, iris.y, { onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('learns a noisy two-moons-like problem with an rbf kernel and scores accuracy', () => {
    const g = new Generator(7);
    const X: number[][] = [], y: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = Math.PI * g.random(), c = i % 2;
      X.push(c === 0 ? [Math.cos(t) + 0.1 * g.random(), Math.sin(t) + 0.1 * g.random()] : [1 - Math.cos(t) + 0.1 * g.random(), 0.5 - Math.sin(t) + 0.1 * g.random()]);
      y.push(c);
    }
    const m = new SVC({ C: 10 }).fit(X, y);
    expect(m.score(X, y)).toBeGreaterThan(0.97);
    expect(new SVC({ kernel: 'linear' }).fit(X, y).score(X, y)).toBeLessThan(0.95);
  });
});

describe('SVR', () => {
  it('fits a sine within the tube and guards state, params and JSON', () => {
    const X = Array.from({ length: 60 }, (_, i) => [(i / 59) * 6]);
    const y = X.map(([x]) => Math.sin(x!));
    const m = new SVR({ C: 10, epsilon: 0.05, gamma: 1 }).fit(X, y);
    const p = m.predict(X);
    for (let i = 0; i < 60; i++) expect(Math.abs(p[i]! - y[i]!)).toBeLessThan(0.08);
    expect(m.score(X, y)).toBeGreaterThan(0.99);
    const back = SVR.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(Array.from(back.predict(X))).toEqual(Array.from(p));
    expect(() => new SVR().intercept).toThrow(NotFittedError);
    expect(() => new SVR({ epsilon: -1 })).toThrow(/epsilon/);
    expect(() => m.predict([[1, 2]])).toThrow(/2 features/);
  });
});

describe('kernel rows computed ahead', () => {
  it('change the work, never the solution', async () => {
    const { trainOvo } = await import('./train.ts');
    const X = { rows: 150, cols: 4, data: Float64Array.from(iris.X.flat()) };
    const classOf = Int32Array.from(iris.y, (c) => ['setosa', 'versicolor', 'virginica'].indexOf(c));
    const spec = { kernel: 'rbf' as const, gamma: 0.3, coef0: 0, degree: 3 };
    const run = (blockRows: number) => trainOvo(X, classOf, 3, spec, Float64Array.of(1, 1, 1), { eps: 1e-3, shrinking: true, maxIter: -1, cacheBytes: 1 << 20, blockRows });
    const one = run(1), eight = run(8), many = run(64);
    for (const other of [eight, many]) {
      expect(Array.from(other.dualCoef)).toEqual(Array.from(one.dualCoef));
      expect(Array.from(other.rho)).toEqual(Array.from(one.rho));
      expect(Array.from(other.iterations)).toEqual(Array.from(one.iterations));
    }
  });
});

describe('NuSVC', () => {
  it('checks nu and its feasibility per pair, round-trips through JSON', () => {
    expect(() => new NuSVC({ nu: 0 })).toThrow(/nu must be a number in \(0, 1\]/);
    expect(() => new NuSVC({ nu: 1.5 })).toThrow(ArgumentError);
    const y = iris.y.map((c, i) => (c === 'setosa' && i >= 10 ? 'versicolor' : c));
    expect(() => new NuSVC({ nu: 0.5 }).fit(iris.X, y)).toThrow(/nu = 0.5 is infeasible for classes setosa \(10\) and versicolor \(90\)/);
    const m = new NuSVC({ nu: 0.3 }).fit(iris.X, iris.y);
    const back = NuSVC.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(back.predict(iris.X)).toEqual(m.predict(iris.X));
    expect(() => SVC.fromJSON(m.toJSON())).toThrow(/type is NuSVC, expected SVC/);
    expect(m.score(iris.X, iris.y)).toBeGreaterThan(0.95);
    // nu bounds the fraction of support vectors from below.
    expect(m.nSupport.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(0.3 * 100 - 3);
  });
});

describe('NuSVR', () => {
  it('fits within a learned tube, checks nu, round-trips through JSON', async () => {
    const { NuSVR } = await import('./nu-svr.ts');
    const X = Array.from({ length: 50 }, (_, i) => [(i / 49) * 6]);
    const y = X.map(([x]) => Math.sin(x!));
    const m = new NuSVR({ nu: 0.5, C: 10, gamma: 1 }).fit(X, y);
    expect(m.score(X, y)).toBeGreaterThan(0.99);
    expect(m.nSupport[0]!).toBeGreaterThanOrEqual(0.5 * 50 - 2);
    expect(Array.from(NuSVR.fromJSON(JSON.parse(JSON.stringify(m.toJSON()))).predict(X))).toEqual(Array.from(m.predict(X)));
    expect(() => new NuSVR({ nu: 2 })).toThrow(/nu must be/);
  });
});
