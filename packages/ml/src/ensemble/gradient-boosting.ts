// Gradient boosting of regression trees (Friedman 2001, "Greedy function approximation"; stochastic
// variant Friedman 2002) as scikit-learn's BaseGradientBoosting fits it: raw scores start at the
// loss's intercept, each stage fits one tree per raw score to the negative gradient (squared-error
// splits), the classification losses replace each leaf's value by one Newton step
// (sum g / sum p(1 - p), times (K - 1) / K for K classes), and the scores move by learningRate
// times the tree. One NumpyRandomState(randomState) draws the subsample masks and the trees'
// splitter seeds in scikit-learn's order, so with subsample 1 (or the same randomState) the
// stages equal scikit-learn's. Early stopping holds out validationFraction of the training set
// (stratified for classifiers, drawn with tensor's Generator) and stops when the validation loss
// has not beaten any of the last nIterNoChange losses by tol.
import { ArgumentError, defaultGenerator, Generator, type Matrix, type MatrixInput, ShapeError, toMatrix } from '@neurite/tensor';
import { BaseEstimator, checkAborted, report } from '../base/estimator.ts';
import { MAX_INT32, NumpyRandomState } from '../base/numpy-random-state.ts';
import type { FitOptions } from '../base/protocol.ts';
import { type BaseTreeParams, checkTreeParams, fitTreeArrays, growOptionsOf } from '../tree/base-decision-tree.ts';
import { binFeatures } from '../tree/binned-features.ts';
import { applyTree, impurityImportances, type TreeArrays, treeFromJSON, type TreeJSON, treeToJSON } from '../tree/tree-arrays.ts';
import { checkFraction, checkNonNegative, checkPositiveInteger } from '../tree/tree-params.ts';
import { type BoostingLoss, initialRaw, lossValue, negativeGradient, weightedPercentile } from './gradient-boosting-losses.ts';

export interface GradientBoostingParams extends BaseTreeParams {
  learningRate: number;
  nEstimators: number;
  subsample: number;
  validationFraction: number;
  nIterNoChange: number | null;
  tol: number;
}

export const GRADIENT_BOOSTING_DEFAULTS = {
  learningRate: 0.1,
  nEstimators: 100,
  subsample: 1,
  criterion: 'friedmanMse',
  splitter: 'best',
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxDepth: 3,
  minImpurityDecrease: 0,
  maxLeafNodes: null,
  randomState: null,
  maxFeatures: null,
  validationFraction: 0.1,
  nIterNoChange: null,
  tol: 1e-4,
  ccpAlpha: 0,
} as const;

export function checkBoostingParams(p: GradientBoostingParams, name: string): void {
  checkTreeParams(p, name, ['friedmanMse', 'squaredError']);
  if (typeof p.learningRate !== 'number' || !(p.learningRate > 0) || !Number.isFinite(p.learningRate)) throw new ArgumentError(`${name}: learningRate must be a finite number > 0, got ${String(p.learningRate)}`);
  checkPositiveInteger(p.nEstimators, `${name}: nEstimators`);
  checkFraction(p.subsample, `${name}: subsample`, false);
  checkFraction(p.validationFraction, `${name}: validationFraction`);
  if (p.nIterNoChange !== null) checkPositiveInteger(p.nIterNoChange, `${name}: nIterNoChange`);
  checkNonNegative(p.tol, `${name}: tol`);
}

/** Adds scale * (leaf value) of each tree to raw[:, k] for the rows of X. */
function addTree(tree: TreeArrays, X: Matrix, raw: Float64Array, K: number, k: number, scale: number): void {
  const leaves = applyTree(tree, X);
  for (let i = 0; i < X.rows; i++) raw[i * K + k]! += scale * tree.value[leaves[i]!]!;
}

/** scikit-learn's _random_sample_mask: exactly floor(subsample * n) samples kept, decided in order from n uniforms. */
function sampleMask(state: NumpyRandomState, n: number, inBag: number): Uint8Array {
  const uniforms = new Float64Array(n);
  for (let i = 0; i < n; i++) uniforms[i] = state.random();
  const mask = new Uint8Array(n);
  let bagged = 0;
  for (let i = 0; i < n; i++) {
    if (uniforms[i]! * (n - i) < inBag - bagged) {
      mask[i] = 1;
      bagged++;
    }
  }
  return mask;
}

