import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, csrMatmul, DTypeError, init, matmul, scope, ShapeError, tensor, transpose } from '../index.ts';
import { expectClose, expectNoLeak } from '../testing.ts';

beforeAll(async () => {
  await init();
});

/** A seeded sparse matrix [m, d] (about a third stored) as dense values and CSR arrays. */
function sparse(m: number, d: number, seed: number): { dense: number[]; indptr: number[]; indices: number[]; values: number[] } {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = Math.imul(s ^ (s >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
  const dense = new Array<number>(m * d).fill(0), indptr = [0], indices: number[] = [], values: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < d; j++) {
      if (next() < 1 / 3) {
        const v = 2 * next() - 1;
        dense[i * d + j] = v;
        indices.push(j);
        values.push(v);
      }
    }
    indptr.push(indices.length);
  }
  return { dense, indptr, indices, values };
}

describe('csrMatmul', () => {
  it('equals the dense products A B and Aᵀ B at awkward sizes', () => {
    expectNoLeak(() => scope(() => {
      for (const [m, d, k] of [[1, 1, 1], [17, 9, 10], [5, 33, 3], [0, 4, 2], [6, 0, 3]] as const) {
        const a = sparse(m, d, m * 100 + d + k);
        const csr = [tensor(a.indptr, [m + 1], { dtype: 'int32' }), tensor(a.indices, [a.indices.length], { dtype: 'int32' }), tensor(a.values, [a.values.length], { dtype: 'float64' })] as const;
        const dense = tensor(a.dense, [m, d], { dtype: 'float64' });
        const b = tensor(Array.from({ length: d * k }, (_, i) => Math.sin(i)), [d, k], { dtype: 'float64' });
        const g = tensor(Array.from({ length: m * k }, (_, i) => Math.cos(i)), [m, k], { dtype: 'float64' });
        expectClose(csrMatmul(...csr, b, { cols: d }), matmul(dense, b), { atol: 1e-13, rtol: 1e-12 });
        expectClose(csrMatmul(...csr, g, { cols: d, transpose: true }), matmul(transpose(dense), g), { atol: 1e-13, rtol: 1e-12 });
      }
    }));
  });

  it('checks its arrays and options', () => {
    expectNoLeak(() => scope(() => {
      const indptr = tensor([0, 1, 2], [3], { dtype: 'int32' }), indices = tensor([0, 2], [2], { dtype: 'int32' }), values = tensor([1, 2], [2], { dtype: 'float64' });
      const b = tensor([1, 2, 3], [3, 1], { dtype: 'float64' });
      expect(Array.from(csrMatmul(indptr, indices, values, b, { cols: 3 }).toArray())).toEqual([1, 6]);
      expect(() => csrMatmul(indptr, indices, values, b, { cols: 2 })).toThrow(ShapeError);
      expect(() => csrMatmul(indptr, tensor([0, 3], [2], { dtype: 'int32' }), values, b, { cols: 3 })).toThrow(ArgumentError);
      expect(() => csrMatmul(tensor([0, 1, 1], [3], { dtype: 'int32' }), indices, values, b, { cols: 3 })).toThrow(ShapeError);
      expect(() => csrMatmul(tensor([0, 3, 2], [3], { dtype: 'int32' }), indices, values, b, { cols: 3 })).toThrow(ArgumentError);
      expect(() => csrMatmul(indptr, indices, tensor([1, 2], [2]), b, { cols: 3 })).toThrow(DTypeError);
      expect(() => csrMatmul(indptr, indices, values, b, undefined as never)).toThrow(ArgumentError);
    }));
  });
});
