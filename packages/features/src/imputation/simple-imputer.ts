// Per-column imputation, as scikit-learn's SimpleImputer: the missing values of column j are
// replaced by a statistic learned from its present values in fit:
//   'mean', 'median' (np.median: the mean of the two middle values for an even count),
//   'mostFrequent' (the smallest of the most frequent values), 'constant' (fillValue).
// A column with no present value in fit is dropped from the output, unless keepEmptyFeatures
// (then it is filled with 0, or fillValue for 'constant'), as scikit-learn 1.9 does.
// A table with string columns (rows holding strings, nulls or undefined, or { columns }) is imputed
// column by column (categorical-imputation.ts) and comes out as rows of values, ready for an encoder.
import { type Matrix, type MatrixInput } from '@neurite/tensor';
import { type Cell, type CellTable, type ImputedValue, imputeCells, isCellTable, isMissingCell, mostFrequent, readCellTable } from './categorical-imputation.ts';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, numbersFromJSON, numbersToJSON, type TransformerJSON } from '../base/json.ts';
import { medianSorted } from '../base/quantile.ts';
import { checkBoolean, checkColumns, checkFinite, checkFitTable, checkOneOf } from '../base/validate.ts';
import { isMissing, toMatrixWithMissing } from './missing.ts';
import { ArgumentError } from '@neurite/tensor';

export interface SimpleImputerParams extends Record<string, unknown> {
  strategy: 'mean' | 'median' | 'mostFrequent' | 'constant';
  /** The value of 'constant' (and of kept empty columns): null (default) is 0 for numbers, "missing_value" for strings. */
  fillValue: number | string | null;
  /** The marker of a missing value: NaN (default) or a finite sentinel. */
  missingValue: number;
  keepEmptyFeatures: boolean;
}

interface SimpleState {
  /** The value imputed in each input column (NaN for an empty column that is dropped). */
  statistics: Float64Array;
  /** Fitted on a table of cells: the value imputed in each column (null: dropped), and each column's kind. */
  cells?: { values: (ImputedValue | null)[]; kinds: ('number' | 'string')[] };
}

/** Rows of values: what SimpleImputer gives for a table with string columns. */
export type ImputedRows = ImputedValue[][];

export class SimpleImputer extends BaseTransformer<SimpleImputerParams, SimpleState> {
  constructor(params?: Partial<SimpleImputerParams>) {
    super({ strategy: 'mean', fillValue: null, missingValue: NaN, keepEmptyFeatures: false }, params);
  }

  protected get typeName(): string {
    return 'SimpleImputer';
  }

  protected override validateParams(p: SimpleImputerParams): void {
    checkOneOf(p.strategy, ['mean', 'median', 'mostFrequent', 'constant'] as const, 'SimpleImputer: strategy');
    if (p.fillValue !== null && typeof p.fillValue !== 'string') checkFinite(p.fillValue, 'SimpleImputer: fillValue');
    if (typeof p.missingValue !== 'number' || p.missingValue === Infinity || p.missingValue === -Infinity) throw new ArgumentError(`SimpleImputer: missingValue must be NaN or a finite number, got ${p.missingValue}`);
    checkBoolean(p.keepEmptyFeatures, 'SimpleImputer: keepEmptyFeatures');
  }