function rowsOf(m: Matrix, rows: ArrayLike<number>): Matrix {
  const data = new Float64Array(rows.length * m.cols);
  for (let j = 0; j < rows.length; j++) data.set(m.data.subarray(rows[j]! * m.cols, (rows[j]! + 1) * m.cols), j * m.cols);
  return { rows: rows.length, cols: m.cols, data };
}

/** Held-out rows for early stopping: a seeded shuffle, stratified by class when `classes` is given. */
function validationSplit(n: number, fraction: number, seed: number, classes: Int32Array | null): { train: Int32Array; validation: Int32Array } {
  const random = new Generator(seed);
  const groups: number[][] = [];
  if (classes) for (let i = 0; i < n; i++) (groups[classes[i]!] ??= []).push(i);
  else groups.push(Array.from({ length: n }, (_, i) => i));
  const held = new Uint8Array(n);
  for (const group of groups) {
    if (!group) continue;
    const order = random.permutation(group.length);
    const count = Math.round(group.length * fraction);
    for (let j = 0; j < count; j++) held[group[order[j]!]!] = 1;
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (let i = 0; i < n; i++) (held[i] ? validation : train).push(i);
  return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
}

export interface BoostingState {
  nFeaturesIn: number;
  init: number[];
  stages: TreeJSON[][];
  trainScore: number[];
}

export abstract class BaseGradientBoosting<P extends GradientBoostingParams> extends BaseEstimator<P> {
  protected stages: TreeArrays[][] | undefined;
  protected init: Float64Array | undefined;
  protected nFeatures: number | undefined;
  protected trainScores: Float64Array | undefined;

  protected abstract lossKind(): BoostingLoss;

  /** The quantile of the 'quantile' loss (and its init); unused by the other losses. */
  protected lossAlpha(): number {
    return 0.9;
  }

  get nFeaturesIn(): number {
    return this.fitted(this.nFeatures, 'nFeaturesIn');
  }

  /** Stages kept (fewer than nEstimators after early stopping). */
  get nEstimatorsFitted(): number {
    return this.fitted(this.stages, 'nEstimatorsFitted').length;
  }

  /** The loss on the (in-bag) training samples after each stage, scaled as scikit-learn's train_score_. */
  get trainScore(): Float64Array {
    return this.fitted(this.trainScores, 'trainScore');
  }

  /** The trees, stage by stage (nValues 1 each; leaf values are the stage's raw-score steps before learningRate). */
  get estimators(): TreeArrays[][] {
    return this.fitted(this.stages, 'estimators');
  }

  /** Mean over trees with a split of their unnormalised impurity decrease, normalised to sum 1. */
  get featureImportances(): Float64Array {
    const nFeatures = this.nFeaturesIn;
    const out = new Float64Array(nFeatures);
    let used = 0;
    for (const stage of this.stages!) {
      for (const tree of stage) {
        if (tree.nodeCount <= 1) continue;
        const imp = impurityImportances(tree, nFeatures, false);
        for (let f = 0; f < nFeatures; f++) out[f]! += imp[f]!;
        used++;
      }
    }
    let total = 0;
    for (let f = 0; f < nFeatures; f++) total += out[f]!;
    if (used > 0 && total > 0) for (let f = 0; f < nFeatures; f++) out[f]! /= total;
    return out;
  }

  /**
   * Fits the stages on X and y (class indices or regression targets); `classes` for stratified
   * validation splits and Newton leaf steps. Sets the learned state only when the fit completes.
   */
  protected fitBoosting(X: Matrix, y: Float64Array | Int32Array, weights: Float64Array, nClasses: number, options: FitOptions | undefined): void {
    const p = this.params;
    const name = this.constructor.name;
    const loss = this.lossKind();
    const K = loss === 'multinomial' ? nClasses : 1;
    const seed = p.randomState ?? defaultGenerator().integer(0, MAX_INT32);
    const state = new NumpyRandomState(seed);
    let Xfit = X;
    let yfit = y;
    let wfit = weights;
    let validation: { X: Matrix; y: Float64Array | Int32Array; w: Float64Array; raw: Float64Array } | null = null;
    if (p.nIterNoChange !== null) {
      const split = validationSplit(X.rows, p.validationFraction, seed, loss === 'squared' ? null : (y as Int32Array));
      if (split.train.length === 0 || split.validation.length === 0) throw new ArgumentError(`${name}: validationFraction leaves no training or no validation samples`);
      const pick = <T extends Float64Array | Int32Array>(a: T, rows: Int32Array): T => rows.map((r) => a[r]!) as T;
      Xfit = rowsOf(X, split.train);
      yfit = pick(y, split.train);
      wfit = pick(weights, split.train);
      validation = { X: rowsOf(X, split.validation), y: pick(y, split.validation), w: pick(weights, split.validation), raw: new Float64Array(split.validation.length * K) };
    }
    const n = Xfit.rows;
    const alpha = this.lossAlpha();
    const init = initialRaw(loss, yfit, wfit, nClasses, alpha);
    const raw = new Float64Array(n * K);
    for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) raw[i * K + k] = init[k]!;
    if (validation) for (let i = 0; i < validation.X.rows; i++) for (let k = 0; k < K; k++) validation.raw[i * K + k] = init[k]!;
    const binned = binFeatures(Xfit);
    const gradient = new Float64Array(n * K);
    const target = new Float64Array(n);
    const treeWeights = new Float64Array(n);
    const stages: TreeArrays[][] = [];
    const scores: number[] = [];
    const history = p.nIterNoChange === null ? null : new Float64Array(p.nIterNoChange).fill(Infinity);
    const inBag = Math.max(1, Math.floor(p.subsample * n));
    for (let stage = 0; stage < p.nEstimators; stage++) {
      checkAborted(options, `${name}.fit`);
      const mask = p.subsample < 1 ? sampleMask(state, n, inBag) : null;
      for (let i = 0; i < n; i++) treeWeights[i] = mask && !mask[i] ? 0 : wfit[i]!;
      negativeGradient(loss, yfit, raw, K, gradient, alpha);
      const trees: TreeArrays[] = [];
      for (let k = 0; k < K; k++) {
        for (let i = 0; i < n; i++) target[i] = gradient[i * K + k]!;
        const grow = growOptionsOf({ ...p, criterion: 'squaredError' }, n, Xfit.cols, state.randint(0, MAX_INT32));
        const tree = fitTreeArrays(binned, { kind: 'regression', y: target }, treeWeights, p, grow);
        if (loss === 'binomial' || loss === 'multinomial') newtonLeaves(tree, Xfit, yfit, target, treeWeights, k, loss === 'multinomial' ? nClasses : 2, loss === 'multinomial');
        else if (loss === 'exponential') exponentialLeaves(tree, Xfit, yfit, target, treeWeights);
        else if (loss !== 'squared') percentileLeaves(tree, Xfit, yfit as Float64Array, raw, treeWeights, loss === 'absolute' ? 50 : 100 * alpha);
        addTree(tree, Xfit, raw, K, k, p.learningRate);
        if (validation) addTree(tree, validation.X, validation.raw, K, k, p.learningRate);
        trees.push(tree);
      }
      stages.push(trees);
      const score = lossValue(loss, yfit, raw, K, wfit, mask, alpha);
      scores.push(score);
      report(options, { stage: 'boosting', done: stage + 1, total: p.nEstimators, value: score });
      if (validation && history) {
        const v = lossValue(loss, validation.y, validation.raw, K, validation.w, null, alpha);
        let better = false;
        for (let j = 0; j < history.length; j++) if (v + p.tol < history[j]!) better = true;
        if (!better) break;
        history[stage % history.length] = v;
      }
    }
    this.stages = stages;
    this.init = init;
    this.nFeatures = X.cols;
    this.trainScores = Float64Array.from(scores);
  }

  protected checkX(X: MatrixInput): Matrix {
    const nFeatures = this.nFeaturesIn;
    const m = toMatrix(X, `${this.constructor.name}: X`);
    if (m.cols !== nFeatures) throw new ShapeError(`${this.constructor.name}: X has ${m.cols} features, the model was fitted on ${nFeatures}`);
    return m;
  }

  /** Raw scores (rows x K) after every stage, or after the first `stages` stages. */
  protected rawScores(X: Matrix, stages = this.stages!.length): Float64Array {
    const K = this.init!.length;
    const raw = new Float64Array(X.rows * K);
    for (let i = 0; i < X.rows; i++) for (let k = 0; k < K; k++) raw[i * K + k] = this.init![k]!;
    for (let s = 0; s < stages; s++) this.stages![s]!.forEach((tree, k) => addTree(tree, X, raw, K, k, this.params.learningRate));
    return raw;
  }

  protected boostingState(): BoostingState | null {
    if (this.stages === undefined) return null;
    return { nFeaturesIn: this.nFeatures!, init: Array.from(this.init!), stages: this.stages.map((s) => s.map(treeToJSON)), trainScore: Array.from(this.trainScores!) };
  }

  protected restoreBoosting(state: unknown, what: string): Record<string, unknown> | null {
    if (state === null || state === undefined) return null;
    const s = state as BoostingState;
    if (typeof s !== 'object' || !Number.isInteger(s.nFeaturesIn) || s.nFeaturesIn < 1 || !Array.isArray(s.init) || !Array.isArray(s.stages) || !Array.isArray(s.trainScore)) {
      throw new ArgumentError(`${what}: state needs nFeaturesIn, init, stages and trainScore`);
    }
    const K = s.init.length;
    this.stages = s.stages.map((stage, i) => {
      if (!Array.isArray(stage) || stage.length !== K) throw new ArgumentError(`${what}: stage ${i} must hold ${K} trees`);
      return stage.map((t, k) => treeFromJSON(t, s.nFeaturesIn, `${what}: stage ${i} tree ${k}`));
    });
    this.init = Float64Array.from(s.init);
    this.nFeatures = s.nFeaturesIn;
    this.trainScores = Float64Array.from(s.trainScore);
    return state as Record<string, unknown>;
  }
}

