import { ShapeError, type Tensor, tensor } from '@neurite/tensor';
import { checkBoolean, checkCount, checkNumber, checkSize, describeValue, invalidArgument, optionsOf } from '../validate.ts';
import { deriveSeed, seededRandom } from './random.ts';

const COLUMN_TYPES = [Float32Array, Float64Array, Int32Array, Uint8Array];

/** A column: a Float32/Float64/Int32/Uint8 array and a shape of sizes whose product is its length. Returns its rows. */
export function checkColumn(name: string, column: unknown): number {
  if (typeof column !== 'object' || column === null) invalidArgument(`column ${name} must be { data, shape }, got ${describeValue(column)}`);
  const { data, shape } = column as { data: unknown; shape: unknown };
  if (!COLUMN_TYPES.some((C) => data instanceof C)) invalidArgument(`column ${name}: data must be a Float32Array, Float64Array, Int32Array or Uint8Array, got ${describeValue(data)}`);
  if (!Array.isArray(shape)) invalidArgument(`column ${name}: shape must be an array of sizes, got ${describeValue(shape)}`);
  const dims = shape as unknown[];
  dims.forEach((d, i) => checkSize(d, `column ${name}: shape[${i}]`, 0));
  const n = dims[0] as number | undefined;
  if (n === undefined) throw new ShapeError(`column ${name}: shape must have a leading row axis, got []`);
  const size = (dims as number[]).reduce((a, b) => a * b, 1);
  const length = (data as ColumnData).length;
  if (size !== length) throw new ShapeError(`column ${name}: shape [${dims.join(', ')}] holds ${size} values, data has ${length}`);
  return n;
}

export type ColumnData = Float32Array | Float64Array | Int32Array | Uint8Array;

/** One column of a dataset: row-major values with shape [N, ...rowShape]. */
export interface Column<D extends ColumnData = ColumnData> {
  data: D;
  shape: readonly number[];
}

export type Columns = Record<string, Column>;

export interface DataLoaderOptions<T extends boolean = boolean> {
  batchSize: number;
  /** Reshuffle every epoch with a permutation derived from `seed` and the epoch number. */
  shuffle?: boolean;
  seed?: number;
  /** Drop the last batch when it is smaller than batchSize. */
  dropLast?: boolean;
  /**
   * Yield tensors instead of columns (default false): Float32Array and Uint8Array columns become
   * float32 tensors (values unchanged), Float64Array float64 and Int32Array int32 ones, each of shape
   * [batch, ...rowShape]. They are created when the batch is taken, in the scope() open then: dispose
   * them, or take each batch inside a scope.
   */
  tensors?: T;
}

/** One batch: the same columns, rows gathered in batch order, plus the rows' dataset indices. */
export type Batch<C extends Columns> = { [K in keyof C]: Column<C[K]['data']> } & { indices: Int32Array };

/** One batch with `tensors: true`: a tensor per column, plus the rows' dataset indices. */
export type TensorBatch<C extends Columns> = { [K in keyof C]: Tensor } & { indices: Int32Array };

/** What a loader yields: columns, or tensors when created with `tensors: true`. */
export type LoaderBatch<C extends Columns, T extends boolean> = [T] extends [true] ? TensorBatch<C> : Batch<C>;

/** A batch column as a tensor of the same values (Uint8 data as float32). */
function columnTensor(column: Column): Tensor {
  const data = column.data instanceof Uint8Array ? Float32Array.from(column.data) : column.data;
  return tensor(data, column.shape);
}

function rowsOf(columns: Columns): number {
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) invalidArgument(`columns must be an object of { data, shape }, got ${describeValue(columns)}`);
  let rows = -1;
  for (const [name, column] of Object.entries(columns)) {
    if (name === 'indices') invalidArgument('a column may not be named "indices" (batches hold the row indices under that name)');
    const n = checkColumn(name, column);
    if (rows >= 0 && n !== rows) throw new ShapeError(`column ${name} has ${n} rows, expected ${rows} like the others`);
    rows = n;
  }
  if (rows < 0) invalidArgument('columns must hold at least one column');
  return rows;
}

