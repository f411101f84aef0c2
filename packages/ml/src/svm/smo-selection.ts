// Working-set selection of the SMO solver: libsvm's WSS3 (Fan, Chen and Lin, JMLR 6, 2005) and
// Solver_NU's per-label variant. Each sets the pair (workingI, workingJ) to update and returns true,
// or returns false when the maximal violation is below eps (optimal). Ties go to the last candidate (libsvm's >= and <=).
import { LOWER, type SmoState, TAU, UPPER } from './smo-state.ts';

/**
 * WSS3: i maximises -y_t G_t over I_up; j minimises the second-order decrease over I_low among the
 * pairs that violate. With y_t = +-1, the two labels' cases of libsvm's loops are one expression
 * each over the flags inUp / inLow: fewer branches, the same floating-point operations and ties.
 */
export function selectWorkingSet(s: SmoState): boolean {
  const { activeSize, inUp, inLow, yf, G, QD } = s;
  let Gmax = -Infinity, Gmax2 = -Infinity, GmaxIdx = -1, GminIdx = -1, objDiffMin = Infinity;
  for (let t = 0; t < activeSize; t++) {
    if (inUp[t] === 0) continue;
    const v = -yf[t]! * G[t]!;
    if (v >= Gmax) { Gmax = v; GmaxIdx = t; }
  }
  const i = GmaxIdx;
  const Qi = i !== -1 ? s.Q.row(i, activeSize) : null;
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
  if (Gmax + Gmax2 < s.eps || GminIdx === -1) return false;
  s.workingI = GmaxIdx;
  s.workingJ = GminIdx;
  return true;
}

/** Solver_NU's selection: the first variable is the maximal violator among the second one's label. */
export function selectWorkingSetNu(s: SmoState): boolean {
  const { activeSize, y, status, G, QD } = s;
  let Gmaxp = -Infinity, Gmaxp2 = -Infinity, GmaxpIdx = -1, Gmaxn = -Infinity, Gmaxn2 = -Infinity, GmaxnIdx = -1, GminIdx = -1, objDiffMin = Infinity;
  for (let t = 0; t < activeSize; t++) {
    if (y[t] === 1) {
      if (status[t] !== UPPER && -G[t]! >= Gmaxp) { Gmaxp = -G[t]!; GmaxpIdx = t; }
    } else if (status[t] !== LOWER && G[t]! >= Gmaxn) { Gmaxn = G[t]!; GmaxnIdx = t; }
  }
  const ip = GmaxpIdx, iN = GmaxnIdx;
  const Qip = ip !== -1 ? s.Q.row(ip, activeSize) : null;
  const Qin = iN !== -1 ? s.Q.row(iN, activeSize) : null;
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
  if (Math.max(Gmaxp + Gmaxp2, Gmaxn + Gmaxn2) < s.eps || GminIdx === -1) return false;
  s.workingI = y[GminIdx] === 1 ? GmaxpIdx : GmaxnIdx;
  s.workingJ = GminIdx;
  return true;
}
