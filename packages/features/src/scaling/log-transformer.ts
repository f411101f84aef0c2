// The plain log transform for non-negative, heavy-tailed features: y = log1p(x) = log(1 + x),
// inverse expm1(y). Stateless (fit only records the column count); values must be > -1.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, type TransformerJSON } from '../base/json.ts';
import { checkColumns, checkFitTable } from '../base/validate.ts';

interface LogState {
  columns: number;
}

export class LogTransformer extends BaseTransformer<Record<string, never>, LogState> {
  constructor(params?: Partial<Record<string, never>>) {
    super({}, params);
  }

  protected get typeName(): string {
    return 'LogTransformer';
  }

  fit(X: MatrixInput, _y?: unknown): this {
    const m = toMatrix(X, 'LogTransformer.fit: X');
    checkFitTable(m, 'LogTransformer.fit');
    this.learned = { columns: m.cols };
    return this;
  }

  transform(X: MatrixInput): Matrix {
    const s = this.state('transform');
    const m = toMatrix(X, 'LogTransformer.transform: X');
    checkColumns(m.cols, s.columns, 'LogTransformer.transform');
    const out = new Float64Array(m.data.length);
    for (let k = 0; k < out.length; k++) {
      const v = m.data[k]!;
      if (!(v > -1)) throw new ArgumentError(`LogTransformer.transform: X row ${Math.floor(k / m.cols)}, column ${k % m.cols} is ${v}, expected a value > -1`);
      out[k] = Math.log1p(v);
    }
    return { rows: m.rows, cols: m.cols, data: out };
  }

  fitTransform(X: MatrixInput, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  inverseTransform(X: MatrixInput): Matrix {
    const s = this.state('inverseTransform');
    const m = toMatrix(X, 'LogTransformer.inverseTransform: X');
    checkColumns(m.cols, s.columns, 'LogTransformer.inverseTransform');
    return { rows: m.rows, cols: m.cols, data: m.data.map(Math.expm1) };
  }

  protected stateToJSON(s: LogState): unknown {
    return { columns: s.columns };
  }

  static fromJSON(json: TransformerJSON | unknown): LogTransformer {
    const { state } = checkJSON(json, 'LogTransformer');
    const t = new LogTransformer();
    if (state) t.learned = { columns: Number(state.columns) };
    return t;
  }
}
