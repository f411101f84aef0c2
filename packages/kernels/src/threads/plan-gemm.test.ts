import { describe, expect, it } from 'vitest';
import { type GemmCall, planGemm } from './plan-gemm.ts';

// [batch, transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, bias, act, slope]
function call(batch: number, m: number, n: number, k: number, transA = 0, transB = 0): GemmCall {
  const lda = transA ? m + 1 : k + 2, ldb = transB ? k + 3 : n + 4, ldc = n + 5;
  return [batch, transA, transB, m, n, k, 1, 1000, lda, 7000, 100000, ldb, 9000, 0, 500000, ldc, 11000, 900000, -1, 0.01];
}

describe('planGemm', () => {
  it('keeps small products and single-unit dimensions on one thread', () => {
    expect(planGemm(call(1, 64, 64, 64), 2, 2 ** 20)).toBeUndefined();
    expect(planGemm(call(1, 64, 64, 64), 1, 1)).toBeUndefined();
    expect(planGemm(call(1, 5, 8, 1000), 2, 1)).toBeUndefined(); // 8 columns, 5 rows: one unit each
  });

  it('splits columns (n >= m) on 8-column boundaries, offsetting B, C and bias', () => {
    for (const transB of [0, 1]) {
      const base = call(1, 10, 37, 5, 0, transB);
      const parts = planGemm(base, 2, 1)!;
      expect(parts.map((p) => p[4])).toEqual([24, 13]);
      const [, second] = parts as [GemmCall, GemmCall];
      expect(second[10]).toBe(100000 + (transB ? 24 * base[11] : 24) * 4);
      expect(second[14]).toBe(500000 + 24 * 4);
      expect(second[17]).toBe(900000 + 24 * 4);
      expect(second[7]).toBe(base[7]);
    }
  });

  it('splits rows (m > n) on 12-row boundaries, offsetting A and C', () => {
    for (const transA of [0, 1]) {
      const base = call(1, 50, 9, 5, transA, 0);
      const parts = planGemm(base, 3, 1)!;
      expect(parts.map((p) => p[3])).toEqual([24, 24, 2]);
      const third = parts[2]!;
      expect(third[7]).toBe(1000 + (transA ? 48 : 48 * base[8]) * 4);
      expect(third[14]).toBe(500000 + 48 * base[15] * 4);
      expect(third[17]).toBe(900000);
    }
  });

  it('splits whole problems of a batch when there are enough, keeping broadcast operands', () => {
    const base = call(5, 40, 40, 40);
    base[9] = 0; // broadcast A
    const parts = planGemm(base, 2, 1)!;
    expect(parts.map((p) => p[0])).toEqual([3, 2]);
    expect(parts[1]![7]).toBe(1000);
    expect(parts[1]![10]).toBe(100000 + 3 * 9000 * 4);
    expect(parts[1]![14]).toBe(500000 + 3 * 11000 * 4);
    // 3 problems on 2 threads: split inside each problem instead (batch stays 3).
    expect(planGemm(call(3, 40, 40, 40), 2, 1)!.map((p) => p[0])).toEqual([3, 3]);
  });
});
