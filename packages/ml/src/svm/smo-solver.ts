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

/** Rows of Q (Q_ts = y_t y_s K(x_t, x_s)) in the solver's current order of variables. */
export interface QMatrix {
  /**
   * Row i over positions [0, length). The array may be reused: it stays valid until the call after
   * the next one (the update needs two rows at once), and its entries past `length` mean nothing.
   */
  row(i: number, length: number): Float32Array;
  /** Q_ii for every position (kept in the solver's order by `swap`). */
  readonly diagonal: Float64Array;
  /** Swaps variables i and j (the solver's order changes; rows computed later follow it). */
  swap(i: number, j: number): void;
  /**
   * Optional: receives a function listing active positions by decreasing violation (the likely next
   * members of working sets), which a cache may use to compute rows ahead in blocks.
   */
  setCandidates?(candidates: (limit: number, skip: (position: number) => boolean) => Int32Array): void;
}

export interface SmoOptions {
  /** Stopping tolerance on the maximal violating pair (scikit-learn's tol, libsvm's -e). */
  eps: number;
  shrinking: boolean;
  /** Iteration limit; -1 for libsvm's own cap, max(10^7, 100 l) (never reached in practice). */
  maxIter: number;
  /** Called every 1000 iterations or so with the iteration count (abort checks, progress). */
  onIterations?: (iterations: number) => void;
  /** Solve the nu formulation (Solver_NU). */
  nu?: boolean;
}

export interface SmoResult {
  /** The solution in the caller's original order of variables. */
  alpha: Float64Array;
  rho: number;
  objective: number;
  iterations: number;
  /** True when the iteration limit stopped the solver before the tolerance was met. */
  hitMaxIter: boolean;
  /** nu formulation only: r, the mean of the two labels' biases (nu-SVC's C is 1 / r). */
  r: number;
}

const TAU = 1e-12;
const LOWER = 0;
const UPPER = 1;
const FREE = 2;

/**
 * Solves the problem above from a feasible start `alpha` (not modified). `cost` gives C_t for each
 * variable (libsvm's Cp for y = +1 and Cn for y = -1). All arrays are in the caller's order.
 */
