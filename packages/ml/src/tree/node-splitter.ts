// Node statistics and the best split of one node, as scikit-learn's BestSplitter and criteria
// compute them: the features drawn in scikit-learn's order (its rand_r xorshift, its bookkeeping of
// features known to be constant, at least maxFeatures drawn and one of them non-constant), the split
// with the highest proxy improvement (first met wins ties), the threshold halfway between the
// float32 values on either side. Split search per feature: one pass over the node's samples counts
// them per bin; classification then counting-sorts the node's labels by bin and walks them (gini's
// sums of squares updated in O(1) per sample), regression sums weight and weighted target per bin;
// proxies are evaluated at every boundary between bins present: O(node size + bins present).
import { type BinnedFeatures, FEATURE_THRESHOLD } from './binned-features.ts';

export type ClassificationCriterion = 'gini' | 'entropy' | 'logLoss';
export type RegressionCriterion = 'squaredError' | 'friedmanMse';

export type TreeTargets = { kind: 'classification'; y: Int32Array; nClasses: number } | { kind: 'regression'; y: Float64Array };

export interface GrowOptions {
  criterion: ClassificationCriterion | RegressionCriterion;
  /** Infinity for no limit. */
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** How many non-constant features to examine per node (all of them when >= the number of features). */
  maxFeatures: number;
  minImpurityDecrease: number;
  /** Infinity for depth-first growth; else best-first growth to at most this many leaves. */
  maxLeafNodes: number;
  /** scikit-learn's RandomSplitter: one threshold per feature drawn uniformly between the node's min and max. */
  randomSplits: boolean;
  /** The splitter's rand_r state (scikit-learn draws it as RandomState(randomState).randint(0, 2^31 - 1)); it orders the features visited. */
  seed: number;
}

/** scikit-learn's _tree.pyx EPSILON (DBL_EPSILON). */
export const EPSILON = 2.220446049250313e-16;

const enum Crit {
  Gini,
  Entropy,
  Mse,
  Friedman,
}

function critOf(name: GrowOptions['criterion']): Crit {
  if (name === 'gini') return Crit.Gini;
  if (name === 'entropy' || name === 'logLoss') return Crit.Entropy;
  if (name === 'friedmanMse') return Crit.Friedman;
  return Crit.Mse;
}

export class NodeSplitter {
  private readonly rows: number;
  private readonly cols: number;
  private readonly codes: Uint8Array | Uint16Array | Uint32Array;
  private readonly crit: Crit;
  readonly classification: boolean;
  readonly K: number;
  private readonly yc: Int32Array;
  private readonly yr: Float64Array;
  private readonly histN: Int32Array;
  private readonly histW: Float64Array;
  private readonly histWY: Float64Array;
  private readonly sortedY: Int32Array;
  /** The node's samples' labels (classification) or weighted targets (regression) and weights, in idx order. */
  private readonly nodeY: Int32Array;
  private readonly nodeWY: Float64Array;
  private readonly nodeWeights: Float64Array;
  private readonly localCodes: Int32Array;
  private readonly offsets: Int32Array;
  private readonly sortedW: Float64Array;
  private readonly touched: Int32Array;
  readonly nodeW: Float64Array;
  private readonly leftW: Float64Array;
  private readonly scratch: Int32Array;
  private readonly features: Int32Array;
  private readonly constantFeatures: Int32Array;
  private randState: number;
  // node statistics of the last computeNode call
  nodeWeight = 0;
  nodeSum = 0;
  private nodeSqSum = 0;
  // best split of the last findSplit call
  bestFeature = -1;
  private bestCut = 0;
  bestThreshold = 0;


