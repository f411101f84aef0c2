// The Matrix functions of dense.ts before init(): they run on a private reference backend (the
// plain-TypeScript kernels) and give what the wasm kernels give after init (linalg.test.ts).
import { describe, expect, it } from 'vitest';
import { choleskyDense, eighDense, isInitialized, LinalgError, matrix, multiply, qrDense, solveDense, svdDense } from '../index.ts';

describe('dense linear algebra before init()', () => {
  it('runs on the reference kernels', () => {
    expect(isInitialized()).toBe(false);
    const a = matrix(3, 3, [4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]);
    const l = choleskyDense(a);
    const llt = multiply(l, { rows: 3, cols: 3, data: Float64Array.from({ length: 9 }, (_, i) => l.data[(i % 3) * 3 + Math.floor(i / 3)]!) });
    for (let i = 0; i < 9; i++) expect(llt.data[i]).toBeCloseTo(a.data[i]!, 12);
    expect(() => choleskyDense(matrix(2, 2, [1, 2, 2, 1]))).toThrow(LinalgError);
    const x = solveDense(a, matrix(3, 1, [1, 2, 3]));
    const ax = multiply(a, x);
    [1, 2, 3].forEach((v, i) => expect(ax.data[i]).toBeCloseTo(v, 12));
    const { q, r } = qrDense(a);
    const qr = multiply(q, r);
    for (let i = 0; i < 9; i++) expect(qr.data[i]).toBeCloseTo(a.data[i]!, 12);
    const w = eighDense(a).values;
    expect(w[0]).toBeLessThan(w[1]!);
    expect(svdDense(a).s[0]).toBeCloseTo(w[2]!, 12); // SPD: singular values are the eigenvalues
    expect(isInitialized()).toBe(false);
  });
});
