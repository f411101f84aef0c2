// Exhaustive search over a parameter grid as scikit-learn's GridSearchCV: every combination
// (parameterGrid: keys sorted, the last varying fastest) is cross-validated on the same folds with
// a clone of the estimator; candidates are ranked by mean test score (ties share the best rank, the
// first of them wins) and, with refit, a clone with the best parameters is fitted on all the data.
import { ArgumentError, type Matrix, type MatrixInput } from '@neurite/tensor';
import { cloneEstimator, isEstimator } from '../base/clone.ts';
import { BaseEstimator, checkAborted } from '../base/estimator.ts';
import type { FitOptions, Labels, Params, Predictor } from '../base/protocol.ts';
import { type CrossValidator, isClassifier, resolveFolds, scorersOf } from './cross-validation.ts';
import type { SampleInput } from '../base/table-input.ts';
import { fitFolds } from './fold-fits.ts';
import { checkLabelCount, toSamples } from './indexing.ts';
import type { Scoring } from './scoring.ts';

export type ParamGrid = Record<string, readonly unknown[]> | readonly Record<string, readonly unknown[]>[];

/** Every combination of a grid (or list of grids), in scikit-learn's order. */
export function parameterGrid(grid: ParamGrid): Params[] {
  const grids = Array.isArray(grid) ? (grid as Record<string, readonly unknown[]>[]) : [grid as Record<string, readonly unknown[]>];
  const out: Params[] = [];
  for (const g of grids) {
    if (g === null || typeof g !== 'object') throw new ArgumentError('parameterGrid: each grid must be an object of name -> list of values');
    const keys = Object.keys(g).sort();
    for (const k of keys) if (!Array.isArray(g[k]) || g[k]!.length === 0) throw new ArgumentError(`parameterGrid: "${k}" must list at least one value`);
    const walk = (i: number, acc: Params): void => {
      if (i === keys.length) {
        out.push({ ...acc });
        return;
      }
      for (const v of g[keys[i]!]!) walk(i + 1, { ...acc, [keys[i]!]: v });
    };
    walk(0, {});
  }
  return out;
}

export interface GridSearchCVParams {
  estimator: Predictor;
  paramGrid: ParamGrid;
  scoring: Scoring | Record<string, Scoring>;
  cv: CrossValidator;
  /** Refit the best candidate on all the data (true, or the scorer name to rank by with several scorings). */
  refit: boolean | string;
  returnTrainScore: boolean;
  [key: string]: unknown;
}

export interface CvResults {
  params: Params[];
  /** By scorer name ('score' for a single scoring): mean, std (population) and rank of the test scores, and each split's. */
  meanTestScore: Float64Array;
  stdTestScore: Float64Array;
  rankTestScore: Int32Array;
  /** splitTestScores[split][candidate]. */
  splitTestScores: Float64Array[];
  meanTrainScore?: Float64Array;
  splitTrainScores?: Float64Array[];
  /** Every scorer's mean test scores and ranks when several were given. */
  byScorer: Record<string, { meanTestScore: Float64Array; stdTestScore: Float64Array; rankTestScore: Int32Array }>;
}

function meanStd(values: Float64Array[]): [Float64Array, Float64Array] {
  const k = values.length, m = values[0]!.length;
  const mean = new Float64Array(m), std = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    let s = 0;
    for (let f = 0; f < k; f++) s += values[f]![c]!;
    mean[c] = s / k;
    let v = 0;
    for (let f = 0; f < k; f++) v += (values[f]![c]! - mean[c]!) ** 2;
    std[c] = Math.sqrt(v / k);
  }
  return [mean, std];
}

/** Ranks with ties sharing the smallest rank (scipy's rankdata method 'min'), larger is better. */
function rankMin(means: Float64Array): Int32Array {
  const v = means.map((x) => (Number.isNaN(x) ? -Infinity : x));
  return Int32Array.from(v, (x) => 1 + v.reduce((n, y) => n + (y > x ? 1 : 0), 0));
}

export class GridSearchCV extends BaseEstimator<GridSearchCVParams> {
  private result?: { cvResults: CvResults; bestIndex: number; bestEstimator: Predictor | null };

  constructor(params: Partial<GridSearchCVParams> & { estimator: Predictor; paramGrid: ParamGrid }) {
    super({ estimator: params?.estimator, paramGrid: params?.paramGrid, scoring: null, cv: 5, refit: true, returnTrainScore: false } as GridSearchCVParams, params);
  }

  protected override validateParams(p: GridSearchCVParams): void {
    if (!isEstimator(p.estimator)) throw new ArgumentError('GridSearchCV: estimator must be an estimator (getParams, setParams, fit)');
    parameterGrid(p.paramGrid);
    if (typeof p.refit !== 'boolean' && typeof p.refit !== 'string') throw new ArgumentError('GridSearchCV: refit must be a boolean or a scorer name');
  }

  /** Classifier or regressor as its estimator. */
  get estimatorType(): string {
    return isClassifier(this.params.estimator) ? 'classifier' : 'regressor';
  }

