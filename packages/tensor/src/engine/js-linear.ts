// TypeScript GEMM for the float64 path: C[b] = op(A[b]) op(B[b]) (+ bias), row-major.
import type { Floats } from './js-elementwise.ts';

export interface JsGemm {
  batch: number; m: number; n: number; k: number;
  a: Floats; strideA: number; transA: boolean;
  b: Floats; strideB: number; transB: boolean;
  c: Floats; accumulate?: boolean;
}

export function gemmJs(p: JsGemm): void {
  const { m, n, k, a, b, c } = p;
  for (let q = 0; q < p.batch; q++) {
    const oa = q * p.strideA, ob = q * p.strideB, oc = q * m * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let t = 0; t < k; t++) {
          const av = p.transA ? a[oa + t * m + i]! : a[oa + i * k + t]!;
          const bv = p.transB ? b[ob + j * k + t]! : b[ob + t * n + j]!;
          s += av * bv;
        }
        c[oc + i * n + j] = p.accumulate ? c[oc + i * n + j]! + s : s;
      }
    }
  }
}