/**
 * Replaces each leaf's value by scikit-learn's one-step Newton update over its in-bag samples:
 * mean(g) / mean(p (1 - p)) weighted, p = y_k - g, times (K - 1) / K for the multinomial loss
 * (0 when the denominator is below 1e-150).
 */
function newtonLeaves(tree: TreeArrays, X: Matrix, y: Float64Array | Int32Array, g: Float64Array, w: Float64Array, k: number, nClasses: number, multinomial: boolean): void {
  const leaves = applyTree(tree, X);
  const num = new Float64Array(tree.nodeCount);
  const den = new Float64Array(tree.nodeCount);
  for (let i = 0; i < X.rows; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    const yk = multinomial ? (y[i] === k ? 1 : 0) : y[i]!;
    const prob = yk - g[i]!;
    num[leaves[i]!]! += wi * g[i]!;
    den[leaves[i]!]! += wi * prob * (1 - prob);
  }
  const factor = multinomial ? (nClasses - 1) / nClasses : 1;
  for (let node = 0; node < tree.nodeCount; node++) {
    if (tree.childrenLeft[node] !== -1) continue;
    tree.value[node] = Math.abs(den[node]!) < 1e-150 ? 0 : (num[node]! * factor) / den[node]!;
  }
}

/**
 * Replaces each leaf's value by the weighted percentile (`rank`) of the residuals y - raw of its
 * in-bag samples, raw before this stage (scikit-learn's line search for the absolute and quantile losses).
 */
