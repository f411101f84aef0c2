import { beforeAll, describe, expect, it } from 'vitest';
import {
  cholesky, correlation, covariance, determinant, eigh, init, inverse, LinalgError, lstsq, matmul, qr, randn, scope, solve, svd, tensor,
  transpose, type Tensor, mul, reshape, sub, eye, eighDense,
} from '../index.ts';
import { expectClose, expectNoLeak } from '../testing.ts';

beforeAll(async () => {
  await init();
});

const TOL = { atol: 1e-10, rtol: 1e-9 };
const rnd = (shape: number[], seed: number) => randn(shape, { seed, dtype: 'float64' });

describe('linalg', () => {
  it('small known results', () => {
    expectNoLeak(() => scope(() => {
      expectClose(cholesky([[4, 2], [2, 3]]), tensor([[2, 0], [1, Math.sqrt(2)]], undefined, { dtype: 'float64' }), TOL);
      expect(determinant([[1, 2], [3, 4]])).toBeCloseTo(-2, 12);
      expect(determinant([[1, 2], [2, 4]])).toBe(0);
      expectClose(inverse([[4, 7], [2, 6]]), tensor([[0.6, -0.7], [-0.2, 0.4]], undefined, { dtype: 'float64' }), TOL);
      expectClose(solve([[3, 1], [1, 2]], [9, 8]), tensor([2, 3], undefined, { dtype: 'float64' }), TOL);
      const e = eigh([[2, 1], [1, 2]]);
      expectClose(e.values, tensor([1, 3], undefined, { dtype: 'float64' }), TOL);
      expectClose(svd([[3, 0], [0, -4]]).s, tensor([4, 3], undefined, { dtype: 'float64' }), TOL);
      // Least squares line fit: y = 1 + 2x exactly.
      const fit = lstsq([[1, 0], [1, 1], [1, 2], [1, 3]], [1, 3, 5, 7]);
      expectClose(fit.solution, tensor([1, 2], undefined, { dtype: 'float64' }), TOL);
      expect(fit.rank).toBe(2);
    }));
  });

  it('errors: non-SPD Cholesky, singular solve, non-square', () => {
    expect(() => cholesky([[1, 2], [2, 1]])).toThrow(LinalgError);
    expect(() => solve([[1, 2], [2, 4]], [1, 2])).toThrow(/singular/);
    expect(() => inverse([[1, 2, 3]])).toThrow(/square/);
  });

  for (const [m, n] of [[5, 5], [7, 4], [4, 7], [1, 3], [6, 1]] as const) {
    it(`reconstruction identities on seeded random ${m}x${n} matrices`, () => {
      expectNoLeak(() => scope(() => {
        const a = rnd([m, n], m * 10 + n);
        const { q, r } = qr(a);
        expectClose(matmul(q, r), a, TOL);
        expectClose(matmul(transpose(q), q), eye(Math.min(m, n), Math.min(m, n), { dtype: 'float64' }), TOL);
        const rv = r.view();
        for (let i = 0; i < r.shape[0]!; i++) for (let j = 0; j < Math.min(i, n); j++) expect(Math.abs(rv[i * n + j]!)).toBeLessThan(1e-12);
        const { u, s, v } = svd(a);
        const us = mul(u, reshape(s, [1, -1]));
        expectClose(matmul(us, transpose(v)), a, TOL);
        expectClose(matmul(transpose(v), v), eye(Math.min(m, n), Math.min(m, n), { dtype: 'float64' }), TOL);
        const sv = Array.from(s.toArray());
        expect(sv).toEqual([...sv].sort((x, y) => y - x));
      }));
    });
  }

  it('symmetric eigendecomposition: A V = V diag(w), V orthogonal; Cholesky and inverse round-trip', () => {
    expectNoLeak(() => scope(() => {
      const b = rnd([6, 6], 3);
      const spd = matmul(b, transpose(b));
      const { values, vectors } = eigh(spd);
      expectClose(matmul(spd, vectors), mul(vectors, reshape(values, [1, -1])), { atol: 1e-9, rtol: 1e-9 });
      expectClose(matmul(transpose(vectors), vectors), eye(6, 6, { dtype: 'float64' }), TOL);
      const l = cholesky(spd);
      expectClose(matmul(l, transpose(l)), spd, TOL);
      expectClose(matmul(spd, inverse(spd)), eye(6, 6, { dtype: 'float64' }), { atol: 1e-9, rtol: 1e-9 });
      const x = rnd([6, 2], 4);
      expectClose(matmul(spd, solve(spd, matmul(spd, x))), matmul(spd, x), { atol: 1e-9, rtol: 1e-9 });
      const det = determinant(spd);
      const prod = Array.from(values.toArray()).reduce((p, w) => p * w, 1);
      expect(det / prod).toBeCloseTo(1, 9);
    }));
  });

  it('eighDense: Householder + QL and the Jacobi option agree (values, signed vectors) on a 50x50 matrix', () => {
    const n = 50, r = rnd([n, n], 9), data = new Float64Array(n * n);
    expectNoLeak(() => {
      const v = r.toArray();
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[i * n + j] = v[i * n + j]! + v[j * n + i]!;
    });
    r.dispose();
    const ql = eighDense({ rows: n, cols: n, data }), jacobi = eighDense({ rows: n, cols: n, data }, { maxSweeps: 100 });
    for (let i = 0; i < n; i++) expect(Math.abs(ql.values[i]! - jacobi.values[i]!)).toBeLessThan(1e-12);
    for (let i = 0; i < n * n; i++) expect(Math.abs(ql.vectors.data[i]! - jacobi.vectors.data[i]!)).toBeLessThan(1e-9);
  });

  it('lstsq matches the normal equations on a full-rank tall system and handles rank deficiency', () => {
    expectNoLeak(() => scope(() => {
      const a = rnd([8, 3], 5), b = rnd([8], 6);
      const x = lstsq(a, b).solution;
      const at = transpose(a);
      expectClose(x, solve(matmul(at, a), matmul(at, b)), { atol: 1e-9, rtol: 1e-9 });
      const deficient = tensor([[1, 2], [2, 4], [3, 6]], undefined, { dtype: 'float64' });
      const r = lstsq(deficient, [1, 2, 3]);
      expect(r.rank).toBe(1);
      expectClose(matmul(deficient, r.solution), tensor([1, 2, 3], undefined, { dtype: 'float64' }), { atol: 1e-9, rtol: 1e-9 });
    }));
  });
});

