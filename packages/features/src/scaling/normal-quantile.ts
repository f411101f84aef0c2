// The standard normal quantile function Phi^-1(p) for p in (0, 1), to about 1e-15 relative in the
// range RobustScaler uses (p from 1e-10 to 1 - 1e-10). Phi(x) = erfc(-x / sqrt 2) / 2 with erfc from
// the Maclaurin series of erf for arguments below 1.5 and from its continued fraction (evaluated by
// the modified Lentz method) above; the quantile is found by Newton's method on Phi from the
// asymptotic guess, using symmetry so only the lower half is solved.

const SQRT_PI = Math.sqrt(Math.PI);

/** erfc(t) for t >= 0. */
function erfc(t: number): number {
  if (t < 1.5) {
    // erf(t) = 2 / sqrt(pi) sum (-1)^n t^(2n+1) / (n! (2n + 1))
    let term = t, sum = t;
    for (let n = 1; n < 60; n++) {
      term *= (-t * t) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / SQRT_PI) * sum;
  }
  // erfc(t) = exp(-t^2) / sqrt(pi) * 1 / (t + (1/2) / (t + 1 / (t + (3/2) / (t + 2 / (t + ...)))))
  const tiny = 1e-300;
  let f = t, c = t, d = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    d = t + a * d;
    d = d === 0 ? tiny : d;
    c = t + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-t * t) / (SQRT_PI * f);
}

/** Phi(x) for x <= 0. */
function lowerCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Phi^-1(p) for 0 < p < 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  if (p > 0.5) return -normalQuantile(1 - p);
  if (p === 0.5) return 0;
  let x = -Math.sqrt(-2 * Math.log(p)) + 0.5; // below the root for small p, near it for p -> 0.5
  if (x > 0) x = 0;
  for (let i = 0; i < 100; i++) {
    const density = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    const step = (lowerCdf(x) - p) / density;
    x -= step;
    if (x > 0) x = 0;
    if (Math.abs(step) <= 1e-16 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}
