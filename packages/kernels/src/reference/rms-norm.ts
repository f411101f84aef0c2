// Plain-TypeScript reference of assembly/rms-norm.ts: float64 sums, naive loops.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type RmsNormKernels = Pick<KernelExports, 'rms_norm_f32' | 'rms_norm_f64' | 'rms_norm_backward_f32' | 'rms_norm_backward_f64'>;
type ViewOf = (p: number, n: number) => Float32Array | Float64Array;

function forward(view: ViewOf, rows: number, cols: number, x: number, weight: number, eps: number, y: number, rstd: number): void {
  const xs = view(x, rows * cols).slice(), ws = weight === 0 ? null : view(weight, cols).slice();
  const ys = view(y, rows * cols), rs = view(rstd, rows);
  for (let r = 0; r < rows; r++) {
    let ss = 0;
    for (let c = 0; c < cols; c++) ss += xs[r * cols + c]! ** 2;
    const inv = 1 / Math.sqrt(ss / cols + eps);
    rs[r] = inv;
    for (let c = 0; c < cols; c++) ys[r * cols + c] = xs[r * cols + c]! * inv * (ws?.[c] ?? 1);
  }
}

function backward(view: ViewOf, rows: number, cols: number, dy: number, x: number, weight: number, rstd: number, dx: number, dw: number): void {
  const xs = view(x, rows * cols).slice(), gs = view(dy, rows * cols).slice(), rs = view(rstd, rows).slice();
  const ws = weight === 0 ? null : view(weight, cols).slice();
  const dxs = view(dx, rows * cols), dws = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const inv = rs[r]!;
    let dot = 0;
    for (let c = 0; c < cols; c++) dot += gs[r * cols + c]! * (ws?.[c] ?? 1) * xs[r * cols + c]!;
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      dxs[i] = inv * (gs[i]! * (ws?.[c] ?? 1) - (xs[i]! * inv * inv * dot) / cols);
      dws[c]! += gs[i]! * xs[i]! * inv;
    }
  }
  if (weight !== 0) view(dw, cols).set(dws);
}

export function rmsNormReference(heap: Heap): RmsNormKernels {
  const f32: ViewOf = (p, n) => heap.f32(p, n), f64: ViewOf = (p, n) => heap.f64(p, n);
  return {
    rms_norm_f32: (rows, cols, x, w, eps, y, rstd) => forward(f32, rows, cols, x, w, Math.fround(eps), y, rstd),
    rms_norm_f64: (rows, cols, x, w, eps, y, rstd) => forward(f64, rows, cols, x, w, eps, y, rstd),
    rms_norm_backward_f32: (rows, cols, dy, x, w, rstd, dx, dw) => backward(f32, rows, cols, dy, x, w, rstd, dx, dw),
    rms_norm_backward_f64: (rows, cols, dy, x, w, rstd, dx, dw) => backward(f64, rows, cols, dy, x, w, rstd, dx, dw),
  };
}
