// Plain-TypeScript reference of assembly/linalg-scatter.ts: column means in float64, then every
// entry of C = (X - mean)^T (X - mean) as one float64 sum over the rows (the full matrix, no
// triangle or blocks), rounded to the element type at the store.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';
import type { FloatView } from './gemm.ts';

type ScatterKernels = Pick<KernelExports, 'scatter_f32' | 'scatter_f64'>;

function scatterInto(f: FloatView, n: number, d: number, x: number, ldx: number, mean: number, c: number): void {
  const size = f.BYTES_PER_ELEMENT, X = x / size, M = mean / size, C = c / size;
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += f[X + i * ldx + j]!;
    f[M + j] = s / n;
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (f[X + i * ldx + a]! - f[M + a]!) * (f[X + i * ldx + b]! - f[M + b]!);
      f[C + a * d + b] = s;
      f[C + b * d + a] = s;
    }
  }
}

export function linalgScatterReference(heap: Heap): ScatterKernels {
  return {
    scatter_f32: (n, d, x, ldx, mean, c) => scatterInto(new Float32Array(heap.memory.buffer), n, d, x, ldx, mean, c),
    scatter_f64: (n, d, x, ldx, mean, c) => scatterInto(new Float64Array(heap.memory.buffer), n, d, x, ldx, mean, c),
  };
}
