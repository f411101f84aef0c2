// Q of one SMO subproblem over the shared kernel cache: variable t stands for training sample
// sample[t] with sign y_t (SVC: +1 for the first class of the pair, -1 for the second; epsilon-SVR:
// +1 for a_t, -1 for a*_t over the same samples), and lies in the cached segment `slot[t]` of the
// subproblem's groups at position offset[t]. Q_ts = y_t y_s K(x_t, x_s). The per-variable arrays are
// permuted with the solver's swaps, so a row is one gather from at most two cached segments.
import type { KernelCache } from './kernel-cache.ts';
import type { QMatrix } from './smo-solver.ts';

export class SubproblemQ implements QMatrix {
  private readonly buffers: [Float32Array, Float32Array];
  /** Which variable and length each buffer holds, and the permutation version it was gathered under. */
  private readonly held = [
    { i: -1, length: 0, version: -1 },
    { i: -1, length: 0, version: -1 },
  ];
  private next = 0;
  private version = 0;

  constructor(
    private readonly cache: KernelCache,
    private readonly groups: readonly number[],
    private readonly sample: Int32Array,
    private readonly sign: Int8Array,
    private readonly slot: Uint8Array,
    private readonly offset: Int32Array,
    readonly diagonal: Float64Array,
  ) {
    const l = sample.length;
    this.buffers = [new Float32Array(l), new Float32Array(l)];
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
    const segA = this.cache.segment(s, this.groups[0]!);
    const segB = this.groups.length > 1 ? this.cache.segment(s, this.groups[1]!) : segA;
    const si = this.sign[i]!;
    const sign = this.sign, slot = this.slot, offset = this.offset;
    for (let k = 0; k < length; k++) {
      const v = slot[k] === 0 ? segA[offset[k]!]! : segB[offset[k]!]!;
      out[k] = sign[k] === si ? v : -v;
    }
    const h = this.held[b]!;
    h.i = i;
    h.length = length;
    h.version = this.version;
    return out;
  }

  swap(i: number, j: number): void {
    if (i === j) return;
    this.version++;
    let t: number;
    t = this.sample[i]!; this.sample[i] = this.sample[j]!; this.sample[j] = t;
    t = this.sign[i]!; this.sign[i] = this.sign[j]!; this.sign[j] = t;
    t = this.slot[i]!; this.slot[i] = this.slot[j]!; this.slot[j] = t;
    t = this.offset[i]!; this.offset[i] = this.offset[j]!; this.offset[j] = t;
    t = this.diagonal[i]!; this.diagonal[i] = this.diagonal[j]!; this.diagonal[j] = t;
  }
}