export function solveSmo(Q: QMatrix, p: Float64Array, yIn: Int8Array, alphaIn: Float64Array, cost: Float64Array, options: SmoOptions): SmoResult {
  const l = p.length;
  const y = Int8Array.from(yIn);
  const alpha = Float64Array.from(alphaIn);
  const C = Float64Array.from(cost);
  const pp = Float64Array.from(p);
  const status = new Uint8Array(l);
  const activeSet = new Int32Array(l);
  const G = new Float64Array(l);
  const Gbar = new Float64Array(l);
  const QD = Q.diagonal;
  const eps = options.eps;
  let activeSize = l;
  let unshrink = false;

  const yf = Float64Array.from(y);
  const inUp = new Uint8Array(l);
  const inLow = new Uint8Array(l);
  const updateStatus = (i: number): void => {
    const st = alpha[i]! >= C[i]! ? UPPER : alpha[i]! <= 0 ? LOWER : FREE;
    status[i] = st;
    inUp[i] = y[i] === 1 ? (st !== UPPER ? 1 : 0) : st !== LOWER ? 1 : 0;
    inLow[i] = y[i] === 1 ? (st !== LOWER ? 1 : 0) : st !== UPPER ? 1 : 0;
  };
  for (let i = 0; i < l; i++) {
    updateStatus(i);
    activeSet[i] = i;
    G[i] = pp[i]!;
  }
  for (let i = 0; i < l; i++) {
    if (status[i] === LOWER) continue;
    const Qi = Q.row(i, l);
    const ai = alpha[i]!;
    for (let j = 0; j < l; j++) G[j]! += ai * Qi[j]!;
    if (status[i] === UPPER) for (let j = 0; j < l; j++) Gbar[j]! += C[i]! * Qi[j]!;
  }

  const swap = (i: number, j: number): void => {
    Q.swap(i, j);
    let t: number;
    t = y[i]!; y[i] = y[j]!; y[j] = t;
    t = yf[i]!; yf[i] = yf[j]!; yf[j] = t;
    t = inUp[i]!; inUp[i] = inUp[j]!; inUp[j] = t;
    t = inLow[i]!; inLow[i] = inLow[j]!; inLow[j] = t;
    t = G[i]!; G[i] = G[j]!; G[j] = t;
    t = status[i]!; status[i] = status[j]!; status[j] = t;
    t = alpha[i]!; alpha[i] = alpha[j]!; alpha[j] = t;
    t = pp[i]!; pp[i] = pp[j]!; pp[j] = t;
    t = activeSet[i]!; activeSet[i] = activeSet[j]!; activeSet[j] = t;
    t = Gbar[i]!; Gbar[i] = Gbar[j]!; Gbar[j] = t;
    t = C[i]!; C[i] = C[j]!; C[j] = t;
  };

  // Gradients of the shrunk variables from G_bar (the part of the gradient from variables at their
  // upper bound) plus the free variables' contributions, by whichever loop order reads fewer rows.
  const reconstructGradient = (): void => {
    if (activeSize === l) return;
    for (let j = activeSize; j < l; j++) G[j] = Gbar[j]! + pp[j]!;
    let free = 0;
    for (let j = 0; j < activeSize; j++) if (status[j] === FREE) free++;
    if (free * l > 2 * activeSize * (l - activeSize)) {
      for (let i = activeSize; i < l; i++) {
        const Qi = Q.row(i, activeSize);
        let g = G[i]!;
        for (let j = 0; j < activeSize; j++) if (status[j] === FREE) g += alpha[j]! * Qi[j]!;
        G[i] = g;
      }
    } else {
      for (let i = 0; i < activeSize; i++) {
        if (status[i] !== FREE) continue;
        const Qi = Q.row(i, l);
        const ai = alpha[i]!;
        for (let j = activeSize; j < l; j++) G[j]! += ai * Qi[j]!;
      }
    }
  };

  // WSS3: i maximises -y_t G_t over I_up; j minimises the second-order decrease over I_low among
  // the pairs that violate. Returns false when the maximal violation is below eps (optimal).
  let outI = -1;
  let outJ = -1;
  // With y_t = +-1, the two labels' cases of libsvm's loops are one expression each (-y_t G_t, and
  // the products with y exact), over flags inUp / inLow kept with the status: fewer branches, the
  // same floating-point operations and tie-breaking.
  const selectWorkingSet = (): boolean => {
    let Gmax = -Infinity, Gmax2 = -Infinity, GmaxIdx = -1, GminIdx = -1, objDiffMin = Infinity;
    for (let t = 0; t < activeSize; t++) {
      if (inUp[t] === 0) continue;
      const v = -yf[t]! * G[t]!;
      if (v >= Gmax) { Gmax = v; GmaxIdx = t; }
    }
    const i = GmaxIdx;
    const Qi = i !== -1 ? Q.row(i, activeSize) : null;
    const yi = i !== -1 ? yf[i]! : 0;
    const QDi = i !== -1 ? QD[i]! : 0;
    for (let j = 0; j < activeSize; j++) {
      if (inLow[j] === 0) continue;
      const yG = yf[j]! * G[j]!;
      const gradDiff = Gmax + yG;
      if (yG >= Gmax2) Gmax2 = yG;
      if (gradDiff > 0) {
        const quad = QDi + QD[j]! - 2 * yi * yf[j]! * Qi![j]!;
        const objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / TAU;
        if (objDiff <= objDiffMin) { GminIdx = j; objDiffMin = objDiff; }
      }
    }
    if (Gmax + Gmax2 < eps || GminIdx === -1) return false;
    outI = GmaxIdx;
    outJ = GminIdx;
    return true;
  };

  // Solver_NU's selection: the first variable is the maximal violator among the second one's label.
  const selectWorkingSetNu = (): boolean => {
    let Gmaxp = -Infinity, Gmaxp2 = -Infinity, GmaxpIdx = -1, Gmaxn = -Infinity, Gmaxn2 = -Infinity, GmaxnIdx = -1, GminIdx = -1, objDiffMin = Infinity;
    for (let t = 0; t < activeSize; t++) {
      if (y[t] === 1) {
        if (status[t] !== UPPER && -G[t]! >= Gmaxp) { Gmaxp = -G[t]!; GmaxpIdx = t; }
      } else if (status[t] !== LOWER && G[t]! >= Gmaxn) { Gmaxn = G[t]!; GmaxnIdx = t; }
    }
    const ip = GmaxpIdx, iN = GmaxnIdx;
    const Qip = ip !== -1 ? Q.row(ip, activeSize) : null;
    const Qin = iN !== -1 ? Q.row(iN, activeSize) : null;
    for (let j = 0; j < activeSize; j++) {
      if (y[j] === 1) {
        if (status[j] === LOWER) continue;
        const gradDiff = Gmaxp + G[j]!;
        if (G[j]! >= Gmaxp2) Gmaxp2 = G[j]!;
        if (gradDiff > 0) {
          const quad = QD[ip]! + QD[j]! - 2 * Qip![j]!;
          const objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / TAU;
          if (objDiff <= objDiffMin) { GminIdx = j; objDiffMin = objDiff; }
        }
      } else {
        if (status[j] === UPPER) continue;
        const gradDiff = Gmaxn - G[j]!;
        if (-G[j]! >= Gmaxn2) Gmaxn2 = -G[j]!;
        if (gradDiff > 0) {
          const quad = QD[iN]! + QD[j]! - 2 * Qin![j]!;
          const objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / TAU;
          if (objDiff <= objDiffMin) { GminIdx = j; objDiffMin = objDiff; }
        }
      }
    }
    if (Math.max(Gmaxp + Gmaxp2, Gmaxn + Gmaxn2) < eps || GminIdx === -1) return false;
    outI = y[GminIdx] === 1 ? GmaxpIdx : GmaxnIdx;
    outJ = GminIdx;
    return true;
  };

  const beShrunkNu = (i: number, Gmax1: number, Gmax2: number, Gmax3: number, Gmax4: number): boolean => {
    if (status[i] === UPPER) return y[i] === 1 ? -G[i]! > Gmax1 : -G[i]! > Gmax4;
    if (status[i] === LOWER) return y[i] === 1 ? G[i]! > Gmax2 : G[i]! > Gmax3;
    return false;
  };

  const doShrinkingNu = (): void => {
    let Gmax1 = -Infinity, Gmax2 = -Infinity, Gmax3 = -Infinity, Gmax4 = -Infinity;
    for (let i = 0; i < activeSize; i++) {
      if (status[i] !== UPPER) {
        if (y[i] === 1) { if (-G[i]! > Gmax1) Gmax1 = -G[i]!; } else if (-G[i]! > Gmax4) Gmax4 = -G[i]!;
      }
      if (status[i] !== LOWER) {
        if (y[i] === 1) { if (G[i]! > Gmax2) Gmax2 = G[i]!; } else if (G[i]! > Gmax3) Gmax3 = G[i]!;
      }
    }
    if (!unshrink && Math.max(Gmax1 + Gmax2, Gmax3 + Gmax4) <= eps * 10) {
      unshrink = true;
      reconstructGradient();
      activeSize = l;
    }
    for (let i = 0; i < activeSize; i++) {
      if (!beShrunkNu(i, Gmax1, Gmax2, Gmax3, Gmax4)) continue;
      activeSize--;
      while (activeSize > i) {
        if (!beShrunkNu(activeSize, Gmax1, Gmax2, Gmax3, Gmax4)) {
          swap(i, activeSize);
          break;
        }
        activeSize--;
      }
    }
  };

  const beShrunk = (i: number, Gmax1: number, Gmax2: number): boolean => {
    if (status[i] === UPPER) return y[i] === 1 ? -G[i]! > Gmax1 : -G[i]! > Gmax2;
    if (status[i] === LOWER) return y[i] === 1 ? G[i]! > Gmax2 : G[i]! > Gmax1;
    return false;
  };

  const doShrinking = (): void => {
    let Gmax1 = -Infinity, Gmax2 = -Infinity;
    for (let i = 0; i < activeSize; i++) {
      if (y[i] === 1) {
        if (status[i] !== UPPER && -G[i]! >= Gmax1) Gmax1 = -G[i]!;
        if (status[i] !== LOWER && G[i]! >= Gmax2) Gmax2 = G[i]!;
      } else {
        if (status[i] !== UPPER && -G[i]! >= Gmax2) Gmax2 = -G[i]!;
        if (status[i] !== LOWER && G[i]! >= Gmax1) Gmax1 = G[i]!;
      }
    }
    if (!unshrink && Gmax1 + Gmax2 <= eps * 10) {
      unshrink = true;
      reconstructGradient();
      activeSize = l;
    }
    for (let i = 0; i < activeSize; i++) {
      if (!beShrunk(i, Gmax1, Gmax2)) continue;
      activeSize--;
      while (activeSize > i) {
        if (!beShrunk(activeSize, Gmax1, Gmax2)) {
          swap(i, activeSize);
          break;
        }
        activeSize--;
      }
    }
  };

  // Active positions by decreasing violation, -y_t G_t over I_up and y_t G_t over I_low, leaving out
  // those `skip` rejects (a top-k scan).
  Q.setCandidates?.((limit: number, skip: (position: number) => boolean): Int32Array => {
    const k = Math.min(limit, activeSize);
    const top = new Int32Array(k), score = new Float64Array(k).fill(-Infinity);
    let filled = 0;
    for (let t = 0; t < activeSize; t++) {
      const yG = y[t]! * G[t]!;
      const up = y[t] === 1 ? status[t] !== UPPER : status[t] !== LOWER;
      const low = y[t] === 1 ? status[t] !== LOWER : status[t] !== UPPER;
      const v = Math.max(up ? -yG : -Infinity, low ? yG : -Infinity);
      if (filled === k && v <= score[k - 1]!) continue;
      if (skip(t)) continue;
      if (filled < k) filled++;
      let at = filled - 1;
      while (at > 0 && score[at - 1]! < v) {
        score[at] = score[at - 1]!;
        top[at] = top[at - 1]!;
        at--;
      }
      score[at] = v;
      top[at] = t;
    }
    return top.subarray(0, filled);
  });

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
        if (nu) doShrinkingNu();
        else doShrinking();
      }
      options.onIterations?.(iter);
    }
    if (!select()) {
      reconstructGradient();
      activeSize = l;
      if (!select()) break;
      counter = 1;
    }
    iter++;
    const i = outI, j = outJ;
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
    updateStatus(i);
    updateStatus(j);
    if (upperI !== (status[i] === UPPER)) {
      const row = Q.row(i, l);
      const s = upperI ? -Ci : Ci;
      for (let k = 0; k < l; k++) Gbar[k]! += s * row[k]!;
    }
    if (upperJ !== (status[j] === UPPER)) {
      const row = Q.row(j, l);
      const s = upperJ ? -Cj : Cj;
      for (let k = 0; k < l; k++) Gbar[k]! += s * row[k]!;
    }
  }
  if (hitMaxIter && activeSize < l) {
    reconstructGradient();
    activeSize = l;
  }

  let rho: number, r = 0;
  if (nu) [rho, r] = nuRho();
  else rho = cRho();
  let objective = 0;
  for (let i = 0; i < l; i++) objective += alpha[i]! * (G[i]! + pp[i]!);
  objective /= 2;
  const out = new Float64Array(l);
  for (let i = 0; i < l; i++) out[activeSet[i]!] = alpha[i]!;
  return { alpha: out, rho, objective, iterations: iter, hitMaxIter, r };

  // rho of Solver_NU: per label, the mean G over the free variables (else the middle of the
  // interval); rho is half their difference and r half their sum.
  function nuRho(): [number, number] {
    const ub = [Infinity, Infinity], lb = [-Infinity, -Infinity], sum = [0, 0], count = [0, 0];
    for (let i = 0; i < activeSize; i++) {
      const k = y[i] === 1 ? 0 : 1;
      if (status[i] === UPPER) lb[k] = Math.max(lb[k]!, G[i]!);
      else if (status[i] === LOWER) ub[k] = Math.min(ub[k]!, G[i]!);
      else { count[k]!++; sum[k]! += G[i]!; }
    }
    const r1 = count[0]! > 0 ? sum[0]! / count[0]! : (ub[0]! + lb[0]!) / 2;
    const r2 = count[1]! > 0 ? sum[1]! / count[1]! : (ub[1]! + lb[1]!) / 2;
    return [(r1 - r2) / 2, (r1 + r2) / 2];
  }

  // rho: the mean of y G over the free variables, else the middle of the feasible interval.
  function cRho(): number {
    let ub = Infinity, lb = -Infinity, sumFree = 0, free = 0;
    for (let i = 0; i < activeSize; i++) {
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
}
