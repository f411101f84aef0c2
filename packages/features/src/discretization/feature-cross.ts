// Crossed features (feature crosses): the conjunction of bucketised columns, e.g. latitude x
// longitude buckets, so a linear model can learn one weight per grid cell. Each input column is
// bucketised by a KBinsDiscretizer (uniform, quantile or fixed edges, ordinal codes); a cross of
// columns (c_1, ..., c_k) with bin counts (n_1, ..., n_k) has the cell id
//   id = ((b_1 n_2 + b_2) n_3 + b_3) ... (row-major over the grid), in [0, n_1 n_2 ... n_k).
// output 'onehot' gives one indicator column per cell (crosses side by side); 'index' one column of
// cell ids per cross. With hashBuckets set, each id is hashed into that many buckets
// (MurmurHash3 of "cross:id", as for high-cardinality grids) instead of a product-sized space.
// crossTokens builds the same conjunctions over categorical columns as strings for FeatureHasher.
import { ArgumentError, type Matrix, type MatrixInput, ShapeError, toMatrix } from '@neurite/tensor';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, type TransformerJSON } from '../base/json.ts';
import { checkColumns, checkInteger, checkOneOf, describe } from '../base/validate.ts';
import { type CategoricalInput, toCategoricalTable } from '../encoding/categorical-input.ts';
import { hashedColumn, murmurhash3String } from '../hashing/murmurhash3.ts';
import { binIndex, KBinsDiscretizer, type KBinsDiscretizerParams } from './k-bins-discretizer.ts';

export interface FeatureCrossParams extends Record<string, unknown> {
  /** Each cross lists two or more input columns. */
  crosses: readonly (readonly number[])[];
  /** How each input column is bucketised (KBinsDiscretizer's nBins, strategy, quantileMethod and edges). */
  nBins: KBinsDiscretizerParams['nBins'];
  strategy: KBinsDiscretizerParams['strategy'];
  quantileMethod: KBinsDiscretizerParams['quantileMethod'];
  edges: KBinsDiscretizerParams['edges'];
  output: 'onehot' | 'index';
  /** Hash each cell id into this many buckets (null: the full grid). */
  hashBuckets: number | null;
}

interface CrossState {
  binning: KBinsDiscretizer;
  binCounts: number[];
  /** Output width of each cross (grid size or hashBuckets). */
  sizes: number[];
}

const MAX_GRID = 0x7fffffff;

export class FeatureCross extends BaseTransformer<FeatureCrossParams, CrossState> {
  constructor(params?: Partial<FeatureCrossParams>) {
    super({ crosses: [], nBins: 5, strategy: 'uniform', quantileMethod: 'averaged_inverted_cdf', edges: null, output: 'onehot', hashBuckets: null }, params);
  }

  protected get typeName(): string {
    return 'FeatureCross';
  }

  protected override validateParams(p: FeatureCrossParams): void {
    if (!Array.isArray(p.crosses) || p.crosses.length === 0) throw new ArgumentError(`FeatureCross: crosses must be a non-empty array of column lists, got ${describe(p.crosses)}`);
    p.crosses.forEach((c: unknown, k) => {
      if (!Array.isArray(c) || c.length < 2) throw new ArgumentError(`FeatureCross: crosses[${k}] must list at least two columns, got ${describe(c)}`);
      c.forEach((j: unknown, t) => checkInteger(j, `FeatureCross: crosses[${k}][${t}]`, 0));
    });
    checkOneOf(p.output, ['onehot', 'index'] as const, 'FeatureCross: output');
    if (p.hashBuckets !== null) checkInteger(p.hashBuckets, 'FeatureCross: hashBuckets', 1);
    // the binning parameters are checked by the discretizer they configure
    this.discretizer(p);
  }

  private discretizer(p: FeatureCrossParams): KBinsDiscretizer {
    return new KBinsDiscretizer({ nBins: p.nBins, strategy: p.strategy, quantileMethod: p.quantileMethod, edges: p.edges, encode: 'ordinal' });
  }

  fit(X: MatrixInput, _y?: unknown): this {
    const m = toMatrix(X, 'FeatureCross.fit: X');
    for (const c of this.params.crosses) for (const j of c) if (j >= m.cols) throw new ShapeError(`FeatureCross.fit: a cross uses column ${j}, X has ${m.cols}`);
    const binning = this.discretizer(this.params).fit(m);
    this.learned = this.stateFor(binning);
    return this;
  }

