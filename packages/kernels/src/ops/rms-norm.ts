// Checked wrappers of assembly/rms-norm.ts: RMSNorm over the rows of [rows, cols].
import type { Backend } from '../backend.ts';
import { ArgumentError } from '../errors.ts';
import { checkCount, checkData, freeOnFailure, outputsF32 } from './checks.ts';
import type { FloatDType } from './dtype.ts';

export interface RmsNormOptions {
  /** Pointer to cols weights (of dtype); default none (w = 1). */
  weight?: number;
  /** Default 1e-6. */
  eps?: number;
  dtype?: FloatDType;
}

function resolve(backend: Backend, rows: number, cols: number, o: RmsNormOptions, what: string): { bytes: 4 | 8; n: number } {
  checkCount(rows, `${what}: rows`);
  checkCount(cols, `${what}: cols`);
  const n = rows * cols;
  checkCount(n, `${what}: rows * cols`);
  const dtype = o.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') throw new ArgumentError(`${what}: dtype must be float32 or float64, got ${String(dtype)}`);
  const bytes = dtype === 'float64' ? 8 : 4;
  if (o.weight !== undefined) checkData(backend, o.weight, cols, bytes, `${what}: weight`);
  return { bytes, n };
}

/** y = x / sqrt(mean(x^2) + eps) * weight per row; also the per-row rstd the backward needs. */
export function rmsNorm(backend: Backend, x: number, rows: number, cols: number, options: RmsNormOptions = {}): { y: number; rstd: number } {
  const what = 'rmsNorm';
  const { bytes, n } = resolve(backend, rows, cols, options, what);
  const eps = options.eps ?? 1e-6;
  if (typeof eps !== 'number' || !(eps >= 0) || !Number.isFinite(eps)) throw new ArgumentError(`${what}: eps must be a finite number >= 0, got ${String(eps)}`);
  checkData(backend, x, n, bytes, `${what}: x`);
  const [y, rstd] = outputsF32(backend, [[n, undefined, `${what}: y`, bytes], [rows, undefined, `${what}: rstd`, bytes]]) as [number, number];
  if (n > 0) {
    freeOnFailure(backend, [[y, undefined], [rstd, undefined]], () => {
      if (bytes === 8) backend.kernels.rms_norm_f64(rows, cols, x, options.weight ?? 0, eps, y, rstd);
      else backend.kernels.rms_norm_f32(rows, cols, x, options.weight ?? 0, eps, y, rstd);
    });
  }
  return { y, rstd };
}

/** dx and (with a weight) dweight of rmsNorm given dy, x and the forward's rstd. */
export function rmsNormBackward(
  backend: Backend, dy: number, x: number, rstd: number, rows: number, cols: number, options: RmsNormOptions = {},
): { dx: number; dweight: number | undefined } {
  const what = 'rmsNormBackward';
  const { bytes, n } = resolve(backend, rows, cols, options, what);
  checkData(backend, dy, n, bytes, `${what}: dy`);
  checkData(backend, x, n, bytes, `${what}: x`);
  checkData(backend, rstd, rows, bytes, `${what}: rstd`);
  const withWeight = options.weight !== undefined;
  const [dx, dw] = outputsF32(backend, [[n, undefined, `${what}: dx`, bytes], [withWeight ? cols : 0, undefined, `${what}: dweight`, bytes]]) as [number, number];
  freeOnFailure(backend, [[dx, undefined], [dw, undefined]], () => {
    if (n === 0) {
      if (withWeight && cols > 0) (bytes === 8 ? backend.heap.f64(dw, cols) : backend.heap.f32(dw, cols)).fill(0);
      return;
    }
    if (bytes === 8) backend.kernels.rms_norm_backward_f64(rows, cols, dy, x, options.weight ?? 0, rstd, dx, dw);
    else backend.kernels.rms_norm_backward_f32(rows, cols, dy, x, options.weight ?? 0, rstd, dx, dw);
  });
  if (!withWeight) {
    backend.heap.free(dw);
    return { dx, dweight: undefined };
  }
  return { dx, dweight: dw };
}
