// The best regression split of one feature of a node (squared error or Friedman's MSE).
import type { SplitState } from './split-state.ts';
import { binsPresent, clearSums, setThreshold } from './split-bins.ts';
import { FRIEDMAN } from './split-criterion.ts';

/**
 * Regression scan of feature f: per-bin counts, weights and weighted target sums in one pass, then
 * the proxies (squared error or Friedman's) at the boundaries between the bins present.
 */
export function scanRegression(s: SplitState, f: number, start: number, end: number, best: number): number | null {
  const idx = s.idx;
  const nodeWeights = s.nodeWeights;
  const nodeWY = s.nodeWY;
  const histN = s.histN;
  const histW = s.histW;
  const histWY = s.histWY;
  const touched = s.touched;
  const codes = s.codes;
  const off = f * s.rows;
  const m = end - start;
  let t = 0;
  for (let j = 0; j < m; j++) {
    const b = codes[off + idx[start + j]!]!;
    if (histN[b]++ === 0) touched[t++] = b;
    histW[b]! += nodeWeights[j]!;
    histWY[b]! += nodeWY[j]!;
  }
  if (t <= 1) {
    clearSums(s, t);
    return null;
  }
  t = binsPresent(s, f, t);
  const n = end - start;
  const minLeaf = s.o.minSamplesLeaf;
  const total = s.nodeWeight;
  const sum = s.nodeSum;
  const friedman = s.crit === FRIEDMAN;
  let nLeft = 0;
  let wLeft = 0;
  let sLeft = 0;
  let localBest = best;
  let bestJ = -1;
  for (let j = 0; j < t - 1; j++) {
    const b = touched[j]!;
    nLeft += histN[b]!;
    wLeft += histW[b]!;
    sLeft += histWY[b]!;
    if (nLeft < minLeaf) continue;
    if (n - nLeft < minLeaf) break;
    const wRight = total - wLeft;
    const sRight = sum - sLeft;
    let proxy: number;
    if (friedman) {
      const diff = wRight * sLeft - wLeft * sRight;
      proxy = (diff * diff) / (wLeft * wRight);
    } else proxy = (sLeft * sLeft) / wLeft + (sRight * sRight) / wRight;
    if (proxy > localBest) {
      localBest = proxy;
      bestJ = j;
    }
  }
  if (bestJ >= 0) setThreshold(s, f, touched[bestJ]!, touched[bestJ + 1]!);
  clearSums(s, t);
  return localBest;
}
