// Checked wrappers of assembly/swiglu.ts: y = silu(a) * b over [rows, cols] with row strides.
import type { Backend } from '../backend.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { checkCount, checkData, freeOnFailure, outputData } from './checks.ts';
import type { FloatDType } from './dtype.ts';

export interface SwigluParams {
  rows: number;
  cols: number;
  a: number;
  b: number;
  /** Row strides of a and b in elements (>= cols); default cols. Halves of one [rows, 2 cols] block: 2 cols. */
  lda?: number;
  ldb?: number;
  dtype?: FloatDType;
}

function resolve(backend: Backend, p: SwigluParams, what: string): { bytes: 4 | 8; lda: number; ldb: number; n: number } {
  if (typeof p !== 'object' || p === null) throw new ArgumentError(`${what}: params must be an object`);
  checkCount(p.rows, `${what}: rows`);
  checkCount(p.cols, `${what}: cols`);
  const lda = p.lda ?? p.cols, ldb = p.ldb ?? p.cols;
  checkCount(lda, `${what}: lda`);
  checkCount(ldb, `${what}: ldb`);
  if (lda < p.cols || ldb < p.cols) throw new ShapeError(`${what}: lda (${lda}) and ldb (${ldb}) must be >= cols (${p.cols})`);
  const dtype = p.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') throw new ArgumentError(`${what}: dtype must be float32 or float64, got ${String(dtype)}`);
  const bytes = dtype === 'float64' ? 8 : 4;
  const n = p.rows * p.cols;
  checkCount(n, `${what}: rows * cols`);
  const span = (ld: number) => (n === 0 ? 0 : (p.rows - 1) * ld + p.cols);
  checkData(backend, p.a, span(lda), bytes, `${what}: a`);
  checkData(backend, p.b, span(ldb), bytes, `${what}: b`);
  return { bytes, lda, ldb, n };
}

/** y [rows, cols] = silu(a) * b. */
export function swiglu(backend: Backend, p: SwigluParams): number {
  const what = 'swiglu';
  const { bytes, lda, ldb, n } = resolve(backend, p, what);
  const y = outputData(backend, n, bytes, undefined, `${what}: y`);
  if (n > 0) {
    freeOnFailure(backend, [[y, undefined]], () => {
      if (bytes === 8) backend.kernels.swiglu_f64(p.rows, p.cols, p.a, lda, p.b, ldb, y);
      else backend.kernels.swiglu_f32(p.rows, p.cols, p.a, lda, p.b, ldb, y);
    });
  }
  return y;
}

/**
 * Writes the gradients of swiglu into da and db (caller-allocated, with the strides of a and b:
 * they may be the two halves of one gradient block) given dy [rows, cols].
 */
export function swigluBackward(backend: Backend, p: SwigluParams, dy: number, da: number, db: number): void {
  const what = 'swigluBackward';
  const { bytes, lda, ldb, n } = resolve(backend, p, what);
  checkData(backend, dy, n, bytes, `${what}: dy`);
  const span = (ld: number) => (n === 0 ? 0 : (p.rows - 1) * ld + p.cols);
  checkData(backend, da, span(lda), bytes, `${what}: da`);
  checkData(backend, db, span(ldb), bytes, `${what}: db`);
  if (n === 0) return;
  if (bytes === 8) backend.kernels.swiglu_backward_f64(p.rows, p.cols, p.a, lda, p.b, ldb, dy, da, db);
  else backend.kernels.swiglu_backward_f32(p.rows, p.cols, p.a, lda, p.b, ldb, dy, da, db);
}
