// CART regressor (scikit-learn's DecisionTreeRegressor) with squaredError (variance reduction) or
// friedmanMse (Friedman's improvement score, the criterion of gradient boosting's trees).
import { ArgumentError, type MatrixInput, toMatrix } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { toTargets } from '../base/labels.ts';
import type { Labels } from '../base/protocol.ts';
import { type BaseTreeParams, BaseDecisionTree, checkTreeParams, sampleWeightsOf, type TreeFitOptions } from './base-decision-tree.ts';
import type { RegressionCriterion } from './build-tree.ts';
import type { PruningPath } from './cost-complexity.ts';
import { r2Score } from './scores.ts';
import { applyTree, type TreeArrays } from './tree-arrays.ts';

export interface DecisionTreeRegressorParams extends BaseTreeParams {
  criterion: RegressionCriterion;
}

const DEFAULTS: DecisionTreeRegressorParams = {
  criterion: 'squaredError',
  splitter: 'best',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: null,
  randomState: null,
  minImpurityDecrease: 0,
  maxLeafNodes: null,
  ccpAlpha: 0,
};

/** The leaf values (weighted means) each row of X lands on. */
export function treeValues(tree: TreeArrays, X: { rows: number; cols: number; data: Float64Array }): Float64Array {
  const leaves = applyTree(tree, X);
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) out[i] = tree.value[leaves[i]!]!;
  return out;
}

export class DecisionTreeRegressor extends BaseDecisionTree<DecisionTreeRegressorParams> {
  constructor(params?: Partial<DecisionTreeRegressorParams>) {
    super(DEFAULTS, params);
  }

  protected override validateParams(p: DecisionTreeRegressorParams): void {
    checkTreeParams(p, 'DecisionTreeRegressor', ['squaredError', 'friedmanMse']);
  }

  private prepare(X: MatrixInput, y: Labels, options: TreeFitOptions | undefined) {
    const m = toMatrix(X, 'DecisionTreeRegressor: X');
    const targets = { kind: 'regression' as const, y: toTargets(y, m.rows, 'DecisionTreeRegressor: y') };
    const weights = sampleWeightsOf(options?.sampleWeight, m.rows, 'DecisionTreeRegressor.fit');
    return { m, targets, weights };
  }

  fit(X: MatrixInput, y: Labels, options?: TreeFitOptions): this {
    const { m, targets, weights } = this.prepare(X, y, options);
    this.treeArrays = this.fitArrays(m, targets, weights, options);
    this.nFeatures = m.cols;
    return this;
  }

  costComplexityPruningPath(X: MatrixInput, y: Labels, options?: TreeFitOptions): PruningPath {
    const { m, targets, weights } = this.prepare(X, y, options);
    return this.pathOf(this.fitArrays(m, targets, weights, options, 0));
  }

  predict(X: MatrixInput): Float64Array {
    return treeValues(this.tree, this.checkX(X));
  }

  /** R^2 of the predictions. */
  score(X: MatrixInput, y: Labels): number {
    return r2Score(this.predict(X), toTargets(y, undefined, 'DecisionTreeRegressor.score: y'));
  }

  toJSON(): EstimatorJSON {
    return { type: 'DecisionTreeRegressor', params: this.getParams(), state: this.stateOf() };
  }

  static fromJSON(json: EstimatorJSON): DecisionTreeRegressor {
    if (json?.type !== 'DecisionTreeRegressor') throw new ArgumentError(`DecisionTreeRegressor.fromJSON: expected type 'DecisionTreeRegressor', got ${String(json?.type)}`);
    const model = new DecisionTreeRegressor(json.params as Partial<DecisionTreeRegressorParams>);
    model.restoreState(json.state, 'DecisionTreeRegressor.fromJSON');
    return model;
  }

  /** A fitted regressor around a tree grown elsewhere (an ensemble's member). */
  static fromTree(params: Partial<DecisionTreeRegressorParams>, tree: TreeArrays, nFeatures: number): DecisionTreeRegressor {
    const model = new DecisionTreeRegressor(params);
    model.treeArrays = tree;
    model.nFeatures = nFeatures;
    return model;
  }
}
