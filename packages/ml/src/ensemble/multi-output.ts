// scikit-learn's MultiOutputRegressor and MultiOutputClassifier: one clone of the given estimator
// per column of a 2-D y, each fitted on X and its column (with the same sample weights when given).
// Predictions put the outputs side by side: the regressor returns n x outputs row-major values
// (predictOutputs: a Matrix), the classifier one row of labels per sample. Scores follow
// scikit-learn: mean R^2 over the outputs, and subset accuracy (every output right) for classifiers.
import { ArgumentError, type Matrix, type MatrixInput, ShapeError, toMatrix } from '@neurite/tensor';
import { cloneEstimator } from '../base/clone-estimator.ts';
import { BaseEstimator, checkAborted, type EstimatorJSON, report } from '../base/estimator.ts';
import { encodeLabels } from '../base/labels.ts';
import { meanR2, outputColumn, readRegressionTargets, type RegressionTargets } from '../base/regression-targets.ts';
import { sampleWeightsOf, type WeightedFitOptions } from '../base/sample-weight.ts';
import { type MemberClassifier, type MemberRegressor, memberJSON, reviveMember, type Revivers } from './meta-estimator.ts';

export interface MultiOutputRegressorParams {
  [key: string]: unknown;
  /** The regressor cloned for every output (required). */
  estimator: MemberRegressor | null;
}

export interface MultiOutputClassifierParams {
  [key: string]: unknown;
  /** The classifier cloned for every output (required). */
  estimator: MemberClassifier | null;
}

function checkEstimator(owner: string, estimator: unknown): void {
  if (estimator !== null && (typeof estimator !== 'object' || typeof (estimator as { fit?: unknown }).fit !== 'function' || typeof (estimator as { getParams?: unknown }).getParams !== 'function')) {
    throw new ArgumentError(`${owner}: estimator must be an estimator with fit and getParams, got ${String(estimator)}`);
  }
}

/** The sample weights to pass on: checked once here, then given to every member. */
function weightOptions(options: WeightedFitOptions | undefined, rows: number, what: string): WeightedFitOptions | undefined {
  if (options?.sampleWeight === undefined) return undefined;
  return { sampleWeight: sampleWeightsOf(options.sampleWeight, rows, what) };
}

/** Fits one clone per output, reporting progress and checking the signal between members. */
function fitMembers<M extends { getParams(): Record<string, unknown>; fit(X: MatrixInput, y: never, options?: WeightedFitOptions): unknown }>(
  estimator: M | null, outputs: number, options: WeightedFitOptions | undefined, what: string, fitOne: (member: M, k: number) => void,
): M[] {
  if (estimator === null) throw new ArgumentError(`${what}: estimator is required`);
  const members: M[] = [];
  for (let k = 0; k < outputs; k++) {
    checkAborted(options, what);
    const member = cloneEstimator(estimator, {}, `${what}: estimator`);
    fitOne(member, k);
    members.push(member);
    report(options, { stage: 'outputs', done: k + 1, total: outputs });
  }
  return members;
}

export class MultiOutputRegressor extends BaseEstimator<MultiOutputRegressorParams> {
  private members?: MemberRegressor[];

  constructor(params?: Partial<MultiOutputRegressorParams>) {
    super({ estimator: null }, params);
  }

  protected override validateParams(p: MultiOutputRegressorParams): void {
    checkEstimator('MultiOutputRegressor', p.estimator);
  }

  /** The fitted regressor of each output. */
  get estimators(): MemberRegressor[] {
    return this.fitted(this.members, 'estimators').slice();
  }

  get nOutputs(): number {
    return this.fitted(this.members, 'nOutputs').length;
  }

  /** y: samples x outputs (a 1-D y is one output). A cancelled fit keeps the previous members. */
  fit(X: MatrixInput, y: RegressionTargets, options?: WeightedFitOptions): this {
    const what = 'MultiOutputRegressor.fit';
    const x = toMatrix(X, `${what}: X`);
    const table = readRegressionTargets(y, x.rows, `${what}: y`);
    const memberOptions = weightOptions(options, x.rows, what);
    this.members = fitMembers(this.params.estimator, table.outputs, options, what, (member, k) => {
      member.fit(x, outputColumn(table.values, x.rows, table.outputs, k), memberOptions);
    });
    return this;
  }

  /** n x outputs predictions, row-major. */
  predict(X: MatrixInput): Float64Array {
    const members = this.fitted(this.members, 'predict'), t = members.length;
    const x = toMatrix(X, 'MultiOutputRegressor.predict: X');
    const out = new Float64Array(x.rows * t);
    members.forEach((member, k) => {
      const column = member.predict(x);
      if (column.length !== x.rows) throw new ShapeError(`MultiOutputRegressor.predict: output ${k} gave ${column.length} predictions for ${x.rows} rows`);
      for (let i = 0; i < x.rows; i++) out[i * t + k] = column[i]!;
    });
    return out;
  }

  /** Predictions as an n x outputs Matrix. */
  predictOutputs(X: MatrixInput): Matrix {
    const data = this.predict(X), t = this.nOutputs;
    return { rows: data.length / t, cols: t, data };
  }

  /** Mean R^2 over the outputs. */
  score(X: MatrixInput, y: RegressionTargets): number {
    const prediction = this.predict(X), t = this.nOutputs;
    return meanR2(y, prediction, prediction.length / t, t);
  }

  toJSON(): EstimatorJSON {
    const estimator = this.params.estimator === null ? null : memberJSON(this.params.estimator, 'MultiOutputRegressor.toJSON');
    return { type: 'MultiOutputRegressor', params: { estimator }, state: this.members ? { members: this.members.map((m) => memberJSON(m, 'MultiOutputRegressor.toJSON')) } : null };
  }

