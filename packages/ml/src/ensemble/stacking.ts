// Stacked generalisation (Wolpert 1992) as scikit-learn's StackingClassifier and StackingRegressor:
// each base estimator's cross-validated predictions on the training set (cv folds: unshuffled
// StratifiedKFold for a classifier, KFold for a regressor, as scikit-learn's default cv=5) become
// the meta-features a final estimator is fitted on; the base estimators are then refitted on all
// the data to make the meta-features of new samples. Classifiers stack predictProba columns
// ('auto'; only the second column for two classes), else decisionFunction, else predict.
// Final estimators by default: LogisticRegression (classifier) and Ridge (scikit-learn uses RidgeCV).
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { cloneEstimator } from '../base/clone-estimator.ts';
import { BaseEstimator, checkAborted, type EstimatorJSON, report } from '../base/estimator.ts';
import { decodeLabels, encodeLabels, toTargets } from '../base/labels.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';
import { LogisticRegression } from '../linear/logistic-regression.ts';
import { Ridge } from '../linear/ridge.ts';
import { KFold, type Splitter, StratifiedKFold } from '../model-selection/k-fold.ts';
import { accuracy, r2Score } from '../tree/scores.ts';
import { alignedProba, type MemberClassifier, type MemberRegressor, memberJSON, reviveMember, type Revivers } from './meta-estimator.ts';
import { checkNamed, type Named, namedJSON, reviveNamed } from './voting.ts';

type AnyMember = MemberClassifier | MemberRegressor;

interface StackingParams<M> {
  [key: string]: unknown;
  estimators: readonly Named<M>[];
  finalEstimator: M | null;
  /** Number of folds (>= 2) or a splitter with split(X, y). */
  cv: number | Splitter;
  passthrough: boolean;
}

function checkStacking(p: StackingParams<unknown>, name: string): void {
  if (!Array.isArray(p.estimators)) throw new ArgumentError(`${name}: estimators must be an array of [name, estimator] pairs`);
  if (p.estimators.length > 0) checkNamed(p.estimators, `${name}: estimators`);
  if (typeof p.cv === 'number' ? !Number.isInteger(p.cv) || p.cv < 2 : typeof (p.cv as Splitter)?.split !== 'function') throw new ArgumentError(`${name}: cv must be an integer >= 2 or a splitter`);
  if (p.finalEstimator !== null && (typeof p.finalEstimator !== 'object' || typeof (p.finalEstimator as { fit?: unknown }).fit !== 'function')) throw new ArgumentError(`${name}: finalEstimator must be null or an estimator`);
  if (typeof p.passthrough !== 'boolean') throw new ArgumentError(`${name}: passthrough must be a boolean`);
}

/** The columns one fitted member contributes for the rows of X (classifier members are fitted on class indices 0..K-1). */
function metaColumns(member: AnyMember, X: Matrix, nClasses: number | null): Matrix {
  if (nClasses !== null) {
    const c = member as MemberClassifier;
    const codes = Array.from({ length: nClasses }, (_, k) => k);
    if (typeof c.predictProba === 'function') {
      const p = alignedProba(c, X, X.rows, codes);
      if (nClasses === 2) return { rows: X.rows, cols: 1, data: Float64Array.from({ length: X.rows }, (_, i) => p.data[i * 2 + 1]!) };
      return p;
    }
    const withDecision = member as unknown as { decisionFunction?(X: MatrixInput): Float64Array | Matrix };
    if (typeof withDecision.decisionFunction === 'function') {
      const d = withDecision.decisionFunction(X);
      return d instanceof Float64Array ? { rows: X.rows, cols: 1, data: d } : d;
    }
  }
  const predicted = member.predict(X);
  return { rows: X.rows, cols: 1, data: Float64Array.from(predicted as ArrayLike<number>) };
}

function concat(blocks: Matrix[], rows: number): Matrix {
  const cols = blocks.reduce((s, b) => s + b.cols, 0);
  const data = new Float64Array(rows * cols);
  let offset = 0;
  for (const b of blocks) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < b.cols; j++) data[i * cols + offset + j] = b.data[i * b.cols + j]!;
    offset += b.cols;
  }
  return { rows, cols, data };
}

function rowsOf(m: Matrix, rows: Int32Array): Matrix {
  const data = new Float64Array(rows.length * m.cols);
  for (let j = 0; j < rows.length; j++) data.set(m.data.subarray(rows[j]! * m.cols, (rows[j]! + 1) * m.cols), j * m.cols);
  return { rows: rows.length, cols: m.cols, data };
}

