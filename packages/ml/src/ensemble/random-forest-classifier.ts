// Random forest classifier (Breiman 2001; scikit-learn's RandomForestClassifier): bootstrap
// samples, maxFeatures features drawn per split ('sqrt' by default), class probabilities averaged
// over the trees. With the same randomState it grows scikit-learn's trees.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { decodeLabels, encodeLabels } from '../base/labels.ts';
import type { Labels } from '../base/protocol.ts';
import { sampleWeightsOf, type TreeFitOptions } from '../tree/base-decision-tree.ts';
import { binFeatures } from '../tree/binned-features.ts';
import type { ClassificationCriterion } from '../tree/build-tree.ts';
import { argmaxRows, DecisionTreeClassifier, treeProba } from '../tree/decision-tree-classifier.ts';
import { accuracy } from '../tree/scores.ts';
import type { TreeArrays } from '../tree/tree-arrays.ts';
import { applyClassWeight, checkClassWeight, type ClassWeight } from '../tree/class-weight.ts';
import { BaseForest } from './base-forest.ts';
import { checkForestParams, fitForest, type ForestParams } from './forest.ts';

export interface RandomForestClassifierParams extends ForestParams {
  criterion: ClassificationCriterion;
  /** As the trees', or 'balancedSubsample': balanced weights from each tree's bootstrap sample (scikit-learn's 'balanced_subsample'). */
  classWeight: ClassWeight | 'balancedSubsample';
}

const DEFAULTS: RandomForestClassifierParams = {
  nEstimators: 100,
  criterion: 'gini',
  splitter: 'best',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: 'sqrt',
  bootstrap: true,
  oobScore: false,
  randomState: null,
  maxSamples: null,
  minImpurityDecrease: 0,
  maxLeafNodes: null,
  classWeight: null,
  ccpAlpha: 0,
};

/** Mean of the trees' class-probability rows. */
export function meanProba(trees: readonly TreeArrays[], X: Matrix, nClasses: number): Matrix {
  const data = new Float64Array(X.rows * nClasses);
  for (const tree of trees) {
    const p = treeProba(tree, X);
    for (let i = 0; i < data.length; i++) data[i]! += p.data[i]!;
  }
  for (let i = 0; i < data.length; i++) data[i]! /= trees.length;
  return { rows: X.rows, cols: nClasses, data };
}

export class RandomForestClassifier extends BaseForest<RandomForestClassifierParams, { score: number; decision?: Matrix }> {
  private classList: number[] | string[] | undefined;

  constructor(params?: Partial<RandomForestClassifierParams>, defaults: RandomForestClassifierParams = DEFAULTS) {
    super(defaults, params);
  }

  protected typeName(): string {
    return 'RandomForestClassifier';
  }

  protected override validateParams(p: RandomForestClassifierParams): void {
    checkForestParams(p, 'RandomForestClassifier', ['gini', 'entropy', 'logLoss']);
    checkClassWeight(p.classWeight, 'RandomForestClassifier: classWeight', ['balancedSubsample']);
  }

  get classes(): number[] | string[] {
    return this.fitted(this.classList, 'classes');
  }

  /** The fitted trees as DecisionTreeClassifier instances (scikit-learn's estimators_). */
  get estimators(): DecisionTreeClassifier[] {
    const trees = this.fitted(this.trees, 'estimators');
    // class weights were applied to the forest's sample weights; the members carry none, as scikit-learn's
    const { nEstimators: _n, bootstrap: _b, oobScore: _o, maxSamples: _m, classWeight: _c, ...treeParams } = this.params;
    return trees.map((t) => DecisionTreeClassifier.fromTree({ ...treeParams, classWeight: null }, t, this.nFeaturesIn, this.classes));
  }

  /** Out-of-bag class probabilities of the training samples (NaN rows for samples never out of bag); not kept by toJSON. */
  get oobDecisionFunction(): Matrix {
    return this.fitted(this.oob?.decision, 'oobDecisionFunction');
  }

  fit(X: MatrixInput, y: Labels, options?: TreeFitOptions): this {
    const m = toMatrix(X, 'RandomForestClassifier: X');
    const { classes, indices } = encodeLabels(y, m.rows, 'RandomForestClassifier: y');
    const weights = sampleWeightsOf(options?.sampleWeight, m.rows, 'RandomForestClassifier.fit');
    const classWeight = this.params.classWeight;
    // 'balanced' counts the classes weighted by the sample weights (scikit-learn 1.9's compute_class_weight)
    const subsample = classWeight === 'balancedSubsample' && this.params.bootstrap;
    if (!subsample) applyClassWeight(weights, indices, classes, classWeight === 'balancedSubsample' ? 'balanced' : classWeight, options?.sampleWeight ? weights.slice() : null);
    const weighted = options?.sampleWeight !== undefined || (classWeight !== null && !subsample);
    const K = classes.length;
    const perTree = subsample ? (w: Float64Array, counts: Float64Array | null) => applyClassWeight(w, indices, classes, 'balanced', counts) : undefined;
    const fit = fitForest(m, binFeatures(m), { kind: 'classification', y: indices, nClasses: K }, weights, weighted, this.params, options, 'RandomForestClassifier', perTree);
    this.oob = undefined;
    if (fit.oobSum && fit.oobCount) {
      const decision = new Float64Array(m.rows * K);
      let hits = 0;
      for (let i = 0; i < m.rows; i++) {
        const c = fit.oobCount[i]!;
        let best = 0;
        for (let k = 0; k < K; k++) {
          decision[i * K + k] = c > 0 ? fit.oobSum[i * K + k]! / c : NaN;
          if (fit.oobSum[i * K + k]! > fit.oobSum[i * K + best]!) best = k;
        }
        if (best === indices[i]) hits++;
      }
      this.oob = { score: hits / m.rows, decision: { rows: m.rows, cols: K, data: decision } };
    }
    this.trees = fit.trees;
    this.classList = classes;
    this.nFeatures = m.cols;
    return this;
  }

  predictProba(X: MatrixInput): Matrix {
    const m = this.checkX(X);
    return meanProba(this.trees!, m, this.classes.length);
  }

  predict(X: MatrixInput): number[] | string[] {
    return decodeLabels(this.classes, argmaxRows(this.predictProba(X)));
  }

  score(X: MatrixInput, y: Labels): number {
    return accuracy(this.predict(X), y);
  }

  protected override extraState(): Record<string, unknown> {
    return { classes: this.classList };
  }

  protected restoreExtra(state: Record<string, unknown>, what: string): number {
    if (!Array.isArray(state.classes) || state.classes.length < 1) throw new ArgumentError(`${what}: state needs the classes`);
    this.classList = state.classes as number[] | string[];
    return state.classes.length;
  }

  static fromJSON(json: EstimatorJSON): RandomForestClassifier {
    return new RandomForestClassifier(json?.params as Partial<RandomForestClassifierParams>).restore(json, 'RandomForestClassifier');
  }
}