  /** `revivers` names the member classes beyond this package's trees. */
  static fromJSON(json: EstimatorJSON, revivers?: Revivers): MultiOutputRegressor {
    const what = 'MultiOutputRegressor.fromJSON';
    if (json?.type !== 'MultiOutputRegressor') throw new ArgumentError(`${what}: expected type 'MultiOutputRegressor', got ${String(json?.type)}`);
    const p = (json.params ?? {}) as Record<string, unknown>;
    const model = new MultiOutputRegressor({ estimator: p.estimator == null ? null : reviveMember<MemberRegressor>(p.estimator, revivers, what) });
    const state = json.state as { members?: unknown } | null;
    if (state !== null && state !== undefined) {
      if (!Array.isArray(state.members) || state.members.length < 1) throw new ArgumentError(`${what}: state.members must be a non-empty array`);
      model.members = state.members.map((m) => reviveMember<MemberRegressor>(m, revivers, what));
    }
    return model;
  }
}

export class MultiOutputClassifier extends BaseEstimator<MultiOutputClassifierParams> {
  private members?: MemberClassifier[];

  constructor(params?: Partial<MultiOutputClassifierParams>) {
    super({ estimator: null }, params);
  }

  protected override validateParams(p: MultiOutputClassifierParams): void {
    checkEstimator('MultiOutputClassifier', p.estimator);
  }

  get estimators(): MemberClassifier[] {
    return this.fitted(this.members, 'estimators').slice();
  }

  /** The classes of each output. */
  get classes(): (readonly number[] | readonly string[])[] {
    return this.fitted(this.members, 'classes').map((m) => m.classes);
  }

  /** Y: one row of labels per sample (numbers or strings; each column is its own classification). */
  fit(X: MatrixInput, Y: readonly (readonly (number | string)[])[], options?: WeightedFitOptions): this {
    const what = 'MultiOutputClassifier.fit';
    const x = toMatrix(X, `${what}: X`);
    if (!Array.isArray(Y) || Y.length !== x.rows) throw new ShapeError(`${what}: Y must hold one row of labels per sample (${x.rows})`);
    const outputs = Array.isArray(Y[0]) ? Y[0].length : 0;
    if (outputs < 1) throw new ShapeError(`${what}: Y must be a table of labels with at least one column`);
    const columns: (number[] | string[])[] = [];
    for (let k = 0; k < outputs; k++) {
      const column = Y.map((row, i) => {
        if (!Array.isArray(row) || row.length !== outputs) throw new ShapeError(`${what}: Y row ${i} has ${Array.isArray(row) ? row.length : 'no'} labels, expected ${outputs}`);
        return row[k]!;
      }) as number[] | string[];
      encodeLabels(column, x.rows, `${what}: Y column ${k}`);
      columns.push(column);
    }
    const memberOptions = weightOptions(options, x.rows, what);
    this.members = fitMembers(this.params.estimator, outputs, options, what, (member, k) => {
      member.fit(x, columns[k]!, memberOptions);
    });
    return this;
  }

  /** One row of predicted labels per sample. */
  predict(X: MatrixInput): (number | string)[][] {
    const members = this.fitted(this.members, 'predict');
    const x = toMatrix(X, 'MultiOutputClassifier.predict: X');
    const columns = members.map((m) => m.predict(x));
    return Array.from({ length: x.rows }, (_, i) => columns.map((c) => c[i]!));
  }

  /** The class probabilities of each output (scikit-learn's list of arrays); members need predictProba. */
  predictProba(X: MatrixInput): Matrix[] {
    const members = this.fitted(this.members, 'predictProba');
    const x = toMatrix(X, 'MultiOutputClassifier.predictProba: X');
    return members.map((m, k) => {
      if (typeof m.predictProba !== 'function') throw new ArgumentError(`MultiOutputClassifier.predictProba: the estimator of output ${k} (${m.constructor.name}) has no predictProba`);
      return m.predictProba(x);
    });
  }

  /** Subset accuracy: the share of samples whose every output is right. */
  score(X: MatrixInput, Y: readonly (readonly (number | string)[])[]): number {
    const predicted = this.predict(X);
    if (!Array.isArray(Y) || Y.length !== predicted.length) throw new ShapeError(`MultiOutputClassifier.score: ${Array.isArray(Y) ? Y.length : 'no'} label rows for ${predicted.length} samples`);
    let hits = 0;
    predicted.forEach((row, i) => { if (row.every((v, k) => v === Y[i]![k])) hits++; });
    return hits / predicted.length;
  }

  toJSON(): EstimatorJSON {
    const estimator = this.params.estimator === null ? null : memberJSON(this.params.estimator, 'MultiOutputClassifier.toJSON');
    return { type: 'MultiOutputClassifier', params: { estimator }, state: this.members ? { members: this.members.map((m) => memberJSON(m, 'MultiOutputClassifier.toJSON')) } : null };
  }

  static fromJSON(json: EstimatorJSON, revivers?: Revivers): MultiOutputClassifier {
    const what = 'MultiOutputClassifier.fromJSON';
    if (json?.type !== 'MultiOutputClassifier') throw new ArgumentError(`${what}: expected type 'MultiOutputClassifier', got ${String(json?.type)}`);
    const p = (json.params ?? {}) as Record<string, unknown>;
    const model = new MultiOutputClassifier({ estimator: p.estimator == null ? null : reviveMember<MemberClassifier>(p.estimator, revivers, what) });
    const state = json.state as { members?: unknown } | null;
    if (state !== null && state !== undefined) {
      if (!Array.isArray(state.members) || state.members.length < 1) throw new ArgumentError(`${what}: state.members must be a non-empty array`);
      model.members = state.members.map((m) => reviveMember<MemberClassifier>(m, revivers, what));
    }
    return model;
  }
}
