// Random forest regressor (scikit-learn's RandomForestRegressor): bootstrap samples, the trees'
// predictions averaged. maxFeatures defaults to null (all features), scikit-learn's 1.0. A 2-D y
// grows multi-output trees (one mean per output in each leaf), as scikit-learn's forests do.
import { type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { asOutputMatrix, meanR2, readRegressionTargets, type RegressionTargets } from '../base/regression-targets.ts';
import { sampleWeightsOf, type TreeFitOptions } from '../tree/base-decision-tree.ts';
import { binFeatures } from '../tree/binned-features.ts';
import type { RegressionCriterion } from '../tree/build-tree.ts';
import { DecisionTreeRegressor, treeValues } from '../tree/decision-tree-regressor.ts';
import { BaseForest } from './base-forest.ts';
import { checkForestParams, fitForest, type ForestParams } from './forest.ts';

export interface RandomForestRegressorParams extends ForestParams {
  criterion: RegressionCriterion;
}

const DEFAULTS: RandomForestRegressorParams = {
  nEstimators: 100,
  criterion: 'squaredError',
  splitter: 'best',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: null,
  bootstrap: true,
  oobScore: false,
  randomState: null,
  maxSamples: null,
  minImpurityDecrease: 0,
  maxLeafNodes: null,
  ccpAlpha: 0,
};

export class RandomForestRegressor extends BaseForest<RandomForestRegressorParams, { score: number; prediction?: Float64Array }> {
  constructor(params?: Partial<RandomForestRegressorParams>, defaults: RandomForestRegressorParams = DEFAULTS) {
    super(defaults, params);
  }

  protected typeName(): string {
    return 'RandomForestRegressor';
  }

  protected override validateParams(p: RandomForestRegressorParams): void {
    checkForestParams(p, 'RandomForestRegressor', ['squaredError', 'friedmanMse']);
  }

  /** The fitted trees as DecisionTreeRegressor instances (scikit-learn's estimators_). */
  get estimators(): DecisionTreeRegressor[] {
    const trees = this.fitted(this.trees, 'estimators');
    const { nEstimators: _n, bootstrap: _b, oobScore: _o, maxSamples: _m, ...treeParams } = this.params;
    return trees.map((t) => DecisionTreeRegressor.fromTree(treeParams, t, this.nFeaturesIn));
  }

  /** Number of outputs (columns of y; 1 for a 1-D y). */
  get nOutputs(): number {
    return this.fitted(this.trees, 'nOutputs')[0]!.nValues;
  }

  /** Out-of-bag predictions of the training samples (NaN for samples never out of bag; rows x outputs row-major for a 2-D y); not kept by toJSON. */
  get oobPrediction(): Float64Array {
    return this.fitted(this.oob?.prediction, 'oobPrediction');
  }

  /** y: one target per sample, or a samples x outputs table (multi-output trees). */
  fit(X: MatrixInput, y: RegressionTargets, options?: TreeFitOptions): this {
    const m = toMatrix(X, 'RandomForestRegressor: X');
    const table = readRegressionTargets(y, m.rows, 'RandomForestRegressor: y');
    const T = table.outputs;
    const weights = sampleWeightsOf(options?.sampleWeight, m.rows, 'RandomForestRegressor.fit');
    const fit = fitForest(m, binFeatures(m), { kind: 'regression', y: table.values, nOutputs: T }, weights, options?.sampleWeight !== undefined, this.params, options, 'RandomForestRegressor');
    this.oob = undefined;
    if (fit.oobSum && fit.oobCount) {
      const prediction = new Float64Array(m.rows * T);
      for (let i = 0; i < m.rows * T; i++) prediction[i] = fit.oobCount[Math.floor(i / T)]! > 0 ? fit.oobSum[i]! / fit.oobCount[Math.floor(i / T)]! : NaN;
      // scored on the samples some tree left out of its bootstrap, as scikit-learn's oob_score_
      const seen: number[] = [];
      for (let i = 0; i < m.rows; i++) if (fit.oobCount[i]! > 0) seen.push(i);
      const pick = (v: Float64Array) => Float64Array.from({ length: seen.length * T }, (_, j) => v[seen[Math.floor(j / T)]! * T + (j % T)]!);
      const yTable = { data: pick(table.values), shape: [seen.length, T] };
      this.oob = { score: meanR2(yTable, pick(prediction), seen.length, T), prediction };
    }
    this.trees = fit.trees;
    this.nFeatures = m.cols;
    return this;
  }

  /** The mean of the trees' predictions: one per row, or rows x outputs row-major after a 2-D y (see predictOutputs). */
  predict(X: MatrixInput): Float64Array {
    const m = this.checkX(X);
    const out = new Float64Array(m.rows * this.nOutputs);
    for (const tree of this.trees!) {
      const v = treeValues(tree, m);
      for (let i = 0; i < out.length; i++) out[i]! += v[i]!;
    }
    for (let i = 0; i < out.length; i++) out[i]! /= this.trees!.length;
    return out;
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

  protected restoreExtra(): null {
    return null;
  }

  static fromJSON(json: EstimatorJSON): RandomForestRegressor {
    return new RandomForestRegressor(json?.params as Partial<RandomForestRegressorParams>).restore(json, 'RandomForestRegressor');
  }
}
