import { Generator, init } from '@neurite/tensor';
import { describe, expect, it } from 'vitest';
import { KernelCache } from './kernel-cache.ts';
import { KernelEvaluator, type KernelSpec, rowSquaredNorms } from './kernel.ts';

function direct(spec: KernelSpec, a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0, dist = 0;
  for (let k = 0; k < a.length; k++) {
    dot += a[k]! * b[k]!;
    dist += (a[k]! - b[k]!) ** 2;
  }
  if (spec.kernel === 'linear') return dot;
  if (spec.kernel === 'poly') return (spec.gamma * dot + spec.coef0) ** spec.degree;
  if (spec.kernel === 'rbf') return Math.exp(-spec.gamma * dist);
  return Math.tanh(spec.gamma * dot + spec.coef0);
}

/** Rows with some columns zero in every row of B (dropped by the evaluator) but not in the queries. */
function data(rows: number, cols: number, seed: number, zeroColumns: number[]): Float64Array {
  const g = new Generator(seed), out = new Float64Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = zeroColumns.includes(i % cols) ? 0 : g.random() * 2 - 1;
  return out;
}

const specs: KernelSpec[] = [
  { kernel: 'linear', gamma: 0, coef0: 0, degree: 3 },
  { kernel: 'poly', gamma: 0.4, coef0: 1, degree: 3 },
  { kernel: 'rbf', gamma: 0.7, coef0: 0, degree: 3 },
  { kernel: 'sigmoid', gamma: 0.2, coef0: -0.3, degree: 3 },
];

describe.each([['plain loops', false], ['float64 GEMM', true]])('KernelEvaluator (%s)', (_, kernels) => {
  it.each(specs.map((s) => [s.kernel, s] as const))('%s equals the direct formula, with zero columns of B dropped', async (_name, spec) => {
    if (kernels) await init();
    const cols = 7, B = data(13, cols, 1, [2, 5]), A = data(5, cols, 2, []);
    const ev = new KernelEvaluator(spec, B, 13, cols);
    const out = new Float64Array(3 * 13);
    ev.compute(A, 1, 3, rowSquaredNorms(A, 5, cols), out);
    ev.dispose();
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 13; c++) {
        expect(out[r * 13 + c]).toBeCloseTo(direct(spec, A.subarray((r + 1) * cols, (r + 2) * cols), B.subarray(c * cols, (c + 1) * cols)), 12);
      }
    }
  });
});

describe('KernelCache', () => {
  it('keeps within its byte budget (LRU), recomputes evicted rows identically, computes blocks ahead', () => {
    const spec = specs[2]!, cols = 4, n = 20, X = data(n, cols, 3, []);
    const norms = rowSquaredNorms(X, n, cols);
    const source = { data: X, norms, cols, groups: [new KernelEvaluator(spec, X, n, cols)] };
    const cache = new KernelCache(source, 3 * n * 4, 4);
    const first = cache.segment(0, 0).slice();
    for (let s = 1; s < 6; s++) cache.segment(s, 0);
    expect(cache.has(0, 0)).toBe(false);
    expect(Array.from(cache.segment(0, 0))).toEqual(Array.from(first));
    const before = cache.computedRows;
    cache.segment(10, 0, () => [11, 12, 13, 14]);
    expect(cache.computedRows - before).toBe(4);
    expect(cache.has(11, 0) && cache.has(13, 0)).toBe(true);
    expect(cache.has(14, 0)).toBe(false);
    const again = cache.computedRows;
    cache.segment(12, 0);
    expect(cache.computedRows).toBe(again);
  });
});
