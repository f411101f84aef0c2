// Checked wrappers of assembly/norm.ts: layer, batch (channels last) and group normalization,
// forward and backward. Statistics are two-pass with f64 accumulation; variances are biased (as
// PyTorch normalizes); rstd = 1 / sqrt(var + eps). gamma and beta are optional (1 and 0).
import type { Backend } from '../backend.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { checkCount, checkF32, outputF32, outputsF32 } from './checks.ts';

export interface AffineOptions {
  /** Pointer to the per-feature scale (f32[cols] or f32[C]); default 1. */
  gamma?: number;
  /** Pointer to the per-feature shift; default 0. */
  beta?: number;
  /** Added to the variance before the square root; default 1e-5. */
  eps?: number;
  /** Write y here. layerNorm and groupNorm allow out = x (in place); batchNormTrain does not. */
  out?: number;
}

export interface NormForward {
  y: number;
  /** Per-group mean (f32). */
  mean: number;
  /** Per-group 1 / sqrt(var + eps) (f32). */
  rstd: number;
}

export interface NormBackward {
  dx: number;
  /** Gradient of gamma: sum of dy * xhat per feature (written, not accumulated). */
  dgamma: number;
  /** Gradient of beta: sum of dy per feature. */
  dbeta: number;
}

function sizes(what: string, dims: Record<string, number>): number {
  let n = 1;
  for (const [name, d] of Object.entries(dims)) {
    checkCount(d, `${what}: ${name}`);
    n *= d;
  }
  checkCount(n, `${what}: element count`);
  return n;
}

function eps(what: string, value: number | undefined): number {
  const e = value ?? 1e-5;
  if (!(e >= 0) || !Number.isFinite(e)) throw new ArgumentError(`${what}: eps must be a finite number >= 0, got ${e}`);
  return e;
}

function affine(backend: Backend, what: string, o: { gamma?: number; beta?: number }, features: number): [number, number] {
  if (o.gamma !== undefined) checkF32(backend, o.gamma, features, `${what}: gamma`);
  if (o.beta !== undefined) checkF32(backend, o.beta, features, `${what}: beta`);
  return [o.gamma ?? 0, o.beta ?? 0];
}

/**
 * Runs `call` with a scratch block of `f64s` float64 values (the backward kernels' f64 sums), then
 * frees it; if the scratch cannot be had, the wrapper's own outputs `owned` are freed too.
 */
function withWork(backend: Backend, f64s: number, owned: number[], call: (work: number) => void): void {
  let work: number;
  try {
    work = backend.heap.alloc(f64s * 8);
  } catch (error) {
    owned.forEach((ptr) => backend.heap.free(ptr));
    throw error;
  }
  try {
    call(work);
  } finally {
    backend.heap.free(work);
  }
}

/** The forward's outputs: y (or the caller's `out`) and two fresh statistics blocks of `stats` f32. */
function forwardOutputs(backend: Backend, what: string, n: number, out: number | undefined, stats: number): [number, number, number] {
  return outputsF32(backend, [[n, out, `${what}: out`], [stats, undefined, `${what}: mean`], [stats, undefined, `${what}: rstd`]]) as [number, number, number];
}

/** The backward's fresh outputs: dx (`n` f32), dgamma and dbeta (`features` f32 each). */
function backwardOutputs(backend: Backend, what: string, n: number, features: number): [number, number, number] {
  return outputsF32(backend, [[n, undefined, `${what}: dx`], [features, undefined, `${what}: dgamma`], [features, undefined, `${what}: dbeta`]]) as [number, number, number];
}

function filled(backend: Backend, ptr: number, n: number, value: number): number {
  if (n > 0) backend.heap.f32(ptr, n).fill(value);
  return ptr;
}

/** Layer norm over the last axis of x [rows, cols]: y = (x - mean) rstd gamma + beta; mean, rstd [rows]. */
export function layerNorm(backend: Backend, x: number, rows: number, cols: number, options: AffineOptions = {}): NormForward {
  const n = sizes('layerNorm', { rows, cols });
  checkF32(backend, x, n, 'layerNorm: x');
  const [gamma, beta] = affine(backend, 'layerNorm', options, cols);
  const e = eps('layerNorm', options.eps);
  const [y, mean, rstd] = forwardOutputs(backend, 'layerNorm', n, options.out, rows);
  if (n > 0) backend.kernels.layer_norm_f32(rows, cols, x, gamma, beta, e, y, mean, rstd);
  else { filled(backend, mean, rows, NaN); filled(backend, rstd, rows, NaN); }
  return { y, mean, rstd };
}

