// SimpleImputer on tables with string columns (scikit-learn's object columns): rows of strings,
// numbers and missing values, or { columns }. A value is missing when it is null, undefined or NaN
// (or equals a numeric missingValue sentinel). A column holds one kind: numbers, or strings. String
// columns take 'mostFrequent' (ties: the smallest by code point, as scikit-learn) or 'constant'
// (fillValue, by default "missing_value"); numeric columns every strategy. The output keeps the
// table's form as rows of values, the input @neurite/features' encoders take.
import { ArgumentError, ShapeError, Tensor } from '@neurite/tensor';
import { compareCategories } from '../encoding/categorical-input.ts';
import { describe } from '../base/validate.ts';

export type Cell = string | number | null | undefined;
export type ImputedValue = string | number;

/** True when X should be read as a table of cells: { columns }, or rows holding a string, null or undefined. */
export function isCellTable(X: unknown): boolean {
  if (X !== null && typeof X === 'object' && !Array.isArray(X) && !(X instanceof Tensor) && 'columns' in X) return true;
  return Array.isArray(X) && X.some((r: unknown) => Array.isArray(r) && r.some((v: unknown) => typeof v === 'string' || v === null || v === undefined));
}

export interface CellTable {
  rows: number;
  columns: Cell[][];
  kinds: ('number' | 'string')[];
}

/** Reads a table of cells by column, checking its shape and that each column holds one kind. */
export function readCellTable(X: unknown, what: string, missingValue: number): CellTable {
  let columns: unknown[][];
  const o = X as { columns?: unknown };
  if (!Array.isArray(X) && o !== null && typeof o === 'object') {
    if (!Array.isArray(o.columns) || o.columns.length === 0 || o.columns.some((c) => !Array.isArray(c))) throw new ShapeError(`${what}: columns must be a non-empty array of arrays`);
    columns = o.columns as unknown[][];
  } else {
    const rows = X as unknown[];
    if (rows.length === 0 || !Array.isArray(rows[0])) throw new ShapeError(`${what}: expected a non-empty array of rows`);
    const width = (rows[0] as unknown[]).length;
    columns = Array.from({ length: width }, () => new Array<unknown>(rows.length));
    rows.forEach((r, i) => {
      if (!Array.isArray(r) || r.length !== width) throw new ShapeError(`${what}: row ${i} is ${describe(r)}, expected ${width} values like row 0`);
      for (let j = 0; j < width; j++) columns[j]![i] = r[j];
    });
  }
  const rows = columns[0]!.length;
  if (rows === 0 || columns.length === 0) throw new ShapeError(`${what}: expected at least one row and one column`);
  const kinds = columns.map((c, j): 'number' | 'string' => {
    if (c.length !== rows) throw new ShapeError(`${what}: column ${j} has ${c.length} values, column 0 has ${rows}`);
    let kind = null as 'number' | 'string' | null;
    c.forEach((v, i) => {
      if (isMissingCell(v, missingValue)) return;
      const k = typeof v === 'string' ? 'string' : typeof v === 'number' && Number.isFinite(v) ? 'number' : null;
      if (k === null) throw new ArgumentError(`${what}: row ${i}, column ${j} is ${describe(v)}, expected a string, a finite number or a missing value (null, undefined, NaN)`);
      if (kind !== null && k !== kind) throw new ArgumentError(`${what}: column ${j} mixes strings and numbers (row ${i} is ${describe(v)}); a column holds one kind`);
      kind = k;
    });
    return kind ?? 'number';
  });
  return { rows, columns: columns as Cell[][], kinds };
}

export function isMissingCell(v: unknown, missingValue: number): boolean {
  return v === null || v === undefined || (typeof v === 'number' && (Number.isNaN(v) || v === missingValue));
}

/** The most frequent value; among equally frequent ones the smallest. */
export function mostFrequent(present: readonly ImputedValue[]): ImputedValue {
  const counts = new Map<ImputedValue, number>();
  for (const v of present) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: ImputedValue | undefined, bestCount = 0;
  for (const [v, n] of counts) if (n > bestCount || (n === bestCount && compareCategories(v, best!) < 0)) { best = v; bestCount = n; }
  return best!;
}

/** Each row with its missing values replaced by the column's value; columns whose value is null are dropped. */
export function imputeCells(table: CellTable, values: readonly (ImputedValue | null)[], missingValue: number): ImputedValue[][] {
  const keep = values.map((v, j) => (v === null ? -1 : j)).filter((j) => j >= 0);
  return Array.from({ length: table.rows }, (_, i) => keep.map((j) => {
    const v = table.columns[j]![i];
    return isMissingCell(v, missingValue) ? values[j]! : (v as ImputedValue);
  }));
}
