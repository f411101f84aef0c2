// One-hot encoding of categorical columns, as scikit-learn's OneHotEncoder: column j with
// categories c_0 < c_1 < ... becomes one indicator column per category (in order, columns
// concatenated in input order; layout in one-hot-layout.ts). handleUnknown 'error' rejects a
// category not seen in fit; 'ignore' encodes it as all zeros; 'infrequentIfExist' puts it in the
// column's infrequent group when it has one (else zeros). drop 'first' removes each column's first
// category and 'if_binary' does so only for columns with exactly two. minFrequency / maxCategories
// group rare categories into one column per input column. Output: dense (transform) or CSR
// (transformSparse). Input: see categorical-input.ts.
import { ArgumentError, type Matrix, ShapeError } from '@neurite/tensor';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, type TransformerJSON } from '../base/json.ts';
import { checkInteger, checkOneOf, describe } from '../base/validate.ts';
import type { CsrMatrix } from '../hashing/sparse.ts';
import {
  type CategoricalInput, type Category, categoriesFromJSON, checkCategories, indexMaps, toCategoricalTable, uniqueSorted,
} from './categorical-input.ts';
import { buildLayout, infrequentIndices, type OneHotLayout } from './one-hot-layout.ts';

export interface OneHotEncoderParams extends Record<string, unknown> {
  /** 'auto' (learned, sorted) or one list of categories per column (kept in the given order). */
  categories: 'auto' | readonly (readonly Category[])[];
  handleUnknown: 'error' | 'ignore' | 'infrequentIfExist';
  drop: 'none' | 'first' | 'if_binary';
  /** Categories seen fewer times than this (an integer count, or a fraction in (0, 1) of the rows) are infrequent. */
  minFrequency: number | null;
  /** At most this many output columns per input column, the infrequent group included. */
  maxCategories: number | null;
}

interface OneHotState {
  categories: Category[][];
  maps: Map<Category, number>[];
  /** Per input column: the infrequent category indices. */
  infrequent: number[][];
  layout: OneHotLayout;
}

function buildState(categories: Category[][], infrequent: number[][], drop: OneHotEncoderParams['drop']): OneHotState {
  const dropped = categories.map((c) => (drop === 'first' || (drop === 'if_binary' && c.length === 2) ? 0 : -1));
  return { categories, maps: indexMaps(categories), infrequent, layout: buildLayout(categories.map((c) => c.length), dropped, infrequent) };
}

export class OneHotEncoder extends BaseTransformer<OneHotEncoderParams, OneHotState> {
  constructor(params?: Partial<OneHotEncoderParams>) {
    super({ categories: 'auto', handleUnknown: 'error', drop: 'none', minFrequency: null, maxCategories: null }, params);
  }

  protected get typeName(): string {
    return 'OneHotEncoder';
  }

  protected override validateParams(p: OneHotEncoderParams): void {
    if (p.categories !== 'auto' && !Array.isArray(p.categories)) throw new ArgumentError(`OneHotEncoder: categories must be 'auto' or an array per column, got ${describe(p.categories)}`);
    checkOneOf(p.handleUnknown, ['error', 'ignore', 'infrequentIfExist'] as const, 'OneHotEncoder: handleUnknown');
    checkOneOf(p.drop, ['none', 'first', 'if_binary'] as const, 'OneHotEncoder: drop');
    const f = p.minFrequency;
    if (f !== null && (typeof f !== 'number' || !(Number.isInteger(f) ? f >= 1 : f > 0 && f < 1))) {
      throw new ArgumentError(`OneHotEncoder: minFrequency must be null, an integer >= 1 or a fraction in (0, 1), got ${describe(f)}`);
    }
    if (p.maxCategories !== null) checkInteger(p.maxCategories, 'OneHotEncoder: maxCategories', 1);
    if (p.drop !== 'none' && (f !== null || p.maxCategories !== null)) throw new ArgumentError('OneHotEncoder: drop with minFrequency or maxCategories is not supported');
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
    const { minFrequency, maxCategories } = this.params;
    let infrequent = categories.map(() => [] as number[]);
    if (minFrequency !== null || maxCategories !== null) {
      const maps = indexMaps(categories);
      infrequent = table.columns.map((column, j) => {
        const counts = new Array<number>(categories[j]!.length).fill(0);
        for (const v of column) {
          const k = maps[j]!.get(v);
          if (k !== undefined) counts[k]!++;
        }
        return infrequentIndices(counts, table.rows, minFrequency, maxCategories);
      });
    }
    this.learned = buildState(categories, infrequent, this.params.drop);
    return this;
  }

  /** The categories of each column (copies), in sorted (or given) order. */
  get categories(): Category[][] {
    return this.state('categories').categories.map((c) => c.slice());
  }

  /** The categories of each column grouped as infrequent (empty arrays when none). */
  get infrequentCategories(): Category[][] {
    const s = this.state('infrequentCategories');
    return s.infrequent.map((list, j) => list.map((k) => s.categories[j]![k]!));
  }