function percentileLeaves(tree: TreeArrays, X: Matrix, y: Float64Array, raw: Float64Array, w: Float64Array, rank: number): void {
  const leaves = applyTree(tree, X);
  const residuals: number[][] = [];
  const weights: number[][] = [];
  for (let i = 0; i < X.rows; i++) {
    if (w[i] === 0) continue;
    const leaf = leaves[i]!;
    (residuals[leaf] ??= []).push(y[i]! - raw[i]!);
    (weights[leaf] ??= []).push(w[i]!);
  }
  for (let node = 0; node < tree.nodeCount; node++) {
    if (tree.childrenLeft[node] !== -1 || !residuals[node]) continue;
    tree.value[node] = weightedPercentile(residuals[node]!, weights[node]!, rank);
  }
}

/** scikit-learn's Newton step for the exponential loss: mean(g) / mean(|g|) over each leaf's in-bag samples (0 below 1e-150). */
function exponentialLeaves(tree: TreeArrays, X: Matrix, y: Float64Array | Int32Array, g: Float64Array, w: Float64Array): void {
  const leaves = applyTree(tree, X);
  const num = new Float64Array(tree.nodeCount);
  const den = new Float64Array(tree.nodeCount);
  for (let i = 0; i < X.rows; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    num[leaves[i]!]! += wi * g[i]!;
    den[leaves[i]!]! += wi * (y[i] === 0 ? -g[i]! : g[i]!);
  }
  for (let node = 0; node < tree.nodeCount; node++) {
    if (tree.childrenLeft[node] !== -1) continue;
    tree.value[node] = Math.abs(den[node]!) < 1e-150 ? 0 : num[node]! / den[node]!;
  }
}
