// The Shapiro-Wilk W test of normality with Royston's approximations, Algorithm AS R94 (J. P.
// Royston, "Remark AS R94: A Remark on Algorithm AS 181: The W-test for Normality", Applied
// Statistics 44 (1995) 547-551), as scipy.stats.shapiro computes it (complete samples, 3 <= n).
// The coefficients a_i come from the expected normal order statistics m_i = Phi^-1((i - 3/8) /
// (n + 1/4)) with Royston's polynomial corrections of the two outermost; the p-value from a
// normalising transform of log(1 - W) (n <= 11: log(gamma - log(1 - W)) with gamma = 0.459 n - 2.273).
import { ArgumentError } from '@neurite/tensor';
import { normalQuantile, normalSf } from '../base/special-functions.ts';

export interface TestResult {
  statistic: number;
  pValue: number;
}

// Royston's polynomial coefficients (AS R94), lowest power first.
const C1 = [0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056];
const C2 = [0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633];
const C3 = [0.544, -0.39978, 0.025054, -6.714e-4];
const C4 = [1.3822, -0.77857, 0.062767, -0.0020322];
const C5 = [-1.5861, -0.31082, -0.083751, 0.0038915];
const C6 = [-0.4803, -0.082676, 0.0030302];
const G = [-2.273, 0.459];

function polynomial(c: readonly number[], x: number): number {
  let s = 0;
  for (let i = c.length - 1; i >= 0; i--) s = s * x + c[i]!;
  return s;
}

/** The antisymmetric weights: a[i] for the i-th largest minus i-th smallest, i < n / 2 (sum of squares of the full vector 1). */
function weights(n: number): Float64Array {
  const half = Math.floor(n / 2), a = new Float64Array(half);
  if (n === 3) {
    a[0] = Math.SQRT1_2;
    return a;
  }
  const m = new Float64Array(half);
  let summ2 = 0;
  for (let i = 0; i < half; i++) {
    m[i] = -normalQuantile((i + 1 - 0.375) / (n + 0.25)); // positive: the upper order statistics
    summ2 += m[i]! * m[i]!;
  }
  summ2 *= 2;
  const ssumm2 = Math.sqrt(summ2), rsn = 1 / Math.sqrt(n);
  const a1 = polynomial(C1, rsn) + m[0]! / ssumm2;
  let first: number, fac: number;
  if (n > 5) {
    const a2 = m[1]! / ssumm2 + polynomial(C2, rsn);
    fac = Math.sqrt((summ2 - 2 * m[0]! ** 2 - 2 * m[1]! ** 2) / (1 - 2 * a1 ** 2 - 2 * a2 ** 2));
    a[1] = a2;
    first = 2;
  } else {
    fac = Math.sqrt((summ2 - 2 * m[0]! ** 2) / (1 - 2 * a1 ** 2));
    first = 1;
  }
  a[0] = a1;
  for (let i = first; i < half; i++) a[i] = m[i]! / fac;
  return a;
}

/** Shapiro-Wilk W and its p-value for a sample of at least 3 values (not all equal). */
export function shapiroWilk(sample: ArrayLike<number>): TestResult {
  if (sample === null || typeof sample !== 'object' || typeof sample.length !== 'number') throw new ArgumentError('shapiroWilk: sample must be an array of numbers');
  const n = sample.length;
  if (n < 3) throw new ArgumentError(`shapiroWilk: need at least 3 values, got ${n}`);
  const x = Float64Array.from(sample);
  for (let i = 0; i < n; i++) if (typeof sample[i] !== 'number' || !Number.isFinite(x[i]!)) throw new ArgumentError(`shapiroWilk: value ${i} is ${String(sample[i])}, expected a finite number`);
  x.sort();
  if (x[n - 1]! - x[0]! <= 0) throw new ArgumentError('shapiroWilk: all values are equal; W is undefined');
  const a = weights(n);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let ssx = 0;
  for (let i = 0; i < n; i++) ssx += (x[i]! - mean) ** 2;
  let numerator = 0, ssa = 0;
  for (let i = 0; i < a.length; i++) {
    numerator += a[i]! * (x[n - 1 - i]! - x[i]!);
    ssa += 2 * a[i]! * a[i]!;
  }
  let w = (numerator * numerator) / (ssa * ssx);
  w = Math.min(w, 1);
  return { statistic: w, pValue: shapiroPValue(w, n) };
}

function shapiroPValue(w: number, n: number): number {
  if (n === 3) {
    // Exact for n = 3: p = 6/pi (asin(sqrt W) - asin(sqrt(3/4))).
    return Math.max(0, (6 / Math.PI) * (Math.asin(Math.sqrt(w)) - Math.PI / 3));
  }
  if (w >= 1) return 1;
  let y = Math.log(1 - w);
  let mean: number, sd: number;
  if (n <= 11) {
    const gamma = polynomial(G, n);
    if (y >= gamma) return 1e-99; // AS R94's floor
    y = -Math.log(gamma - y);
    mean = polynomial(C3, n);
    sd = Math.exp(polynomial(C4, n));
  } else {
    const ln = Math.log(n);
    mean = polynomial(C5, ln);
    sd = Math.exp(polynomial(C6, ln));
  }
  return normalSf((y - mean) / sd);
}
