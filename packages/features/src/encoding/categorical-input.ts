// The categorical input type of the encoders. A category is a string or a finite number; every
// column holds one kind (all strings or all numbers, as scikit-learn requires of a column). A table
// is given either
//   by rows:    [['red', 'S'], ['blue', 'M']]            (table[i][j]: sample i, column j), or
//   by columns: { columns: [['red', 'blue'], ['S', 'M']] } (columns[j][i]), the layout of a data frame;
// a numeric MatrixInput (number[][], { data, shape }, Matrix, Tensor) is also accepted, e.g. bin numbers.
// Categories are ordered as NumPy's np.unique orders them: numbers ascending, strings by Unicode
// code point (not by UTF-16 code unit, which differs above U+FFFF).
import { ArgumentError, type MatrixInput, ShapeError, Tensor, toMatrix } from '@neurite/tensor';
import { describe } from '../base/validate.ts';

export type Category = string | number;
export type CategoricalRows = readonly (readonly Category[])[];
export interface CategoricalColumns {
  readonly columns: readonly (readonly Category[])[];
}
export type CategoricalInput = CategoricalRows | CategoricalColumns | MatrixInput;

/** A table as checked columns: columns[j][i] with every column's values of one kind. */
export interface CategoricalTable {
  rows: number;
  columns: Category[][];
  kinds: ('string' | 'number')[];
}

function checkCategory(v: unknown, what: string): Category {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new ArgumentError(`${what} is ${describe(v)}, expected a string or a finite number`);
}

/** Reads any CategoricalInput into columns, checking shape and kinds before copying. */
export function toCategoricalTable(input: CategoricalInput, what: string): CategoricalTable {
  let columns: Category[][];
  let rows: number;
  const o = input as { columns?: unknown };
  if (o !== null && typeof o === 'object' && !Array.isArray(o) && !(o instanceof Tensor) && 'columns' in o) {
    const cols = o.columns;
    if (!Array.isArray(cols) || cols.length === 0) throw new ShapeError(`${what}: columns must be a non-empty array of columns, got ${describe(cols)}`);
    rows = -1;
    columns = cols.map((c: unknown, j: number) => {
      if (!Array.isArray(c)) throw new ArgumentError(`${what}: column ${j} is ${describe(c)}, expected an array of categories`);
      if (rows === -1) rows = c.length;
      else if (c.length !== rows) throw new ShapeError(`${what}: column ${j} has ${c.length} values, column 0 has ${rows}`);
      return c.map((v: unknown, i: number) => checkCategory(v, `${what}: row ${i}, column ${j}`));
    });
    if (rows === 0) throw new ShapeError(`${what}: expected at least one row`);
  } else if (Array.isArray(input) && input.some((r: unknown) => Array.isArray(r) && r.some((v: unknown) => typeof v === 'string'))) {
    const table = input as readonly unknown[];
    rows = table.length;
    const width = (table[0] as unknown[]).length;
    columns = Array.from({ length: width }, () => new Array<Category>(rows));
    for (let i = 0; i < rows; i++) {
      const row = table[i];
      if (!Array.isArray(row)) throw new ArgumentError(`${what}: row ${i} is ${describe(row)}, expected an array of categories`);
      if (row.length !== width) throw new ShapeError(`${what}: row ${i} has ${row.length} values, row 0 has ${width}`);
      for (let j = 0; j < width; j++) columns[j]![i] = checkCategory(row[j], `${what}: row ${i}, column ${j}`);
    }
  } else {
    const m = toMatrix(input as MatrixInput, what);
    rows = m.rows;
    columns = Array.from({ length: m.cols }, (_, j) => Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]!));
  }
  if (rows === 0 || columns.length === 0) throw new ShapeError(`${what}: the table is ${rows}x${columns.length}; expected at least one row and one column`);
  const kinds = columns.map((c, j) => {
    const kind = typeof c[0] === 'string' ? 'string' : 'number';
    for (let i = 0; i < c.length; i++) {
      if (typeof c[i] !== kind) throw new ArgumentError(`${what}: column ${j} mixes strings and numbers (row ${i} is ${describe(c[i])}); a column holds one kind`);
    }
    return kind as 'string' | 'number';
  });
  return { rows, columns, kinds };
}

/** Orders strings by Unicode code point, as NumPy sorts them. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate starts a code point above U+FFFF, which sorts after every BMP character.
    const xs = x >= 0xd800 && x <= 0xdfff, ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

export function compareCategories(a: Category, b: Category): number {
  return typeof a === 'number' ? (a as number) - (b as number) : compareCodePoints(a, b as string);
}

/** The sorted distinct values of a column (np.unique). */
export function uniqueSorted(column: readonly Category[]): Category[] {
  return [...new Set(column)].sort(compareCategories);
}

/** Checks user-given categories against the table's columns: one non-empty, duplicate-free list of the right kind per column. */
export function checkCategories(categories: unknown, table: CategoricalTable, what: string): Category[][] {
  if (!Array.isArray(categories) || categories.length !== table.columns.length) {
    throw new ArgumentError(`${what}: categories must be 'auto' or one array per column (${table.columns.length}), got ${describe(categories)}`);
  }
  return categories.map((list: unknown, j: number) => {
    if (!Array.isArray(list) || list.length === 0) throw new ArgumentError(`${what}: categories[${j}] must be a non-empty array, got ${describe(list)}`);
    const out = list.map((v: unknown, k: number) => checkCategory(v, `${what}: categories[${j}][${k}]`));
    if (out.some((v) => typeof v !== table.kinds[j])) throw new ArgumentError(`${what}: categories[${j}] must hold ${table.kinds[j]}s like column ${j}`);
    if (new Set(out).size !== out.length) throw new ArgumentError(`${what}: categories[${j}] has duplicates`);
    return out;
  });
}

/** A category's index in each column's list, by Map lookup. */
export function indexMaps(categories: readonly (readonly Category[])[]): Map<Category, number>[] {
  return categories.map((list) => new Map(list.map((c, k) => [c, k] as [Category, number])));
}

/** Reads serialised categories (arrays of strings or numbers). */
export function categoriesFromJSON(value: unknown, what: string): Category[][] {
  if (!Array.isArray(value)) throw new ArgumentError(`${what}: categories must be an array of arrays, got ${describe(value)}`);
  return value.map((list: unknown, j: number) => {
    if (!Array.isArray(list)) throw new ArgumentError(`${what}: categories[${j}] must be an array, got ${describe(list)}`);
    return list.map((v: unknown, k: number) => checkCategory(v, `${what}: categories[${j}][${k}]`));
  });
}
