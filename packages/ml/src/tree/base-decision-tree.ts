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

/** What fit reads from its arguments: X checked, the targets, the sample weights, and what to keep once the tree is grown. */
export interface TreeFitData {
  m: Matrix;
  targets: TreeTargets;
  weights: Float64Array;
  /** Stores what the subclass keeps besides the tree (the classes); called after a successful fit. */
  keep?: () => void;
}

export abstract class BaseDecisionTree<P extends BaseTreeParams, Y> extends BaseEstimator<P> {
  protected treeArrays: TreeArrays | undefined;
  protected nFeatures: number | undefined;

  /** Reads and checks fit's arguments (class weights applied to the sample weights). */
  protected abstract prepare(X: MatrixInput, y: Y, options: TreeFitOptions | undefined): TreeFitData;

  /** Grows the tree (pruned with ccpAlpha > 0) on X and y, with options.sampleWeight when given. */
  fit(X: MatrixInput, y: Y, options?: TreeFitOptions): this {
    const data = this.prepare(X, y, options);
    const tree = this.fitArrays(data.m, data.targets, data.weights, options);
    this.treeArrays = tree;
    this.nFeatures = data.m.cols;
    data.keep?.();
    return this;
  }

  /** scikit-learn's cost_complexity_pruning_path: alphas and total leaf impurities of the unpruned tree's pruning sequence. */
  costComplexityPruningPath(X: MatrixInput, y: Y, options?: TreeFitOptions): PruningPath {
    const data = this.prepare(X, y, options);
    return pruningPath(this.fitArrays(data.m, data.targets, data.weights, options, 0));
  }

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
