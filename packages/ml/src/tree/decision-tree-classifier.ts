// CART classifier (scikit-learn's DecisionTreeClassifier): gini, entropy (information gain with
// log2, as scikit-learn's tree criteria) or logLoss (the same as entropy for trees).
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { decodeLabels, encodeLabels } from '../base/labels.ts';
import type { Labels } from '../base/protocol.ts';
import { type BaseTreeParams, BaseDecisionTree, checkTreeParams, sampleWeightsOf, type TreeFitData, type TreeFitOptions } from './base-decision-tree.ts';
import type { ClassificationCriterion } from './build-tree.ts';
import { applyTree, type TreeArrays } from './tree-arrays.ts';
import { applyClassWeight, checkClassWeight, type ClassWeight } from './class-weight.ts';
import { accuracy } from './scores.ts';

export interface DecisionTreeClassifierParams extends BaseTreeParams {
  criterion: ClassificationCriterion;
  /** null, 'balanced' (n / (K * count(class))) or a map from class label to weight; multiplies the sample weights. */
  classWeight: ClassWeight;
}

const DEFAULTS: DecisionTreeClassifierParams = {
  criterion: 'gini',
  splitter: 'best',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: null,
  randomState: null,
  minImpurityDecrease: 0,
  maxLeafNodes: null,
  classWeight: null,
  ccpAlpha: 0,
};

/** Rows of class fractions of the leaves X lands in. */
export function treeProba(tree: TreeArrays, X: Matrix): Matrix {
  const K = tree.nValues;
  const leaves = applyTree(tree, X);
  const data = new Float64Array(X.rows * K);
  for (let i = 0; i < X.rows; i++) data.set(tree.value.subarray(leaves[i]! * K, leaves[i]! * K + K), i * K);
  return { rows: X.rows, cols: K, data };
}

/** Index of the largest value in each row (first on ties, as numpy's argmax). */
export function argmaxRows(m: Matrix): Int32Array {
  const out = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let best = 0;
    for (let k = 1; k < m.cols; k++) if (m.data[i * m.cols + k]! > m.data[i * m.cols + best]!) best = k;
    out[i] = best;
  }
  return out;
}

export class DecisionTreeClassifier extends BaseDecisionTree<DecisionTreeClassifierParams, Labels> {
  private classList: number[] | string[] | undefined;

  constructor(params?: Partial<DecisionTreeClassifierParams>) {
    super(DEFAULTS, params);
  }

  protected override validateParams(p: DecisionTreeClassifierParams): void {
    checkTreeParams(p, 'DecisionTreeClassifier', ['gini', 'entropy', 'logLoss']);
    checkClassWeight(p.classWeight, 'DecisionTreeClassifier: classWeight');
  }

  get classes(): number[] | string[] {
    return this.fitted(this.classList, 'classes');
  }

  get nClasses(): number {
    return this.classes.length;
  }

  protected prepare(X: MatrixInput, y: Labels, options: TreeFitOptions | undefined): TreeFitData {
    const m = toMatrix(X, 'DecisionTreeClassifier: X');
    const { classes, indices } = encodeLabels(y, m.rows, 'DecisionTreeClassifier: y');
    const weights = sampleWeightsOf(options?.sampleWeight, m.rows, 'DecisionTreeClassifier.fit');
    applyClassWeight(weights, indices, classes, this.params.classWeight);
    return { m, targets: { kind: 'classification', y: indices, nClasses: classes.length }, weights, keep: () => (this.classList = classes) };
  }

  /** Class probabilities: the weighted class fractions of each sample's leaf, columns in `classes` order. */
  predictProba(X: MatrixInput): Matrix {
    return treeProba(this.tree, this.checkX(X));
  }

  predictLogProba(X: MatrixInput): Matrix {
    const p = this.predictProba(X);
    return { rows: p.rows, cols: p.cols, data: p.data.map(Math.log) };
  }

  predict(X: MatrixInput): number[] | string[] {
    return decodeLabels(this.classes, argmaxRows(this.predictProba(X)));
  }

  /** Mean accuracy. */
  score(X: MatrixInput, y: Labels): number {
    return accuracy(this.predict(X), y);
  }

  toJSON(): EstimatorJSON {
    const state = this.stateOf();
    return { type: 'DecisionTreeClassifier', params: this.getParams(), state: state && { ...state, classes: this.classList } };
  }

  static fromJSON(json: EstimatorJSON): DecisionTreeClassifier {
    if (json?.type !== 'DecisionTreeClassifier') throw new ArgumentError(`DecisionTreeClassifier.fromJSON: expected type 'DecisionTreeClassifier', got ${String(json?.type)}`);
    const model = new DecisionTreeClassifier(json.params as Partial<DecisionTreeClassifierParams>);
    const s = model.restoreState(json.state, 'DecisionTreeClassifier.fromJSON');
    if (s !== null) {
      const classes = s.classes;
      if (!Array.isArray(classes) || classes.length !== model.treeArrays!.nValues) throw new ArgumentError('DecisionTreeClassifier.fromJSON: classes must list one label per value column');
      model.classList = classes as number[] | string[];
    }
    return model;
  }

  /** A fitted classifier around a tree grown elsewhere (a forest's member). */
  static fromTree(params: Partial<DecisionTreeClassifierParams>, tree: TreeArrays, nFeatures: number, classes: number[] | string[]): DecisionTreeClassifier {
    const model = new DecisionTreeClassifier(params);
    model.treeArrays = tree;
    model.nFeatures = nFeatures;
    model.classList = classes;
    return model;
  }
}
