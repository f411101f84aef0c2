// Plain-TypeScript reference of assembly/gemm.ts: naive loops, float64 accumulation and epilogue,
// one rounding to float32 at the store. Same pointer ABI; `work` is ignored.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';
import { unaryReference } from './elementwise.ts';

type GemmKernels = Pick<KernelExports, 'gemm_f32'>;

export function gemmReference(heap: Heap): GemmKernels {
  return {
    gemm_f32(batch, transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, bias, act, slope) {
      const f = heap.f32(0, heap.memory.buffer.byteLength >>> 2);
      // The wasm ABI passes the scalars as f32.
      const alpha32 = Math.fround(alpha), beta32 = Math.fround(beta), slope32 = Math.fround(slope);
      const A0 = a >>> 2, B0 = b >>> 2, C0 = c >>> 2, bias0 = bias >>> 2;
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
            let v = alpha32 * sum;
            if (beta32 !== 0) v += beta32 * f[Ct + i * ldc + j]!;
            if (bias !== 0) v += f[bias0 + j]!;
            if (act >= 0) v = unaryReference(act, v, slope32);
            f[Ct + i * ldc + j] = v;
          }
        }
      }
    },
  };
}
