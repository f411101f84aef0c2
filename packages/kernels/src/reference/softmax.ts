// Plain-TypeScript reference of assembly/softmax.ts: float64 maths, max-subtracted, naive loops.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type SoftmaxKernels = Pick<KernelExports, 'softmax_f32' | 'softmax_backward_f32' | 'softmax_cross_entropy_f32'>;

/** log-softmax of one row in float64 (NaN anywhere gives a NaN row). */
export function logSoftmaxRow(z: ArrayLike<number>): number[] {
  let m = -Infinity;
  for (let i = 0; i < z.length; i++) {
    if (Number.isNaN(z[i]!)) return Array.from(z, () => NaN);
    if (z[i]! > m) m = z[i]!;
  }
  let s = 0;
  for (let i = 0; i < z.length; i++) s += Math.exp(z[i]! - m);
  const ls = Math.log(s);
  return Array.from(z, (v) => v - m - ls);
}

export function softmaxReference(heap: Heap): SoftmaxKernels {
  return {
    softmax_f32(rows, cols, x, y, log) {
      const xs = heap.f32(x, rows * cols).slice(), ys = heap.f32(y, rows * cols);
      for (let r = 0; r < rows; r++) {
        const lp = logSoftmaxRow(xs.subarray(r * cols, (r + 1) * cols));
        for (let c = 0; c < cols; c++) ys[r * cols + c] = log ? lp[c]! : Math.exp(lp[c]!);
      }
    },
    softmax_backward_f32(rows, cols, y, dy, dx, log) {
      const ys = heap.f32(y, rows * cols).slice(), gs = heap.f32(dy, rows * cols).slice();
      const out = heap.f32(dx, rows * cols);
      for (let r = 0; r < rows; r++) {
        const o = r * cols;
        let s = 0;
        for (let c = 0; c < cols; c++) s += log ? gs[o + c]! : gs[o + c]! * ys[o + c]!;
        for (let c = 0; c < cols; c++) {
          out[o + c] = log ? gs[o + c]! - Math.exp(ys[o + c]!) * s : ys[o + c]! * (gs[o + c]! - s);
        }
      }
    },
    softmax_cross_entropy_f32(rows, cols, logits, labels, weights, smoothing, ignoreIndex, losses, grad) {
      const zs = heap.f32(logits, rows * cols), ls = heap.i32(labels, rows);
      const ws = weights === 0 ? new Float32Array(cols).fill(1) : heap.f32(weights, cols);
      const out = heap.f32(losses, rows), gs = heap.f32(grad, rows * cols);
      const e = Math.fround(smoothing);
      let wsum = 0;
      for (let c = 0; c < cols; c++) wsum += ws[c]!;
      for (let r = 0; r < rows; r++) {
        const o = r * cols;
        const label = ls[r]!;
        if (label === ignoreIndex) {
          out[r] = 0;
          gs.fill(0, o, o + cols);
          continue;
        }
        const lp = logSoftmaxRow(zs.subarray(o, o + cols));
        const wy = ws[label]!;
        let loss = -(1 - e) * wy * lp[label]!;
        for (let c = 0; c < cols; c++) loss -= (e / cols) * ws[c]! * lp[c]!;
        out[r] = loss;
        const a = (1 - e) * wy + (e / cols) * wsum;
        for (let c = 0; c < cols; c++) {
          gs[o + c] = Math.exp(lp[c]!) * a - (e / cols) * ws[c]! - (c === label ? (1 - e) * wy : 0);
        }
      }
    },
  };
}
