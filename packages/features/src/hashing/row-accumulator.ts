// Builds CSR rows from (column, value) pairs: sums the values of a repeated column (in arrival
// order), keeps a sum that cancels to 0 as an explicit entry (as scipy's sum_duplicates), and
// emits each row's columns ascending. Up to 2^21 columns it uses dense scratch arrays indexed by
// column with a per-row stamp (no clearing between rows; 12 bytes per column, reused across
// calls); above that a Map per row.
import type { CsrMatrix } from './sparse.ts';

const DENSE_LIMIT = 1 << 21;

export class RowAccumulator {
  private readonly sums: Float64Array | null;
  private readonly stamps: Int32Array | null;
  private readonly map = new Map<number, number>();
  private stamp = 0;
  private touched = new Int32Array(256);
  private count = 0;
  private indices = new Int32Array(1024);
  private values = new Float64Array(1024);
  private size = 0;
  private indptr: Int32Array = new Int32Array(1);
  private row = 0;

  constructor(readonly columns: number) {
    const dense = columns <= DENSE_LIMIT;
    this.sums = dense ? new Float64Array(columns) : null;
    this.stamps = dense ? new Int32Array(columns) : null;
  }

  /** Starts a matrix of `rows` rows (the accumulator's scratch arrays are kept). */
  begin(rows: number): void {
    this.indptr = new Int32Array(rows + 1);
    this.row = 0;
    this.size = 0;
    this.count = 0;
    this.map.clear();
    this.nextStamp();
  }

  private nextStamp(): void {
    if (this.stamps && ++this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
  }

  add(column: number, value: number): void {
    const stamps = this.stamps;
    if (stamps !== null) {
      const sums = this.sums!;
      if (stamps[column] !== this.stamp) {
        stamps[column] = this.stamp;
        sums[column] = value;
        if (this.count === this.touched.length) {
          const grown = new Int32Array(this.count * 2);
          grown.set(this.touched);
          this.touched = grown;
        }
        this.touched[this.count++] = column;
      } else sums[column]! += value;
    } else {
      const previous = this.map.get(column);
      this.map.set(column, previous === undefined ? value : previous + value);
    }
  }

  /** Closes the current row: its columns ascending with their sums. */
  endRow(): void {
    let columns: Int32Array;
    if (this.stamps !== null) {
      columns = this.touched.subarray(0, this.count).sort();
    } else {
      columns = Int32Array.from(this.map.keys()).sort();
    }
    const n = columns.length;
    if (this.size + n > this.indices.length) {
      const capacity = Math.max(this.size + n, this.indices.length * 2);
      const indices = new Int32Array(capacity);
      indices.set(this.indices.subarray(0, this.size));
      this.indices = indices;
      const values = new Float64Array(capacity);
      values.set(this.values.subarray(0, this.size));
      this.values = values;
    }
    for (let t = 0; t < n; t++) {
      const c = columns[t]!;
      this.indices[this.size] = c;
      this.values[this.size] = this.stamps !== null ? this.sums![c]! : this.map.get(c)!;
      this.size++;
    }
    this.indptr[++this.row] = this.size;
    this.count = 0;
    this.map.clear();
    this.nextStamp();
  }

  /** The finished matrix (copies of the used parts). */
  finish(): CsrMatrix {
    return { indptr: this.indptr, indices: this.indices.slice(0, this.size), data: this.values.slice(0, this.size), shape: [this.row, this.columns] };
  }
}