  private stateFor(binning: KBinsDiscretizer): CrossState {
    const binCounts = binning.binCounts;
    const sizes = this.params.crosses.map((c, k) => {
      if (this.params.hashBuckets !== null) return this.params.hashBuckets;
      const size = c.reduce((s, j) => s * binCounts[j]!, 1);
      if (size > MAX_GRID) throw new ShapeError(`FeatureCross: cross ${k} has ${size} cells, more than ${MAX_GRID}; set hashBuckets`);
      return size;
    });
    return { binning, binCounts, sizes };
  }

  /** Output width of each cross. */
  get sizes(): number[] {
    return this.state('sizes').sizes.slice();
  }

  /** The cell id of every (row, cross), hashed when hashBuckets is set. */
  cellIds(X: MatrixInput): Int32Array[] {
    const s = this.state('cellIds');
    const m = toMatrix(X, 'FeatureCross: X');
    checkColumns(m.cols, s.binCounts.length, 'FeatureCross');
    const edges = s.binning.binEdges;
    return this.params.crosses.map((c, k) => {
      const ids = new Int32Array(m.rows);
      for (let i = 0; i < m.rows; i++) {
        let id = 0;
        for (const j of c) id = id * s.binCounts[j]! + binIndex(edges[j]!, m.data[i * m.cols + j]!);
        ids[i] = this.params.hashBuckets === null ? id : hashedColumn(murmurhash3String(`${k}:${id}`), this.params.hashBuckets);
      }
      return ids;
    });
  }

  transform(X: MatrixInput): Matrix {
    const s = this.state('transform');
    const ids = this.cellIds(X);
    const rows = ids[0]!.length;
    if (this.params.output === 'index') {
      const cols = ids.length;
      const out = new Float64Array(rows * cols);
      for (let i = 0; i < rows; i++) for (let k = 0; k < cols; k++) out[i * cols + k] = ids[k]![i]!;
      return { rows, cols, data: out };
    }
    const width = s.sizes.reduce((a, b) => a + b, 0);
    if (rows * width > MAX_GRID) throw new ShapeError(`FeatureCross.transform: ${rows}x${width} one-hot output is too large; use output 'index' or hashBuckets`);
    const out = new Float64Array(rows * width);
    let offset = 0;
    for (let k = 0; k < ids.length; k++) {
      for (let i = 0; i < rows; i++) out[i * width + offset + ids[k]![i]!] = 1;
      offset += s.sizes[k]!;
    }
    return { rows, cols: width, data: out };
  }

  fitTransform(X: MatrixInput, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  protected stateToJSON(s: CrossState): unknown {
    return { binning: s.binning.toJSON() };
  }

  static fromJSON(json: TransformerJSON | unknown): FeatureCross {
    const { params, state } = checkJSON(json, 'FeatureCross');
    const t = new FeatureCross(params as Partial<FeatureCrossParams>);
    if (state) t.learned = t.stateFor(KBinsDiscretizer.fromJSON(state.binning));
    return t;
  }
}

/**
 * Crossed categorical tokens for hashing: for each row and each cross (a list of column indices),
 * the string "c1xc2=v1|v2" (column numbers joined by 'x', values by '|'). Feed them to
 * FeatureHasher({ inputType: 'string' }).
 */
export function crossTokens(X: CategoricalInput, crosses: readonly (readonly number[])[]): string[][] {
  const table = toCategoricalTable(X, 'crossTokens: X');
  if (!Array.isArray(crosses) || crosses.length === 0) throw new ArgumentError(`crossTokens: crosses must be a non-empty array of column lists, got ${describe(crosses)}`);
  crosses.forEach((c, k) => {
    if (!Array.isArray(c) || c.length < 2) throw new ArgumentError(`crossTokens: crosses[${k}] must list at least two columns`);
    c.forEach((j: number, t: number) => checkInteger(j, `crossTokens: crosses[${k}][${t}]`, 0, table.columns.length - 1));
  });
  const out: string[][] = [];
  for (let i = 0; i < table.rows; i++) out.push(crosses.map((c) => `${c.join('x')}=${c.map((j: number) => String(table.columns[j]![i])).join('|')}`));
  return out;
}
