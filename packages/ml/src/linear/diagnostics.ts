// Regression diagnostics for the assumptions of least squares, each as the textbook formula:
// - normality of residuals: Jarque-Bera, JB = n/6 (S^2 + (K - 3)^2 / 4) with the biased sample
//   skewness S and kurtosis K, p from chi^2(2) (scipy.stats.jarque_bera); Shapiro-Wilk (./shapiro-wilk.ts);
// - autocorrelation: Durbin-Watson, d = sum (e_t - e_{t-1})^2 / sum e_t^2 (near 2: none);
// - homoscedasticity: Breusch-Pagan (Koenker's studentised form by default: LM = n R^2 of e^2 on
//   [1, X]; the original, robust = false: LM = ESS / 2 of e^2 / mean(e^2) on [1, X]), p from
//   chi^2(d), with the auxiliary regression's F test (statsmodels' het_breuschpagan);
// - multicollinearity: VIF_j = 1 / (1 - R_j^2), R_j^2 of column j on the others and a constant
//   (statsmodels' variance_inflation_factor on add_constant(X));
// - linearity: residual-plot data (fitted values against residuals).
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import type { Labels } from '../base/protocol.ts';
import { toTargets } from '../base/labels.ts';
import { chiSquaredSf, fisherSf } from '../base/special-functions.ts';
import { LinearRegression } from './linear-regression.ts';
import { r2 } from './preprocess.ts';
import { shapiroWilk, type TestResult } from './shapiro-wilk.ts';

function residualArray(residuals: ArrayLike<number>, what: string, min = 1): Float64Array {
  if (residuals === null || typeof residuals !== 'object' || typeof residuals.length !== 'number') throw new ArgumentError(`${what}: residuals must be an array of numbers`);
  if (residuals.length < min) throw new ArgumentError(`${what}: need at least ${min} residuals, got ${residuals.length}`);
  const out = Float64Array.from(residuals);
  for (let i = 0; i < out.length; i++) if (typeof residuals[i] !== 'number' || !Number.isFinite(out[i]!)) throw new ArgumentError(`${what}: residual ${i} is ${String(residuals[i])}, expected a finite number`);
  return out;
}

/** Jarque-Bera test of normality (scipy.stats.jarque_bera). */
export function jarqueBera(residuals: ArrayLike<number>): TestResult & { skewness: number; kurtosis: number } {
  const e = residualArray(residuals, 'jarqueBera', 2);
  const n = e.length;
  let mean = 0;
  for (const v of e) mean += v;
  mean /= n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (const v of e) {
    const c = v - mean, c2 = c * c;
    m2 += c2;
    m3 += c2 * c;
    m4 += c2 * c2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const skewness = m3 / m2 ** 1.5, kurtosis = m4 / (m2 * m2);
  const statistic = (n / 6) * (skewness ** 2 + (kurtosis - 3) ** 2 / 4);
  return { statistic, pValue: chiSquaredSf(statistic, 2), skewness, kurtosis };
}

/** Durbin-Watson statistic of residuals in time order. */
export function durbinWatson(residuals: ArrayLike<number>): number {
  const e = residualArray(residuals, 'durbinWatson', 2);
  let num = 0, den = 0;
  for (let t = 0; t < e.length; t++) {
    den += e[t]! * e[t]!;
    if (t > 0) num += (e[t]! - e[t - 1]!) ** 2;
  }
  return num / den;
}

/** R^2 and fitted values of y on [1, X] by least squares. */
function auxiliaryRegression(x: Matrix, y: Float64Array): { rSquared: number; fitted: Float64Array } {
  const fitted = new LinearRegression().fit(x, y).predict(x);
  return { rSquared: r2(y, fitted), fitted };
}

export interface BreuschPaganResult {
  /** The Lagrange multiplier statistic. */
  lm: number;
  lmPValue: number;
  /** The F statistic of the auxiliary regression and its p-value. */
  fValue: number;
  fPValue: number;
}

/** Breusch-Pagan test of heteroscedasticity of `residuals` against the regressors X (without a constant column). */
export function breuschPagan(residuals: ArrayLike<number>, X: MatrixInput, options: { robust?: boolean } = {}): BreuschPaganResult {
  const e = residualArray(residuals, 'breuschPagan', 3);
  const x = toMatrix(X, 'X');
  if (x.rows !== e.length) throw new ArgumentError(`breuschPagan: ${e.length} residuals for ${x.rows} rows of X`);
  const n = x.rows, k = x.cols + 1;
  if (n <= k) throw new ArgumentError(`breuschPagan: need more rows (${n}) than regressors plus a constant (${k})`);
  const robust = options.robust ?? true;
  const target = Float64Array.from(e, (v) => v * v);
  if (!robust) {
    let mean = 0;
    for (const v of target) mean += v;
    mean /= n;
    for (let i = 0; i < n; i++) target[i]! /= mean;
  }
  const { rSquared, fitted } = auxiliaryRegression(x, target);
  let lm: number;
  if (robust) lm = n * rSquared;
  else {
    let mean = 0;
    for (const v of target) mean += v;
    mean /= n;
    let ess = 0;
    for (const v of fitted) ess += (v - mean) ** 2;
    lm = ess / 2;
  }
  const fValue = (rSquared / (k - 1)) / ((1 - rSquared) / (n - k));
  return { lm, lmPValue: chiSquaredSf(lm, k - 1), fValue, fPValue: fisherSf(fValue, k - 1, n - k) };
}

/** Variance inflation factor of each column of X (Infinity for a column that the others explain exactly). */
export function varianceInflationFactors(X: MatrixInput): Float64Array {
  const x = toMatrix(X, 'X');
  const n = x.rows, d = x.cols, out = new Float64Array(d);
  if (d === 1) return out.fill(1);
  for (let j = 0; j < d; j++) {
    const others = new Float64Array(n * (d - 1)), column = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      column[i] = x.data[i * d + j]!;
      for (let c = 0, o = 0; c < d; c++) if (c !== j) others[i * (d - 1) + o++] = x.data[i * d + c]!;
    }
    const { rSquared } = auxiliaryRegression({ rows: n, cols: d - 1, data: others }, column);
    out[j] = rSquared >= 1 ? Infinity : 1 / (1 - rSquared);
  }
  return out;
}

