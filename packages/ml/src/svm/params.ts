// Hyperparameters shared by SVC and SVR (scikit-learn's names in camelCase, its defaults) and their
// validation, so a bad value is refused by the constructor or setParams naming the parameter.
import { ArgumentError, type Matrix } from '@neurite/tensor';
import { KERNELS, type KernelName, type KernelSpec, resolveGamma } from './kernel.ts';

export interface KernelParams {
  kernel: KernelName;
  degree: number;
  gamma: 'scale' | 'auto' | number;
  coef0: number;
  tol: number;
  C: number;
  shrinking: boolean;
  /** Kernel cache size in MB (scikit-learn's cache_size). */
  cacheSize: number;
  /** Iteration limit of each SMO subproblem; -1 for none. */
  maxIter: number;
  [key: string]: unknown;
}

export const KERNEL_DEFAULTS = {
  kernel: 'rbf' as KernelName,
  degree: 3,
  gamma: 'scale' as 'scale' | 'auto' | number,
  coef0: 0,
  tol: 1e-3,
  C: 1,
  shrinking: true,
  cacheSize: 200,
  maxIter: -1,
};

function show(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : String(v);
}

export function validateKernelParams(owner: string, p: KernelParams): void {
  if (!KERNELS.includes(p.kernel)) throw new ArgumentError(`${owner}: kernel must be one of ${KERNELS.join(', ')}, got ${show(p.kernel)}`);
  if (!Number.isInteger(p.degree) || p.degree < 0) throw new ArgumentError(`${owner}: degree must be an integer >= 0, got ${show(p.degree)}`);
  if (typeof p.gamma === 'number') {
    if (!Number.isFinite(p.gamma) || p.gamma < 0) throw new ArgumentError(`${owner}: gamma must be 'scale', 'auto' or a finite number >= 0, got ${show(p.gamma)}`);
  } else if (p.gamma !== 'scale' && p.gamma !== 'auto') throw new ArgumentError(`${owner}: gamma must be 'scale', 'auto' or a number, got ${show(p.gamma)}`);
  if (typeof p.coef0 !== 'number' || !Number.isFinite(p.coef0)) throw new ArgumentError(`${owner}: coef0 must be a finite number, got ${show(p.coef0)}`);
  if (typeof p.tol !== 'number' || !(p.tol > 0) || !Number.isFinite(p.tol)) throw new ArgumentError(`${owner}: tol must be a finite number > 0, got ${show(p.tol)}`);
  if (typeof p.C !== 'number' || !(p.C > 0) || !Number.isFinite(p.C)) throw new ArgumentError(`${owner}: C must be a finite number > 0, got ${show(p.C)}`);
  if (typeof p.shrinking !== 'boolean') throw new ArgumentError(`${owner}: shrinking must be a boolean, got ${show(p.shrinking)}`);
  if (typeof p.cacheSize !== 'number' || !(p.cacheSize > 0) || !Number.isFinite(p.cacheSize)) throw new ArgumentError(`${owner}: cacheSize must be a finite number of MB > 0, got ${show(p.cacheSize)}`);
  if (!Number.isInteger(p.maxIter) || (p.maxIter < 1 && p.maxIter !== -1)) throw new ArgumentError(`${owner}: maxIter must be -1 (no limit) or an integer >= 1, got ${show(p.maxIter)}`);
}

/** The kernel with gamma resolved on the training data. */
export function kernelSpec(p: KernelParams, X: Matrix): KernelSpec {
  return { kernel: p.kernel, gamma: resolveGamma(p.gamma, X), coef0: p.coef0, degree: p.degree };
}

/** Cache budget in bytes (at least one row of float32 values). */
export function cacheBytes(p: KernelParams): number {
  return Math.max(1, Math.floor(p.cacheSize * 1024 * 1024));
}
