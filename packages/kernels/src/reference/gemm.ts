// Plain-TypeScript reference of assembly/gemm.ts and gemm-f64.ts: naive loops, float64
// accumulation and epilogue, one rounding to the element type at the store. One formula for both
// dtypes; same pointer ABI; `work` is ignored.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';
import { unaryReference } from './elementwise.ts';

type GemmKernels = Pick<KernelExports, 'gemm_f32' | 'gemm_f64'>;
type GemmArgs = Parameters<KernelExports['gemm_f64']>;

/** The whole memory as elements of the dtype (a fresh view: memory may have grown). */
export type FloatView = Float32Array | Float64Array;

/** gemm over `view` (element pointers are byte pointers / BYTES_PER_ELEMENT); scalars already rounded. */
export function gemmInto(f: FloatView, ...[batch, transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, bias, act, slope]: GemmArgs): void {
  const size = f.BYTES_PER_ELEMENT;
  const A0 = a / size, B0 = b / size, C0 = c / size, bias0 = bias / size;
  for (let t = 0; t < batch; t++) {
    const At = A0 + t * strideA, Bt = B0 + t * strideB, Ct = C0 + t * strideC;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) {
          const av = f[At + (transA ? p * lda + i : i * lda + p)]!;
          const bv = f[Bt + (transB ? j * ldb + p : p * ldb + j)]!;
          sum += av * bv;
        }
        let v = alpha * sum;
        if (beta !== 0) v += beta * f[Ct + i * ldc + j]!;
        if (bias !== 0) v += f[bias0 + j]!;
        if (act >= 0) v = unaryReference(act, v, slope);
        f[Ct + i * ldc + j] = v;
      }
    }
  }
}

export function gemmReference(heap: Heap): GemmKernels {
  return {
    gemm_f32(batch, transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, bias, act, slope, work) {
      // The wasm ABI passes the scalars as f32.
      gemmInto(new Float32Array(heap.memory.buffer), batch, transA, transB, m, n, k, Math.fround(alpha), a, lda, strideA,
        b, ldb, strideB, Math.fround(beta), c, ldc, strideC, bias, act, Math.fround(slope), work);
    },
    gemm_f64(...args) {
      gemmInto(new Float64Array(heap.memory.buffer), ...args);
    },
  };
}
