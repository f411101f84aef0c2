import { deriveSeed, seededRandom } from './random.ts';

export type ColumnData = Float32Array | Float64Array | Int32Array | Uint8Array;

/** One column of a dataset: row-major values with shape [N, ...rowShape]. */
export interface Column<D extends ColumnData = ColumnData> {
  data: D;
  shape: readonly number[];
}

export type Columns = Record<string, Column>;

export interface DataLoaderOptions {
  batchSize: number;
  /** Reshuffle every epoch with a permutation derived from `seed` and the epoch number. */
  shuffle?: boolean;
  seed?: number;
  /** Drop the last batch when it is smaller than batchSize. */
  dropLast?: boolean;
}

/** One batch: the same columns, rows gathered in batch order, plus the rows' dataset indices. */
export type Batch<C extends Columns> = { [K in keyof C]: Column<C[K]['data']> } & { indices: Int32Array };

function rowsOf(columns: Columns): number {
  let rows = -1;
  for (const [name, column] of Object.entries(columns)) {
    const n = column.shape[0];
    if (n === undefined) throw new RangeError(`column ${name}: shape must have a leading row axis, got []`);
    const size = column.shape.reduce((a, b) => a * b, 1);
    if (size !== column.data.length) {
      throw new RangeError(`column ${name}: shape [${column.shape.join(', ')}] holds ${size} values, data has ${column.data.length}`);
    }
    if (rows >= 0 && n !== rows) throw new RangeError(`column ${name} has ${n} rows, expected ${rows} like the others`);
    rows = n;
  }
  if (rows < 0) throw new RangeError('columns must hold at least one column');
  return rows;
}

/** Gathers `indices` rows of `column` into a new column. */
export function takeRows<D extends ColumnData>(column: Column<D>, indices: ArrayLike<number>): Column<D> {
  const rowSize = column.shape.slice(1).reduce((a, b) => a * b, 1);
  const Ctor = column.data.constructor as new (n: number) => D;
  const out = new Ctor(indices.length * rowSize);
  for (let r = 0; r < indices.length; r++) {
    const from = indices[r]! * rowSize;
    out.set(column.data.subarray(from, from + rowSize), r * rowSize);
  }
  return { data: out, shape: [indices.length, ...column.shape.slice(1)] };
}

/**
 * Mini-batches over in-memory columns (e.g. { x, y }). Iterating runs one epoch; with `shuffle`,
 * epoch e visits the rows in a permutation seeded by deriveSeed(seed, e), so runs repeat exactly
 * and an epoch can be replayed with `batches(e)`.
 */
export class DataLoader<C extends Columns> implements Iterable<Batch<C>> {
  readonly rows: number;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly seed: number;
  private epoch = 0;

  constructor(
    readonly columns: C,
    options: DataLoaderOptions,
  ) {
    this.rows = rowsOf(columns);
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${options.batchSize}`);
    }
    this.batchSize = options.batchSize;
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.seed = options.seed ?? 0;
  }

  /** Number of batches in one epoch. */
  get length(): number {
    return this.dropLast ? Math.floor(this.rows / this.batchSize) : Math.ceil(this.rows / this.batchSize);
  }

  /** Row order of epoch `epoch`. */
  order(epoch: number): Int32Array {
    if (this.shuffle) return seededRandom(deriveSeed(this.seed, epoch)).permutation(this.rows);
    const out = new Int32Array(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = i;
    return out;
  }

  /** The batches of epoch `epoch`. */
  *batches(epoch: number): Generator<Batch<C>> {
    const order = this.order(epoch);
    for (let b = 0; b < this.length; b++) {
      const indices = order.subarray(b * this.batchSize, Math.min(this.rows, (b + 1) * this.batchSize));
      const batch: Record<string, unknown> = { indices: indices.slice() };
      for (const [name, column] of Object.entries(this.columns)) batch[name] = takeRows(column, indices);
      yield batch as Batch<C>;
    }
  }

  /** Runs the next epoch (0, 1, 2, ... on successive iterations). */
  [Symbol.iterator](): Iterator<Batch<C>> {
    return this.batches(this.epoch++);
  }
}

/** Splits rows into two loaders' worth of columns by a seeded permutation: the first `fraction` and the rest. */
export function splitColumns<C extends Columns>(columns: C, fraction: number, seed: number): [C, C] {
  const rows = rowsOf(columns);
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`fraction must be in [0, 1], got ${fraction}`);
  const order = seededRandom(seed).permutation(rows);
  const cut = Math.round(rows * fraction);
  const take = (indices: Int32Array) => {
    const out: Record<string, Column> = {};
    for (const [name, column] of Object.entries(columns)) out[name] = takeRows(column, indices);
    return out as C;
  };
  return [take(order.subarray(0, cut)), take(order.subarray(cut))];
}
