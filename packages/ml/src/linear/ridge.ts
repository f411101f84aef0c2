// Ridge regression, scikit-learn's Ridge: minimise ||y - X w - b||^2 + alpha ||w||^2 (the intercept
// is not penalised: X and y are centred first). Solvers: 'cholesky' solves the normal equations
// (X^T X + alpha I) w = X^T y, or the dual (X X^T + alpha I) c = y, w = X^T c, when there are more
// features than samples (as scikit-learn's _solve_cholesky / _solve_cholesky_kernel); 'svd' uses
// w = V diag(s / (s^2 + alpha)) U^T y. 'auto' is 'cholesky', falling back to 'svd' when the system
// is singular (alpha = 0 with collinear columns).
import { choleskyDense, LinalgError, type Matrix, type MatrixInput, svdDense } from '@neurite/tensor';
import { checkBooleanParam, checkChoiceParam, checkJSON, checkNumberParam } from '../base/hyperparameter-checks.ts';
import { checkAborted } from '../base/estimator.ts';
import type { RegressionTargets } from '../base/regression-targets.ts';
import type { WeightedFitOptions } from '../base/sample-weight.ts';
import { LinearRegressorBase } from './linear-model.ts';
import { gram, transposeTimes } from './preprocess.ts';

export type RidgeSolver = 'auto' | 'cholesky' | 'svd';

export interface RidgeParams {
  [key: string]: unknown;
  /** L2 penalty strength, >= 0 (default 1). */
  alpha: number;
  fitIntercept: boolean;
  solver: RidgeSolver;
}

/** Solves (A + alpha I) z = b for symmetric positive semi-definite A by Cholesky. */
function choleskySolve(a: Matrix, alpha: number, b: Float64Array): Float64Array {
  const n = a.rows, m = { rows: n, cols: n, data: Float64Array.from(a.data) };
  for (let i = 0; i < n; i++) m.data[i * n + i]! += alpha;
  const L = choleskyDense(m).data;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * n + k]! * z[k]!;
    z[i] = s / L[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * z[k]!;
    z[i] = s / L[i * n + i]!;
  }
  return z;
}

/** w = V diag(s / (s^2 + alpha)) U^T y (singular values below d * eps * s_max treated as 0). */
export function ridgeSvd(x: Matrix, y: Float64Array, alpha: number): Float64Array {
  const { u, s, v } = svdDense(x);
  const k = s.length, d = x.cols, n = x.rows, w = new Float64Array(d);
  const cutoff = Math.max(n, d) * Number.EPSILON * (s[0] ?? 0);
  for (let j = 0; j < k; j++) {
    const sj = s[j]!;
    if (!(sj > cutoff)) continue;
    let uty = 0;
    for (let i = 0; i < n; i++) uty += u.data[i * k + j]! * y[i]!;
    const f = (sj / (sj * sj + alpha)) * uty;
    for (let i = 0; i < d; i++) w[i]! += v.data[i * k + j]! * f;
  }
  return w;
}

/** Ridge coefficients of centred data by the chosen solver. */
export function ridgeSolve(x: Matrix, y: Float64Array, alpha: number, solver: RidgeSolver): Float64Array {
  if (solver === 'svd') return ridgeSvd(x, y, alpha);
  try {
    if (x.cols <= x.rows) return choleskySolve(gram(x), alpha, transposeTimes(x, y));
    // Dual form: (X X^T + alpha I) c = y, w = X^T c.
    const n = x.rows, d = x.cols, K = new Float64Array(n * n), X = x.data;
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let s = 0;
        for (let p = 0; p < d; p++) s += X[i * d + p]! * X[j * d + p]!;
        K[i * n + j] = s;
        K[j * n + i] = s;
      }
    }
    return transposeTimes(x, choleskySolve({ rows: n, cols: n, data: K }, alpha, y));
  } catch (error) {
    if (solver === 'auto' && error instanceof LinalgError) return ridgeSvd(x, y, alpha);
    throw error;
  }
}

export class Ridge extends LinearRegressorBase<RidgeParams> {
  protected override get typeName(): string {
    return 'Ridge';
  }

  constructor(params?: Partial<RidgeParams>) {
    super({ alpha: 1, fitIntercept: true, solver: 'auto' }, params);
  }

  protected override validateParams(p: RidgeParams): void {
    checkNumberParam('Ridge', 'alpha', p.alpha, 0);
    checkBooleanParam('Ridge', 'fitIntercept', p.fitIntercept);
    checkChoiceParam('Ridge', 'solver', p.solver, ['auto', 'cholesky', 'svd'] as const);
  }

  /** With options.sampleWeight the loss is sum_i w_i (y_i - x_i w - b)^2 + alpha ||w||^2. */
  /** A 2-D y (samples x outputs) fits one independent problem per column. */
  fit(X: MatrixInput, y: RegressionTargets, options?: WeightedFitOptions): this {
    this.fitOutputs(X, y, options, this.params.fitIntercept, (data) => {
      checkAborted(options, 'Ridge.fit');
      return ridgeSolve(data.x, data.y, this.params.alpha, this.params.solver);
    });
    return this;
  }

  static fromJSON(json: unknown): Ridge {
    const { params, state } = checkJSON('Ridge', json);
    return new Ridge(params as Partial<RidgeParams>).restore(state);
  }
}
