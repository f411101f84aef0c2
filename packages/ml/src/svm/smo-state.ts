// The working state of one SMO solve (./smo-solver.ts), libsvm's Solver members: the variables in
// the solver's order (shrunk ones moved past activeSize), their labels, bounds, status, gradient G
// and G_bar (the part of G from the variables at their upper bound), with the swap that keeps all of
// them (and Q) in step, the gradient reconstruction after unshrinking, and the candidate list a
// kernel cache may prefetch from.
import type { QMatrix } from './smo-problem.ts';

export const LOWER = 0;
export const UPPER = 1;
export const FREE = 2;
/** libsvm's TAU: the smallest curvature a working pair is given. */
export const TAU = 1e-12;

export class SmoState {
  readonly l: number;
  readonly Q: QMatrix;
  readonly QD: Float64Array;
  readonly y: Int8Array;
  /** y as float64, for the products of the selection. */
  readonly yf: Float64Array;
  readonly alpha: Float64Array;
  readonly C: Float64Array;
  readonly p: Float64Array;
  readonly status: Uint8Array;
  /** Flags of I_up and I_low, kept with the status. */
  readonly inUp: Uint8Array;
  readonly inLow: Uint8Array;
  /** The caller's index of each position. */
  readonly activeSet: Int32Array;
  readonly G: Float64Array;
  readonly Gbar: Float64Array;
  readonly eps: number;
  activeSize: number;
  unshrink = false;
  /** The working pair of the last selection (./smo-selection.ts). */
  workingI = -1;
  workingJ = -1;

  /** Copies the caller's arrays and computes G and G_bar at the feasible start `alpha`. */
  constructor(Q: QMatrix, p: Float64Array, y: Int8Array, alpha: Float64Array, cost: Float64Array, eps: number) {
    const l = p.length;
    this.l = l;
    this.Q = Q;
    this.QD = Q.diagonal;
    this.y = Int8Array.from(y);
    this.yf = Float64Array.from(y);
    this.alpha = Float64Array.from(alpha);
    this.C = Float64Array.from(cost);
    this.p = Float64Array.from(p);
    this.status = new Uint8Array(l);
    this.inUp = new Uint8Array(l);
    this.inLow = new Uint8Array(l);
    this.activeSet = new Int32Array(l);
    this.G = new Float64Array(l);
    this.Gbar = new Float64Array(l);
    this.eps = eps;
    this.activeSize = l;
    const { G, Gbar, status, C } = this;
    for (let i = 0; i < l; i++) {
      this.updateStatus(i);
      this.activeSet[i] = i;
      G[i] = this.p[i]!;
    }
    for (let i = 0; i < l; i++) {
      if (status[i] === LOWER) continue;
      const Qi = Q.row(i, l);
      const ai = this.alpha[i]!;
      for (let j = 0; j < l; j++) G[j]! += ai * Qi[j]!;
      if (status[i] === UPPER) for (let j = 0; j < l; j++) Gbar[j]! += C[i]! * Qi[j]!;
    }
  }

  updateStatus(i: number): void {
    const st = this.alpha[i]! >= this.C[i]! ? UPPER : this.alpha[i]! <= 0 ? LOWER : FREE;
    this.status[i] = st;
    const positive = this.y[i] === 1;
    this.inUp[i] = positive ? (st !== UPPER ? 1 : 0) : st !== LOWER ? 1 : 0;
    this.inLow[i] = positive ? (st !== LOWER ? 1 : 0) : st !== UPPER ? 1 : 0;
  }

  /** Swaps positions i and j in every array (and in Q). */
  swap(i: number, j: number): void {
    this.Q.swap(i, j);
    const { y, yf, inUp, inLow, G, status, alpha, p, activeSet, Gbar, C } = this;
    let t: number;
    t = y[i]!; y[i] = y[j]!; y[j] = t;
    t = yf[i]!; yf[i] = yf[j]!; yf[j] = t;
    t = inUp[i]!; inUp[i] = inUp[j]!; inUp[j] = t;
    t = inLow[i]!; inLow[i] = inLow[j]!; inLow[j] = t;
    t = G[i]!; G[i] = G[j]!; G[j] = t;
    t = status[i]!; status[i] = status[j]!; status[j] = t;
    t = alpha[i]!; alpha[i] = alpha[j]!; alpha[j] = t;
    t = p[i]!; p[i] = p[j]!; p[j] = t;
    t = activeSet[i]!; activeSet[i] = activeSet[j]!; activeSet[j] = t;
    t = Gbar[i]!; Gbar[i] = Gbar[j]!; Gbar[j] = t;
    t = C[i]!; C[i] = C[j]!; C[j] = t;
  }

  /**
   * Gradients of the shrunk variables from G_bar plus the free variables' contributions, by whichever
   * loop order reads fewer rows.
   */
  reconstructGradient(): void {
    const { l, activeSize, G, Gbar, p, status, alpha, Q } = this;
    if (activeSize === l) return;
    for (let j = activeSize; j < l; j++) G[j] = Gbar[j]! + p[j]!;
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
  }

  /**
   * Active positions by decreasing violation (-y_t G_t over I_up, y_t G_t over I_low), leaving out
   * those `skip` rejects: a top-k scan.
   */
  candidates(limit: number, skip: (position: number) => boolean): Int32Array {
    const { y, G, status } = this;
    const k = Math.min(limit, this.activeSize);
    const top = new Int32Array(k), score = new Float64Array(k).fill(-Infinity);
    let filled = 0;
    for (let t = 0; t < this.activeSize; t++) {
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
  }
}
