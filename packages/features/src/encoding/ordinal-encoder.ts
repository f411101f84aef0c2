// Ordinal encoding, as scikit-learn's OrdinalEncoder: each category becomes its index in the
// column's sorted categories (0, 1, ...), as float64. handleUnknown 'error' rejects a category not
// seen in fit; 'useEncodedValue' writes unknownValue (an integer not already a code, or NaN).
import { ArgumentError, type Matrix, ShapeError } from '@neurite/tensor';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, type TransformerJSON } from '../base/json.ts';
import { checkOneOf, describe } from '../base/validate.ts';
import {
  type CategoricalInput, type Category, categoriesFromJSON, checkCategories, indexMaps, toCategoricalTable, uniqueSorted,
} from './categorical-input.ts';

export interface OrdinalEncoderParams extends Record<string, unknown> {
  categories: 'auto' | readonly (readonly Category[])[];
  handleUnknown: 'error' | 'useEncodedValue';
  /** The code of an unknown category under 'useEncodedValue': an integer or NaN (default NaN). */
  unknownValue: number;
}

interface OrdinalState {
  categories: Category[][];
  maps: Map<Category, number>[];
}

export class OrdinalEncoder extends BaseTransformer<OrdinalEncoderParams, OrdinalState> {
  constructor(params?: Partial<OrdinalEncoderParams>) {
    super({ categories: 'auto', handleUnknown: 'error', unknownValue: NaN }, params);
  }

  protected get typeName(): string {
    return 'OrdinalEncoder';
  }

  protected override validateParams(p: OrdinalEncoderParams): void {
    if (p.categories !== 'auto' && !Array.isArray(p.categories)) throw new ArgumentError(`OrdinalEncoder: categories must be 'auto' or an array per column, got ${describe(p.categories)}`);
    checkOneOf(p.handleUnknown, ['error', 'useEncodedValue'] as const, 'OrdinalEncoder: handleUnknown');
    if (typeof p.unknownValue !== 'number' || !(Number.isNaN(p.unknownValue) || Number.isInteger(p.unknownValue))) {
      throw new ArgumentError(`OrdinalEncoder: unknownValue must be an integer or NaN, got ${describe(p.unknownValue)}`);
    }
  }

  fit(X: CategoricalInput, _y?: unknown): this {
    const table = toCategoricalTable(X, 'OrdinalEncoder.fit: X');
    const categories = this.params.categories === 'auto' ? table.columns.map(uniqueSorted) : checkCategories(this.params.categories, table, 'OrdinalEncoder.fit');
    const u = this.params.unknownValue;
    if (this.params.handleUnknown === 'useEncodedValue' && Number.isInteger(u)) {
      categories.forEach((c, j) => {
        if (u >= 0 && u < c.length) throw new ArgumentError(`OrdinalEncoder.fit: unknownValue ${u} is already the code of category ${describe(c[u])} in column ${j}`);
      });
    }
    this.learned = { categories, maps: indexMaps(categories) };
    return this;
  }

  get categories(): Category[][] {
    return this.state('categories').categories.map((c) => c.slice());
  }

  transform(X: CategoricalInput): Matrix {
    const s = this.state('transform');
    const table = toCategoricalTable(X, 'OrdinalEncoder.transform: X');
    const cols = s.categories.length;
    if (table.columns.length !== cols) throw new ShapeError(`OrdinalEncoder.transform: X has ${table.columns.length} columns, the encoder was fitted on ${cols}`);
    const out = new Float64Array(table.rows * cols);
    for (let j = 0; j < cols; j++) {
      const column = table.columns[j]!;
      for (let i = 0; i < table.rows; i++) {
        const k = s.maps[j]!.get(column[i]!);
        if (k === undefined && this.params.handleUnknown === 'error') {
          throw new ArgumentError(`OrdinalEncoder.transform: row ${i}, column ${j} is ${describe(column[i])}, a category not seen in fit (handleUnknown: 'useEncodedValue' gives it unknownValue)`);
        }
        out[i * cols + j] = k ?? this.params.unknownValue;
      }
    }
    return { rows: table.rows, cols, data: out };
  }

  fitTransform(X: CategoricalInput, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  /** Categories back from codes (rows of categories; unknownValue gives null). */
  inverseTransform(X: Matrix | readonly (readonly number[])[]): (Category | null)[][] {
    const s = this.state('inverseTransform');
    const cols = s.categories.length;
    const rows = Array.isArray(X) ? (X as number[][]) : null;
    const m = X as Matrix;
    const n = rows ? rows.length : m.rows;
    if ((rows ? rows[0]?.length ?? 0 : m.cols) !== cols) throw new ShapeError(`OrdinalEncoder.inverseTransform: expected ${cols} columns`);
    const out: (Category | null)[][] = [];
    for (let i = 0; i < n; i++) {
      const row: (Category | null)[] = [];
      for (let j = 0; j < cols; j++) {
        const code = rows ? rows[i]![j]! : m.data[i * cols + j]!;
        const cats = s.categories[j]!;
        if (Number.isInteger(code) && code >= 0 && code < cats.length) row.push(cats[code]!);
        else if (this.params.handleUnknown === 'useEncodedValue' && (Object.is(code, this.params.unknownValue) || code === this.params.unknownValue)) row.push(null);
        else throw new ArgumentError(`OrdinalEncoder.inverseTransform: row ${i}, column ${j} is ${code}, not a code of column ${j} (0..${cats.length - 1})`);
      }
      out.push(row);
    }
    return out;
  }

  protected stateToJSON(s: OrdinalState): unknown {
    return { categories: s.categories };
  }

  override toJSON(): TransformerJSON {
    const json = super.toJSON();
    // JSON has no NaN: the default unknown value is written as the string "NaN"
    if (Number.isNaN(this.params.unknownValue)) json.params.unknownValue = 'NaN';
    return json;
  }

  static fromJSON(json: TransformerJSON | unknown): OrdinalEncoder {
    const { params, state } = checkJSON(json, 'OrdinalEncoder');
    const p = { ...params } as Record<string, unknown>;
    if (p.unknownValue === 'NaN' || p.unknownValue === null) p.unknownValue = NaN;
    const t = new OrdinalEncoder(p as Partial<OrdinalEncoderParams>);
    if (state) {
      const categories = categoriesFromJSON(state.categories, 'OrdinalEncoder.fromJSON');
      t.learned = { categories, maps: indexMaps(categories) };
    }
    return t;
  }
}
