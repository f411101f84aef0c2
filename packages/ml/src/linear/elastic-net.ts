// ElasticNet and Lasso, scikit-learn's objective:
//   1 / (2 n) ||y - X w - b||^2 + alpha l1Ratio ||w||_1 + alpha (1 - l1Ratio) / 2 ||w||^2,
// fitted by coordinate descent (./coordinate-descent.ts) on centred data when fitIntercept. With
// warmStart the previous coef is the starting point of the next fit (how the paths are computed).
import { ArgumentError, Generator, type MatrixInput } from '@neurite/tensor';
import { checkBooleanParam, checkChoiceParam, checkIntegerParam, checkJSON, checkNumberParam, checkRangeParam } from '../base/hyperparameter-checks.ts';
import { checkAborted } from '../base/estimator.ts';
import type { RegressionTargets } from '../base/regression-targets.ts';
import type { WeightedFitOptions } from '../base/sample-weight.ts';
import { coordinateDescent, toColumns } from './coordinate-descent.ts';
import { LinearRegressorBase } from './linear-model.ts';

export interface ElasticNetParams {
  [key: string]: unknown;
  /** Overall penalty strength, >= 0 (default 1). */
  alpha: number;
  /** Share of L1 in the penalty, in [0, 1] (default 0.5; Lasso fixes it at 1). */
  l1Ratio: number;
  fitIntercept: boolean;
  /** Most sweeps over the coordinates (default 1000). */
  maxIter: number;
  /** Stop when the duality gap is at most tol ||y||^2 (default 1e-4). */
  tol: number;
  /** Start from the previous fit's coef (default false). */
  warmStart: boolean;
  /** Constrain the weights to be >= 0 (default false). */
  positive: boolean;
  /** 'cyclic' (default) or 'random' coordinate order. */
  selection: 'cyclic' | 'random';
  /** Seed of the random order (scikit-learn's random_state; default 0). */
  randomState: number;
}

const DEFAULTS: ElasticNetParams = {
  alpha: 1, l1Ratio: 0.5, fitIntercept: true, maxIter: 1000, tol: 1e-4, warmStart: false, positive: false, selection: 'cyclic', randomState: 0,
};

export function checkElasticNetParams(owner: string, p: ElasticNetParams): void {
  checkNumberParam(owner, 'alpha', p.alpha, 0);
  checkRangeParam(owner, 'l1Ratio', p.l1Ratio, 0, 1);
  checkBooleanParam(owner, 'fitIntercept', p.fitIntercept);
  checkIntegerParam(owner, 'maxIter', p.maxIter, 1);
  checkNumberParam(owner, 'tol', p.tol, 0);
  checkBooleanParam(owner, 'warmStart', p.warmStart);
  checkBooleanParam(owner, 'positive', p.positive);
  checkChoiceParam(owner, 'selection', p.selection, ['cyclic', 'random'] as const);
  checkIntegerParam(owner, 'randomState', p.randomState, 0);
}

export class ElasticNet extends LinearRegressorBase<ElasticNetParams> {
  protected override get typeName(): string {
    return 'ElasticNet';
  }

  private nIterValue?: number;
  private dualGapValue?: number;

  constructor(params?: Partial<ElasticNetParams>) {
    super({ ...DEFAULTS }, params);
  }

  protected override validateParams(p: ElasticNetParams): void {
    checkElasticNetParams(this.typeName, p);
  }

  /** Sweeps run by the last fit. */
  get nIter(): number {
    return this.fitted(this.nIterValue, 'nIter');
  }

  /** The duality gap at the end of the last fit, divided by n (scikit-learn's dual_gap_). */
  get dualGap(): number {
    return this.fitted(this.dualGapValue, 'dualGap');
  }

  /** Indices of the non-zero weights. */
  get sparseCoef(): number[] {
    const out: number[] = [];
    this.coef.forEach((v, j) => { if (v !== 0) out.push(j); });
    return out;
  }

  /**
   * With options.sampleWeight the weights are first rescaled to sum to n (as scikit-learn does), so
   * the loss is 1 / (2 n) sum_i w_i (y_i - x_i w - b)^2 and alpha keeps its meaning. A 2-D y fits
   * one problem per output column (nIter and dualGap are then the largest over the outputs).
   */
  fit(X: MatrixInput, y: RegressionTargets, options?: WeightedFitOptions): this {
    const p = this.params, previous = this.coefValue, previousOutputs = this.interceptsValue?.length ?? 0;
    let nIter = 0, gap = 0;
    this.fitOutputs(X, y, options, p.fitIntercept, (data, output) => {
      checkAborted(options, `${this.typeName}.fit`);
      const n = data.x.rows, d = data.x.cols;
      const warm = p.warmStart && previous !== undefined && previous.length === previousOutputs * d && output < previousOutputs ? previous.slice(output * d, (output + 1) * d) : null;
      const w = warm ?? new Float64Array(d);
      const result = coordinateDescent({
        columns: toColumns(data.x.data, n, d), n, d, y: data.y, l1: p.alpha * p.l1Ratio * n, l2: p.alpha * (1 - p.l1Ratio) * n,
        maxIter: p.maxIter, tol: p.tol, positive: p.positive, random: p.selection === 'random' ? new Generator(p.randomState) : null,
      }, w, options, `${this.typeName}.fit`);
      nIter = Math.max(nIter, result.nIter);
      gap = Math.max(gap, result.gap / n);
      return w;
    }, (weights) => {
      const n = weights.length;
      let total = 0;
      for (const w of weights) total += w;
      for (let i = 0; i < n; i++) weights[i] = weights[i]! * (n / total);
    });
    this.nIterValue = nIter;
    this.dualGapValue = gap;
    return this;
  }

  protected override extraState(): Record<string, unknown> {
    return { nIter: this.nIterValue, dualGap: this.dualGapValue };
  }

  protected override restoreExtra(state: Record<string, unknown>): void {
    this.nIterValue = typeof state.nIter === 'number' ? state.nIter : 0;
    this.dualGapValue = typeof state.dualGap === 'number' ? state.dualGap : 0;
  }

  static fromJSON(json: unknown): ElasticNet {
    const { params, state } = checkJSON('ElasticNet', json);
    return new ElasticNet(params as Partial<ElasticNetParams>).restore(state);
  }
}

export type LassoParams = Omit<ElasticNetParams, 'l1Ratio'>;

/** The elastic net with l1Ratio = 1: 1 / (2 n) ||y - X w - b||^2 + alpha ||w||_1. */
export class Lasso extends ElasticNet {
  protected override get typeName(): string {
    return 'Lasso';
  }

  constructor(params?: Partial<LassoParams>) {
    super({ ...params, l1Ratio: 1 });
  }

  override getParams(): ElasticNetParams {
    const { l1Ratio: _, ...rest } = super.getParams();
    return rest as ElasticNetParams;
  }

  protected override validateParams(p: ElasticNetParams): void {
    if (p.l1Ratio !== 1) throw new ArgumentError(`Lasso: l1Ratio is fixed at 1, got ${String(p.l1Ratio)}; use ElasticNet for other mixes`);
    checkElasticNetParams('Lasso', p);
  }

  static override fromJSON(json: unknown): Lasso {
    const { params, state } = checkJSON('Lasso', json);
    return new Lasso(params as Partial<LassoParams>).restore(state);
  }
}