/** Cross-validated meta-features and the members refitted on everything. */
function fitStack<M extends AnyMember>(X: Matrix, y: number[], p: StackingParams<M>, nClasses: number | null, options: FitOptions | undefined, name: string): { members: Named<M>[]; meta: Matrix } {
  checkNamed(p.estimators, `${name}: estimators`);
  const splitter = typeof p.cv === 'number' ? (nClasses !== null ? new StratifiedKFold({ nSplits: p.cv }) : new KFold({ nSplits: p.cv })) : p.cv;
  const folds = splitter.split(X, y);
  const blocks: Matrix[] = [];
  const members: Named<M>[] = [];
  p.estimators.forEach(([label, estimator], e) => {
    let block: Matrix | null = null;
    for (const fold of folds) {
      checkAborted(options, `${name}.fit`);
      const member = cloneEstimator(estimator, {}, `${name}: ${label}`);
      member.fit(rowsOf(X, fold.train), Array.from(fold.train, (i) => y[i]!));
      const part = metaColumns(member, rowsOf(X, fold.test), nClasses);
      block ??= { rows: X.rows, cols: part.cols, data: new Float64Array(X.rows * part.cols) };
      fold.test.forEach((r, j) => block!.data.set(part.data.subarray(j * part.cols, (j + 1) * part.cols), r * part.cols));
    }
    blocks.push(block!);
    const full = cloneEstimator(estimator, {}, `${name}: ${label}`);
    full.fit(X, y);
    members.push([label, full]);
    report(options, { stage: 'estimator', done: e + 1, total: p.estimators.length });
  });
  if (p.passthrough) blocks.push(X);
  return { members, meta: concat(blocks, X.rows) };
}

function transformWith(members: readonly Named<AnyMember>[], X: Matrix, nClasses: number | null, passthrough: boolean): Matrix {
  const blocks = members.map(([, m]) => metaColumns(m, X, nClasses));
  if (passthrough) blocks.push(X);
  return concat(blocks, X.rows);
}

export type StackingClassifierParams = StackingParams<MemberClassifier>;

export class StackingClassifier extends BaseEstimator<StackingClassifierParams> {
  private members: Named<MemberClassifier>[] | undefined;
  private final: MemberClassifier | undefined;
  private classList: number[] | string[] | undefined;

  constructor(params?: Partial<StackingClassifierParams>) {
    super({ estimators: [], finalEstimator: null, cv: 5, passthrough: false }, params);
  }

  protected override validateParams(p: StackingClassifierParams): void {
    checkStacking(p, 'StackingClassifier');
  }

  get classes(): number[] | string[] {
    return this.fitted(this.classList, 'classes');
  }

  get finalEstimator(): MemberClassifier {
    return this.fitted(this.final, 'finalEstimator');
  }

  get namedEstimators(): Record<string, MemberClassifier> {
    return Object.fromEntries(this.fitted(this.members, 'namedEstimators'));
  }

  fit(X: MatrixInput, y: Labels, options?: FitOptions): this {
    const m = toMatrix(X, 'StackingClassifier: X');
    const { classes, indices } = encodeLabels(y, m.rows, 'StackingClassifier: y');
    const codes = Array.from(indices);
    const { members, meta } = fitStack(m, codes, this.params, classes.length, options, 'StackingClassifier');
    const final = cloneEstimator(this.params.finalEstimator ?? new LogisticRegression(), {}, 'StackingClassifier: finalEstimator');
    final.fit(meta, codes);
    this.members = members;
    this.final = final;
    this.classList = classes;
    return this;
  }

  /** The meta-features of X (the final estimator's input). */
  transform(X: MatrixInput): Matrix {
    const members = this.fitted(this.members, 'transform');
    return transformWith(members, toMatrix(X, 'StackingClassifier: X'), this.classes.length, this.params.passthrough);
  }

  predictProba(X: MatrixInput): Matrix {
    const meta = this.transform(X);
    return alignedProba(this.final!, meta, meta.rows, Array.from({ length: this.classes.length }, (_, k) => k));
  }

  predict(X: MatrixInput): number[] | string[] {
    const predicted = this.final!.predict(this.transform(X));
    return decodeLabels(this.classes, Int32Array.from(predicted as ArrayLike<number>));
  }

  score(X: MatrixInput, y: Labels): number {
    return accuracy(this.predict(X), y);
  }

  toJSON(): EstimatorJSON {
    const { estimators, finalEstimator, cv, ...rest } = this.params;
    if (typeof cv !== 'number') throw new ArgumentError('StackingClassifier.toJSON: only a numeric cv can be serialised');
    const params = { ...rest, cv, estimators: namedJSON(estimators, 'StackingClassifier.toJSON'), finalEstimator: finalEstimator && memberJSON(finalEstimator, 'StackingClassifier.toJSON') };
    const state = this.members && { classes: this.classList, members: namedJSON(this.members, 'StackingClassifier.toJSON'), final: memberJSON(this.final!, 'StackingClassifier.toJSON') };
    return { type: 'StackingClassifier', params, state: state ?? null };
  }

