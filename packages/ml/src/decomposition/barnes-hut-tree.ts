// The space-partitioning tree of Barnes-Hut t-SNE (van der Maaten 2014, "Accelerating t-SNE using
// tree-based algorithms") in 2 dimensions (a quadtree) or 3 (an octree), as scikit-learn's _QuadTree
// handles both (and 1-D, a binary tree): each cell keeps its point count and centre of mass; a cell
// of width w at squared distance d² from the query is summarised by its centre of mass when
// w² < angle² d² (scikit-learn's summarize criterion), a leaf always.
//
// Layout: the cells are stored flat in depth-first pre-order, one record per cell in a Float64Array
// ([centre of mass (dims), count, w² / angle², or -1 for a leaf]) and, per cell, the index just past
// its subtree. A traversal is then one forward sweep with no stack: a summarised cell jumps past its
// subtree, an opened one steps to its first child, the next record. The tree is built by recursive
// partition of an index array (each cell's points are contiguous), into buffers kept across
// rebuilds (one per gradient evaluation). In 2-D with the Cauchy kernel, the traversal runs in the
// tsne_repulsion_2d_f64 wasm kernel (@neurite/tensor's tsneRepulsion2d) once the tensor runtime is
// initialized; the TypeScript sweeps below are the fallback before init and the 1-D / 3-D cases.
import { isInitialized, scope, tensor, tsneRepulsion2d } from '@neurite/tensor';

/** Splitting stops below this depth: the remaining points (closer than 2^-60 of the root width) share one leaf. */
const MAX_DEPTH = 60;

export class BarnesHutTree {
  private readonly fanout: number;
  private readonly stride: number;
  /** Per cell: centre of mass (dims), count, width² / angle² (-1: a leaf). */
  private records: Float64Array;
  /** Per cell: the index of the first cell after its subtree. */
  private next: Int32Array;
  private size = 0;
  /** Point indices, reordered so that every cell's points are contiguous. */
  private readonly order: Int32Array;
  private readonly scratch: Int32Array;
  /** The quadrant of each point of the cell being split, by position in `order`. */
  private readonly quadrant: Uint8Array;
  private readonly counts: Int32Array;
  private readonly sums: Float64Array;
  /** The geometric centre of the cell being built at each depth. */
  private readonly centres: Float64Array;
  private y: Float64Array = new Float64Array(0);
  /** The points in tree order, [n, 2] (the kernel's input: consecutive points open nearly the same cells). */
  private readonly ordered: Float64Array;
  private inverseTheta2 = Infinity;

  /** A tree over n points in dims (1, 2 or 3) dimensions; build() fills it. */
  constructor(private readonly n: number, private readonly dims: 1 | 2 | 3) {
    this.fanout = 1 << dims;
    this.stride = dims + 2;
    const capacity = 2 * n + 16;
    this.records = new Float64Array(capacity * this.stride);
    this.next = new Int32Array(capacity);
    this.order = new Int32Array(n);
    this.scratch = new Int32Array(n);
    this.quadrant = new Uint8Array(n);
    this.ordered = new Float64Array(dims === 2 ? 2 * n : 0);
    this.counts = new Int32Array((MAX_DEPTH + 2) * (this.fanout + 1));
    this.sums = new Float64Array((MAX_DEPTH + 2) * dims);
    this.centres = new Float64Array((MAX_DEPTH + 2) * dims);
  }