  constructor(
    private readonly binned: BinnedFeatures,
    targets: TreeTargets,
    private readonly weights: Float64Array,
    readonly idx: Int32Array,
    readonly o: GrowOptions,
  ) {
    this.rows = binned.rows;
    this.cols = binned.cols;
    this.codes = binned.codes;
    this.crit = critOf(o.criterion);
    this.classification = targets.kind === 'classification';
    this.K = targets.kind === 'classification' ? targets.nClasses : 1;
    this.yc = targets.kind === 'classification' ? targets.y : new Int32Array(0);
    this.yr = targets.kind === 'regression' ? targets.y : new Float64Array(0);
    const bins = binned.maxBins;
    this.histN = new Int32Array(bins);
    this.histW = new Float64Array(bins);
    this.offsets = new Int32Array(bins);
    this.sortedY = new Int32Array(this.classification ? idx.length : 0);
    this.sortedW = new Float64Array(this.classification ? idx.length : 0);
    this.nodeY = new Int32Array(this.classification ? idx.length : 0);
    this.nodeWY = new Float64Array(this.classification ? 0 : idx.length);
    this.nodeWeights = new Float64Array(idx.length);
    this.localCodes = new Int32Array(idx.length);
    this.histWY = new Float64Array(this.classification ? 0 : bins);
    this.touched = new Int32Array(bins);
    this.nodeW = new Float64Array(this.K);
    this.leftW = new Float64Array(this.K);
    this.scratch = new Int32Array(idx.length);
    this.features = new Int32Array(this.cols);
    this.constantFeatures = new Int32Array(this.cols);
    this.randState = o.seed >>> 0;
    for (let f = 0; f < this.cols; f++) this.features[f] = f;
  }

  /** Fills the node's weighted class counts (or weight and sums) and returns its impurity, with scikit-learn's formulas. */
  computeNode(start: number, end: number): number {
    const idx = this.idx;
    const w = this.weights;
    let total = 0;
    if (this.classification) {
      const counts = this.nodeW;
      counts.fill(0);
      const y = this.yc;
      for (let i = start; i < end; i++) {
        const s = idx[i]!;
        counts[y[s]!]! += w[s]!;
        total += w[s]!;
      }
      this.nodeWeight = total;
      if (this.crit === Crit.Gini) {
        let sq = 0;
        for (let k = 0; k < this.K; k++) sq += counts[k]! * counts[k]!;
        return 1 - sq / (total * total);
      }
      let entropy = 0;
      for (let k = 0; k < this.K; k++) {
        const p = counts[k]! / total;
        if (p > 0) entropy -= p * (Math.log(p) / Math.LN2);
      }
      return entropy;
    }
    const y = this.yr;
    let sum = 0;
    let sq = 0;
    for (let i = start; i < end; i++) {
      const s = idx[i]!;
      const ws = w[s]!;
      const v = y[s]!;
      total += ws;
      sum += ws * v;
      sq += ws * v * v;
    }
    this.nodeWeight = total;
    this.nodeSum = sum;
    this.nodeSqSum = sq;
    const mean = sum / total;
    return sq / total - mean * mean;
  }

  /**
   * Searches the node's best split (computeNode must have run on it): bestFeature < 0 when no
   * feature gives a valid split. Features are drawn as scikit-learn's BestSplitter.node_split
   * draws them; features[0..nKnownConstants) are the ones known constant from the ancestors.
   * Returns the number of constant features known to the children.
   */
  findSplit(start: number, end: number, nKnownConstants: number): number {
    const maxFeatures = this.o.maxFeatures;
    const features = this.features;
    let best = -Infinity;
    this.bestFeature = -1;
    const idx = this.idx;
    const w = this.weights;
    const nodeWeights = this.nodeWeights;
    if (this.classification) {
      const y = this.yc;
      const nodeY = this.nodeY;
      for (let i = start; i < end; i++) {
        const s = idx[i]!;
        nodeY[i - start] = y[s]!;
        nodeWeights[i - start] = w[s]!;
      }
    } else {
      const y = this.yr;
      const nodeWY = this.nodeWY;
      for (let i = start; i < end; i++) {
        const s = idx[i]!;
        nodeWeights[i - start] = w[s]!;
        nodeWY[i - start] = w[s]! * y[s]!;
      }
    }
    let fi = this.cols;
    let nVisited = 0;
    let nFound = 0;
    let nDrawn = 0;
    let nTotal = nKnownConstants;
    while (fi > nTotal && (nVisited < maxFeatures || nVisited <= nFound + nDrawn)) {
      nVisited++;
      let fj = nDrawn + (this.randR() % (fi - nFound - nDrawn));
      if (fj < nKnownConstants) {
        const t = features[nDrawn]!;
        features[nDrawn] = features[fj]!;
        features[fj] = t;
        nDrawn++;
        continue;
      }
      fj += nFound;
      const f = features[fj]!;
      const proxy = this.o.randomSplits ? this.scanRandom(f, start, end, best) : this.classification ? this.scanClassification(f, start, end, best) : this.scanRegression(f, start, end, best);
      if (proxy === null) {
        features[fj] = features[nTotal]!;
        features[nTotal] = f;
        nFound++;
        nTotal++;
        continue;
      }
      fi--;
      features[fj] = features[fi]!;
      features[fi] = f;
      if (proxy > best) best = proxy;
    }
    // scikit-learn's invariant: features[0..nKnown) keep their order for siblings and children
    features.set(this.constantFeatures.subarray(0, nKnownConstants), 0);
    this.constantFeatures.set(features.subarray(nKnownConstants, nKnownConstants + nFound), nKnownConstants);
    return nTotal;
  }

