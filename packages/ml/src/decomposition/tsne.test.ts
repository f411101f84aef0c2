import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, init, NotFittedError } from '@neurite/tensor';
import { FitAbortedError } from '../base/estimator.ts';
import { trustworthiness } from './trustworthiness.ts';
import { exactAffinities, nearest } from './tsne-affinities.ts';
import { barnesHutGradient, exactGradient } from './tsne-gradient.ts';
import { TSNE } from './tsne.ts';

// Golden values: scikit-learn 1.9.1 TSNE and trustworthiness on the first 500 digits (fixtures/unsupervised.py).
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/unsupervised.json', import.meta.url), 'utf8'));
const digits = JSON.parse(readFileSync(new URL('../../fixtures/unsupervised-digits.json', import.meta.url), 'utf8'));
const rows = (n: number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from(digits.pixels.slice(i * 64, i * 64 + 64) as string, (c) => parseInt(c, 17)));
const labels = Array.from(digits.labels as string, Number);
const x500 = rows(500);
const toMatrixRows = (r: number[][]) => ({ rows: r.length, cols: r[0]!.length, data: Float64Array.from(r.flat()) });

/** Leave-one-out 5-NN accuracy in the embedding (majority vote, ties to the smallest label), as the fixture script computes it. */
function knnAccuracy(e: Float64Array, n: number, y: number[], k = 5, dims = 2): number {
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const order = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
    const d = (j: number): number => {
      let s = 0;
      for (let c = 0; c < dims; c++) s += (e[dims * i + c]! - e[dims * j + c]!) ** 2;
      return s;
    };
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

describe('TSNE in 3-D (octree Barnes-Hut, Student-t with 2 degrees of freedom as scikit-learn)', () => {
  /** A seeded embedding and the dense P of 80 digits as a CSR matrix holding every pair. */
  function problem(dims: number): { p: Float64Array; csr: { indptr: Int32Array; indices: Int32Array; values: Float64Array }; y: Float64Array; n: number } {
    const n = 80;
    const p = exactAffinities(toMatrixRows(x500.slice(0, n)), 10);
    const indptr = new Int32Array(n + 1), indices = new Int32Array(n * (n - 1)), values = new Float64Array(n * (n - 1));
    let t = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) if (j !== i) (indices[t] = j), (values[t++] = p[i * n + j]!);
      indptr[i + 1] = t;
    }
    let state = 7;
    const y = Float64Array.from({ length: n * dims }, () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 20);
    return { p, csr: { indptr, indices, values }, y, n };
  }

  for (const dims of [1, 2, 3] as const) {
    it(`${dims}-D: Barnes-Hut with angle 0 equals the exact gradient and KL divergence; angle 0.5 stays within 2%`, () => {
      const { p, csr, y, n } = problem(dims);
      const exact = new Float64Array(n * dims), tree = new Float64Array(n * dims), approx = new Float64Array(n * dims);
      const klExact = exactGradient(p, y, n, dims, exact, true, new Float64Array(n * dims));
      const klTree = barnesHutGradient(csr, y, n, dims, 0, tree, true);
      barnesHutGradient(csr, y, n, dims, 0.5, approx, false);
      expect(klTree).toBeCloseTo(klExact, 10);
      // Without the KL, 2-D takes the pass that computes each symmetric pair of P once.
      const fast = new Float64Array(n * dims);
      barnesHutGradient(csr, y, n, dims, 0, fast, false);
      let norm = 0, error = 0;
      for (let i = 0; i < n * dims; i++) {
        expect(tree[i]).toBeCloseTo(exact[i]!, 10);
        expect(fast[i]).toBeCloseTo(exact[i]!, 10);
        norm += exact[i]! ** 2;
        error += (approx[i]! - exact[i]!) ** 2;
      }
      expect(Math.sqrt(error / norm)).toBeLessThan(0.02);
    });
  }

  const three = fixture.tsne.threeD;
  const x300 = x500.slice(0, three.rows);
  const fitted: Record<string, TSNE> = {};
  for (const c of three.cases) {
    it(`${c.method} on ${three.rows} digits: KL divergence, trustworthiness and 5-NN accuracy within 0.02 of scikit-learn's`, () => {
      const model = new TSNE({ nComponents: 3, method: c.method, randomState: 0 }).fit(x300);
      fitted[c.method] = model;
      const e = model.embedding;
      expect(e.cols).toBe(3);
      expect(Math.abs(model.klDivergence - c.klDivergence)).toBeLessThan(0.02);
      expect(trustworthiness(x300, e, 5)).toBeGreaterThan(c.trustworthiness - 0.02);
      expect(knnAccuracy(e.data, three.rows, labels, 5, 3)).toBeGreaterThan(c.knnAccuracy - 0.02);
    });
  }

  it('Barnes-Hut stays as close to the exact method as in scikit-learn (KL gap) with the same trustworthiness', () => {
    const bh = fitted.barnes_hut ?? new TSNE({ nComponents: 3, randomState: 0 }).fit(x300);
    const exact = fitted.exact ?? new TSNE({ nComponents: 3, method: 'exact', randomState: 0 }).fit(x300);
    // Barnes-Hut's P keeps only 3 x perplexity neighbours per row, so its KL is measured on another P:
    // scikit-learn's Barnes-Hut KL sits 0.055 above its exact one on these rows; ours must show the same gap.
    const [skExact, skTree] = [three.cases.find((c: { method: string }) => c.method === 'exact'), three.cases.find((c: { method: string }) => c.method === 'barnes_hut')];
    expect(Math.abs((bh.klDivergence - exact.klDivergence) - (skTree.klDivergence - skExact.klDivergence))).toBeLessThan(0.02);
    expect(Math.abs(trustworthiness(x300, bh.embedding, 5) - trustworthiness(x300, exact.embedding, 5))).toBeLessThan(0.01);
  });
});

describe('t-SNE neighbour selection', () => {
  it('keeps the k nearest by distance, ties to the smaller index, as a full sort does', () => {
    let state = 11;
    const n = 300, k = 40;
    // Distances drawn from 12 values, so most candidates tie.
    const sq = Float64Array.from({ length: n * n }, () => ((state = (state * 1103515245 + 12345) % 2147483648) % 12));
    const neighbours = new Int32Array(n * k), dist = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      nearest(sq, i * n, n, i, k, neighbours, dist);
      const order = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i).sort((a, b) => sq[i * n + a]! - sq[i * n + b]! || a - b);
      expect([...neighbours.subarray(i * k, i * k + k)]).toEqual(order.slice(0, k));
      expect([...dist.subarray(i * k, i * k + k)]).toEqual(order.slice(0, k).map((j) => sq[i * n + j]!));
    }
  });
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
    expect(() => new TSNE({ nComponents: 4 })).toThrow(/barnes_hut/);
    expect(new TSNE({ nComponents: 4, method: 'exact' }).getParams().nComponents).toBe(4);
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
