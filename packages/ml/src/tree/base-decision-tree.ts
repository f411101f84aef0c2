// What the decision tree classifier and regressor share: hyperparameters, fitting on binned
// features, pruning, apply / decisionPath, importances, the exported `tree` arrays and JSON state.
import { ArgumentError, type Matrix, type MatrixInput, ShapeError, toMatrix } from '@neurite/tensor';
import { BaseEstimator, checkAborted } from '../base/estimator.ts';
import type { FitOptions } from '../base/protocol.ts';
import type { WeightedFitOptions } from '../base/sample-weight.ts';
import { binFeatures, type BinnedFeatures } from './binned-features.ts';
import { type ClassificationCriterion, type GrowOptions, growTree, type RegressionCriterion, type TreeTargets } from './build-tree.ts';
import { pruneTree, pruningPath, type PruningPath } from './cost-complexity.ts';
import { applyTree, decisionPathOf, impurityImportances, type TreeArrays, treeFromJSON, type TreeJSON, treeShape, treeToJSON } from './tree-arrays.ts';
import {
  checkCountOrFraction,
  checkMaxDepth,
  checkMaxFeatures,
  checkNonNegative,
  checkOneOf,
  checkPositiveInteger,
  checkRandomState,
  drawSeed,
  type MaxFeatures,
  resolveCount,
  resolveMaxFeatures,
} from './tree-params.ts';

export interface BaseTreeParams {
  [key: string]: unknown;
  criterion: ClassificationCriterion | RegressionCriterion;
  /** 'best' (scikit-learn's default) or 'random' (one uniform threshold per feature, extremely randomised trees). */
  splitter: 'best' | 'random';
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  maxFeatures: MaxFeatures;
  randomState: number | null;
  minImpurityDecrease: number;
  /** null: depth-first growth; else best-first growth to at most this many leaves (>= 2). */
  maxLeafNodes: number | null;
  ccpAlpha: number;
}

/** fit's options: the usual signal and progress, plus per-sample weights (scikit-learn's sample_weight). */
export type TreeFitOptions = WeightedFitOptions;
export { sampleWeightsOf } from '../base/sample-weight.ts';

export function checkTreeParams(p: BaseTreeParams, name: string, criteria: readonly string[]): void {
  checkOneOf(p.criterion, criteria, `${name}: criterion`);
  checkOneOf(p.splitter, ['best', 'random'], `${name}: splitter`);
  checkMaxDepth(p.maxDepth, `${name}: maxDepth`);
  checkCountOrFraction(p.minSamplesSplit, `${name}: minSamplesSplit`, 2, true);
  checkCountOrFraction(p.minSamplesLeaf, `${name}: minSamplesLeaf`, 1);
  checkMaxFeatures(p.maxFeatures, `${name}: maxFeatures`);
  checkRandomState(p.randomState, `${name}: randomState`);
  checkNonNegative(p.minImpurityDecrease, `${name}: minImpurityDecrease`);
  checkNonNegative(p.ccpAlpha, `${name}: ccpAlpha`);
  if (p.maxLeafNodes !== null) checkPositiveInteger(p.maxLeafNodes, `${name}: maxLeafNodes`, 2, 1e8);
}

/** The growth options of `p` for n samples and nFeatures features. */
/** `seed` is the splitter's rand_r state; by default the one scikit-learn draws for randomState. */
export function growOptionsOf(p: BaseTreeParams, n: number, nFeatures: number, seed = drawSeed(p.randomState)): GrowOptions {
  return {
    criterion: p.criterion,
    maxDepth: p.maxDepth ?? Infinity,
    minSamplesSplit: Math.max(resolveCount(p.minSamplesSplit, n, 2), 2 * resolveCount(p.minSamplesLeaf, n, 1)),
    minSamplesLeaf: resolveCount(p.minSamplesLeaf, n, 1),
    maxFeatures: resolveMaxFeatures(p.maxFeatures, nFeatures),
    minImpurityDecrease: p.minImpurityDecrease,
    maxLeafNodes: p.maxLeafNodes ?? Infinity,
    randomSplits: p.splitter === 'random',
    seed,
  };
}