/** Layer norm backward from the forward's mean and rstd: dx [rows, cols], dgamma and dbeta [cols]. */
export function layerNormBackward(
  backend: Backend, dy: number, x: number, mean: number, rstd: number, rows: number, cols: number, options: { gamma?: number } = {},
): NormBackward {
  const n = sizes('layerNormBackward', { rows, cols });
  checkF32(backend, dy, n, 'layerNormBackward: dy');
  checkF32(backend, x, n, 'layerNormBackward: x');
  checkF32(backend, mean, rows, 'layerNormBackward: mean');
  checkF32(backend, rstd, rows, 'layerNormBackward: rstd');
  const [gamma] = affine(backend, 'layerNormBackward', options, cols);
  const [dx, dgamma, dbeta] = backwardOutputs(backend, 'layerNormBackward', n, cols);
  if (n > 0) withWork(backend, 2 * cols + 2, [dx, dgamma, dbeta], (work) => backend.kernels.layer_norm_backward_f32(rows, cols, dy, x, mean, rstd, gamma, dx, dgamma, dbeta, work));
  else { filled(backend, dgamma, cols, 0); filled(backend, dbeta, cols, 0); }
  return { dx, dgamma, dbeta };
}

export interface BatchNormTrainOptions extends AffineOptions {
  /** Running statistics (f32[C]) updated in place: r = (1 - momentum) r + momentum batch (unbiased variance). */
  runningMean?: number;
  runningVar?: number;
  /** Default 0.1 (PyTorch's). */
  momentum?: number;
}

/**
 * Batch norm training forward, channels last: x [rows = N*H*W, C]. Normalizes with the batch
 * mean and biased variance, returns them as mean / rstd [C] for the backward, and updates the
 * running statistics with the unbiased variance, as PyTorch. Needs rows >= 2.
 */
export function batchNormTrain(backend: Backend, x: number, rows: number, channels: number, options: BatchNormTrainOptions = {}): NormForward {
  const n = sizes('batchNormTrain', { rows, channels });
  if (rows < 2 && channels > 0) throw new ShapeError(`batchNormTrain: rows is ${rows}; training statistics need at least 2 values per channel`);
  checkF32(backend, x, n, 'batchNormTrain: x');
  const [gamma, beta] = affine(backend, 'batchNormTrain', options, channels);
  if (options.runningMean !== undefined) checkF32(backend, options.runningMean, channels, 'batchNormTrain: runningMean');
  if (options.runningVar !== undefined) checkF32(backend, options.runningVar, channels, 'batchNormTrain: runningVar');
  const momentum = options.momentum ?? 0.1;
  if (!(momentum >= 0 && momentum <= 1)) throw new ArgumentError(`batchNormTrain: momentum must be in [0, 1], got ${momentum}`);
  const e = eps('batchNormTrain', options.eps);
  if (options.out !== undefined && n > 0 && options.out < x + n * 4 && x < options.out + n * 4) {
    throw new ShapeError('batchNormTrain: out overlaps x; the kernel uses out as scratch before the last pass');
  }
  const [y, mean, rstd] = forwardOutputs(backend, 'batchNormTrain', n, options.out, channels);
  if (n > 0) {
    withWork(backend, channels, options.out === undefined ? [y, mean, rstd] : [mean, rstd], (work) =>
      backend.kernels.batch_norm_train_f32(rows, channels, x, gamma, beta, e, momentum, y, mean, rstd, options.runningMean ?? 0, options.runningVar ?? 0, work));
  }
  return { y, mean, rstd };
}

/** Batch norm inference: y = (x - runningMean) / sqrt(runningVar + eps) gamma + beta, x [rows, C]. */
export function batchNormInference(
  backend: Backend, x: number, rows: number, channels: number, runningMean: number, runningVar: number, options: AffineOptions = {},
): number {
  const n = sizes('batchNormInference', { rows, channels });
  checkF32(backend, x, n, 'batchNormInference: x');
  checkF32(backend, runningMean, channels, 'batchNormInference: runningMean');
  checkF32(backend, runningVar, channels, 'batchNormInference: runningVar');
  const [gamma, beta] = affine(backend, 'batchNormInference', options, channels);
  const e = eps('batchNormInference', options.eps);
  const y = outputF32(backend, n, options.out, 'batchNormInference: out');
  if (n > 0) backend.kernels.batch_norm_inference_f32(rows, channels, x, runningMean, runningVar, gamma, beta, e, y);
  return y;
}

