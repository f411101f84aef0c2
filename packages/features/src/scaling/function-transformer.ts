// A transformer from plain functions, as scikit-learn's FunctionTransformer: transform applies
// `func` to the whole matrix (identity when omitted), inverseTransform applies `inverseFunc`.
// Stateless apart from the column count. Functions cannot be serialised: toJSON keeps the other
// params and fromJSON takes the functions again.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, type TransformerJSON } from '../base/json.ts';
import { checkBoolean, checkColumns, checkFitTable, checkFunction } from '../base/validate.ts';

export type MatrixFunction = (X: Matrix) => Matrix;

export interface FunctionTransformerParams extends Record<string, unknown> {
  func: MatrixFunction | null;
  inverseFunc: MatrixFunction | null;
  /** Check that the output of func has as many rows as its input and is finite (default true). */
  validate: boolean;
}

interface FunctionState {
  columns: number;
}

export class FunctionTransformer extends BaseTransformer<FunctionTransformerParams, FunctionState> {
  constructor(params?: Partial<FunctionTransformerParams>) {
    super({ func: null, inverseFunc: null, validate: true }, params);
  }

  protected get typeName(): string {
    return 'FunctionTransformer';
  }

  protected override validateParams(p: FunctionTransformerParams): void {
    if (p.func !== null) checkFunction(p.func, 'FunctionTransformer: func');
    if (p.inverseFunc !== null) checkFunction(p.inverseFunc, 'FunctionTransformer: inverseFunc');
    checkBoolean(p.validate, 'FunctionTransformer: validate');
  }

  fit(X: MatrixInput, _y?: unknown): this {
    const m = toMatrix(X, 'FunctionTransformer.fit: X');
    checkFitTable(m, 'FunctionTransformer.fit');
    this.learned = { columns: m.cols };
    return this;
  }

  private apply(fn: MatrixFunction | null, X: MatrixInput, what: string): Matrix {
    const s = this.state(what);
    const m = toMatrix(X, `FunctionTransformer.${what}: X`);
    if (what === 'transform') checkColumns(m.cols, s.columns, 'FunctionTransformer.transform');
    if (fn === null) return m;
    const out = fn(m);
    if (this.params.validate) {
      const checked = toMatrix(out, `FunctionTransformer.${what}: the function's output`);
      if (checked.rows !== m.rows) throw new ArgumentError(`FunctionTransformer.${what}: the function returned ${checked.rows} rows for ${m.rows}`);
      return checked;
    }
    return out;
  }

  transform(X: MatrixInput): Matrix {
    return this.apply(this.params.func, X, 'transform');
  }

  fitTransform(X: MatrixInput, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  inverseTransform(X: MatrixInput): Matrix {
    return this.apply(this.params.inverseFunc, X, 'inverseTransform');
  }

  override toJSON(): TransformerJSON {
    const json = super.toJSON();
    json.params = { validate: this.params.validate };
    return json;
  }

  protected stateToJSON(s: FunctionState): unknown {
    return { columns: s.columns };
  }

  /** Restores a FunctionTransformer; its functions are given again since JSON cannot hold them. */
  static fromJSON(json: TransformerJSON | unknown, functions: { func?: MatrixFunction | null; inverseFunc?: MatrixFunction | null } = {}): FunctionTransformer {
    const { params, state } = checkJSON(json, 'FunctionTransformer');
    const t = new FunctionTransformer({ validate: params.validate as boolean, func: functions.func ?? null, inverseFunc: functions.inverseFunc ?? null });
    if (state) t.learned = { columns: Number(state.columns) };
    return t;
  }
}