describe('statistics', () => {
  it('covariance and correlation match hand computations', () => {
    expectNoLeak(() => scope(() => {
      const x = [[1, 2], [2, 4], [3, 7]];
      // Column means 2 and 13/3; sample covariance.
      const c = covariance(x).toArray();
      expect(c[0]).toBeCloseTo(1, 12);
      expect(c[1]).toBeCloseTo(2.5, 12);
      expect(c[3]).toBeCloseTo(((2 - 13 / 3) ** 2 + (4 - 13 / 3) ** 2 + (7 - 13 / 3) ** 2) / 2, 12);
      const r = correlation(x).toArray();
      expect(r[0]).toBe(1);
      expect(r[1]).toBeCloseTo(c[1]! / Math.sqrt(c[0]! * c[3]!), 12);
      expect(covariance(x, 0).toArray()[0]).toBeCloseTo(2 / 3, 12);
    }));
  });

  it('the covariance of seeded data is symmetric positive semi-definite', () => {
    scope(() => {
      const data = rnd([50, 4], 8) as Tensor;
      const c = covariance(data);
      expectClose(c, transpose(c), { atol: 0, rtol: 0 });
      for (const w of eigh(c).values.toArray()) expect(w).toBeGreaterThan(-1e-12);
      const centered = sub(data, data); // zero matrix: correlation is NaN (undefined), covariance 0
      expectClose(covariance(centered), tensor([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], undefined, { dtype: 'float64' }), TOL);
    });
  });

  it('covariance across the kernel\'s panels and blocks (300 x 150, data at 1e4): two-pass sums, float32 input, the scatter with correction n - 1', () => {
    expectNoLeak(() => scope(() => {
      const n = 300, p = 150;
      const x = Float64Array.from(rnd([n, p], 12).toArray(), (v) => 1e4 + v);
      const mean = new Float64Array(p);
      for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] = mean[j]! + x[i * p + j]! / n;
      const want = new Float64Array(p * p);
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += (x[i * p + a]! - mean[a]!) * (x[i * p + b]! - mean[b]!);
        want[a * p + b] = s;
      }
      const t = tensor(x, [n, p], { dtype: 'float64' });
      expectClose(covariance(t, n - 1), tensor(want, [p, p], { dtype: 'float64' }), { atol: 1e-9, rtol: 1e-9 });
      expectClose(covariance(t), tensor(want.map((v) => v / (n - 1)), [p, p], { dtype: 'float64' }), { atol: 1e-11, rtol: 1e-9 });
      const small = tensor(x.slice(0, 20 * 3), [20, 3]);
      expectClose(covariance(small), covariance(tensor(Float64Array.from(small.toArray()), [20, 3], { dtype: 'float64' })), { atol: 0, rtol: 0 });
    }));
  });

  it('covariance of int32 data: the exact integer route (values up to 32767) and the float64 route past it agree with the float64 tensor', () => {
    expectNoLeak(() => scope(() => {
      for (const [n, p, top] of [[1, 1, 5], [7, 2, 255], [17, 17, 1000], [129, 7, 32767], [40, 3, 40000]] as const) {
        const ints = Int32Array.from(rnd([n, p], n + p).toArray(), (v) => Math.round(v * top) % (top + 1));
        const wantFrom = tensor(Float64Array.from(ints), [n, p], { dtype: 'float64' });
        for (const correction of [1, n - 1]) {
          const got = covariance(tensor(ints, [n, p], { dtype: 'int32' }), correction);
          expect(got.dtype).toBe('float64');
          expectClose(got, covariance(wantFrom, correction), { atol: 1e-12 * top * top, rtol: 1e-12 });
        }
      }
    }));
  });
});
