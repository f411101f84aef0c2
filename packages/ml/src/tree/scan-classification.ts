// The best classification split of one feature of a node (gini or entropy), scikit-learn's
// BestSplitter with its proxy improvement computed operation for operation.
import type { SplitState } from './split-state.ts';
import { binsPresent, clearCounts, setThreshold } from './split-bins.ts';
import { GINI } from './split-criterion.ts';

/**
 * Classification scan of feature f: counts per bin, then a counting sort of the node's labels
 * and weights by bin, then one walk over them keeping the left class weights (and for gini the
 * sums of squared class weights, updated in O(1) per sample); proxies at bin boundaries.
 */
export function scanClassification(s: SplitState, f: number, start: number, end: number, best: number): number | null {
  const idx = s.idx;
  const histN = s.histN;
  const touched = s.touched;
  const codes = s.codes;
  const off = f * s.rows;
  const localCodes = s.localCodes;
  const m = end - start;
  let t = 0;
  for (let j = 0; j < m; j++) {
    const b = codes[off + idx[start + j]!]!;
    localCodes[j] = b;
    if (histN[b]++ === 0) touched[t++] = b;
  }
  if (t <= 1) {
    clearCounts(s, t);
    return null;
  }
  t = binsPresent(s, f, t);
  const offsets = s.offsets;
  let at = 0;
  for (let j = 0; j < t; j++) {
    const b = touched[j]!;
    offsets[b] = at;
    at += histN[b]!;
  }
  const nodeY = s.nodeY;
  const nodeWeights = s.nodeWeights;
  const sortedY = s.sortedY;
  const sortedW = s.sortedW;
  for (let j = 0; j < m; j++) {
    const p = offsets[localCodes[j]!]!++;
    sortedY[p] = nodeY[j]!;
    sortedW[p] = nodeWeights[j]!;
  }
  const n = end - start;
  const K = s.K;
  const minLeaf = s.o.minSamplesLeaf;
  const total = s.nodeWeight;
  const nodeW = s.nodeW;
  const leftW = s.leftW;
  leftW.fill(0);
  let sl = 0;
  let sr = 0;
  for (let k = 0; k < K; k++) sr += nodeW[k]! * nodeW[k]!;
  let nLeft = 0;
  let wLeft = 0;
  const gini = s.crit === GINI;
  let localBest = best;
  let bestJ = -1;
  let p = 0;
  for (let j = 0; j < t - 1; j++) {
    const stop = p + histN[touched[j]!]!;
    for (; p < stop; p++) {
      const k = sortedY[p]!;
      const c = sortedW[p]!;
      const l = leftW[k]!;
      const r = nodeW[k]! - l;
      sl += c * (2 * l + c);
      sr -= c * (2 * r - c);
      leftW[k] = l + c;
      wLeft += c;
    }
    nLeft = stop;
    if (nLeft < minLeaf) continue;
    if (n - nLeft < minLeaf) break;
    const wRight = total - wLeft;
    let proxy: number;
    // scikit-learn's proxy, operation for operation (its rounding decides between splits that tie in exact arithmetic)
    if (gini) proxy = -wRight * (1 - sr / (wRight * wRight)) - wLeft * (1 - sl / (wLeft * wLeft));
    else {
      let el = 0;
      let er = 0;
      for (let k = 0; k < K; k++) {
        const l = leftW[k]!;
        const r = nodeW[k]! - l;
        if (l > 0) el -= (l / wLeft) * (Math.log(l / wLeft) / Math.LN2);
        if (r > 0) er -= (r / wRight) * (Math.log(r / wRight) / Math.LN2);
      }
      proxy = -wRight * er - wLeft * el;
    }
    if (proxy > localBest) {
      localBest = proxy;
      bestJ = j;
    }
  }
  if (bestJ >= 0) setThreshold(s, f, touched[bestJ]!, touched[bestJ + 1]!);
  clearCounts(s, t);
  return localBest;
}