/** Gathers `indices` rows of `column` into a new column. */
export function takeRows<D extends ColumnData>(column: Column<D>, indices: ArrayLike<number>): Column<D> {
  const rows = checkColumn('column', column);
  if (typeof indices !== 'object' || indices === null || typeof indices.length !== 'number') invalidArgument(`takeRows: indices must be an array of row indices, got ${describeValue(indices)}`);
  for (let r = 0; r < indices.length; r++) checkCount(indices[r], `takeRows: indices[${r}]`, 0, rows - 1);
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
export class DataLoader<C extends Columns, T extends boolean = false> implements Iterable<LoaderBatch<C, T>> {
  readonly rows: number;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly seed: number;
  /** Batches hold tensors rather than columns. */
  readonly tensors: T;
  private epoch = 0;

  constructor(
    readonly columns: C,
    options: DataLoaderOptions<T>,
  ) {
    this.rows = rowsOf(columns);
    const o = optionsOf(options, 'DataLoader');
    this.batchSize = checkCount(o.batchSize, 'DataLoader: batchSize', 1, 0x7fffffff);
    this.shuffle = checkBoolean(o.shuffle ?? false, 'DataLoader: shuffle');
    this.dropLast = checkBoolean(o.dropLast ?? false, 'DataLoader: dropLast');
    this.seed = checkNumber(o.seed ?? 0, 'DataLoader: seed');
    this.tensors = checkBoolean(o.tensors ?? false, 'DataLoader: tensors') as T;
  }

  /** Number of batches in one epoch. */
  get length(): number {
    return this.dropLast ? Math.floor(this.rows / this.batchSize) : Math.ceil(this.rows / this.batchSize);
  }

  /** Row order of epoch `epoch`. */
  order(epoch: number): Int32Array {
    checkCount(epoch, 'DataLoader: epoch');
    if (this.shuffle) return seededRandom(deriveSeed(this.seed, epoch)).permutation(this.rows);
    const out = new Int32Array(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = i;
    return out;
  }

  /** The batches of epoch `epoch`. */
  batches(epoch: number): Generator<LoaderBatch<C, T>> {
    return this.batchesOf(this.order(epoch)); // checks epoch now, not at the first next()
  }

  private *batchesOf(order: Int32Array): Generator<LoaderBatch<C, T>> {
    for (let b = 0; b < this.length; b++) {
      const indices = order.subarray(b * this.batchSize, Math.min(this.rows, (b + 1) * this.batchSize));
      const batch: Record<string, unknown> = { indices: indices.slice() };
      for (const [name, column] of Object.entries(this.columns)) {
        const rows = takeRows(column, indices);
        batch[name] = this.tensors ? columnTensor(rows) : rows;
      }
      yield batch as LoaderBatch<C, T>;
    }
  }

  /** Runs the next epoch (0, 1, 2, ... on successive iterations). */
  [Symbol.iterator](): Iterator<LoaderBatch<C, T>> {
    return this.batches(this.epoch++);
  }
}

/** Splits rows into two loaders' worth of columns by a seeded permutation: the first `fraction` and the rest. */
export function splitColumns<C extends Columns>(columns: C, fraction: number, seed: number): [C, C] {
  const rows = rowsOf(columns);
  checkNumber(fraction, 'splitColumns: fraction', { min: 0, max: 1 });
  checkNumber(seed, 'splitColumns: seed');
  const order = seededRandom(seed).permutation(rows);
  const cut = Math.round(rows * fraction);
  const take = (indices: Int32Array) => {
    const out: Record<string, Column> = {};
    for (const [name, column] of Object.entries(columns)) out[name] = takeRows(column, indices);
    return out as C;
  };
  return [take(order.subarray(0, cut)), take(order.subarray(cut))];
}
