// The bias of an SMO solution (libsvm's calculate_rho), from the gradient over the active variables.
import { LOWER, type SmoState, UPPER } from './smo-state.ts';

/** rho: the mean of y G over the free variables, else the middle of the feasible interval. */
export function cRho(s: SmoState): number {
  const { y, G, status } = s;
  let ub = Infinity, lb = -Infinity, sumFree = 0, free = 0;
  for (let i = 0; i < s.activeSize; i++) {
    const yG = y[i]! * G[i]!;
    if (status[i] === UPPER) {
      if (y[i] === -1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else if (status[i] === LOWER) {
      if (y[i] === 1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else {
      free++;
      sumFree += yG;
    }
  }
  return free > 0 ? sumFree / free : (ub + lb) / 2;
}

/**
 * Solver_NU's: per label, the mean G over the free variables (else the middle of the interval);
 * rho is half their difference and r half their sum. Returns [rho, r].
 */
export function nuRho(s: SmoState): [number, number] {
  const { y, G, status } = s;
  const ub = [Infinity, Infinity], lb = [-Infinity, -Infinity], sum = [0, 0], count = [0, 0];
  for (let i = 0; i < s.activeSize; i++) {
    const k = y[i] === 1 ? 0 : 1;
    if (status[i] === UPPER) lb[k] = Math.max(lb[k]!, G[i]!);
    else if (status[i] === LOWER) ub[k] = Math.min(ub[k]!, G[i]!);
    else { count[k]!++; sum[k]! += G[i]!; }
  }
  const r1 = count[0]! > 0 ? sum[0]! / count[0]! : (ub[0]! + lb[0]!) / 2;
  const r2 = count[1]! > 0 ? sum[1]! / count[1]! : (ub[1]! + lb[1]!) / 2;
  return [(r1 - r2) / 2, (r1 + r2) / 2];
}
