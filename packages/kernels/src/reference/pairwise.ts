// Plain-TypeScript reference of assembly/pairwise.ts: the direct form sum_q (x_iq - y_jq)^2 in
// float64 (no cancellation), rounded once to the element type.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';
import type { FloatView } from './gemm.ts';

type PairwiseKernels = Pick<KernelExports, 'pairwise_sqdist_f32' | 'pairwise_sqdist_f64'>;
type PairwiseArgs = Parameters<KernelExports['pairwise_sqdist_f64']>;

function pairwiseInto(f: FloatView, ...[m, n, d, x, ldx, y, ldy, out, ldo]: PairwiseArgs): void {
  const size = f.BYTES_PER_ELEMENT;
  const X = x / size, Y = y / size, O = out / size;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < d; q++) {
        const t = f[X + i * ldx + q]! - f[Y + j * ldy + q]!;
        s += t * t;
      }
      f[O + i * ldo + j] = s;
    }
  }
}

export function pairwiseReference(heap: Heap): PairwiseKernels {
  return {
    pairwise_sqdist_f32: (...args) => pairwiseInto(new Float32Array(heap.memory.buffer), ...args),
    pairwise_sqdist_f64: (...args) => pairwiseInto(new Float64Array(heap.memory.buffer), ...args),
  };
}