  /** Rebuilds the tree over y (row-major [n, dims]) for traversals at `angle`. */
  build(y: Float64Array, angle: number): this {
    const { n, dims } = this;
    this.y = y;
    this.inverseTheta2 = 1 / (angle * angle);
    this.size = 0;
    if (n === 0) return this;
    const low = new Float64Array(dims).fill(Infinity), high = new Float64Array(dims).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      this.order[i] = i;
      for (let c = 0; c < dims; c++) {
        const v = y[i * dims + c]!;
        if (v < low[c]!) low[c] = v;
        if (v > high[c]!) high[c] = v;
      }
    }
    let width = 0;
    for (let c = 0; c < dims; c++) width = Math.max(width, high[c]! - low[c]!);
    for (let c = 0; c < dims; c++) this.centres[c] = (low[c]! + high[c]!) / 2;
    this.cell(0, n, width / 2 * (1 + 1e-6) + 1e-12, 0);
    return this;
  }

  private grow(): void {
    const records = new Float64Array(this.records.length * 2), next = new Int32Array(this.next.length * 2);
    records.set(this.records);
    next.set(this.next);
    this.records = records;
    this.next = next;
  }

  /** Whether the points order[start..end) all sit at one position. */
  private samePosition(start: number, end: number): boolean {
    const { y, dims, order } = this, first = order[start]! * dims;
    for (let t = start + 1; t < end; t++) {
      for (let c = 0; c < dims; c++) if (y[order[t]! * dims + c] !== y[first + c]) return false;
    }
    return true;
  }

  /**
   * Writes the cell of the points order[start..end) (half width `half`, centre at centres[depth])
   * and its subtree in pre-order; the cell's record holds its count and centre of mass.
   */
  private cell(start: number, end: number, half: number, depth: number): void {
    const { y, dims, fanout, stride, order, centres, counts, quadrant } = this;
    const at = depth * dims, base = depth * (fanout + 1), count = end - start;
    if (this.size === this.next.length) this.grow();
    const id = this.size++, r = id * stride;
    let leaf = count === 1 || depth >= MAX_DEPTH;
    if (!leaf) {
      // Each point's quadrant (bit c set: at or above the centre in dimension c), counted.
      for (let q = 0; q <= fanout; q++) counts[base + q] = 0;
      for (let t = start; t < end; t++) {
        const p = order[t]! * dims;
        let q = 0;
        for (let c = 0; c < dims; c++) if (y[p + c]! >= centres[at + c]!) q |= 1 << c;
        quadrant[t] = q;
        counts[base + q + 1]++;
      }
      // Identical points fall in one quadrant at every depth: they make one leaf.
      leaf = counts[base + quadrant[start]! + 1] === count && this.samePosition(start, end);
    }
    if (leaf) {
      // Duplicates keep their exact common position (a sum of equal values can round); only a
      // leaf cut at the depth limit averages distinct points.
      for (let c = 0; c < dims; c++) {
        let s = y[order[start]! * dims + c]!;
        if (depth >= MAX_DEPTH && count > 1) {
          for (let t = start + 1; t < end; t++) s += y[order[t]! * dims + c]!;
          s /= count;
        }
        this.records[r + c] = s;
      }
      this.records[r + dims] = count;
      this.records[r + dims + 1] = -1;
      this.next[id] = this.size;
      return;
    }
    // Counting sort by quadrant: counts[base + q] becomes the offset of quadrant q, then its end.
    for (let q = 0; q < fanout; q++) counts[base + q + 1] += counts[base + q]!;
    const scratch = this.scratch;
    for (let t = start; t < end; t++) scratch[start + counts[base + quadrant[t]!]!++] = order[t]!;
    for (let t = start; t < end; t++) order[t] = scratch[t]!;
    const sums = this.sums, sat = depth * dims, h = half / 2;
    for (let c = 0; c < dims; c++) sums[sat + c] = 0;
    let from = 0;
    for (let q = 0; q < fanout; q++) {
      const to = counts[base + q]!;
      if (to > from) {
        for (let c = 0; c < dims; c++) centres[at + dims + c] = centres[at + c]! + (q & (1 << c) ? h : -h);
        const childId = this.size;
        this.cell(start + from, start + to, h, depth + 1);
        const cr = childId * stride, m = this.records[cr + dims]!;
        for (let c = 0; c < dims; c++) sums[sat + c] += m * this.records[cr + c]!;
      }
      from = to;
    }
    for (let c = 0; c < dims; c++) this.records[r + c] = sums[sat + c]! / count;
    this.records[r + dims] = count;
    const w = 2 * half;
    this.records[r + dims + 1] = w * w * this.inverseTheta2;
    this.next[id] = this.size;
  }

  /**
   * Repulsive forces on every point with the Student-t kernel of `dof` degrees of freedom (1 or 2:
   * scikit-learn's choice up to 3-D), w = (1 + d² / dof)^(-(dof + 1) / 2): writes
   * sum_j w_ij² (y_i - y_j) into out [n, dims] and returns Z = sum_{i != j} w_ij (scikit-learn's
   * compute_gradient_negative). A point's own leaf (d² = 0) adds its duplicates to Z and no force.
   */
  repulsion(dof: number, out: Float64Array): number {
    if (dof !== 1 && dof !== 2) throw new RangeError(`BarnesHutTree.repulsion: dof must be 1 or 2, got ${dof}`);
    if (this.dims === 2 && dof === 1) return isInitialized() ? this.repulsion2dKernel(out) : this.repulsion2d(out);
    const { dims, y, n, records, next, size, stride } = this;
    const two = dims >= 2, three = dims === 3, cauchy = dof === 1;
    let z = 0;
    for (let i = 0; i < n; i++) {
      const px = y[i * dims]!, py = two ? y[i * dims + 1]! : 0, pz = three ? y[i * dims + 2]! : 0;
      let fx = 0, fy = 0, fz = 0;
      for (let t = 0; t < size;) {
        const r = t * stride;
        const dx = px - records[r]!, dy = two ? py - records[r + 1]! : 0, dz = three ? pz - records[r + 2]! : 0;
        const d2 = dx * dx + dy * dy + dz * dz;
        if (records[r + dims + 1]! >= d2) {
          t++;
          continue;
        }
        t = next[t]!;
        const c = records[r + dims]!;
        if (d2 === 0) {
          z += c - 1;
          continue;
        }
        let w: number;
        if (cauchy) w = 1 / (1 + d2);
        else {
          const h = 1 + d2 / 2;
          w = 1 / (h * Math.sqrt(h));
        }
        const cw = c * w;
        z += cw;
        const f = cw * w;
        fx += f * dx;
        fy += f * dy;
        fz += f * dz;
      }
      out[i * dims] = fx;
      if (two) out[i * dims + 1] = fy;
      if (three) out[i * dims + 2] = fz;
    }
    return z;
  }

  /** repulsion2d on the wasm kernel: the points in tree order, the cells and jumps copied in; per-point Z summed here. */
  private repulsion2dKernel(out: Float64Array): number {
    const { y, n, order, size, ordered } = this;
    for (let s = 0; s < n; s++) {
      ordered[2 * s] = y[2 * order[s]!]!;
      ordered[2 * s + 1] = y[2 * order[s]! + 1]!;
    }
    const result = scope(() => tsneRepulsion2d(
      tensor(ordered, [n, 2], { dtype: 'float64' }),
      tensor(this.records.subarray(0, 4 * size), [size, 4], { dtype: 'float64' }),
      tensor(this.next.subarray(0, size), [size], { dtype: 'int32' }),
    ).toArray());
    let z = 0;
    for (let s = 0; s < n; s++) {
      const i = order[s]!;
      out[2 * i] = result[3 * s]!;
      out[2 * i + 1] = result[3 * s + 1]!;
      z += result[3 * s + 2]!;
    }
    return z;
  }

  /** repulsion() in 2-D with the Cauchy kernel (dof 1): the common case, records [x, y, count, w² / angle²]. */
  private repulsion2d(out: Float64Array): number {
    const { y, n, records, next, size, order } = this;
    let z = 0;
    // Points in tree order: consecutive points open nearly the same cells (predictable branches).
    for (let s = 0; s < n; s++) {
      const i = order[s]!, px = y[2 * i]!, py = y[2 * i + 1]!;
      let fx = 0, fy = 0;
      for (let t = 0; t < size;) {
        const r = 4 * t;
        const dx = px - records[r]!, dy = py - records[r + 1]!;
        const d2 = dx * dx + dy * dy;
        if (records[r + 3]! >= d2) {
          t++;
          continue;
        }
        t = next[t]!;
        const c = records[r + 2]!;
        if (d2 === 0) {
          z += c - 1;
          continue;
        }
        const w = 1 / (1 + d2), cw = c * w, f = cw * w;
        z += cw;
        fx += f * dx;
        fy += f * dy;
      }
      out[2 * i] = fx;
      out[2 * i + 1] = fy;
    }
    return z;
  }
}
