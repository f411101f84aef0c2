// Shrinking of the SMO solver (libsvm's do_shrinking and Solver_NU's): variables at a bound whose
// gradient says they will stay there leave the active set (moved past activeSize); the first time
// the violation falls to 10 eps, the gradient is reconstructed and every variable comes back once.
import { LOWER, type SmoState, UPPER } from './smo-state.ts';

/** Moves the variables `shrunk` accepts past activeSize (the active ones stay a prefix). */
function shrink(s: SmoState, shrunk: (i: number) => boolean): void {
  for (let i = 0; i < s.activeSize; i++) {
    if (!shrunk(i)) continue;
    s.activeSize--;
    while (s.activeSize > i) {
      if (!shrunk(s.activeSize)) {
        s.swap(i, s.activeSize);
        break;
      }
      s.activeSize--;
    }
  }
}

/** Unshrinks once, when the maximal violation first falls to 10 eps. */
function unshrinkOnce(s: SmoState, violation: number): void {
  if (!s.unshrink && violation <= s.eps * 10) {
    s.unshrink = true;
    s.reconstructGradient();
    s.activeSize = s.l;
  }
}

export function doShrinking(s: SmoState): void {
  const { y, status, G } = s;
  let Gmax1 = -Infinity, Gmax2 = -Infinity;
  for (let i = 0; i < s.activeSize; i++) {
    if (y[i] === 1) {
      if (status[i] !== UPPER && -G[i]! >= Gmax1) Gmax1 = -G[i]!;
      if (status[i] !== LOWER && G[i]! >= Gmax2) Gmax2 = G[i]!;
    } else {
      if (status[i] !== UPPER && -G[i]! >= Gmax2) Gmax2 = -G[i]!;
      if (status[i] !== LOWER && G[i]! >= Gmax1) Gmax1 = G[i]!;
    }
  }
  unshrinkOnce(s, Gmax1 + Gmax2);
  shrink(s, (i) => {
    if (status[i] === UPPER) return y[i] === 1 ? -G[i]! > Gmax1 : -G[i]! > Gmax2;
    if (status[i] === LOWER) return y[i] === 1 ? G[i]! > Gmax2 : G[i]! > Gmax1;
    return false;
  });
}

export function doShrinkingNu(s: SmoState): void {
  const { y, status, G } = s;
  let Gmax1 = -Infinity, Gmax2 = -Infinity, Gmax3 = -Infinity, Gmax4 = -Infinity;
  for (let i = 0; i < s.activeSize; i++) {
    if (status[i] !== UPPER) {
      if (y[i] === 1) { if (-G[i]! > Gmax1) Gmax1 = -G[i]!; } else if (-G[i]! > Gmax4) Gmax4 = -G[i]!;
    }
    if (status[i] !== LOWER) {
      if (y[i] === 1) { if (G[i]! > Gmax2) Gmax2 = G[i]!; } else if (G[i]! > Gmax3) Gmax3 = G[i]!;
    }
  }
  unshrinkOnce(s, Math.max(Gmax1 + Gmax2, Gmax3 + Gmax4));
  shrink(s, (i) => {
    if (status[i] === UPPER) return y[i] === 1 ? -G[i]! > Gmax1 : -G[i]! > Gmax4;
    if (status[i] === LOWER) return y[i] === 1 ? G[i]! > Gmax2 : G[i]! > Gmax3;
    return false;
  });
}
