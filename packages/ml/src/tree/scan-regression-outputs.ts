// The best split of one feature of a node for multi-output regression (scikit-learn's trees on a
// 2-D y): per-bin weights and one weighted target sum per output, then at each boundary between the
// bins present the squared-error proxy summed over the outputs, sum_k sLeft_k^2 / wLeft +
// sum_k sRight_k^2 / wRight (scikit-learn's MSE.proxy_impurity_improvement, in its order). friedmanMse splits alike:
// scikit-learn 1.9 maps it to squared_error (for one output the two proxies differ by a positive
// factor and a constant, so they pick the same split).
import type { SplitState } from './split-state.ts';
import { binsPresent, setThreshold } from './split-bins.ts';

export function scanRegressionOutputs(s: SplitState, f: number, start: number, end: number, best: number): number | null {
  const T = s.T;
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
    for (let k = 0; k < T; k++) histWY[b * T + k]! += nodeWY[j * T + k]!;
  }
  if (t <= 1) {
    clear(s, t);
    return null;
  }
  t = binsPresent(s, f, t);
  const minLeaf = s.o.minSamplesLeaf;
  const total = s.nodeWeight;
  const sums = s.nodeSums;
  const left = s.leftSums;
  left.fill(0);
  let nLeft = 0;
  let wLeft = 0;
  let localBest = best;
  let bestJ = -1;
  for (let j = 0; j < t - 1; j++) {
    const b = touched[j]!;
    nLeft += histN[b]!;
    wLeft += histW[b]!;
    for (let k = 0; k < T; k++) left[k]! += histWY[b * T + k]!;
    if (nLeft < minLeaf) continue;
    if (m - nLeft < minLeaf) break;
    const wRight = total - wLeft;
    // scikit-learn's order of operations: each side's squares summed over the outputs, then divided
    let sqLeft = 0;
    let sqRight = 0;
    for (let k = 0; k < T; k++) {
      const l = left[k]!;
      const r = sums[k]! - l;
      sqLeft += l * l;
      sqRight += r * r;
    }
    const proxy = sqLeft / wLeft + sqRight / wRight;
    if (proxy > localBest) {
      localBest = proxy;
      bestJ = j;
    }
  }
  if (bestJ >= 0) setThreshold(s, f, touched[bestJ]!, touched[bestJ + 1]!);
  clear(s, t);
  return localBest;
}

/** Zeroes the counts, weights and per-output sums of the t bins touched. */
function clear(s: SplitState, t: number): void {
  const T = s.T;
  for (let j = 0; j < t; j++) {
    const b = s.touched[j]!;
    s.histN[b] = 0;
    s.histW[b] = 0;
    s.histWY.fill(0, b * T, (b + 1) * T);
  }
}
