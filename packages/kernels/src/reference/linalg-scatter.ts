// Plain-TypeScript reference of assembly/linalg-scatter.ts: column means in float64, then every
// entry of C = (X - mean)^T (X - mean) as one float64 sum over the rows (the full matrix, no
// triangle or blocks), rounded to the element type at the store. scatter_i32: the same bounds as
// assembly/linalg-scatter-i32.ts (every |x| <= 32767 and (n max|x|)^2 < 2^53, else 1 and nothing
// written), then S = X^T X and the column sums s as exact sums, C = (n S - s s^T) / n.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';
import type { FloatView } from './gemm.ts';

type ScatterKernels = Pick<KernelExports, 'scatter_f32' | 'scatter_f64' | 'scatter_i32'>;

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

function scatterInt32(heap: Heap, n: number, d: number, x: number, ldx: number, mean: number, c: number): number {
  const v = new Int32Array(heap.memory.buffer), X = x / 4;
  let top = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) top = Math.max(top, Math.abs(v[X + i * ldx + j]!));
  if (top > 32767 || (n * top) ** 2 >= 2 ** 53) return 1;
  const f = new Float64Array(heap.memory.buffer), M = mean / 8, C = c / 8;
  const sums = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sums[j] += v[X + i * ldx + j]!;
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += v[X + i * ldx + a]! * v[X + i * ldx + b]!;
      f[C + a * d + b] = f[C + b * d + a] = (n * s - sums[a]! * sums[b]!) / n;
    }
  }
  for (let j = 0; j < d; j++) f[M + j] = sums[j]! / n;
  return 0;
}

export function linalgScatterReference(heap: Heap): ScatterKernels {
  return {
    scatter_f32: (n, d, x, ldx, mean, c) => scatterInto(new Float32Array(heap.memory.buffer), n, d, x, ldx, mean, c),
    scatter_f64: (n, d, x, ldx, mean, c) => scatterInto(new Float64Array(heap.memory.buffer), n, d, x, ldx, mean, c),
    scatter_i32: (n, d, x, ldx, mean, c) => scatterInt32(heap, n, d, x, ldx, mean, c),
  };
}
