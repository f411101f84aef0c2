// Node statistics and the best split of one node, as scikit-learn's BestSplitter and criteria
// compute them: the features drawn in scikit-learn's order (its rand_r xorshift, its bookkeeping of
// features known to be constant, at least maxFeatures drawn and one of them non-constant), the split
// with the highest proxy improvement (first met wins ties), the threshold halfway between the
// float32 values on either side. Split search per feature: one pass over the node's samples counts
// them per bin; classification then counting-sorts the node's labels by bin and walks them (gini's
// sums of squares updated in O(1) per sample), regression sums weight and weighted target per bin;
// proxies are evaluated at every boundary between bins present: O(node size + bins present).
// Multi-output regression keeps one weighted target sum per output (./scan-regression-outputs.ts).
import type { BinnedFeatures } from './binned-features.ts';
import { scanClassification } from './scan-classification.ts';
import type { SplitState } from './split-state.ts';
import { scanRandom } from './scan-random.ts';
import { scanRegression } from './scan-regression.ts';
import { scanRegressionOutputs } from './scan-regression-outputs.ts';
import { criterionCode, GINI, type GrowOptions, type TreeTargets } from './split-criterion.ts';

export type { ClassificationCriterion, GrowOptions, RegressionCriterion, TreeTargets } from './split-criterion.ts';
export { EPSILON } from './split-criterion.ts';

/**
 * The state of one tree's split search. Its buffers and the last node's statistics are read by the
 * scans of ./scan-classification.ts, ./scan-regression.ts and ./scan-random.ts (internal to the tree
 * growers: not exported from the package).
 */
export class NodeSplitter implements SplitState {
  readonly rows: number;
  private readonly cols: number;
  readonly codes: Uint8Array | Uint16Array | Uint32Array;
  readonly crit: number;
  readonly classification: boolean;
  readonly K: number;
  readonly T: number;
  private readonly yc: Int32Array;
  private readonly yr: Float64Array;
  readonly histN: Int32Array;
  readonly histW: Float64Array;
  readonly histWY: Float64Array;
  readonly sortedY: Int32Array;
  /** The node's samples' labels (classification) or weighted targets (regression) and weights, in idx order. */
  readonly nodeY: Int32Array;
  readonly nodeWY: Float64Array;
  readonly nodeWeights: Float64Array;
  readonly localCodes: Int32Array;
  readonly offsets: Int32Array;
  readonly sortedW: Float64Array;
  readonly touched: Int32Array;
  readonly nodeW: Float64Array;
  readonly leftW: Float64Array;
  private readonly scratch: Int32Array;
  private readonly features: Int32Array;
  private readonly constantFeatures: Int32Array;
  private randState: number;
  // node statistics of the last computeNode call
  nodeWeight = 0;
  nodeSum = 0;
  readonly nodeSums: Float64Array;
  readonly leftSums: Float64Array;
  // best split of the last findSplit call
  bestFeature = -1;
  bestCut = 0;
  bestThreshold = 0;


  constructor(
    readonly binned: BinnedFeatures,
    targets: TreeTargets,
    private readonly weights: Float64Array,
    readonly idx: Int32Array,
    readonly o: GrowOptions,
  ) {
    this.rows = binned.rows;
    this.cols = binned.cols;
    this.codes = binned.codes;
    this.crit = criterionCode(o.criterion);
    this.classification = targets.kind === 'classification';
    this.K = targets.kind === 'classification' ? targets.nClasses : 1;
    this.T = targets.kind === 'regression' ? (targets.nOutputs ?? 1) : 1;
    const T = this.T;
    this.yc = targets.kind === 'classification' ? targets.y : new Int32Array(0);
    this.yr = targets.kind === 'regression' ? targets.y : new Float64Array(0);
    const bins = binned.maxBins;
    this.histN = new Int32Array(bins);
    this.histW = new Float64Array(bins);
    this.offsets = new Int32Array(bins);
    this.sortedY = new Int32Array(this.classification ? idx.length : 0);
    this.sortedW = new Float64Array(this.classification ? idx.length : 0);
    this.nodeY = new Int32Array(this.classification ? idx.length : 0);
    this.nodeWY = new Float64Array(this.classification ? 0 : idx.length * T);
    this.nodeWeights = new Float64Array(idx.length);
    this.localCodes = new Int32Array(idx.length);
    this.histWY = new Float64Array(this.classification ? 0 : bins * T);
    this.nodeSums = new Float64Array(T);
    this.leftSums = new Float64Array(T);
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
      if (this.crit === GINI) {
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
    const T = this.T;
    if (T > 1) return this.computeOutputs(start, end);
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
    this.nodeSums[0] = sum;
    const mean = sum / total;
    return sq / total - mean * mean;
  }

  /** computeNode of multi-output regression: scikit-learn's MSE, the squares summed over outputs, minus each output's squared mean, over the outputs. */
  private computeOutputs(start: number, end: number): number {
    const idx = this.idx;
    const w = this.weights;
    const y = this.yr;
    const T = this.T;
    const sums = this.nodeSums;
    sums.fill(0);
    let total = 0;
    let sq = 0;
    for (let i = start; i < end; i++) {
      const s = idx[i]!;
      const ws = w[s]!;
      total += ws;
      for (let k = 0; k < T; k++) {
        const v = y[s * T + k]!;
        sums[k]! += ws * v;
        sq += ws * v * v;
      }
    }
    this.nodeWeight = total;
    let sum = 0;
    let impurity = sq / total;
    for (let k = 0; k < T; k++) {
      sum += sums[k]!;
      impurity -= (sums[k]! / total) * (sums[k]! / total);
    }
    this.nodeSum = sum;
    return impurity / T;
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
      const T = this.T;
      if (T === 1) {
        for (let i = start; i < end; i++) {
          const s = idx[i]!;
          nodeWeights[i - start] = w[s]!;
          nodeWY[i - start] = w[s]! * y[s]!;
        }
      } else {
        for (let i = start; i < end; i++) {
          const s = idx[i]!;
          nodeWeights[i - start] = w[s]!;
          for (let k = 0; k < T; k++) nodeWY[(i - start) * T + k] = w[s]! * y[s * T + k]!;
        }
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
      const proxy = this.o.randomSplits
        ? scanRandom(this, f, start, end, best)
        : this.classification
          ? scanClassification(this, f, start, end, best)
          : this.T === 1
            ? scanRegression(this, f, start, end, best)
            : scanRegressionOutputs(this, f, start, end, best);
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
  randR(): number {
    let x = this.randState;
    if (x === 0) x = 1;
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    this.randState = x;
    return x % 2147483648;
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
