// Plain-TypeScript reference of assembly/csr-f64.ts: sequential float64 sums over the stored values
// of each row; a column index outside [0, d) returns 1 with out untouched.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

export function csrReference(heap: Heap): Pick<KernelExports, 'csr_matmul_f64'> {
  return {
    csr_matmul_f64: (transpose, m, d, k, indptr, indices, values, b, out) => {
      const ptr = new Int32Array(heap.memory.buffer, indptr, m + 1), nnz = ptr[m]!;
      const cols = new Int32Array(heap.memory.buffer, indices, nnz), vals = new Float64Array(heap.memory.buffer, values, nnz);
      if (cols.some((j) => j < 0 || j >= d)) return 1;
      const f = new Float64Array(heap.memory.buffer), B = b / 8, O = out / 8;
      f.fill(0, O, O + (transpose ? d : m) * k);
      for (let i = 0; i < m; i++) {
        for (let p = ptr[i]!; p < ptr[i + 1]!; p++) {
          const j = cols[p]!, v = vals[p]!;
          for (let c = 0; c < k; c++) {
            if (transpose) f[O + j * k + c]! += v * f[B + i * k + c]!;
            else f[O + i * k + c]! += v * f[B + j * k + c]!;
          }
        }
      }
      return 0;
    },
  };
}
