// Q of one SMO subproblem over the shared kernel cache: variable t stands for training sample
// sample[t] with sign y_t (SVC: +1 for the first class of the pair, -1 for the second; epsilon-SVR:
// +1 for a_t, -1 for a*_t over the same samples), and lies in the cached segment `slot[t]` of the
// subproblem's groups at position offset[t]. Q_ts = y_t y_s K(x_t, x_s). The per-variable arrays are
// permuted with the solver's swaps, so a row is one gather from at most two cached segments.
import type { KernelCache } from './kernel-cache.ts';
import type { QMatrix } from './smo-problem.ts';

export class SubproblemQ implements QMatrix {
  private readonly buffers: [Float32Array, Float32Array];
  /** Which variable and length each buffer holds, and the permutation version it was gathered under. */
  private readonly held = [
    { i: -1, length: 0, version: -1 },
    { i: -1, length: 0, version: -1 },
  ];
  /** Position of each variable's kernel value in the concatenated segments of its sample's row. */
  private readonly index: Int32Array;
  private readonly local: Float32Array;
  private next = 0;
  private version = 0;
  private candidates: ((limit: number, skip: (position: number) => boolean) => Int32Array) | null = null;
  /** The most violating variables whose sample's row of `group` is not cached yet. */
  private readonly hint = (group: number): Iterable<number> => {
    if (this.candidates === null) return [];
    const sample = this.sample, cache = this.cache;
    const seen = new Set<number>();
    const positions = this.candidates(cache.blockRows, (t) => seen.has(sample[t]!) || cache.has(sample[t]!, group) || (seen.add(sample[t]!), false));
    return Array.from(positions, (t) => sample[t]!);
  };

  constructor(
    private readonly cache: KernelCache,
    private readonly groups: readonly number[],
    private readonly sample: Int32Array,
    private readonly sign: Int8Array,
    slot: Uint8Array,
    offset: Int32Array,
    readonly diagonal: Float64Array,
  ) {
    const l = sample.length;
    this.buffers = [new Float32Array(l), new Float32Array(l)];
    let width = 0;
    for (let k = 0; k < l; k++) if (slot[k] === 0) width = Math.max(width, offset[k]! + 1);
    this.index = new Int32Array(l);
    for (let k = 0; k < l; k++) this.index[k] = slot[k] === 0 ? offset[k]! : width + offset[k]!;
    let total = width;
    for (let k = 0; k < l; k++) if (slot[k] === 1) total = Math.max(total, width + offset[k]! + 1);
    this.local = new Float32Array(total);
  }

  row(i: number, length: number): Float32Array {
    for (let b = 0; b < 2; b++) {
      const h = this.held[b]!;
      if (h.i === i && h.version === this.version && h.length >= length) {
        // Reused: make the other buffer the next to be overwritten.
        this.next = 1 - b;
        return this.buffers[b]!;
      }
    }
    const b = this.next;
    this.next = 1 - b;
    const out = this.buffers[b]!;
    const s = this.sample[i]!;
    // The sample's kernel values over the subproblem's groups, concatenated; then one branch-free gather.
    const local = this.local;
    const segA = this.cache.segment(s, this.groups[0]!, this.hint);
    local.set(segA, 0);
    if (this.groups.length > 1) local.set(this.cache.segment(s, this.groups[1]!, this.hint), segA.length);
    const si = this.sign[i]!;
    const sign = this.sign, index = this.index;
    for (let k = 0; k < length; k++) out[k] = si * sign[k]! * local[index[k]!]!;
    const h = this.held[b]!;
    h.i = i;
    h.length = length;
    h.version = this.version;
    return out;
  }

  setCandidates(candidates: (limit: number, skip: (position: number) => boolean) => Int32Array): void {
    this.candidates = candidates;
  }

  swap(i: number, j: number): void {
    if (i === j) return;
    this.version++;
    let t: number;
    t = this.sample[i]!; this.sample[i] = this.sample[j]!; this.sample[j] = t;
    t = this.sign[i]!; this.sign[i] = this.sign[j]!; this.sign[j] = t;
    t = this.index[i]!; this.index[i] = this.index[j]!; this.index[j] = t;
    t = this.diagonal[i]!; this.diagonal[i] = this.diagonal[j]!; this.diagonal[j] = t;
  }
}