  static fromJSON(json: EstimatorJSON, revivers?: Revivers): StackingClassifier {
    if (json?.type !== 'StackingClassifier') throw new ArgumentError(`StackingClassifier.fromJSON: expected type 'StackingClassifier', got ${String(json?.type)}`);
    const all = { LogisticRegression, ...revivers };
    const p = json.params as Record<string, unknown>;
    const model = new StackingClassifier({
      ...p,
      estimators: reviveNamed<MemberClassifier>(p.estimators, all, 'StackingClassifier.fromJSON'),
      finalEstimator: p.finalEstimator ? reviveMember<MemberClassifier>(p.finalEstimator, all, 'StackingClassifier.fromJSON') : null,
    } as Partial<StackingClassifierParams>);
    const s = json.state as { classes: number[] | string[]; members: unknown; final: unknown } | null;
    if (s) {
      model.members = reviveNamed<MemberClassifier>(s.members, all, 'StackingClassifier.fromJSON');
      model.final = reviveMember<MemberClassifier>(s.final, all, 'StackingClassifier.fromJSON');
      model.classList = s.classes;
    }
    return model;
  }
}

export type StackingRegressorParams = StackingParams<MemberRegressor>;

export class StackingRegressor extends BaseEstimator<StackingRegressorParams> {
  private members: Named<MemberRegressor>[] | undefined;
  private final: MemberRegressor | undefined;

  constructor(params?: Partial<StackingRegressorParams>) {
    super({ estimators: [], finalEstimator: null, cv: 5, passthrough: false }, params);
  }

  protected override validateParams(p: StackingRegressorParams): void {
    checkStacking(p, 'StackingRegressor');
  }

  get finalEstimator(): MemberRegressor {
    return this.fitted(this.final, 'finalEstimator');
  }

  get namedEstimators(): Record<string, MemberRegressor> {
    return Object.fromEntries(this.fitted(this.members, 'namedEstimators'));
  }

  fit(X: MatrixInput, y: Labels, options?: FitOptions): this {
    const m = toMatrix(X, 'StackingRegressor: X');
    const targets = Array.from(toTargets(y, m.rows, 'StackingRegressor: y'));
    const { members, meta } = fitStack(m, targets, this.params, null, options, 'StackingRegressor');
    const final = cloneEstimator(this.params.finalEstimator ?? (new Ridge() as unknown as MemberRegressor), {}, 'StackingRegressor: finalEstimator');
    final.fit(meta, targets);
    this.members = members;
    this.final = final;
    return this;
  }

  transform(X: MatrixInput): Matrix {
    const members = this.fitted(this.members, 'transform');
    return transformWith(members, toMatrix(X, 'StackingRegressor: X'), null, this.params.passthrough);
  }

  predict(X: MatrixInput): Float64Array {
    return Float64Array.from(this.final!.predict(this.transform(X)));
  }

  score(X: MatrixInput, y: Labels): number {
    return r2Score(this.predict(X), toTargets(y, undefined, 'StackingRegressor.score: y'));
  }

  toJSON(): EstimatorJSON {
    const { estimators, finalEstimator, cv, ...rest } = this.params;
    if (typeof cv !== 'number') throw new ArgumentError('StackingRegressor.toJSON: only a numeric cv can be serialised');
    const params = { ...rest, cv, estimators: namedJSON(estimators, 'StackingRegressor.toJSON'), finalEstimator: finalEstimator && memberJSON(finalEstimator, 'StackingRegressor.toJSON') };
    const state = this.members && { members: namedJSON(this.members, 'StackingRegressor.toJSON'), final: memberJSON(this.final!, 'StackingRegressor.toJSON') };
    return { type: 'StackingRegressor', params, state: state ?? null };
  }

  static fromJSON(json: EstimatorJSON, revivers?: Revivers): StackingRegressor {
    if (json?.type !== 'StackingRegressor') throw new ArgumentError(`StackingRegressor.fromJSON: expected type 'StackingRegressor', got ${String(json?.type)}`);
    const all = { Ridge, ...revivers } as Revivers;
    const p = json.params as Record<string, unknown>;
    const model = new StackingRegressor({
      ...p,
      estimators: reviveNamed<MemberRegressor>(p.estimators, all, 'StackingRegressor.fromJSON'),
      finalEstimator: p.finalEstimator ? reviveMember<MemberRegressor>(p.finalEstimator, all, 'StackingRegressor.fromJSON') : null,
    } as Partial<StackingRegressorParams>);
    const s = json.state as { members: unknown; final: unknown } | null;
    if (s) {
      model.members = reviveNamed<MemberRegressor>(s.members, all, 'StackingRegressor.fromJSON');
      model.final = reviveMember<MemberRegressor>(s.final, all, 'StackingRegressor.fromJSON');
    }
    return model;
  }
}
