// Plain-TypeScript reference of assembly/softmax.ts and softmax-f64.ts: float64 maths,
// max-subtracted, naive loops, one formula for both dtypes.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type SoftmaxKernels = Pick<KernelExports, `${'softmax' | 'softmax_backward' | 'softmax_cross_entropy'}_${'f32' | 'f64'}`>;
type View = Float32Array | Float64Array;
type ViewOf = (ptr: number, n: number) => View;

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

function softmaxInto(view: ViewOf, rows: number, cols: number, x: number, y: number, log: number): void {
  const xs = view(x, rows * cols).slice(), ys = view(y, rows * cols);
  for (let r = 0; r < rows; r++) {
    const lp = logSoftmaxRow(xs.subarray(r * cols, (r + 1) * cols));
    for (let c = 0; c < cols; c++) ys[r * cols + c] = log ? lp[c]! : Math.exp(lp[c]!);
  }
}

function softmaxBackwardInto(view: ViewOf, rows: number, cols: number, y: number, dy: number, dx: number, log: number): void {
  const ys = view(y, rows * cols).slice(), gs = view(dy, rows * cols).slice();
  const out = view(dx, rows * cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let s = 0;
    for (let c = 0; c < cols; c++) s += log ? gs[o + c]! : gs[o + c]! * ys[o + c]!;
    for (let c = 0; c < cols; c++) {
      out[o + c] = log ? gs[o + c]! - Math.exp(ys[o + c]!) * s : ys[o + c]! * (gs[o + c]! - s);
    }
  }
}

function crossEntropyInto(view: ViewOf, heap: Heap, rows: number, cols: number, logits: number, labels: number, weights: number,
  e: number, ignoreIndex: number, losses: number, grad: number): void {
  const zs = view(logits, rows * cols), ls = heap.i32(labels, rows);
  const ws = weights === 0 ? new Float64Array(cols).fill(1) : view(weights, cols);
  const out = view(losses, rows), gs = view(grad, rows * cols);
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
}

export function softmaxReference(heap: Heap): SoftmaxKernels {
  const f32: ViewOf = (p, n) => heap.f32(p, n), f64: ViewOf = (p, n) => heap.f64(p, n);
  return {
    softmax_f32: (...args) => softmaxInto(f32, ...args),
    softmax_f64: (...args) => softmaxInto(f64, ...args),
    softmax_backward_f32: (...args) => softmaxBackwardInto(f32, ...args),
    softmax_backward_f64: (...args) => softmaxBackwardInto(f64, ...args),
    softmax_cross_entropy_f32: (rows, cols, logits, labels, weights, smoothing, ignoreIndex, losses, grad) =>
      crossEntropyInto(f32, heap, rows, cols, logits, labels, weights, Math.fround(smoothing), ignoreIndex, losses, grad),
    softmax_cross_entropy_f64: (...args) => crossEntropyInto(f64, heap, ...args),
  };
}
