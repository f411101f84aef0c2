// Ordinary least squares, scikit-learn's LinearRegression: minimise ||y - X w - b||^2. With an
// intercept, X and y are centred first (b = y_mean - x_mean . w). Solved by Householder QR of the
// centred X (Golub & Van Loan 5.3): w = R^-1 Q^T y. When R is numerically rank deficient (a
// diagonal entry below max(n, d) * eps * max |R_ii|) or there are fewer samples than features, the
// minimum-norm solution by SVD is used instead, as scikit-learn's lstsq does.
import { lstsqDense, type MatrixInput, qrDense } from '@neurite/tensor';
import { checkBooleanParam, checkJSON } from '../base/hyperparameter-checks.ts';
import type { RegressionTargets } from '../base/regression-targets.ts';
import type { WeightedFitOptions } from '../base/sample-weight.ts';
import { checkAborted } from '../base/estimator.ts';
import { LinearRegressorBase } from './linear-model.ts';
import type { CenteredData } from './preprocess.ts';

export interface LinearRegressionParams {
  [key: string]: unknown;
  /** Fit the constant term (default true). */
  fitIntercept: boolean;
}

/** Least-squares weights of centred data by QR, or by SVD when rank deficient or wide. */
function leastSquares(data: CenteredData): { coef: Float64Array; rank: number } {
  const { x } = data, n = x.rows, d = x.cols;
  if (n >= d) {
    const { q, r } = qrDense(x);
    let maxDiagonal = 0;
    for (let i = 0; i < d; i++) maxDiagonal = Math.max(maxDiagonal, Math.abs(r.data[i * d + i]!));
    const cutoff = Math.max(n, d) * Number.EPSILON * maxDiagonal;
    let fullRank = maxDiagonal > 0;
    for (let i = 0; i < d && fullRank; i++) if (!(Math.abs(r.data[i * d + i]!) > cutoff)) fullRank = false;
    if (fullRank) {
      // Q^T y, then back substitution.
      const qty = new Float64Array(d);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) qty[j]! += q.data[i * d + j]! * data.y[i]!;
      const coef = new Float64Array(d);
      for (let i = d - 1; i >= 0; i--) {
        let s = qty[i]!;
        for (let j = i + 1; j < d; j++) s -= r.data[i * d + j]! * coef[j]!;
        coef[i] = s / r.data[i * d + i]!;
      }
      return { coef, rank: d };
    }
  }
  const solution = lstsqDense(x, { rows: n, cols: 1, data: data.y }, Math.max(n, d) * Number.EPSILON);
  return { coef: solution.solution.data, rank: solution.rank };
}

export class LinearRegression extends LinearRegressorBase<LinearRegressionParams> {
  protected override get typeName(): string {
    return 'LinearRegression';
  }

  private rankValue?: number;

  constructor(params?: Partial<LinearRegressionParams>) {
    super({ fitIntercept: true }, params);
  }

  protected override validateParams(p: LinearRegressionParams): void {
    checkBooleanParam('LinearRegression', 'fitIntercept', p.fitIntercept);
  }

  /** Numerical rank of the (centred) design matrix. */
  get rank(): number {
    return this.fitted(this.rankValue, 'rank');
  }

  /**
   * Least squares; with options.sampleWeight, sum_i w_i (y_i - x_i w - b)^2. A 2-D y (samples x
   * outputs) fits one independent problem per column.
   */
  fit(X: MatrixInput, y: RegressionTargets, options?: WeightedFitOptions): this {
    let rank = 0;
    this.fitOutputs(X, y, options, this.params.fitIntercept, (data) => {
      checkAborted(options, 'LinearRegression.fit');
      const solution = leastSquares(data);
      rank = solution.rank;
      return solution.coef;
    });
    this.rankValue = rank;
    return this;
  }

  protected override extraState(): Record<string, unknown> {
    return { rank: this.rankValue };
  }

  protected override restoreExtra(state: Record<string, unknown>): void {
    this.rankValue = typeof state.rank === 'number' ? state.rank : this.nFeaturesIn;
  }

  static fromJSON(json: unknown): LinearRegression {
    const { params, state } = checkJSON('LinearRegression', json);
    return new LinearRegression(params as Partial<LinearRegressionParams>).restore(state);
  }
}
