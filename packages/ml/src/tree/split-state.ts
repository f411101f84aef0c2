// What the split scans read and write of a node's split search (NodeSplitter implements it): the
// binned data, the node's samples and statistics, per-bin scratch buffers, and the best split so far.
import type { BinnedFeatures } from './binned-features.ts';
import type { GrowOptions } from './split-criterion.ts';

export interface SplitState {
  readonly binned: BinnedFeatures;
  readonly rows: number;
  readonly codes: Uint8Array | Uint16Array | Uint32Array;
  /** Criterion code (./split-criterion.ts). */
  readonly crit: number;
  readonly classification: boolean;
  /** Classes (1 for regression). */
  readonly K: number;
  /** Regression outputs (1 for classification). */
  readonly T: number;
  /** Sample indices; the node is idx[start..end). */
  readonly idx: Int32Array;
  readonly o: GrowOptions;
  // Per-bin scratch, all zero between scans.
  readonly histN: Int32Array;
  readonly histW: Float64Array;
  readonly histWY: Float64Array;
  readonly touched: Int32Array;
  readonly offsets: Int32Array;
  // The node's samples in idx order: labels, weighted targets (T per sample), weights, and their bins for one feature.
  readonly nodeY: Int32Array;
  readonly nodeWY: Float64Array;
  readonly nodeWeights: Float64Array;
  readonly localCodes: Int32Array;
  readonly sortedY: Int32Array;
  readonly sortedW: Float64Array;
  /** Class weights of the node, and of the left side during a scan. */
  readonly nodeW: Float64Array;
  readonly leftW: Float64Array;
  readonly nodeWeight: number;
  readonly nodeSum: number;
  /** Per-output weighted target sums of the node (regression), and of the left side during a scan. */
  readonly nodeSums: Float64Array;
  readonly leftSums: Float64Array;
  bestFeature: number;
  bestCut: number;
  bestThreshold: number;
  /** scikit-learn's rand_r draw, modulo 2^31. */
  randR(): number;
}
