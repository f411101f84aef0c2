// One-hot encoding of categorical columns, as scikit-learn's OneHotEncoder with sparse_output=False:
// column j with categories c_0 < c_1 < ... becomes one indicator column per category (in order,
// columns concatenated in input order). handleUnknown 'error' rejects a category not seen in fit;
// 'ignore' encodes it as all zeros. drop 'first' removes each column's first category and
// 'if_binary' does so only for columns with exactly two. Input: see categorical-input.ts.
import { ArgumentError, type Matrix, ShapeError } from '@neurite/tensor';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, type TransformerJSON } from '../base/json.ts';
import { checkOneOf, describe } from '../base/validate.ts';
import type { CsrMatrix } from '../hashing/sparse.ts';
import {
  type CategoricalInput, type Category, categoriesFromJSON, checkCategories, indexMaps, toCategoricalTable, uniqueSorted,
} from './categorical-input.ts';

export interface OneHotEncoderParams extends Record<string, unknown> {
  /** 'auto' (learned, sorted) or one list of categories per column (kept in the given order). */
  categories: 'auto' | readonly (readonly Category[])[];
  handleUnknown: 'error' | 'ignore';
  drop: 'none' | 'first' | 'if_binary';
}

interface OneHotState {
  categories: Category[][];
  maps: Map<Category, number>[];
  /** Per input column: the category index that is dropped, or -1. */
  dropped: number[];
  /** Per input column: its first output column. */
  offsets: number[];
  width: number;
}

function buildState(categories: Category[][], drop: OneHotEncoderParams['drop']): OneHotState {
  const dropped = categories.map((c) => (drop === 'first' || (drop === 'if_binary' && c.length === 2) ? 0 : -1));
  const offsets: number[] = [];
  let width = 0;
  for (let j = 0; j < categories.length; j++) {
    offsets.push(width);
    width += categories[j]!.length - (dropped[j]! >= 0 ? 1 : 0);
  }
  return { categories, maps: indexMaps(categories), dropped, offsets, width };
}

export class OneHotEncoder extends BaseTransformer<OneHotEncoderParams, OneHotState> {
  constructor(params?: Partial<OneHotEncoderParams>) {
    super({ categories: 'auto', handleUnknown: 'error', drop: 'none' }, params);
  }

  protected get typeName(): string {
    return 'OneHotEncoder';
  }

  protected override validateParams(p: OneHotEncoderParams): void {
    if (p.categories !== 'auto' && !Array.isArray(p.categories)) throw new ArgumentError(`OneHotEncoder: categories must be 'auto' or an array per column, got ${describe(p.categories)}`);
    checkOneOf(p.handleUnknown, ['error', 'ignore'] as const, 'OneHotEncoder: handleUnknown');
    checkOneOf(p.drop, ['none', 'first', 'if_binary'] as const, 'OneHotEncoder: drop');
  }

  fit(X: CategoricalInput, _y?: unknown): this {
    const table = toCategoricalTable(X, 'OneHotEncoder.fit: X');
    let categories: Category[][];
    if (this.params.categories === 'auto') categories = table.columns.map(uniqueSorted);
    else {
      categories = checkCategories(this.params.categories, table, 'OneHotEncoder.fit');
      if (this.params.handleUnknown === 'error') {
        const maps = indexMaps(categories);
        table.columns.forEach((c, j) => c.forEach((v, i) => {
          if (!maps[j]!.has(v)) throw new ArgumentError(`OneHotEncoder.fit: row ${i}, column ${j} is ${describe(v)}, not among the given categories`);
        }));
      }
    }
    this.learned = buildState(categories, this.params.drop);
    return this;
  }

  /** The categories of each column (copies), in output order. */
  get categories(): Category[][] {
    return this.state('categories').categories.map((c) => c.slice());
  }

  /** The output column of every cell (-1: no indicator, for an ignored unknown or a dropped category). */
  private outputColumns(X: CategoricalInput, what: string): { rows: number; positions: Int32Array } {
    const s = this.state(what);
    const table = toCategoricalTable(X, `OneHotEncoder.${what}: X`);
    const cols = s.categories.length;
    if (table.columns.length !== cols) throw new ShapeError(`OneHotEncoder.${what}: X has ${table.columns.length} columns, the encoder was fitted on ${cols}`);
    const { rows } = table;
    const positions = new Int32Array(rows * cols);
    for (let j = 0; j < cols; j++) {
      const column = table.columns[j]!, map = s.maps[j]!, dropped = s.dropped[j]!, offset = s.offsets[j]!;
      for (let i = 0; i < rows; i++) {
        const k = map.get(column[i]!);
        if (k === undefined && this.params.handleUnknown === 'error') {
          throw new ArgumentError(`OneHotEncoder.${what}: row ${i}, column ${j} is ${describe(column[i])}, a category not seen in fit (handleUnknown: 'ignore' encodes it as zeros)`);
        }
        positions[i * cols + j] = k === undefined || k === dropped ? -1 : offset + (dropped >= 0 && k > dropped ? k - 1 : k);
      }
    }
    return { rows, positions };
  }