  /** scikit-learn's our_rand_r: xorshift32, returned modulo 2^31. */
  private randR(): number {
    let x = this.randState;
    if (x === 0) x = 1;
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    this.randState = x;
    return x % 2147483648;
  }

  /**
   * Lists the bins present in the node (histN > 0; the first `count` entries of touched, in the
   * order met) in ascending order in touched[0..count): an insertion sort when count^2 / 4 is below
   * the feature's bin count, a scan of all its bins when that is cheaper than sorting, else a sort.
   */
  private binsPresent(f: number, count: number): number {
    const touched = this.touched;
    const nBins = this.binned.binMin[f]!.length;
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
    const histN = this.histN;
    let t = 0;
    for (let b = 0; b < nBins; b++) if (histN[b]! > 0) touched[t++] = b;
    return t;
  }

  /**
   * scikit-learn's RandomSplitter on feature f: null when the node's values span at most
   * FEATURE_THRESHOLD; else a threshold drawn uniformly in [min, max) (min when it lands on max),
   * the split rejected when a side has fewer than minSamplesLeaf samples, and its proxy otherwise
   * (the same criteria as the best splitter; left = values <= threshold).
   */
  private scanRandom(f: number, start: number, end: number, best: number): number | null {
    const idx = this.idx;
    const codes = this.codes;
    const off = f * this.rows;
    let lo = Infinity;
    let hi = -1;
    for (let i = start; i < end; i++) {
      const b = codes[off + idx[i]!]!;
      if (b < lo) lo = b;
      if (b > hi) hi = b;
    }
    const mins = this.binned.binMin[f]!;
    const maxs = this.binned.binMax[f]!;
    const min = mins[lo]!;
    const max = maxs[hi]!;
    if (max <= min + FEATURE_THRESHOLD) return null;
    let threshold = ((max - min) * this.randR()) / 2147483647 + min;
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
    const K = this.K;
    const leftW = this.leftW;
    leftW.fill(0);
    let nLeft = 0;
    let wLeft = 0;
    let sLeft = 0;
    const nodeWeights = this.nodeWeights;
    for (let j = 0; j < end - start; j++) {
      if (codes[off + idx[start + j]!]! > cut) continue;
      nLeft++;
      wLeft += nodeWeights[j]!;
      if (this.classification) leftW[this.nodeY[j]!]! += nodeWeights[j]!;
      else sLeft += this.nodeWY[j]!;
    }
    const minLeaf = this.o.minSamplesLeaf;
    if (nLeft < minLeaf || end - start - nLeft < minLeaf) return best;
    const wRight = this.nodeWeight - wLeft;
    let proxy: number;
    if (this.classification) {
      const nodeW = this.nodeW;
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
      proxy = this.crit === Crit.Gini ? -wRight * (1 - sr / (wRight * wRight)) - wLeft * (1 - sl / (wLeft * wLeft)) : -wRight * er - wLeft * el;
    } else {
      const sRight = this.nodeSum - sLeft;
      proxy = (sLeft * sLeft) / wLeft + (sRight * sRight) / wRight;
    }
    if (!(proxy > best)) return best;
    this.bestFeature = f;
    this.bestCut = cut;
    this.bestThreshold = threshold;
    return proxy;
  }

  private setThreshold(f: number, cutLeft: number, cutRight: number): void {
    const lv = this.binned.binMax[f]![cutLeft]!;
    const rv = this.binned.binMin[f]![cutRight]!;
    let threshold = lv / 2 + rv / 2;
    if (threshold === rv || !Number.isFinite(threshold)) threshold = lv;
    this.bestFeature = f;
    this.bestCut = cutLeft;
    this.bestThreshold = threshold;
  }

