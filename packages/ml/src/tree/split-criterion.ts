// What the tree growers share about a split search: the criteria by name, the targets, the growth
// options, scikit-learn's EPSILON, and the criteria as small integer codes for the hot loops.
export type ClassificationCriterion = 'gini' | 'entropy' | 'logLoss';
export type RegressionCriterion = 'squaredError' | 'friedmanMse';

/**
 * What a tree is grown on: class indices, or regression targets (row-major samples x nOutputs when
 * nOutputs > 1, scikit-learn's multi-output trees: impurities and proxies summed over the outputs).
 */
export type TreeTargets = { kind: 'classification'; y: Int32Array; nClasses: number } | { kind: 'regression'; y: Float64Array; nOutputs?: number };

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

/** Criterion codes of the split scans. */
export const GINI = 0, ENTROPY = 1, MSE = 2, FRIEDMAN = 3;

/** The code of a criterion name (entropy and log loss split alike). */
export function criterionCode(name: GrowOptions['criterion']): number {
  if (name === 'gini') return GINI;
  if (name === 'entropy' || name === 'logLoss') return ENTROPY;
  if (name === 'friedmanMse') return FRIEDMAN;
  return MSE;
}