export interface ResidualPlotData {
  fitted: Float64Array;
  residuals: Float64Array;
  /** Residuals over s = sqrt(SSR / (n - p)), p the model's coefficients plus the intercept. */
  standardized: Float64Array;
}

/** Fitted values against residuals (a pattern suggests non-linearity), from y and predictions. */
export function residualPlotData(y: Labels, fitted: ArrayLike<number>, parameters = 1): ResidualPlotData {
  const f = residualArray(fitted, 'residualPlotData');
  const t = toTargets(y, f.length);
  const residuals = new Float64Array(t.length);
  let ssr = 0;
  for (let i = 0; i < t.length; i++) {
    residuals[i] = t[i]! - f[i]!;
    ssr += residuals[i]! ** 2;
  }
  const dof = Math.max(t.length - parameters, 1), s = Math.sqrt(ssr / dof);
  return { fitted: f, residuals, standardized: residuals.map((v) => (s > 0 ? v / s : 0)) };
}

export interface RegressionDiagnostics extends ResidualPlotData {
  jarqueBera: TestResult;
  /** Shapiro-Wilk (null below 3 residuals). */
  shapiroWilk: TestResult | null;
  durbinWatson: number;
  breuschPagan: BreuschPaganResult | null;
  varianceInflationFactors: Float64Array;
}

/** Every diagnostic for a fitted linear model on (X, y). */
export function regressionDiagnostics(model: { predict(X: MatrixInput): ArrayLike<number>; coef: ArrayLike<number> }, X: MatrixInput, y: Labels): RegressionDiagnostics {
  const x = toMatrix(X, 'X');
  const plot = residualPlotData(y, model.predict(x), model.coef.length + 1);
  const n = x.rows;
  let constant = true;
  for (let i = 1; i < n && constant; i++) if (plot.residuals[i] !== plot.residuals[0]) constant = false;
  return {
    ...plot,
    jarqueBera: jarqueBera(plot.residuals),
    shapiroWilk: n >= 3 && !constant ? shapiroWilk(plot.residuals) : null,
    durbinWatson: durbinWatson(plot.residuals),
    breuschPagan: n > x.cols + 1 ? breuschPagan(plot.residuals, x) : null,
    varianceInflationFactors: varianceInflationFactors(x),
  };
}
