// Categorical columns to embedding indices, and the trainable @neurite/nn Embedding tables they
// index. fit learns each column's vocabulary (sorted as np.unique; categories seen fewer than
// minFrequency times are left out). Index 0 of every column is reserved for categories outside
// the vocabulary (unknown at transform time or rare in fit), so known categories are 1..V and a
// column's table has V + 1 rows; with handleUnknown 'error' an unknown category throws instead.
// buildEmbedding(j) makes an Embedding(V + 1, embeddingDimension(V + 1, ...)) that trains with the
// model like any other nn layer; indicesTensor gives the int32 [rows, columns] input for it.
import { ArgumentError, type Matrix, ShapeError, type Tensor, tensor } from '@neurite/tensor';
import { Embedding } from '@neurite/nn';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, type TransformerJSON } from '../base/json.ts';
import { checkFinite, checkInteger, checkOneOf, describe, optionsOf } from '../base/validate.ts';
import { type CategoricalInput, type Category, categoriesFromJSON, toCategoricalTable, uniqueSorted } from '../encoding/categorical-input.ts';
import { embeddingDimension } from './embedding-size.ts';

export interface CategoricalEmbeddingParams extends Record<string, unknown> {
  handleUnknown: 'oov' | 'error';
  /** Categories seen fewer times than this in fit share the out-of-vocabulary index 0 (default 1). */
  minFrequency: number;
  /** The multiplier of the fourth-root dimension rule (default 1). */
  multiplier: number;
}

interface EmbeddingState {
  vocabularies: Category[][];
  maps: Map<Category, number>[];
}

export class CategoricalEmbedding extends BaseTransformer<CategoricalEmbeddingParams, EmbeddingState> {
  constructor(params?: Partial<CategoricalEmbeddingParams>) {
    super({ handleUnknown: 'oov', minFrequency: 1, multiplier: 1 }, params);
  }

  protected get typeName(): string {
    return 'CategoricalEmbedding';
  }

  protected override validateParams(p: CategoricalEmbeddingParams): void {
    checkOneOf(p.handleUnknown, ['oov', 'error'] as const, 'CategoricalEmbedding: handleUnknown');
    checkInteger(p.minFrequency, 'CategoricalEmbedding: minFrequency', 1);
    checkFinite(p.multiplier, 'CategoricalEmbedding: multiplier', Number.MIN_VALUE);
  }

  fit(X: CategoricalInput, _y?: unknown): this {
    const table = toCategoricalTable(X, 'CategoricalEmbedding.fit: X');
    const vocabularies = table.columns.map((column) => {
      const counts = new Map<Category, number>();
      for (const v of column) counts.set(v, (counts.get(v) ?? 0) + 1);
      return uniqueSorted(column).filter((v) => counts.get(v)! >= this.params.minFrequency);
    });
    this.learned = { vocabularies, maps: vocabularies.map((v) => new Map(v.map((c, k) => [c, k + 1] as [Category, number]))) };
    return this;
  }

  /** Each column's vocabulary (index k + 1 is vocabularies[j][k]; index 0 is out of vocabulary). */
  get vocabularies(): Category[][] {
    return this.state('vocabularies').vocabularies.map((v) => v.slice());
  }

  /** Rows of each column's embedding table: vocabulary size + 1. */
  get tableSizes(): number[] {
    return this.state('tableSizes').vocabularies.map((v) => v.length + 1);
  }

  /** Each column's embedding dimension, ceil(multiplier * tableSize^(1/4)). */
  get dimensions(): number[] {
    return this.tableSizes.map((n) => embeddingDimension(n, { multiplier: this.params.multiplier }));
  }

  /** The indices as int32, row-major [rows, columns]. */
  indices(X: CategoricalInput): { rows: number; cols: number; data: Int32Array } {
    const s = this.state('indices');
    const table = toCategoricalTable(X, 'CategoricalEmbedding: X');
    const cols = s.maps.length;
    if (table.columns.length !== cols) throw new ShapeError(`CategoricalEmbedding: X has ${table.columns.length} columns, fitted on ${cols}`);
    const data = new Int32Array(table.rows * cols);
    for (let j = 0; j < cols; j++) {
      for (let i = 0; i < table.rows; i++) {
        const k = s.maps[j]!.get(table.columns[j]![i]!);
        if (k === undefined && this.params.handleUnknown === 'error') throw new ArgumentError(`CategoricalEmbedding: row ${i}, column ${j} is ${describe(table.columns[j]![i])}, not in the vocabulary (handleUnknown: 'oov' maps it to 0)`);
        data[i * cols + j] = k ?? 0;
      }
    }
    return { rows: table.rows, cols, data };
  }

  /** The indices as a float64 Matrix (the protocol's transform). */
  transform(X: CategoricalInput): Matrix {
    const m = this.indices(X);
    return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
  }

  fitTransform(X: CategoricalInput, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  /** The int32 Tensor [rows, columns] of indices (needs @neurite/tensor's init()); column j feeds buildEmbedding(j). */
  indicesTensor(X: CategoricalInput): Tensor {
    const m = this.indices(X);
    return tensor(m.data, [m.rows, m.cols], { dtype: 'int32' });
  }

  /** A trainable Embedding for column j: [tableSize, dimension] (seeded N(0, 1) init as nn's Embedding). */
  buildEmbedding(column: number, options: { seed?: number; dimension?: number } = {}): Embedding {
    const sizes = this.tableSizes;
    checkInteger(column, 'CategoricalEmbedding.buildEmbedding: column', 0, sizes.length - 1);
    const o = optionsOf(options, 'CategoricalEmbedding.buildEmbedding');
    const dim = o.dimension === undefined ? this.dimensions[column]! : checkInteger(o.dimension, 'CategoricalEmbedding.buildEmbedding: dimension', 1);
    return new Embedding(sizes[column]!, dim, o.seed === undefined ? {} : { seed: o.seed });
  }

  protected stateToJSON(s: EmbeddingState): unknown {
    return { vocabularies: s.vocabularies };
  }

  static fromJSON(json: TransformerJSON | unknown): CategoricalEmbedding {
    const { params, state } = checkJSON(json, 'CategoricalEmbedding');
    const t = new CategoricalEmbedding(params as Partial<CategoricalEmbeddingParams>);
    if (state) {
      const vocabularies = categoriesFromJSON(state.vocabularies, 'CategoricalEmbedding.fromJSON');
      t.learned = { vocabularies, maps: vocabularies.map((v) => new Map(v.map((c, k) => [c, k + 1] as [Category, number]))) };
    }
    return t;
  }
}
