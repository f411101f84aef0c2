// Cyclic (or random) coordinate descent for the elastic net, Friedman, Hastie & Tibshirani,
// "Regularization Paths for Generalized Linear Models via Coordinate Descent" (J. Stat. Softw. 2010),
// with the duality-gap stopping rule of scikit-learn's enet_coordinate_descent. It minimises
//   P(w) = 1/2 ||y - X w||^2 + l1 ||w||_1 + l2/2 ||w||^2
// (ElasticNet passes l1 = n alpha l1Ratio, l2 = n alpha (1 - l1Ratio)). A sweep updates every
// coordinate by soft thresholding, w_j = S(x_j . (r + w_j x_j), l1) / (||x_j||^2 + l2), keeping the
// residual r = y - X w current. When the largest change of a sweep is at most tol times the largest
// weight (or at the last sweep), the duality gap G is computed (dual point: the residual scaled into
// ||X^T v - l2 w||_inf <= l1, Fercoq et al. 2015); the fit stops when G <= tol ||y||^2.
import { Generator } from '@neurite/tensor';
import { checkAborted, report } from '../base/estimator.ts';
import type { FitOptions } from '../base/protocol.ts';

export interface CoordinateDescentProblem {
  /** X stored column by column: column j is columns[j * n .. (j + 1) * n). */
  columns: Float64Array;
  n: number;
  d: number;
  y: Float64Array;
  l1: number;
  l2: number;
  maxIter: number;
  tol: number;
  positive: boolean;
  /** Random coordinate order (a seeded draw per update) instead of cyclic. */
  random: Generator | null;
}

export interface CoordinateDescentResult {
  /** The duality gap at the end (unscaled: divide by n for scikit-learn's dual_gap_). */
  gap: number;
  /** The gap threshold tol ||y||^2. */
  tolerance: number;
  /** Sweeps run (0 when the start point already satisfied the gap). */
  nIter: number;
  converged: boolean;
}

/** Column-major copy of a row-major n x d matrix. */
export function toColumns(data: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[j * n + i] = data[i * d + j]!;
  return out;
}

function dot(a: Float64Array, offset: number, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[offset + i]! * b[i]!;
  return s;
}

/** The duality gap at w with residual r (scikit-learn's gap_enet, formulations A and B). */
export function dualityGap(p: CoordinateDescentProblem, w: Float64Array, r: Float64Array): number {
  const { n, d, l1, l2, columns, y } = p;
  let wNorm2 = 0, wNorm1 = 0;
  for (let j = 0; j < d; j++) {
    wNorm2 += w[j]! * w[j]!;
    wNorm1 += Math.abs(w[j]!);
  }
  let rNorm2 = 0, ry = 0;
  for (let i = 0; i < n; i++) {
    rNorm2 += r[i]! * r[i]!;
    ry += r[i]! * y[i]!;
  }
  if (l1 === 0) {
    let xtr2 = 0;
    for (let j = 0; j < d; j++) xtr2 += dot(columns, j * n, r, n) ** 2;
    if (l2 === 0) return xtr2; // least squares: the first-order condition X^T r = 0
    return rNorm2 + 0.5 * l2 * wNorm2 - ry + xtr2 / (2 * l2);
  }
  let dualNorm = 0;
  for (let j = 0; j < d; j++) {
    const v = dot(columns, j * n, r, n) - l2 * w[j]!;
    dualNorm = Math.max(dualNorm, p.positive ? v : Math.abs(v));
  }
  const primal = 0.5 * (rNorm2 + l2 * wNorm2) + l1 * wNorm1;
  const scale = dualNorm > l1 ? l1 / dualNorm : 1;
  const dual = -0.5 * scale * scale * (rNorm2 + l2 * wNorm2) + scale * ry;
  return primal - dual;
}

/** Runs coordinate descent from `w` (updated in place). */
export function coordinateDescent(p: CoordinateDescentProblem, w: Float64Array, options?: FitOptions, what = 'coordinateDescent'): CoordinateDescentResult {
  const { n, d, columns, y, l1, l2 } = p;
  const norms = new Float64Array(d);
  for (let j = 0; j < d; j++) norms[j] = dot(columns, j * n, columns.subarray(j * n, (j + 1) * n), n);
  const r = Float64Array.from(y);
  for (let j = 0; j < d; j++) {
    const wj = w[j]!;
    if (wj !== 0) for (let i = 0; i < n; i++) r[i]! -= wj * columns[j * n + i]!;
  }
  let yNorm2 = 0;
  for (let i = 0; i < n; i++) yNorm2 += y[i]! * y[i]!;
  const tolerance = p.tol * yNorm2;
  let gap = dualityGap(p, w, r);
  if (gap <= tolerance) return { gap, tolerance, nIter: 0, converged: true };
  for (let iter = 0; iter < p.maxIter; iter++) {
    checkAborted(options, what);
    let wMax = 0, changeMax = 0;
    for (let step = 0; step < d; step++) {
      const j = p.random ? p.random.integer(0, d) : step;
      const norm = norms[j]!;
      if (norm === 0) continue;
      const old = w[j]!, offset = j * n;
      const rho = dot(columns, offset, r, n) + old * norm;
      const next = p.positive && rho < 0 ? 0 : (Math.sign(rho) * Math.max(Math.abs(rho) - l1, 0)) / (norm + l2) + 0; // + 0: no -0
      if (next !== old) {
        const delta = old - next;
        for (let i = 0; i < n; i++) r[i]! += delta * columns[offset + i]!;
        w[j] = next;
      }
      changeMax = Math.max(changeMax, Math.abs(next - old));
      wMax = Math.max(wMax, Math.abs(next));
    }
    if (wMax === 0 || changeMax / wMax <= p.tol || iter === p.maxIter - 1) {
      gap = dualityGap(p, w, r);
      if (gap <= tolerance) return { gap, tolerance, nIter: iter + 1, converged: true };
    }
    report(options, { stage: 'coordinateDescent', done: iter + 1, total: p.maxIter, value: changeMax });
  }
  return { gap, tolerance, nIter: p.maxIter, converged: false };
}
