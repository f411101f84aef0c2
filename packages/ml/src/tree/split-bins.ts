// Per-bin bookkeeping of the split scans (./scan-*.ts): the bins present in a node in
// ascending order, the chosen threshold of a split between two bins, and resetting the counts.
import type { SplitState } from './split-state.ts';

/**
 * Lists the bins present in the node (histN > 0; the first `count` entries of touched, in the
 * order met) in ascending order in touched[0..count): an insertion sort when count^2 / 4 is below
 * the feature's bin count, a scan of all its bins when that is cheaper than sorting, else a sort.
 */
export function binsPresent(s: SplitState, f: number, count: number): number {
  const touched = s.touched;
  const nBins = s.binned.binMin[f]!.length;
  if (count * count < 4 * nBins) {
    for (let i = 1; i < count; i++) {
      const v = touched[i]!;
      let j = i - 1;
      for (; j >= 0 && touched[j]! > v; j--) touched[j + 1] = touched[j]!;
      touched[j + 1] = v;
    }
    return count;
  }
  if (nBins > count * 16) {
    touched.subarray(0, count).sort();
    return count;
  }
  const histN = s.histN;
  let t = 0;
  for (let b = 0; b < nBins; b++) if (histN[b]! > 0) touched[t++] = b;
  return t;
}

/** Records feature f split between bins cutLeft and cutRight, the threshold halfway between their float32 values. */
export function setThreshold(s: SplitState, f: number, cutLeft: number, cutRight: number): void {
  const lv = s.binned.binMax[f]![cutLeft]!;
  const rv = s.binned.binMin[f]![cutRight]!;
  let threshold = lv / 2 + rv / 2;
  if (threshold === rv || !Number.isFinite(threshold)) threshold = lv;
  s.bestFeature = f;
  s.bestCut = cutLeft;
  s.bestThreshold = threshold;
}

/** Zeroes the per-bin counts of the t bins touched. */
export function clearCounts(s: SplitState, t: number): void {
  const touched = s.touched;
  const histN = s.histN;
  for (let j = 0; j < t; j++) histN[touched[j]!] = 0;
}

/** Zeroes the per-bin counts, weights and weighted sums of the t bins touched. */
export function clearSums(s: SplitState, t: number): void {
  const touched = s.touched;
  for (let j = 0; j < t; j++) {
    const b = touched[j]!;
    s.histN[b] = 0;
    s.histW[b] = 0;
    s.histWY[b] = 0;
  }
}