  /** The output column of every cell (-1: no indicator, for an ignored unknown or a dropped category). */
  private outputColumns(X: CategoricalInput, what: string): { rows: number; positions: Int32Array } {
    const s = this.state(what);
    const table = toCategoricalTable(X, `OneHotEncoder.${what}: X`);
    const cols = s.categories.length;
    if (table.columns.length !== cols) throw new ShapeError(`OneHotEncoder.${what}: X has ${table.columns.length} columns, the encoder was fitted on ${cols}`);
    const { rows } = table;
    const positions = new Int32Array(rows * cols);
    const unknownTo = this.params.handleUnknown === 'infrequentIfExist' ? s.layout.infrequentColumn : null;
    for (let j = 0; j < cols; j++) {
      const column = table.columns[j]!, map = s.maps[j]!, columnOf = s.layout.columnOf[j]!;
      for (let i = 0; i < rows; i++) {
        const k = map.get(column[i]!);
        if (k === undefined && this.params.handleUnknown === 'error') {
          throw new ArgumentError(`OneHotEncoder.${what}: row ${i}, column ${j} is ${describe(column[i])}, a category not seen in fit (handleUnknown: 'ignore' encodes it as zeros)`);
        }
        positions[i * cols + j] = k === undefined ? (unknownTo ? unknownTo[j]! : -1) : columnOf[k]!;
      }
    }
    return { rows, positions };
  }

  transform(X: CategoricalInput): Matrix {
    const { rows, positions } = this.outputColumns(X, 'transform');
    const width = this.learned!.layout.width, cols = this.learned!.categories.length;
    const out = new Float64Array(rows * width);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (positions[i * cols + j]! >= 0) out[i * width + positions[i * cols + j]!] = 1;
    return { rows, cols: width, data: out };
  }

  /** transform as CSR (scikit-learn's default sparse_output): at most one entry per input column and row. */
  transformSparse(X: CategoricalInput): CsrMatrix {
    const { rows, positions } = this.outputColumns(X, 'transformSparse');
    const width = this.learned!.layout.width, cols = this.learned!.categories.length;
    const indptr = new Int32Array(rows + 1);
    let nnz = 0;
    for (let t = 0; t < positions.length; t++) if (positions[t]! >= 0) nnz++;
    const indices = new Int32Array(nnz);
    let k = 0;
    for (let i = 0; i < rows; i++) {
      // output columns grow with the input column, so each row's indices come out ascending
      for (let j = 0; j < cols; j++) if (positions[i * cols + j]! >= 0) indices[k++] = positions[i * cols + j]!;
      indptr[i + 1] = k;
    }
    return { indptr, indices, data: new Float64Array(nnz).fill(1), shape: [rows, width] };
  }

  fitTransform(X: CategoricalInput, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  /**
   * Categories back from indicator rows (the largest non-zero indicator of each input column): rows
   * of categories, with null for an infrequent group, or where a column's indicators are all zero
   * and no category was dropped (an unknown category under 'ignore').
   */
  inverseTransform(X: Matrix | readonly (readonly number[])[]): (Category | null)[][] {
    const s = this.state('inverseTransform');
    const rowsOf = Array.isArray(X) ? (X as number[][]) : null;
    const m = X as Matrix;
    const rows = rowsOf ? rowsOf.length : m.rows;
    const width = rowsOf ? (rowsOf[0]?.length ?? 0) : m.cols;
    if (width !== s.layout.width) throw new ShapeError(`OneHotEncoder.inverseTransform: X has ${width} columns, expected ${s.layout.width}`);
    const at = (i: number, c: number) => (rowsOf ? rowsOf[i]![c]! : m.data[i * width + c]!);
    const out: (Category | null)[][] = [];
    for (let i = 0; i < rows; i++) {
      const best = new Array<number>(s.categories.length).fill(-1);
      for (let c = 0; c < width; c++) {
        const j = s.layout.source[c]![0];
        if (at(i, c) !== 0 && (best[j]! < 0 || at(i, c) > at(i, best[j]!))) best[j] = c;
      }
      out.push(best.map((c, j) => {
        if (c >= 0) {
          const k = s.layout.source[c]![1];
          return k < 0 ? null : s.categories[j]![k]!;
        }
        const dropped = s.layout.columnOf[j]!.indexOf(-1);
        return dropped >= 0 ? s.categories[j]![dropped]! : null;
      }));
    }
    return out;
  }

  /** Output column names as scikit-learn's get_feature_names_out: `${input}_${category}` (inputs x0, x1, ...), `${input}_infrequent` for a group. */
  featureNames(inputNames?: readonly string[]): string[] {
    const s = this.state('featureNames');
    if (inputNames !== undefined && (!Array.isArray(inputNames) || inputNames.length !== s.categories.length)) {
      throw new ArgumentError(`OneHotEncoder.featureNames: expected ${s.categories.length} input names, got ${describe(inputNames)}`);
    }
    return s.layout.source.map(([j, k]) => `${inputNames?.[j] ?? `x${j}`}_${k < 0 ? 'infrequent' : s.categories[j]![k]}`);
  }

  protected stateToJSON(s: OneHotState): unknown {
    return { categories: s.categories, infrequent: s.infrequent };
  }

  static fromJSON(json: TransformerJSON | unknown): OneHotEncoder {
    const { params, state } = checkJSON(json, 'OneHotEncoder');
    const t = new OneHotEncoder(params as Partial<OneHotEncoderParams>);
    if (state) {
      const categories = categoriesFromJSON(state.categories, 'OneHotEncoder.fromJSON');
      const infrequent = state.infrequent === undefined ? categories.map(() => []) : state.infrequent;
      if (!Array.isArray(infrequent) || infrequent.length !== categories.length
        || infrequent.some((list: unknown, j: number) => !Array.isArray(list) || list.some((k: unknown) => !Number.isInteger(k) || (k as number) < 0 || (k as number) >= categories[j]!.length))) {
        throw new ArgumentError('OneHotEncoder.fromJSON: infrequent must list category indices per column');
      }
      t.learned = buildState(categories, infrequent as number[][], t.params.drop);
    }
    return t;
  }
}
