// The mixed tables a ColumnTransformer reads: besides any numeric MatrixInput, rows holding strings
// and numbers (a CSV read as it is), or named columns (the layout of a data frame):
//   rows:    [[34, 'Paris', 'S'], [51, null, 'M']]
//   columns: { columns: [[34, 51], ['Paris', null], ['S', 'M']], names?: ['age', 'city', 'size'] }
// A column is numeric when it holds only numbers and missing values (null, undefined or NaN; read
// as NaN), and a string column when it holds a string (its missing values stay null). A numeric
// part reaches its transformer as a Matrix; a part with a string column as rows of values, the
// categorical input of @neurite/features' encoders and imputers.
import { ArgumentError, type Matrix, type MatrixInput, ShapeError, Tensor, toMatrix } from '@neurite/tensor';

export type Cell = string | number | null | undefined;
export type TableRows = readonly (readonly Cell[])[];
export interface TableColumns {
  readonly columns: readonly (readonly Cell[])[];
  /** Column names, so that a ColumnTransformer may select columns by name. */
  readonly names?: readonly string[];
}
/** A numeric matrix, rows of strings and numbers, or named columns. */
export type TableInput = MatrixInput | TableRows | TableColumns;

/** Samples of any kind an estimator or a Pipeline may take: a matrix, a mixed table, or texts (for a vectorizer). */
export type SampleInput = TableInput | readonly string[];

/** A table read column by column. */
export interface Table {
  rows: number;
  /** Float64Array for a numeric column (missing as NaN); an array of strings and nulls otherwise. */
  columns: (Float64Array | (string | null)[])[];
  names: readonly string[] | null;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' ? 'an object' : String(v);
}

function readColumn(values: readonly unknown[], j: number, what: string): Float64Array | (string | null)[] {
  let strings = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string') strings = true;
    else if (v !== null && v !== undefined && typeof v !== 'number') throw new ArgumentError(`${what}: row ${i}, column ${j} is ${describe(v)}, expected a number, a string or null`);
  }
  if (strings) {
    return values.map((v, i) => {
      if (typeof v === 'number' && !Number.isNaN(v)) throw new ArgumentError(`${what}: column ${j} mixes strings and numbers (row ${i} is ${v}); a column holds one kind`);
      return typeof v === 'string' ? v : null;
    });
  }
  return Float64Array.from(values, (v) => (typeof v === 'number' ? v : NaN));
}

function isColumnsObject(input: unknown): input is TableColumns {
  return input !== null && typeof input === 'object' && !Array.isArray(input) && !(input instanceof Tensor) && 'columns' in input;
}

/** True when `input` has a string somewhere (so it cannot be read as a numeric matrix). */
function hasStrings(input: unknown): boolean {
  if (isColumnsObject(input)) return true;
  return Array.isArray(input) && input.some((r: unknown) => Array.isArray(r) && r.some((v: unknown) => typeof v === 'string' || v === null || v === undefined));
}

/**
 * Reads X: a numeric MatrixInput stays a Matrix; a table with strings or names is read by column.
 * `kinds` (the kinds seen in fit) keeps a string column whose values are all missing a string column.
 */
export function readTable(input: TableInput, what: string, kinds?: readonly ('number' | 'string')[]): Matrix | Table {
  const x = readAny(input, what);
  if (kinds === undefined || !isTable(x)) return x;
  x.columns = x.columns.map((c, j) => (kinds[j] === 'string' && c instanceof Float64Array && c.every(Number.isNaN) ? new Array<null>(c.length).fill(null) : c));
  return x;
}

function readAny(input: TableInput, what: string): Matrix | Table {
  if (!hasStrings(input)) return toMatrix(input as MatrixInput, what, { allowNonFinite: true });
  if (isColumnsObject(input)) {
    const cols = input.columns, names = input.names;
    if (!Array.isArray(cols) || cols.length === 0) throw new ShapeError(`${what}: columns must be a non-empty array of columns, got ${describe(cols)}`);
    const rows = Array.isArray(cols[0]) ? cols[0].length : -1;
    cols.forEach((c: unknown, j: number) => {
      if (!Array.isArray(c)) throw new ArgumentError(`${what}: column ${j} is ${describe(c)}, expected an array`);
      if (c.length !== rows) throw new ShapeError(`${what}: column ${j} has ${c.length} values, column 0 has ${rows}`);
    });
    if (rows === 0) throw new ShapeError(`${what}: expected at least one row`);
    if (names !== undefined) {
      if (!Array.isArray(names) || names.length !== cols.length || names.some((n) => typeof n !== 'string')) throw new ArgumentError(`${what}: names must be ${cols.length} strings, one per column`);
      if (new Set(names).size !== names.length) throw new ArgumentError(`${what}: names must be distinct`);
    }
    return { rows, columns: cols.map((c, j) => readColumn(c, j, what)), names: names ?? null };
  }
  const table = input as readonly unknown[];
  const rows = table.length;
  const first = table[0];
  if (!Array.isArray(first)) throw new ArgumentError(`${what}: row 0 is ${describe(first)}, expected an array`);
  const width = first.length;
  if (width === 0) throw new ShapeError(`${what}: expected at least one column`);
  const byColumn = Array.from({ length: width }, () => new Array<unknown>(rows));
  for (let i = 0; i < rows; i++) {
    const row = table[i];
    if (!Array.isArray(row)) throw new ArgumentError(`${what}: row ${i} is ${describe(row)}, expected an array`);
    if (row.length !== width) throw new ShapeError(`${what}: row ${i} has ${row.length} values, row 0 has ${width}`);
    for (let j = 0; j < width; j++) byColumn[j]![i] = row[j];
  }
  return { rows, columns: byColumn.map((c, j) => readColumn(c, j, what)), names: null };
}

export function isTable(x: Matrix | Table): x is Table {
  return 'columns' in x;
}

export function tableShape(x: Matrix | Table): { rows: number; cols: number } {
  return isTable(x) ? { rows: x.rows, cols: x.columns.length } : { rows: x.rows, cols: x.cols };
}

/**
 * The selected columns as a transformer's input: a Matrix when they are all numeric, rows of
 * values (strings, numbers, nulls) when one of them holds strings.
 */
export function selectColumns(x: Matrix | Table, columns: Int32Array): Matrix | (string | number | null)[][] {
  if (!isTable(x)) {
    const out = new Float64Array(x.rows * columns.length);
    for (let r = 0; r < x.rows; r++) for (let c = 0; c < columns.length; c++) out[r * columns.length + c] = x.data[r * x.cols + columns[c]!]!;
    return { rows: x.rows, cols: columns.length, data: out };
  }
  const picked = Array.from(columns, (c) => x.columns[c]!);
  if (picked.every((c) => c instanceof Float64Array)) {
    const out = new Float64Array(x.rows * picked.length);
    picked.forEach((c, k) => { for (let r = 0; r < x.rows; r++) out[r * picked.length + k] = (c as Float64Array)[r]!; });
    return { rows: x.rows, cols: picked.length, data: out };
  }
  return Array.from({ length: x.rows }, (_, r) => picked.map((c) => (c instanceof Float64Array ? c[r]! : c[r]!)));
}

/** The kind of each column ('number' or 'string'), which transform checks against fit's. */
export function columnKinds(x: Matrix | Table): ('number' | 'string')[] {
  return isTable(x) ? x.columns.map((c) => (c instanceof Float64Array ? 'number' : 'string')) : new Array(x.cols).fill('number');
}