  fit(X: MatrixInput | readonly (readonly Cell[])[] | { columns: readonly (readonly Cell[])[] }, _y?: unknown): this {
    if (isCellTable(X)) {
      this.learned = { statistics: new Float64Array(0), cells: this.fitCells(readCellTable(X, 'SimpleImputer.fit: X', this.params.missingValue)) };
      return this;
    }
    const fitX = toMatrixWithMissing(X as MatrixInput, 'SimpleImputer.fit: X');
    checkFitTable(fitX, 'SimpleImputer.fit');
    if (typeof this.params.fillValue === 'string' && this.params.strategy === 'constant') throw new ArgumentError(`SimpleImputer.fit: fillValue ${JSON.stringify(this.params.fillValue)} is a string, but X is numeric; give a number`);
    const { rows, cols, data } = fitX;
    const { missingValue } = this.params;
    const statistics = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      const present: number[] = [];
      for (let i = 0; i < rows; i++) {
        const v = data[i * cols + j]!;
        if (!isMissing(v, missingValue)) present.push(v);
      }
      const value = this.statistic(present, 'number');
      statistics[j] = value === null ? NaN : (value as number);
    }
    this.learned = { statistics };
    return this;
  }

  /** The value imputed in a column from its present values; null when it is empty and dropped. */
  private statistic(present: ImputedValue[], kind: 'number' | 'string', column = 0, strings = kind === 'string'): ImputedValue | null {
    const { strategy, keepEmptyFeatures } = this.params;
    // scikit-learn's default fill follows the array's dtype: "missing_value" for a table with strings
    const fill = this.params.fillValue ?? (strings ? 'missing_value' : 0);
    if (kind === 'string' && strategy !== 'mostFrequent' && strategy !== 'constant') throw new ArgumentError(`SimpleImputer.fit: strategy '${strategy}' needs numbers, column ${column} holds strings; use 'mostFrequent' or 'constant'`);
    if (present.length === 0) return keepEmptyFeatures ? (strategy === 'constant' ? fill : 0) : null;
    if (strategy === 'constant') return fill;
    if (strategy === 'mostFrequent') return mostFrequent(present);
    const numbers = present as number[];
    if (strategy === 'mean') return numbers.reduce((a, b) => a + b, 0) / numbers.length;
    return medianSorted(Float64Array.from(numbers).sort());
  }

  private fitCells(table: CellTable): NonNullable<SimpleState['cells']> {
    const { missingValue } = this.params;
    if (typeof this.params.fillValue === 'number' && this.params.strategy === 'constant' && table.kinds.includes('string')) throw new ArgumentError(`SimpleImputer.fit: fillValue ${this.params.fillValue} is a number, but column ${table.kinds.indexOf('string')} holds strings; give a string (or null for "missing_value")`);
    const strings = table.kinds.includes('string');
    const values = table.columns.map((c, j) => this.statistic(c.filter((v) => !isMissingCell(v, missingValue)) as ImputedValue[], table.kinds[j]!, j, strings));
    return { values, kinds: table.kinds };
  }

  /** The value imputed in each input column (NaN marks a dropped empty column; null for a table fit). */
  get statistics(): Float64Array {
    return this.state('statistics').statistics.slice();
  }

  /** After a fit on a table with string columns: the value imputed in each column (null: dropped as empty). */
  get cellStatistics(): (ImputedValue | null)[] | null {
    return this.state('cellStatistics').cells?.values.slice() ?? null;
  }

  transform(X: MatrixInput): Matrix;
  transform(X: readonly (readonly Cell[])[] | { columns: readonly (readonly Cell[])[] }): ImputedRows;
  transform(X: MatrixInput | readonly (readonly Cell[])[] | { columns: readonly (readonly Cell[])[] }): Matrix | ImputedRows {
    const { statistics, cells } = this.state('transform');
    if (cells !== undefined) {
      const table = readCellTable(isCellTable(X) ? X : matrixColumns(toMatrixWithMissing(X as MatrixInput, 'SimpleImputer.transform: X')), 'SimpleImputer.transform: X', this.params.missingValue);
      checkColumns(table.columns.length, cells.values.length, 'SimpleImputer.transform');
      table.kinds.forEach((k, j) => {
        if (k !== cells.kinds[j] && table.columns[j]!.some((v) => !isMissingCell(v, this.params.missingValue))) throw new ArgumentError(`SimpleImputer.transform: column ${j} holds ${k}s, it held ${cells.kinds[j]}s in fit`);
      });
      return imputeCells(table, cells.values, this.params.missingValue);
    }
    if (isCellTable(X) && !Array.isArray(X)) throw new ArgumentError('SimpleImputer.transform: fitted on a numeric matrix; give a matrix');
    const m = toMatrixWithMissing(X as MatrixInput, 'SimpleImputer.transform: X');
    checkColumns(m.cols, statistics.length, 'SimpleImputer.transform');
    const keep: number[] = [];
    for (let j = 0; j < m.cols; j++) if (!Number.isNaN(statistics[j]!)) keep.push(j);
    const width = keep.length;
    const out = new Float64Array(m.rows * width);
    for (let i = 0; i < m.rows; i++) {
      for (let c = 0; c < width; c++) {
        const j = keep[c]!, v = m.data[i * m.cols + j]!;
        out[i * width + c] = isMissing(v, this.params.missingValue) ? statistics[j]! : v;
      }
    }
    return { rows: m.rows, cols: width, data: out };
  }

  fitTransform(X: MatrixInput, y?: unknown): Matrix;
  fitTransform(X: readonly (readonly Cell[])[] | { columns: readonly (readonly Cell[])[] }, y?: unknown): ImputedRows;
  fitTransform(X: MatrixInput | readonly (readonly Cell[])[] | { columns: readonly (readonly Cell[])[] }, y?: unknown): Matrix | ImputedRows {
    return this.fit(X, y).transform(X as MatrixInput);
  }

  protected stateToJSON(s: SimpleState): unknown {
    return s.cells ? { cells: s.cells } : { statistics: numbersToJSON(s.statistics) };
  }

  override toJSON(): TransformerJSON {
    const json = super.toJSON();
    if (Number.isNaN(this.params.missingValue)) json.params.missingValue = 'NaN';
    return json;
  }

  static fromJSON(json: TransformerJSON | unknown): SimpleImputer {
    const { params, state } = checkJSON(json, 'SimpleImputer');
    const p = { ...params };
    if (p.missingValue === 'NaN') p.missingValue = NaN;
    const t = new SimpleImputer(p as Partial<SimpleImputerParams>);
    if (state && state.cells !== undefined) t.learned = { statistics: new Float64Array(0), cells: cellsFromJSON(state.cells) };
    else if (state) t.learned = { statistics: numbersFromJSON(state.statistics, 'SimpleImputer.fromJSON: statistics') };
    return t;
  }
}

function cellsFromJSON(value: unknown): NonNullable<SimpleState['cells']> {
  const c = value as { values?: unknown; kinds?: unknown } | null;
  const ok = c !== null && typeof c === 'object' && Array.isArray(c.values) && Array.isArray(c.kinds) && c.values.length === c.kinds.length &&
    c.kinds.every((k) => k === 'number' || k === 'string') && c.values.every((v) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)));
  if (!ok) throw new ArgumentError('SimpleImputer.fromJSON: state.cells must hold one value (or null) and one kind per column');
  return { values: c!.values as (ImputedValue | null)[], kinds: c!.kinds as ('number' | 'string')[] };
}

function matrixColumns(m: Matrix): { columns: number[][] } {
  return { columns: Array.from({ length: m.cols }, (_, j) => Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]!)) };
}
