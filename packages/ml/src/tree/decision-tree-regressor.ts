// CART regressor (scikit-learn's DecisionTreeRegressor) with squaredError (variance reduction) or
// friedmanMse (Friedman's improvement score, the criterion of gradient boosting's trees). A 2-D y
// grows one tree for all outputs, as scikit-learn's (leaves hold one mean per output).
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { asOutputMatrix, meanR2, readRegressionTargets, type RegressionTargets } from '../base/regression-targets.ts';
import { type BaseTreeParams, BaseDecisionTree, checkTreeParams, sampleWeightsOf, type TreeFitData, type TreeFitOptions } from './base-decision-tree.ts';
import type { RegressionCriterion } from './build-tree.ts';
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

/** The leaf values (weighted means) each row of X lands on: rows x nValues, row-major. */
export function treeValues(tree: TreeArrays, X: { rows: number; cols: number; data: Float64Array }): Float64Array {
  const leaves = applyTree(tree, X);
  const T = tree.nValues;
  if (T === 1) {
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) out[i] = tree.value[leaves[i]!]!;
    return out;
  }
  const out = new Float64Array(X.rows * T);
  for (let i = 0; i < X.rows; i++) out.set(tree.value.subarray(leaves[i]! * T, (leaves[i]! + 1) * T), i * T);
  return out;
}

export class DecisionTreeRegressor extends BaseDecisionTree<DecisionTreeRegressorParams, RegressionTargets> {
  constructor(params?: Partial<DecisionTreeRegressorParams>) {
    super(DEFAULTS, params);
  }

  protected override validateParams(p: DecisionTreeRegressorParams): void {
    checkTreeParams(p, 'DecisionTreeRegressor', ['squaredError', 'friedmanMse']);
  }

  /** y: one target per sample, or a samples x outputs table (one tree for all outputs). */
  protected prepare(X: MatrixInput, y: RegressionTargets, options: TreeFitOptions | undefined): TreeFitData {
    const m = toMatrix(X, 'DecisionTreeRegressor: X');
    const table = readRegressionTargets(y, m.rows, 'DecisionTreeRegressor: y');
    const weights = sampleWeightsOf(options?.sampleWeight, m.rows, 'DecisionTreeRegressor.fit');
    return { m, targets: { kind: 'regression', y: table.values, nOutputs: table.outputs }, weights };
  }

  /** Number of outputs (columns of y; 1 for a 1-D y). */
  get nOutputs(): number {
    return this.tree.nValues;
  }

  /** One prediction per row, or rows x outputs row-major after a 2-D y (see predictOutputs). */
  predict(X: MatrixInput): Float64Array {
    return treeValues(this.tree, this.checkX(X));
  }

  /** Predictions as a rows x outputs Matrix (rows x 1 for a 1-D y). */
  predictOutputs(X: MatrixInput): Matrix {
    const data = this.predict(X);
    return asOutputMatrix(data, data.length / this.nOutputs, this.nOutputs);
  }

  /** R^2 of the predictions (the mean over outputs for a 2-D y). */
  score(X: MatrixInput, y: RegressionTargets): number {
    const prediction = this.predict(X);
    return meanR2(y, prediction, prediction.length / this.nOutputs, this.nOutputs);
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
