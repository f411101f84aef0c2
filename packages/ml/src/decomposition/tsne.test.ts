import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, init, NotFittedError } from '@neurite/tensor';
import { FitAbortedError } from '../base/estimator.ts';
import { trustworthiness } from './trustworthiness.ts';
import { TSNE } from './tsne.ts';

// Golden values: scikit-learn 1.9.1 TSNE and trustworthiness on the first 500 digits (fixtures/unsupervised.py).
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/unsupervised.json', import.meta.url), 'utf8'));
const digits = JSON.parse(readFileSync(new URL('../../fixtures/unsupervised-digits.json', import.meta.url), 'utf8'));
const rows = (n: number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from(digits.pixels.slice(i * 64, i * 64 + 64) as string, (c) => parseInt(c, 17)));
const labels = Array.from(digits.labels as string, Number);
const x500 = rows(500);

/** Leave-one-out 5-NN accuracy in the embedding (majority vote, ties to the smallest label), as the fixture script computes it. */
function knnAccuracy(e: Float64Array, n: number, y: number[], k = 5): number {
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const order = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
    const d = (j: number): number => (e[2 * i]! - e[2 * j]!) ** 2 + (e[2 * i + 1]! - e[2 * j + 1]!) ** 2;
    order.sort((a, b) => d(a) - d(b) || a - b);
    const votes = new Array(10).fill(0);
    for (const j of order.slice(0, k)) votes[y[j]!]++;
    if (votes.indexOf(Math.max(...votes)) === y[i]) hits++;
  }
  return hits / n;
}

beforeAll(async () => {
  await init();
});

describe('trustworthiness', () => {
  it('equals scikit-learn on a fixed embedding', () => {
    // Tie-free data (ties in distances are ranked in an unspecified order by NumPy's argsort).
    const t = fixture.tsne.trustworthiness;
    const x: number[][] = fixture.blobs;
    const e = x.map((r) => [r[0]!, r[1]!]);
    expect(trustworthiness(x, e, 5)).toBeCloseTo(t.value5, 10);
    expect(trustworthiness(x, e, 10)).toBeCloseTo(t.value10, 10);
    expect(trustworthiness(x, x, 5)).toBe(1);
    expect(() => trustworthiness(x, e, 20)).toThrow(ArgumentError);
  });
});

describe('TSNE on 500 digits against scikit-learn', () => {
  for (const c of fixture.tsne.cases) {
    it(`${c.method}: trustworthiness and 5-NN accuracy within 0.02 of scikit-learn's`, () => {
      const model = new TSNE({ method: c.method, randomState: 0 }).fit(x500);
      const e = model.embedding;
      const trust = trustworthiness(x500, e, 5);
      const accuracy = knnAccuracy(e.data, 500, labels);
      expect(trust).toBeGreaterThan(c.trustworthiness - 0.02);
      expect(accuracy).toBeGreaterThan(c.knnAccuracy - 0.02);
      // The KL divergence lands near scikit-learn's (not bit-reproducible across implementations):
      // 0.3372 vs 0.3374 exact, 0.3955 vs 0.3948 Barnes-Hut with randomState 0.
      expect(Math.abs(model.klDivergence - c.klDivergence)).toBeLessThan(0.02);
    });
  }
});

describe('TSNE', () => {
  it('is reproducible from its seed, round-trips through JSON, validates and aborts', () => {
    const x = x500.slice(0, 60);
    const a = new TSNE({ perplexity: 10, maxIter: 300, randomState: 3, init: 'random' }).fit(x);
    const b = new TSNE({ perplexity: 10, maxIter: 300, randomState: 3, init: 'random' }).fit(x);
    expect([...a.embedding.data]).toEqual([...b.embedding.data]);
    const back = TSNE.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect([...back.embedding.data]).toEqual([...a.embedding.data]);
    expect(() => new TSNE().klDivergence).toThrow(NotFittedError);
    expect(() => new TSNE({ nComponents: 3 })).toThrow(/barnes_hut/);
    expect(() => new TSNE({ perplexity: 100 }).fit(x)).toThrow(/perplexity/);
    const controller = new AbortController();
    const seen: number[] = [];
    expect(() => new TSNE({ perplexity: 10, maxIter: 300 }).fit(x, undefined, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.done);
        if (p.done === 50) controller.abort();
      },
    })).toThrow(FitAbortedError);
    expect(seen).toEqual([0, 50]);
  });
});
