// Checked wrapper of assembly/rope.ts: rotary position embedding over x [outer, T, inner, D].
import type { Backend } from '../backend.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { checkCount, checkData, checkInt32, freeOnFailure, outputData } from './checks.ts';
import type { FloatDType } from './dtype.ts';

export interface RopeParams {
  /** Rows before the time axis (B * H for [B, H, T, D]; B for [B, T, H, D]). */
  outer: number;
  /** Positions (time steps). */
  length: number;
  /** Rows between the time axis and the features (1 for [B, H, T, D]; H for [B, T, H, D]). */
  inner: number;
  /** Features per row D. */
  dim: number;
  /** Rotated features R (even, <= dim; the rest pass through); default dim. */
  rotaryDim?: number;
  /** 'interleaved' pairs (2i, 2i+1) (Meta llama, llama2.c) or 'rotate-half' pairs (i, i + R/2) (Hugging Face). */
  layout: 'interleaved' | 'rotate-half';
  /** Frequency base (default 10000): angle = pos * base^(-2i / R). */
  base?: number;
  /** Position of time step 0 (a cache's length); default 0. */
  positionOffset?: number;
  /** Rotate by -angle: the backward (the transpose of a rotation). */
  inverse?: boolean;
  dtype?: FloatDType;
  /** Write here (may equal x). */
  out?: number;
}

/** y = RoPE(x) (see assembly/rope.ts); returns y. */
export function rope(backend: Backend, x: number, p: RopeParams): number {
  const what = 'rope';
  if (typeof p !== 'object' || p === null) throw new ArgumentError(`${what}: params must be an object`);
  checkCount(p.outer, `${what}: outer`);
  checkCount(p.length, `${what}: length`);
  checkCount(p.inner, `${what}: inner`);
  checkCount(p.dim, `${what}: dim`);
  const r = p.rotaryDim ?? p.dim;
  checkCount(r, `${what}: rotaryDim`);
  if (r % 2 !== 0 || r > p.dim) throw new ShapeError(`${what}: rotaryDim must be even and <= dim (${p.dim}), got ${r}`);
  if (p.layout !== 'interleaved' && p.layout !== 'rotate-half') throw new ArgumentError(`${what}: layout must be 'interleaved' or 'rotate-half', got ${String(p.layout)}`);
  const base = p.base ?? 10000;
  if (typeof base !== 'number' || !(base > 0) || !Number.isFinite(base)) throw new ArgumentError(`${what}: base must be a positive finite number, got ${String(base)}`);
  const offset = p.positionOffset ?? 0;
  checkInt32(offset, `${what}: positionOffset`);
  const dtype = p.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') throw new ArgumentError(`${what}: dtype must be float32 or float64, got ${String(dtype)}`);
  const bytes = dtype === 'float64' ? 8 : 4;
  const n = p.outer * p.length * p.inner * p.dim;
  checkCount(n, `${what}: element count`);
  checkData(backend, x, n, bytes, `${what}: x`);
  const y = outputData(backend, n, bytes, p.out, `${what}: out`);
  if (n === 0) return y;
  freeOnFailure(backend, [[y, p.out]], () => {
    const work = backend.heap.alloc(Math.max(r, 1) * bytes);
    try {
      const args = [x, y, p.outer, p.length, p.inner, p.dim, r, p.layout === 'interleaved' ? 1 : 0, base, offset, p.inverse === true ? 1 : 0, work] as const;
      if (bytes === 8) backend.kernels.rope_f64(...args);
      else backend.kernels.rope_f32(...args);
    } finally {
      backend.heap.free(work);
    }
  });
  return y;
}
