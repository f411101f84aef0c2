// Limited-memory BFGS (Nocedal, "Updating Quasi-Newton Matrices with Limited Storage", Math. Comp.
// 1980; Nocedal & Wright, Numerical Optimization, 2nd ed., algorithms 7.4 and 7.5) for smooth
// unconstrained minimisation: the two-loop recursion over the last `memory` pairs (s, y), the
// initial scaling gamma = s.y / y.y, and a backtracking line search on the Armijo condition with
// cubic-then-halving step interpolation. Pairs with s.y <= 1e-10 y.y are skipped (curvature not
// positive). It stops, as scipy's L-BFGS-B does for scikit-learn, when max |gradient| <= gtol or
// the relative decrease of f is at most ftol.
export interface Objective {
  (x: Float64Array): { value: number; gradient: Float64Array };
}

export interface LbfgsOptions {
  maxIter: number;
  gtol: number;
  ftol?: number;
  memory?: number;
  /** Called after each iteration; throwing stops the minimisation (e.g. an abort). */
  onIteration?: (iteration: number, value: number) => void;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  nIter: number;
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

export function lbfgs(f: Objective, x0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const memory = options.memory ?? 10, ftol = options.ftol ?? 64 * Number.EPSILON;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let { value, gradient } = f(x);
  const S: Float64Array[] = [], Y: Float64Array[] = [], rho: number[] = [];
  if (maxAbs(gradient) <= options.gtol) return { x, value, nIter: 0, converged: true };
  const direction = new Float64Array(n), alpha = new Float64Array(memory);
  for (let iter = 1; iter <= options.maxIter; iter++) {
    // Two-loop recursion: direction = -H gradient.
    direction.set(gradient);
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(S[k]!, direction);
      const y = Y[k]!, a = alpha[k]!;
      for (let i = 0; i < n; i++) direction[i]! -= a * y[i]!;
    }
    if (S.length > 0) {
      const last = S.length - 1, gamma = dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!);
      for (let i = 0; i < n; i++) direction[i]! *= gamma;
    } else {
      const g = Math.sqrt(dot(gradient, gradient));
      for (let i = 0; i < n; i++) direction[i]! /= Math.max(g, 1);
    }
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k]! * dot(Y[k]!, direction), s = S[k]!, c = alpha[k]! - beta;
      for (let i = 0; i < n; i++) direction[i]! += c * s[i]!;
    }
    for (let i = 0; i < n; i++) direction[i] = -direction[i]!;
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = 0; Y.length = 0; rho.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
      slope = -dot(gradient, gradient);
    }
    // Backtracking Armijo line search from step 1.
    let step = 1, next = new Float64Array(n), trial = { value: NaN, gradient };
    let accepted = false;
    for (let tries = 0; tries < 50; tries++) {
      for (let i = 0; i < n; i++) next[i] = x[i]! + step * direction[i]!;
      trial = f(next);
      if (Number.isFinite(trial.value) && trial.value <= value + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      // Minimiser of the quadratic through f(0), f'(0) and f(step), kept in [0.1, 0.5] step.
      const q = Number.isFinite(trial.value) ? (-slope * step * step) / (2 * (trial.value - value - slope * step)) : step / 2;
      step = Math.min(Math.max(q, 0.1 * step), 0.5 * step);
    }
    if (!accepted) return { x, value, nIter: iter, converged: false };
    const s = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = next[i]! - x[i]!;
      y[i] = trial.gradient[i]! - gradient[i]!;
    }
    const sy = dot(s, y), yy = dot(y, y);
    if (sy > 1e-10 * yy) {
      if (S.length === memory) { S.shift(); Y.shift(); rho.shift(); }
      S.push(s); Y.push(y); rho.push(1 / sy);
    }
    const previous = value;
    x = next;
    value = trial.value;
    gradient = trial.gradient;
    options.onIteration?.(iter, value);
    if (maxAbs(gradient) <= options.gtol) return { x, value, nIter: iter, converged: true };
    if ((previous - value) / Math.max(Math.abs(previous), Math.abs(value), 1) <= ftol) return { x, value, nIter: iter, converged: true };
  }
  return { x, value, nIter: options.maxIter, converged: false };
}