/** The samples with a positive weight. */
export function positiveSamples(weights: Float64Array): Int32Array {
  let count = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i]! > 0) count++;
  const out = new Int32Array(count);
  let at = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i]! > 0) out[at++] = i;
  return out;
}

/** Grows (and prunes when ccpAlpha > 0) one tree: the shared fitting step of trees and forests. */
export function fitTreeArrays(binned: BinnedFeatures, targets: TreeTargets, weights: Float64Array, params: BaseTreeParams, options: GrowOptions): TreeArrays {
  const tree = growTree(binned, targets, weights, positiveSamples(weights), options);
  return params.ccpAlpha > 0 ? pruneTree(tree, params.ccpAlpha) : tree;
}

export interface TreeState {
  nFeaturesIn: number;
  tree: TreeJSON;
}

export abstract class BaseDecisionTree<P extends BaseTreeParams> extends BaseEstimator<P> {
  protected treeArrays: TreeArrays | undefined;
  protected nFeatures: number | undefined;

  /** The fitted tree as scikit-learn's tree_ arrays (read-only by contract). */
  get tree(): TreeArrays {
    return this.fitted(this.treeArrays, 'tree');
  }

  get nFeaturesIn(): number {
    return this.fitted(this.nFeatures, 'nFeaturesIn');
  }

  /** Normalised mean decrease in impurity per feature. */
  get featureImportances(): Float64Array {
    return impurityImportances(this.tree, this.nFeaturesIn);
  }

  getDepth(): number {
    return treeShape(this.tree).depth;
  }

  getNLeaves(): number {
    return treeShape(this.tree).leaves;
  }

  /** The leaf (node index) each sample ends in. */
  apply(X: MatrixInput): Int32Array {
    return applyTree(this.tree, this.checkX(X));
  }

  /** The nodes each sample passes through, as CSR rows (indptr, indices). */
  decisionPath(X: MatrixInput): { indptr: Int32Array; indices: Int32Array } {
    return decisionPathOf(this.tree, this.checkX(X));
  }

  protected checkX(X: MatrixInput, what = 'X'): Matrix {
    const nFeatures = this.nFeaturesIn;
    const m = toMatrix(X, `${this.constructor.name}: ${what}`);
    if (m.cols !== nFeatures) throw new ShapeError(`${this.constructor.name}: ${what} has ${m.cols} features, the tree was fitted on ${nFeatures}`);
    return m;
  }

  /** Fits on a checked matrix and targets; `ccpAlpha` overrides the hyperparameter (0 for the pruning path). */
  protected fitArrays(X: Matrix, targets: TreeTargets, weights: Float64Array, options: FitOptions | undefined, ccpAlpha = this.params.ccpAlpha): TreeArrays {
    checkAborted(options, `${this.constructor.name}.fit`);
    const binned = binFeatures(X);
    const grow = growOptionsOf(this.params, X.rows, X.cols);
    const tree = fitTreeArrays(binned, targets, weights, { ...this.params, ccpAlpha }, grow);
    checkAborted(options, `${this.constructor.name}.fit`);
    return tree;
  }

  /** The pruning path of the tree that fit would grow on this data before pruning. */
  protected pathOf(tree: TreeArrays): PruningPath {
    return pruningPath(tree);
  }

  protected stateOf(): TreeState | null {
    if (this.treeArrays === undefined) return null;
    return { nFeaturesIn: this.nFeatures!, tree: treeToJSON(this.treeArrays) };
  }

  protected restoreState(state: unknown, what: string): Record<string, unknown> | null {
    if (state === null || state === undefined) return null;
    if (typeof state !== 'object') throw new ArgumentError(`${what}: state must be an object`);
    const s = state as Record<string, unknown>;
    const nFeatures = s.nFeaturesIn;
    if (typeof nFeatures !== 'number' || !Number.isInteger(nFeatures) || nFeatures < 1) throw new ArgumentError(`${what}: nFeaturesIn must be a positive integer`);
    this.treeArrays = treeFromJSON(s.tree, nFeatures, `${what}: tree`);
    this.nFeatures = nFeatures;
    return s;
  }
}
