// The kernel cache of the SVM fits: kernel values K(x_s, members of group g) for a training sample s
// and a group g of the training set (a class in one-vs-one training, the whole set otherwise), kept
// as float32 (libsvm's Qfloat) in a least-recently-used cache of `budgetBytes`. Keying by group
// lets the one-vs-one subproblems share rows: sample s of class a needs K(x_s, class a) in each of
// its class's pairs, computed once while it stays cached.
//
// A missing segment is computed together with up to `blockRows - 1` other uncached rows the caller
// suggests (the next candidates of the solver), so the kernel rows come from one GEMM of a block
// instead of a matrix-vector product per row. What is cached changes speed only, never the values.
import type { KernelEvaluator } from './kernel.ts';

export interface GramSource {
  /** The training data (row-major) and its squared row norms. */
  data: Float64Array;
  norms: Float64Array;
  cols: number;
  /** One evaluator per group, holding that group's rows as B. */
  groups: readonly KernelEvaluator[];
}

export class KernelCache {
  private readonly entries = new Map<number, Float32Array>();
  private bytes = 0;
  private rowBuffer = new Float64Array(0);
  private block = new Float32Array(0);
  /** Kernel rows computed (counted work, for tests and diagnostics). */
  computedRows = 0;

  constructor(
    private readonly source: GramSource,
    private readonly budgetBytes: number,
    readonly blockRows = 1,
  ) {}

  private key(sample: number, group: number): number {
    return sample * this.source.groups.length + group;
  }

  has(sample: number, group: number): boolean {
    return this.entries.has(this.key(sample, group));
  }

  /**
   * K(x_sample, members of group) as float32. `more` may list other samples whose rows of the same
   * group are likely needed soon; the uncached ones (up to blockRows - 1) are computed in the same block.
   */
  segment(sample: number, group: number, more?: (group: number) => Iterable<number>): Float32Array {
    const k = this.key(sample, group);
    const hit = this.entries.get(k);
    if (hit !== undefined) {
      this.entries.delete(k);
      this.entries.set(k, hit);
      return hit;
    }
    const rows = [sample];
    if (more !== undefined && this.blockRows > 1) {
      for (const s of more(group)) {
        if (rows.length >= this.blockRows) break;
        if (s !== sample && !this.entries.has(this.key(s, group))) rows.push(s);
      }
    }
    const evaluator = this.source.groups[group]!;
    const n = evaluator.rows, d = this.source.cols;
    if (this.rowBuffer.length < rows.length * d) this.rowBuffer = new Float64Array(rows.length * d);
    const norms = new Float64Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const s = rows[r]!;
      this.rowBuffer.set(this.source.data.subarray(s * d, (s + 1) * d), r * d);
      norms[r] = this.source.norms[s]!;
    }
    if (this.block.length < rows.length * n) this.block = new Float32Array(rows.length * n);
    evaluator.compute(this.rowBuffer, 0, rows.length, norms, this.block);
    this.computedRows += rows.length;
    let first: Float32Array | undefined;
    for (let r = 0; r < rows.length; r++) {
      const seg = this.block.slice(r * n, (r + 1) * n);
      if (r === 0) first = seg;
      this.store(this.key(rows[r]!, group), seg);
    }
    return first!;
  }

  private store(key: number, seg: Float32Array): void {
    this.entries.set(key, seg);
    this.bytes += seg.byteLength;
    while (this.bytes > this.budgetBytes && this.entries.size > 1) {
      const oldest = this.entries.keys().next().value as number;
      this.bytes -= this.entries.get(oldest)!.byteLength;
      this.entries.delete(oldest);
    }
  }
}