  transform(X: CategoricalInput): Matrix {
    const { rows, positions } = this.outputColumns(X, 'transform');
    const width = this.learned!.width, cols = this.learned!.categories.length;
    const out = new Float64Array(rows * width);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (positions[i * cols + j]! >= 0) out[i * width + positions[i * cols + j]!] = 1;
    return { rows, cols: width, data: out };
  }

  /** transform as CSR (scikit-learn's default sparse_output): at most one entry per input column and row. */
  transformSparse(X: CategoricalInput): CsrMatrix {
    const { rows, positions } = this.outputColumns(X, 'transformSparse');
    const width = this.learned!.width, cols = this.learned!.categories.length;
    const indptr = new Int32Array(rows + 1);
    let nnz = 0;
    for (let t = 0; t < positions.length; t++) if (positions[t]! >= 0) nnz++;
    const indices = new Int32Array(nnz);
    let k = 0;
    for (let i = 0; i < rows; i++) {
      // output offsets grow with the input column, so each row's indices come out ascending
      for (let j = 0; j < cols; j++) if (positions[i * cols + j]! >= 0) indices[k++] = positions[i * cols + j]!;
      indptr[i + 1] = k;
    }
    return { indptr, indices, data: new Float64Array(nnz).fill(1), shape: [rows, width] };
  }

  fitTransform(X: CategoricalInput, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  /**
   * Categories back from indicator rows: rows of categories, with null where a column's indicators
   * are all zero and no category was dropped (an unknown category under 'ignore').
   */
  inverseTransform(X: Matrix | readonly (readonly number[])[]): (Category | null)[][] {
    const s = this.state('inverseTransform');
    const rowsOf = Array.isArray(X) ? (X as number[][]) : null;
    const m = X as Matrix;
    const rows = rowsOf ? rowsOf.length : m.rows;
    const width = rowsOf ? (rowsOf[0]?.length ?? 0) : m.cols;
    if (width !== s.width) throw new ShapeError(`OneHotEncoder.inverseTransform: X has ${width} columns, expected ${s.width}`);
    const at = (i: number, c: number) => (rowsOf ? rowsOf[i]![c]! : m.data[i * width + c]!);
    const out: (Category | null)[][] = [];
    for (let i = 0; i < rows; i++) {
      const row: (Category | null)[] = [];
      for (let j = 0; j < s.categories.length; j++) {
        const cats = s.categories[j]!, dropped = s.dropped[j]!, n = cats.length - (dropped >= 0 ? 1 : 0);
        let best = -1;
        for (let c = 0; c < n; c++) if (at(i, s.offsets[j]! + c) !== 0 && (best < 0 || at(i, s.offsets[j]! + c) > at(i, s.offsets[j]! + best))) best = c;
        if (best < 0) row.push(dropped >= 0 ? cats[dropped]! : null);
        else row.push(cats[dropped >= 0 && best >= dropped ? best + 1 : best]!);
      }
      out.push(row);
    }
    return out;
  }

  /** Output column names as scikit-learn's get_feature_names_out: `${inputName}_${category}` (inputs x0, x1, ... by default). */
  featureNames(inputNames?: readonly string[]): string[] {
    const s = this.state('featureNames');
    if (inputNames !== undefined && (!Array.isArray(inputNames) || inputNames.length !== s.categories.length)) {
      throw new ArgumentError(`OneHotEncoder.featureNames: expected ${s.categories.length} input names, got ${describe(inputNames)}`);
    }
    const names: string[] = [];
    s.categories.forEach((cats, j) => cats.forEach((c, k) => {
      if (k !== s.dropped[j]) names.push(`${inputNames?.[j] ?? `x${j}`}_${c}`);
    }));
    return names;
  }

  protected stateToJSON(s: OneHotState): unknown {
    return { categories: s.categories };
  }

  static fromJSON(json: TransformerJSON | unknown): OneHotEncoder {
    const { params, state } = checkJSON(json, 'OneHotEncoder');
    const t = new OneHotEncoder(params as Partial<OneHotEncoderParams>);
    if (state) t.learned = buildState(categoriesFromJSON(state.categories, 'OneHotEncoder.fromJSON'), t.params.drop);
    return t;
  }
}