/** Batch norm backward (training mode) from the forward's mean and rstd [C]. */
export function batchNormBackward(
  backend: Backend, dy: number, x: number, mean: number, rstd: number, rows: number, channels: number, options: { gamma?: number } = {},
): NormBackward {
  const n = sizes('batchNormBackward', { rows, channels });
  checkF32(backend, dy, n, 'batchNormBackward: dy');
  checkF32(backend, x, n, 'batchNormBackward: x');
  checkF32(backend, mean, channels, 'batchNormBackward: mean');
  checkF32(backend, rstd, channels, 'batchNormBackward: rstd');
  const [gamma] = affine(backend, 'batchNormBackward', options, channels);
  const [dx, dgamma, dbeta] = backwardOutputs(backend, 'batchNormBackward', n, channels);
  if (n > 0) withWork(backend, 2 * channels, [dx, dgamma, dbeta], (work) => backend.kernels.batch_norm_backward_f32(rows, channels, dy, x, mean, rstd, gamma, dx, dgamma, dbeta, work));
  else { filled(backend, dgamma, channels, 0); filled(backend, dbeta, channels, 0); }
  return { dx, dgamma, dbeta };
}

function groupShape(what: string, shape: readonly [number, number, number], groups: number): number {
  if (!Array.isArray(shape) || shape.length !== 3) throw new ShapeError(`${what}: shape must be [N, HW, C], got ${JSON.stringify(shape)}`);
  const [n, hw, c] = shape;
  const total = sizes(what, { N: n, HW: hw, C: c });
  checkCount(groups, `${what}: groups`);
  checkCount(n * groups, `${what}: N * groups`);
  if (groups < 1 || c % groups !== 0) {
    throw new ShapeError(`${what}: groups must be a positive divisor of C = ${c}, got ${groups}`);
  }
  return total;
}

/** Group norm, channels last: x [N, HW, C] with `groups` groups of C / groups channels; mean, rstd [N, groups]. */
export function groupNorm(backend: Backend, x: number, shape: readonly [number, number, number], groups: number, options: AffineOptions = {}): NormForward {
  const total = groupShape('groupNorm', shape, groups);
  const [n, hw, c] = shape;
  checkF32(backend, x, total, 'groupNorm: x');
  const [gamma, beta] = affine(backend, 'groupNorm', options, c);
  const e = eps('groupNorm', options.eps);
  const [y, mean, rstd] = forwardOutputs(backend, 'groupNorm', total, options.out, n * groups);
  if (total > 0) backend.kernels.group_norm_f32(n, hw, c, groups, x, gamma, beta, e, y, mean, rstd);
  else { filled(backend, mean, n * groups, NaN); filled(backend, rstd, n * groups, NaN); }
  return { y, mean, rstd };
}

/** Group norm backward from the forward's mean and rstd [N, groups]: dx, dgamma and dbeta [C]. */
export function groupNormBackward(
  backend: Backend, dy: number, x: number, mean: number, rstd: number, shape: readonly [number, number, number], groups: number,
  options: { gamma?: number } = {},
): NormBackward {
  const total = groupShape('groupNormBackward', shape, groups);
  const [n, hw, c] = shape;
  checkF32(backend, dy, total, 'groupNormBackward: dy');
  checkF32(backend, x, total, 'groupNormBackward: x');
  checkF32(backend, mean, n * groups, 'groupNormBackward: mean');
  checkF32(backend, rstd, n * groups, 'groupNormBackward: rstd');
  const [gamma] = affine(backend, 'groupNormBackward', options, c);
  const [dx, dgamma, dbeta] = backwardOutputs(backend, 'groupNormBackward', total, c);
  if (total > 0) withWork(backend, 2 * c + 2 * groups, [dx, dgamma, dbeta], (work) => backend.kernels.group_norm_backward_f32(n, hw, c, groups, dy, x, mean, rstd, gamma, dx, dgamma, dbeta, work));
  else { filled(backend, dgamma, c, 0); filled(backend, dbeta, c, 0); }
  return { dx, dgamma, dbeta };
}
