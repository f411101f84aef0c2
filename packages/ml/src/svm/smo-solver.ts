// Sequential minimal optimisation as libsvm solves it (C.-C. Chang and C.-J. Lin, "LIBSVM: a library
// for support vector machines", ACM TIST 2011, section 4), so that the dual solutions equal
// scikit-learn's (which runs libsvm): the second-order working-set selection WSS3 of R.-E. Fan,
// P.-H. Chen and C.-J. Lin ("Working set selection using second order information for training
// SVM", JMLR 6, 2005), shrinking with the unshrink step at 10 eps, gradient reconstruction from
// G_bar, the two-variable update clipped to the box, and the bias from the free variables.
//
// The problem:  min_a 0.5 a^T Q a + p^T a   subject to  y^T a = delta,  0 <= a_t <= C_t,  y_t = +-1.
// With `nu` set, the solver is libsvm's Solver_NU for nu-SVC (Chang and Lin, "Training nu-support
// vector classifiers", Neural Computation 13, 2001): the extra constraint e^T a = const makes the
// working pair share a label, so selection, shrinking and the bias run per label, and the result
// also carries r (nu-SVC's C is 1 / r).
// Variables are permuted as they are shrunk (the active ones are a prefix); Q follows the swaps.
// Ties in the selection go to the last candidate (libsvm's >= and <=), which matters while many
// gradients are equal (at the start every gradient is p).
//
// Files: ./smo-problem.ts (the interfaces), ./smo-state.ts (the variables, gradients and swaps),
// ./smo-selection.ts (WSS3), ./smo-shrinking.ts, ./smo-bias.ts (rho); here the main loop and the
// two-variable update.
import { cRho, nuRho } from './smo-bias.ts';
import type { QMatrix, SmoOptions, SmoResult } from './smo-problem.ts';
import { selectWorkingSet, selectWorkingSetNu } from './smo-selection.ts';
import { doShrinking, doShrinkingNu } from './smo-shrinking.ts';
import { SmoState, TAU, UPPER } from './smo-state.ts';

export type { QMatrix, SmoOptions, SmoResult } from './smo-problem.ts';

/**
 * Solves the problem above from a feasible start `alpha` (not modified). `cost` gives C_t for each
 * variable (libsvm's Cp for y = +1 and Cn for y = -1). All arrays are in the caller's order.
 */
export function solveSmo(Q: QMatrix, p: Float64Array, yIn: Int8Array, alphaIn: Float64Array, cost: Float64Array, options: SmoOptions): SmoResult {
  const l = p.length;
  const s = new SmoState(Q, p, yIn, alphaIn, cost, options.eps);
  const { y, alpha, C, G, Gbar, QD, status } = s;
  Q.setCandidates?.((limit, skip) => s.candidates(limit, skip));
  const nu = options.nu === true;
  const select = nu ? selectWorkingSetNu : selectWorkingSet;
  // An unreachable tolerance (a tol near the rounding of G) must not loop forever: libsvm's cap.
  const maxIter = options.maxIter === -1 ? Math.max(10_000_000, 100 * l) : options.maxIter;
  let iter = 0;
  let counter = Math.min(l, 1000) + 1;
  let hitMaxIter = false;
  for (;;) {
    if (iter >= maxIter) {
      hitMaxIter = true;
      break;
    }
    if (--counter === 0) {
      counter = Math.min(l, 1000);
      if (options.shrinking) {
        if (nu) doShrinkingNu(s);
        else doShrinking(s);
      }
      options.onIterations?.(iter);
    }
    if (!select(s)) {
      s.reconstructGradient();
      s.activeSize = l;
      if (!select(s)) break;
      counter = 1;
    }
    iter++;
    const i = s.workingI, j = s.workingJ;
    const activeSize = s.activeSize;
    const Qi = Q.row(i, activeSize);
    const Qj = Q.row(j, activeSize);
    const Ci = C[i]!, Cj = C[j]!;
    const oldAi = alpha[i]!, oldAj = alpha[j]!;
    let ai = oldAi, aj = oldAj;
    if (y[i] !== y[j]) {
      let quad = QD[i]! + QD[j]! + 2 * Qi[j]!;
      if (quad <= 0) quad = TAU;
      const delta = (-G[i]! - G[j]!) / quad;
      const diff = ai - aj;
      ai += delta;
      aj += delta;
      if (diff > 0) {
        if (aj < 0) { aj = 0; ai = diff; }
      } else if (ai < 0) { ai = 0; aj = -diff; }
      if (diff > Ci - Cj) {
        if (ai > Ci) { ai = Ci; aj = Ci - diff; }
      } else if (aj > Cj) { aj = Cj; ai = Cj + diff; }
    } else {
      let quad = QD[i]! + QD[j]! - 2 * Qi[j]!;
      if (quad <= 0) quad = TAU;
      const delta = (G[i]! - G[j]!) / quad;
      const sum = ai + aj;
      ai -= delta;
      aj += delta;
      if (sum > Ci) {
        if (ai > Ci) { ai = Ci; aj = sum - Ci; }
      } else if (aj < 0) { aj = 0; ai = sum; }
      if (sum > Cj) {
        if (aj > Cj) { aj = Cj; ai = sum - Cj; }
      } else if (ai < 0) { ai = 0; aj = sum; }
    }
    alpha[i] = ai;
    alpha[j] = aj;
    const dai = ai - oldAi, daj = aj - oldAj;
    for (let k = 0; k < activeSize; k++) G[k]! += Qi[k]! * dai + Qj[k]! * daj;
    const upperI = status[i] === UPPER, upperJ = status[j] === UPPER;
    s.updateStatus(i);
    s.updateStatus(j);
    if (upperI !== (status[i] === UPPER)) {
      const row = Q.row(i, l);
      const c = upperI ? -Ci : Ci;
      for (let k = 0; k < l; k++) Gbar[k]! += c * row[k]!;
    }
    if (upperJ !== (status[j] === UPPER)) {
      const row = Q.row(j, l);
      const c = upperJ ? -Cj : Cj;
      for (let k = 0; k < l; k++) Gbar[k]! += c * row[k]!;
    }
  }
  if (hitMaxIter && s.activeSize < l) {
    s.reconstructGradient();
    s.activeSize = l;
  }

  let rho: number, r = 0;
  if (nu) [rho, r] = nuRho(s);
  else rho = cRho(s);
  let objective = 0;
  for (let i = 0; i < l; i++) objective += alpha[i]! * (G[i]! + s.p[i]!);
  objective /= 2;
  const out = new Float64Array(l);
  for (let i = 0; i < l; i++) out[s.activeSet[i]!] = alpha[i]!;
  return { alpha: out, rho, objective, iterations: iter, hitMaxIter, r };
}