  fit(X: SampleInput, y: Labels, options?: FitOptions): this {
    const p = this.params;
    const x = toSamples(X, 'GridSearchCV.fit: X');
    checkLabelCount(y, x.rows, 'GridSearchCV.fit: y');
    const candidates = parameterGrid(p.paramGrid);
    const scorers = scorersOf(p.scoring, 'GridSearchCV');
    const refitName = typeof p.refit === 'string' ? p.refit : scorers[0]![0];
    if (!scorers.some(([n]) => n === refitName)) throw new ArgumentError(`GridSearchCV: refit names "${refitName}", which is not a scoring (${scorers.map(([n]) => n).join(', ')})`);
    const folds = resolveFolds(p.cv, p.estimator, x.rows, y, 'GridSearchCV');
    for (const c of candidates) cloneEstimator(p.estimator).setParams(c); // unknown names fail before any fit
    const k = folds.length, m = candidates.length;
    const test: Record<string, Float64Array[]> = {}, train: Record<string, Float64Array[]> = {};
    for (const [name] of scorers) {
      test[name] = Array.from({ length: k }, () => new Float64Array(m));
      train[name] = Array.from({ length: k }, () => new Float64Array(m));
    }
    const loop = { stage: 'GridSearchCV', what: 'GridSearchCV.fit', variants: m, paramsOf: (c: number) => candidates[c]! };
    fitFolds(p.estimator, x, y, folds, loop, options, ({ model, fold: f, variant: c, xTrain, yTrain, xTest, yTest }) => {
      for (const [name, scorer] of scorers) {
        test[name]![f]![c] = scorer(model, xTest, yTest);
        if (p.returnTrainScore) train[name]![f]![c] = scorer(model, xTrain, yTrain);
      }
    });
    const byScorer: CvResults['byScorer'] = {};
    for (const [name] of scorers) {
      const [mean, std] = meanStd(test[name]!);
      byScorer[name] = { meanTestScore: mean, stdTestScore: std, rankTestScore: rankMin(mean) };
    }
    const main = byScorer[refitName]!;
    const cvResults: CvResults = {
      params: candidates, meanTestScore: main.meanTestScore, stdTestScore: main.stdTestScore, rankTestScore: main.rankTestScore, splitTestScores: test[refitName]!, byScorer,
      ...(p.returnTrainScore ? { meanTrainScore: meanStd(train[refitName]!)[0], splitTrainScores: train[refitName]! } : {}),
    };
    let bestIndex = 0;
    for (let c = 1; c < m; c++) if (main.rankTestScore[c]! < main.rankTestScore[bestIndex]!) bestIndex = c;
    let bestEstimator: Predictor | null = null;
    if (p.refit !== false) {
      checkAborted(options, 'GridSearchCV.fit');
      bestEstimator = cloneEstimator(p.estimator).setParams(candidates[bestIndex]!).fit('list' in x || 'table' in x ? (X as MatrixInput) : x, y, { signal: options?.signal });
    }
    this.result = { cvResults, bestIndex, bestEstimator };
    return this;
  }

  get cvResults(): CvResults {
    return this.fitted(this.result, 'cvResults').cvResults;
  }
  get bestIndex(): number {
    return this.fitted(this.result, 'bestIndex').bestIndex;
  }
  get bestParams(): Params {
    const r = this.fitted(this.result, 'bestParams');
    return { ...r.cvResults.params[r.bestIndex]! };
  }
  get bestScore(): number {
    const r = this.fitted(this.result, 'bestScore');
    return r.cvResults.meanTestScore[r.bestIndex]!;
  }
  /** The best candidate refitted on all the data (needs refit). */
  get bestEstimator(): Predictor {
    return this.fitted(this.fitted(this.result, 'bestEstimator').bestEstimator, 'bestEstimator');
  }
  get classes(): readonly number[] | readonly string[] {
    return (this.bestEstimator as unknown as { classes: number[] | string[] }).classes;
  }

  predict(X: MatrixInput): number[] | string[] | Float64Array {
    return this.bestEstimator.predict(X);
  }
  predictProba(X: MatrixInput): Matrix {
    const est = this.bestEstimator as unknown as { predictProba?: (X: MatrixInput) => Matrix };
    if (typeof est.predictProba !== 'function') throw new ArgumentError('GridSearchCV.predictProba: the best estimator has no predictProba');
    return est.predictProba(X);
  }
  decisionFunction(X: MatrixInput): unknown {
    const est = this.bestEstimator as unknown as { decisionFunction?: (X: MatrixInput) => unknown };
    if (typeof est.decisionFunction !== 'function') throw new ArgumentError('GridSearchCV.decisionFunction: the best estimator has no decisionFunction');
    return est.decisionFunction(X);
  }
  /** The refit scorer on (X, y) with the best estimator. */
  score(X: MatrixInput, y: Labels): number {
    const scorers = scorersOf(this.params.scoring, 'GridSearchCV.score');
    const name = typeof this.params.refit === 'string' ? this.params.refit : scorers[0]![0];
    return scorers.find(([n]) => n === name)![1](this.bestEstimator, X, y);
  }
}
