// scikit-learn's RandomSplitter (extremely randomised trees) on one feature of a node.
import { FEATURE_THRESHOLD } from './binned-features.ts';
import type { SplitState } from './split-state.ts';
import { GINI } from './split-criterion.ts';

/**
 * scikit-learn's RandomSplitter on feature f: null when the node's values span at most
 * FEATURE_THRESHOLD; else a threshold drawn uniformly in [min, max) (min when it lands on max),
 * the split rejected when a side has fewer than minSamplesLeaf samples, and its proxy otherwise
 * (the same criteria as the best splitter; left = values <= threshold).
 */
export function scanRandom(s: SplitState, f: number, start: number, end: number, best: number): number | null {
  const idx = s.idx;
  const codes = s.codes;
  const off = f * s.rows;
  let lo = Infinity;
  let hi = -1;
  for (let i = start; i < end; i++) {
    const b = codes[off + idx[i]!]!;
    if (b < lo) lo = b;
    if (b > hi) hi = b;
  }
  const mins = s.binned.binMin[f]!;
  const maxs = s.binned.binMax[f]!;
  const min = mins[lo]!;
  const max = maxs[hi]!;
  if (max <= min + FEATURE_THRESHOLD) return null;
  let threshold = ((max - min) * s.randR()) / 2147483647 + min;
  if (threshold === max) threshold = min;
  // the last bin whose values are all <= threshold
  let a = lo;
  let z = hi;
  while (a < z) {
    const mid = (a + z + 1) >> 1;
    if (maxs[mid]! <= threshold) a = mid;
    else z = mid - 1;
  }
  const cut = a;
  const K = s.K;
  const T = s.T;
  const leftW = s.leftW;
  leftW.fill(0);
  const leftSums = s.leftSums;
  leftSums.fill(0);
  let nLeft = 0;
  let wLeft = 0;
  let sLeft = 0;
  const nodeWeights = s.nodeWeights;
  for (let j = 0; j < end - start; j++) {
    if (codes[off + idx[start + j]!]! > cut) continue;
    nLeft++;
    wLeft += nodeWeights[j]!;
    if (s.classification) leftW[s.nodeY[j]!]! += nodeWeights[j]!;
    else if (T === 1) sLeft += s.nodeWY[j]!;
    else for (let k = 0; k < T; k++) leftSums[k]! += s.nodeWY[j * T + k]!;
  }
  const minLeaf = s.o.minSamplesLeaf;
  if (nLeft < minLeaf || end - start - nLeft < minLeaf) return best;
  const wRight = s.nodeWeight - wLeft;
  let proxy: number;
  if (s.classification) {
    const nodeW = s.nodeW;
    let sl = 0;
    let sr = 0;
    let el = 0;
    let er = 0;
    for (let k = 0; k < K; k++) {
      const l = leftW[k]!;
      const r = nodeW[k]! - l;
      sl += l * l;
      sr += r * r;
      if (l > 0) el -= (l / wLeft) * (Math.log(l / wLeft) / Math.LN2);
      if (r > 0) er -= (r / wRight) * (Math.log(r / wRight) / Math.LN2);
    }
    proxy = s.crit === GINI ? -wRight * (1 - sr / (wRight * wRight)) - wLeft * (1 - sl / (wLeft * wLeft)) : -wRight * er - wLeft * el;
  } else if (T === 1) {
    const sRight = s.nodeSum - sLeft;
    proxy = (sLeft * sLeft) / wLeft + (sRight * sRight) / wRight;
  } else {
    // multi-output: the squared-error proxy summed over the outputs
    let sqLeft = 0;
    let sqRight = 0;
    for (let k = 0; k < T; k++) {
      const l = leftSums[k]!;
      const r = s.nodeSums[k]! - l;
      sqLeft += l * l;
      sqRight += r * r;
    }
    proxy = sqLeft / wLeft + sqRight / wRight;
  }
  if (!(proxy > best)) return best;
  s.bestFeature = f;
  s.bestCut = cut;
  s.bestThreshold = threshold;
  return proxy;
}
