// What random forests share (Breiman 2001): hyperparameters, the per-tree seeds and bootstrap
// draws exactly as scikit-learn makes them (tree i's seed is the i-th RandomState(randomState)
// .randint(2^31 - 1); its bootstrap is RandomState(seed).randint(0, n, maxSamples), or with sample
// or class weights RandomState(seed).choice(n, maxSamples, p = weights) as scikit-learn 1.9 draws
// it, turned into sample-weight counts; its splitter is seeded from the same seed), the tree growth
// on features binned once for all trees, and the out-of-bag sums.
import type { Matrix } from '@neurite/tensor';
import { checkAborted, report } from '../base/estimator.ts';
import { MAX_INT32, NumpyRandomState, weightedChoice } from '../base/numpy-random-state.ts';
import type { FitOptions } from '../base/protocol.ts';
import { type BaseTreeParams, checkTreeParams, fitTreeArrays, growOptionsOf } from '../tree/base-decision-tree.ts';
import type { BinnedFeatures } from '../tree/binned-features.ts';
import type { TreeTargets } from '../tree/build-tree.ts';
import { applyTree, impurityImportances, type TreeArrays } from '../tree/tree-arrays.ts';
import { checkCountOrFraction, checkPositiveInteger } from '../tree/tree-params.ts';
import { ArgumentError, defaultGenerator } from '@neurite/tensor';

export interface ForestParams extends BaseTreeParams {
  nEstimators: number;
  bootstrap: boolean;
  oobScore: boolean;
  /** Bootstrap size: null (n), a count, or a fraction of n. */
  maxSamples: number | null;
}

export function checkForestParams(p: ForestParams, name: string, criteria: readonly string[]): void {
  checkTreeParams(p, name, criteria);
  checkPositiveInteger(p.nEstimators, `${name}: nEstimators`);
  if (typeof p.bootstrap !== 'boolean') throw new ArgumentError(`${name}: bootstrap must be a boolean`);
  if (typeof p.oobScore !== 'boolean') throw new ArgumentError(`${name}: oobScore must be a boolean`);
  if (p.oobScore && !p.bootstrap) throw new ArgumentError(`${name}: oobScore needs bootstrap`);
  if (p.maxSamples !== null) checkCountOrFraction(p.maxSamples, `${name}: maxSamples`, 1);
}

/** Per-tree seeds as scikit-learn's _set_random_states draws them. */
export function treeSeeds(randomState: number | null, count: number): Int32Array {
  const state = new NumpyRandomState(randomState ?? defaultGenerator().integer(0, MAX_INT32));
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = state.randint(0, MAX_INT32);
  return out;
}

/** Bootstrap counts per sample: RandomState(seed).randint(0, n, size), or choice with p = weights, tallied (scikit-learn's _generate_sample_indices). */
export function bootstrapCounts(seed: number, n: number, size: number, weights: Float64Array | null = null): Float64Array {
  const state = new NumpyRandomState(seed);
  const counts = new Float64Array(n);
  if (weights === null) for (let i = 0; i < size; i++) counts[state.randint(0, n)]!++;
  else for (const i of weightedChoice(state, weights, size)) counts[i]!++;
  return counts;
}

export interface ForestFit {
  trees: TreeArrays[];
  /** Sum over trees of the out-of-bag predictions (nValues per sample) and how many trees saw each sample out of bag. */
  oobSum: Float64Array | null;
  oobCount: Int32Array | null;
}

/** Grows the forest; `weights` are the sample weights (class weights applied). */
/**
 * `weights` are the sample weights with class weights applied, `weighted` whether any were given
 * (they then draw the bootstrap, and the trees see only the counts, as in scikit-learn 1.9; without
 * bootstrap the trees see the weights). `perTree` adjusts each tree's weights given its bootstrap
 * counts (null without bootstrap): balanced subsample class weights.
 */
export function fitForest(
  X: Matrix,
  binned: BinnedFeatures,
  targets: TreeTargets,
  weights: Float64Array,
  weighted: boolean,
  p: ForestParams,
  options: FitOptions | undefined,
  name: string,
  perTree?: (weights: Float64Array, counts: Float64Array | null) => void,
): ForestFit {
  const n = X.rows;
  const nValues = targets.kind === 'classification' ? targets.nClasses : (targets.nOutputs ?? 1);
  let total = n;
  if (weighted) {
    total = 0;
    for (let i = 0; i < n; i++) total += weights[i]!;
  }
  // scikit-learn's _get_n_samples_bootstrap: a fraction of the sample count, or of the weights' sum
  const size = p.maxSamples === null ? n : Number.isInteger(p.maxSamples) ? p.maxSamples : Math.max(1, Math.floor(p.maxSamples * total));
  if (p.bootstrap && !weighted && size > n) throw new ArgumentError(`${name}: maxSamples ${size} is more than the ${n} samples`);
  const seeds = treeSeeds(p.randomState, p.nEstimators);
  const trees: TreeArrays[] = [];
  const oobSum = p.oobScore ? new Float64Array(n * nValues) : null;
  const oobCount = p.oobScore ? new Int32Array(n) : null;
  const treeWeights = new Float64Array(n);
  for (let t = 0; t < p.nEstimators; t++) {
    checkAborted(options, `${name}.fit`);
    const seed = seeds[t]!;
    let counts: Float64Array | null = null;
    if (p.bootstrap) {
      counts = bootstrapCounts(seed, n, size, weighted ? weights : null);
      treeWeights.set(counts);
    } else treeWeights.set(weights);
    perTree?.(treeWeights, counts);
    const grow = growOptionsOf(p, n, X.cols, new NumpyRandomState(seed).randint(0, MAX_INT32));
    const tree = fitTreeArrays(binned, targets, treeWeights, p, grow);
    trees.push(tree);
    if (oobSum && oobCount && counts) addOutOfBag(tree, X, counts, oobSum, oobCount);
    report(options, { stage: 'tree', done: t + 1, total: p.nEstimators });
  }
  return { trees, oobSum, oobCount };
}

function addOutOfBag(tree: TreeArrays, X: Matrix, counts: Float64Array, sum: Float64Array, count: Int32Array): void {
  const K = tree.nValues;
  const rows: number[] = [];
  for (let i = 0; i < X.rows; i++) if (counts[i] === 0) rows.push(i);
  const sub = new Float64Array(rows.length * X.cols);
  rows.forEach((r, j) => sub.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), j * X.cols));
  const leaves = applyTree(tree, { rows: rows.length, cols: X.cols, data: sub });
  rows.forEach((r, j) => {
    for (let k = 0; k < K; k++) sum[r * K + k]! += tree.value[leaves[j]! * K + k]!;
    count[r]!++;
  });
}

/** Mean of the trees' normalised importances over trees with a split, renormalised (scikit-learn's forest feature_importances_). */
export function forestImportances(trees: readonly TreeArrays[], nFeatures: number): Float64Array {
  const out = new Float64Array(nFeatures);
  let used = 0;
  for (const tree of trees) {
    if (tree.nodeCount <= 1) continue;
    const imp = impurityImportances(tree, nFeatures);
    for (let f = 0; f < nFeatures; f++) out[f]! += imp[f]!;
    used++;
  }
  if (used === 0) return out;
  let total = 0;
  for (let f = 0; f < nFeatures; f++) total += out[f]! / used;
  for (let f = 0; f < nFeatures; f++) out[f] = total > 0 ? out[f]! / used / total : 0;
  return out;
}