  /**
   * Classification scan of feature f: counts per bin, then a counting sort of the node's labels
   * and weights by bin, then one walk over them keeping the left class weights (and for gini the
   * sums of squared class weights, updated in O(1) per sample); proxies at bin boundaries.
   */
  private scanClassification(f: number, start: number, end: number, best: number): number | null {
    const idx = this.idx;
    const histN = this.histN;
    const touched = this.touched;
    const codes = this.codes;
    const off = f * this.rows;
    const localCodes = this.localCodes;
    const m = end - start;
    let t = 0;
    for (let j = 0; j < m; j++) {
      const b = codes[off + idx[start + j]!]!;
      localCodes[j] = b;
      if (histN[b]++ === 0) touched[t++] = b;
    }
    if (t <= 1) {
      this.clearCounts(t);
      return null;
    }
    t = this.binsPresent(f, t);
    const offsets = this.offsets;
    let at = 0;
    for (let j = 0; j < t; j++) {
      const b = touched[j]!;
      offsets[b] = at;
      at += histN[b]!;
    }
    const nodeY = this.nodeY;
    const nodeWeights = this.nodeWeights;
    const sortedY = this.sortedY;
    const sortedW = this.sortedW;
    for (let j = 0; j < m; j++) {
      const p = offsets[localCodes[j]!]!++;
      sortedY[p] = nodeY[j]!;
      sortedW[p] = nodeWeights[j]!;
    }
    const n = end - start;
    const K = this.K;
    const minLeaf = this.o.minSamplesLeaf;
    const total = this.nodeWeight;
    const nodeW = this.nodeW;
    const leftW = this.leftW;
    leftW.fill(0);
    let sl = 0;
    let sr = 0;
    for (let k = 0; k < K; k++) sr += nodeW[k]! * nodeW[k]!;
    let nLeft = 0;
    let wLeft = 0;
    const gini = this.crit === Crit.Gini;
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
    if (bestJ >= 0) this.setThreshold(f, touched[bestJ]!, touched[bestJ + 1]!);
    this.clearCounts(t);
    return localBest;
  }

  private clearCounts(t: number): void {
    const touched = this.touched;
    const histN = this.histN;
    for (let j = 0; j < t; j++) histN[touched[j]!] = 0;
  }

  private scanRegression(f: number, start: number, end: number, best: number): number | null {
    const idx = this.idx;
    const nodeWeights = this.nodeWeights;
    const nodeWY = this.nodeWY;
    const histN = this.histN;
    const histW = this.histW;
    const histWY = this.histWY;
    const touched = this.touched;
    const codes = this.codes;
    const off = f * this.rows;
    const m = end - start;
    let t = 0;
    for (let j = 0; j < m; j++) {
      const b = codes[off + idx[start + j]!]!;
      if (histN[b]++ === 0) touched[t++] = b;
      histW[b]! += nodeWeights[j]!;
      histWY[b]! += nodeWY[j]!;
    }
    if (t <= 1) {
      this.clear(t);
      return null;
    }
    t = this.binsPresent(f, t);
    const n = end - start;
    const minLeaf = this.o.minSamplesLeaf;
    const total = this.nodeWeight;
    const sum = this.nodeSum;
    const friedman = this.crit === Crit.Friedman;
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
    if (bestJ >= 0) this.setThreshold(f, touched[bestJ]!, touched[bestJ + 1]!);
    this.clear(t);
    return localBest;
  }

  private clear(t: number): void {
    const touched = this.touched;
    for (let j = 0; j < t; j++) {
      const b = touched[j]!;
      this.histN[b] = 0;
      this.histW[b] = 0;
      this.histWY[b] = 0;
    }
  }

  /** Stable partition of idx[start..end) by the best split; returns the first index of the right side. */
  partition(start: number, end: number): number {
    const idx = this.idx;
    const scratch = this.scratch;
    const codes = this.codes;
    const off = this.bestFeature * this.rows;
    const cut = this.bestCut;
    let l = start;
    let r = 0;
    for (let i = start; i < end; i++) {
      const s = idx[i]!;
      if (codes[off + s]! <= cut) idx[l++] = s;
      else scratch[r++] = s;
    }
    for (let j = 0; j < r; j++) idx[l + j] = scratch[j]!;
    return l;
  }
}
