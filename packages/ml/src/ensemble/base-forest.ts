// What the random forest classifier and regressor (and their extremely randomised subclasses) share
// as estimators: the fitted trees and feature count, the feature checks of X, the leaves of apply,
// the importances, the out-of-bag score, and the JSON state { nFeaturesIn, trees, oobScore, ... }
// with the values each tree must hold checked on restore.
import { ArgumentError, type Matrix, type MatrixInput, ShapeError, toMatrix } from '@neurite/tensor';
import { BaseEstimator, type EstimatorJSON } from '../base/estimator.ts';
import { applyTree, type TreeArrays, treeFromJSON, treeToJSON } from '../tree/tree-arrays.ts';
import { type ForestParams, forestImportances } from './forest.ts';

export abstract class BaseForest<P extends ForestParams, O extends { score: number }> extends BaseEstimator<P> {
  protected trees: TreeArrays[] | undefined;
  protected nFeatures: number | undefined;
  /** The out-of-bag score and, after a fit (not from JSON), the out-of-bag decisions or predictions. */
  protected oob: O | undefined;

  /** The type name toJSON writes (subclasses with other defaults override it). */
  protected abstract typeName(): string;

  /** The state besides the trees that toJSON writes (the classes). */
  protected extraState(): Record<string, unknown> {
    return {};
  }

  /** Restores extraState's entries; `nValues` is what every tree must hold per node, null when any count will do so long as all trees agree. */
  protected abstract restoreExtra(state: Record<string, unknown>, what: string): number | null;

  get nFeaturesIn(): number {
    return this.fitted(this.nFeatures, 'nFeaturesIn');
  }

  /** The forest's mean decrease in impurity per feature (scikit-learn's feature_importances_). */
  get featureImportances(): Float64Array {
    return forestImportances(this.fitted(this.trees, 'featureImportances'), this.nFeaturesIn);
  }

  /** The score of the out-of-bag predictions on the training set (oobScore: true). */
  get oobScore(): number {
    return this.fitted(this.oob, 'oobScore').score;
  }

  /** The leaf each sample reaches in every tree: one Int32Array of leaves per tree (scikit-learn returns their transpose, samples x trees). */
  apply(X: MatrixInput): Int32Array[] {
    const m = this.checkX(X);
    return this.trees!.map((tree) => applyTree(tree, m));
  }

  protected checkX(X: MatrixInput): Matrix {
    const nFeatures = this.nFeaturesIn;
    const name = this.typeName();
    const m = toMatrix(X, `${name}: X`);
    if (m.cols !== nFeatures) throw new ShapeError(`${name}: X has ${m.cols} features, the forest was fitted on ${nFeatures}`);
    return m;
  }

  toJSON(): EstimatorJSON {
    const state = this.trees && { nFeaturesIn: this.nFeatures, ...this.extraState(), trees: this.trees.map(treeToJSON), oobScore: this.oob?.score ?? null };
    return { type: this.typeName(), params: this.getParams(), state: state ?? null };
  }

  /** Restores the fitted state of `json` (written by toJSON of type `type`) into this model. */
  protected restore(json: EstimatorJSON, type: string): this {
    if (json?.type !== type) throw new ArgumentError(`${type}.fromJSON: expected type '${type}', got ${String(json?.type)}`);
    const s = json.state as { nFeaturesIn: number; trees: unknown[]; oobScore?: number | null } | null;
    if (s === null || s === undefined) return this;
    const what = `${type}.fromJSON`;
    if (typeof s !== 'object' || !Number.isInteger(s.nFeaturesIn) || s.nFeaturesIn < 1 || !Array.isArray(s.trees) || s.trees.length === 0) throw new ArgumentError(`${what}: state needs nFeaturesIn and trees`);
    const nValues = this.restoreExtra(s as unknown as Record<string, unknown>, what);
    const trees = s.trees.map((t, i) => treeFromJSON(t, s.nFeaturesIn, `${what}: tree ${i}`));
    const expected = nValues ?? trees[0]!.nValues;
    if (trees.some((t) => t.nValues !== expected)) throw new ArgumentError(`${what}: every tree must hold ${expected} value(s) per node`);
    this.trees = trees;
    this.nFeatures = s.nFeaturesIn;
    this.oob = typeof s.oobScore === 'number' ? ({ score: s.oobScore } as O) : undefined;
    return this;
  }
}
