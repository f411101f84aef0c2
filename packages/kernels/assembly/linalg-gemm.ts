// The GEMM updates of the blocked linear-algebra kernels: C = alpha op(A) op(B) + beta C on
// the packed float32 or float64 GEMM (gemm.ts, gemm-f64.ts), no bias or activation.
// `work` follows that GEMM's workspace contract for the largest update a kernel makes.
import { gemmOne } from './gemm';
import { setActivation } from './gemm-epilogue';
import { gemmOne64 } from './gemm-f64';
import { setActivation64 } from './gemm-f64-epilogue';

export function gemmT<T>(transA: bool, transB: bool, m: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32,
  b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize): void {
  if (m <= 0 || n <= 0 || k <= 0) return;
  if (sizeof<T>() == 8) {
    setActivation64(0, -1, 0);
    gemmOne64(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work, false);
  } else {
    setActivation(0, -1, 0);
    gemmOne(transA, transB, m, n, k, <f32>alpha, a, lda, b, ldb, <f32>beta, c, ldc, work, false);
  }
}
