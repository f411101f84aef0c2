// The space-partitioning tree of Barnes-Hut t-SNE (van der Maaten 2014, "Accelerating t-SNE using
// tree-based algorithms") in 2 dimensions (a quadtree) or 3 (an octree), as scikit-learn's _QuadTree
// handles both (and 1-D, a binary tree): each cell keeps its point count and centre of mass; a cell of width w at squared
// distance d² from the query is summarised by its centre of mass when w² < angle² d² (scikit-learn's
// summarize criterion). Flat typed arrays, rebuilt every iteration; traversal uses an explicit stack.

export class BarnesHutTree {
  private readonly fanout: number;
  private children: Int32Array;
  private count: Float64Array;
  /** Centre of mass of each cell, [capacity, dims]. */
  private mass: Float64Array;
  /** Geometric centre of each cell, [capacity, dims]. */
  private centre: Float64Array;
  private half: Float64Array;
  /** The single point of a leaf cell (-1 for internal or empty cells). */
  private point: Int32Array;
  private size = 0;
  private readonly stack: Int32Array;

  /** y: row-major [n, dims] coordinates, dims 1, 2 or 3. */
  constructor(private readonly y: Float64Array, private readonly n: number, private readonly dims: 1 | 2 | 3) {
    this.fanout = 1 << dims;
    const capacity = 4 * n + 16;
    this.children = new Int32Array(capacity * this.fanout).fill(-1);
    this.count = new Float64Array(capacity);
    this.mass = new Float64Array(capacity * dims);
    this.centre = new Float64Array(capacity * dims);
    this.half = new Float64Array(capacity);
    this.point = new Int32Array(capacity).fill(-1);
    // Depth is bounded (insert stops splitting past 60 levels), so the stack never outgrows this.
    this.stack = new Int32Array(64 * this.fanout + 1);
    const low = new Float64Array(dims).fill(Infinity), high = new Float64Array(dims).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < dims; c++) {
        const v = y[i * dims + c]!;
        if (v < low[c]!) low[c] = v;
        if (v > high[c]!) high[c] = v;
      }
    }
    let width = 0;
    for (let c = 0; c < dims; c++) width = Math.max(width, high[c]! - low[c]!);
    const root = this.newCell(width / 2 * (1 + 1e-6) + 1e-12);
    for (let c = 0; c < dims; c++) this.centre[root * dims + c] = (low[c]! + high[c]!) / 2;
    for (let i = 0; i < n; i++) this.insert(i);
  }

  private newCell(half: number): number {
    if (this.size === this.count.length) this.grow();
    const c = this.size++;
    this.half[c] = half;
    return c;
  }

  private grow(): void {
    const cap = this.count.length * 2, dims = this.dims;
    const widen = <T extends Float64Array | Int32Array>(a: T, length: number, fill: number): T => {
      const b = (a instanceof Int32Array ? new Int32Array(length) : new Float64Array(length)) as T;
      if (fill !== 0) b.fill(fill);
      b.set(a);
      return b;
    };
    this.children = widen(this.children, cap * this.fanout, -1);
    this.point = widen(this.point, cap, -1);
    this.count = widen(this.count, cap, 0);
    this.mass = widen(this.mass, cap * dims, 0);
    this.centre = widen(this.centre, cap * dims, 0);
    this.half = widen(this.half, cap, 0);
  }

  /** The child of `cell` holding the point at y[offset..offset + dims), created when missing. */
  private childFor(cell: number, offset: number): number {
    const dims = this.dims;
    let q = 0;
    for (let c = 0; c < dims; c++) if (this.y[offset + c]! >= this.centre[cell * dims + c]!) q |= 1 << c;
    let child = this.children[cell * this.fanout + q]!;
    if (child === -1) {
      const h = this.half[cell]! / 2;
      child = this.newCell(h);
      for (let c = 0; c < dims; c++) this.centre[child * dims + c] = this.centre[cell * dims + c]! + (q & (1 << c) ? h : -h);
      this.children[cell * this.fanout + q] = child;
    }
    return child;
  }

  private samePoint(a: number, b: number): boolean {
    for (let c = 0; c < this.dims; c++) if (this.y[a * this.dims + c] !== this.y[b * this.dims + c]) return false;
    return true;
  }

  private insert(i: number): void {
    const dims = this.dims, y = this.y;
    let cell = 0;
    for (let depth = 0; ; depth++) {
      const c = this.count[cell]!;
      for (let k = 0; k < dims; k++) this.mass[cell * dims + k] = (this.mass[cell * dims + k]! * c + y[i * dims + k]!) / (c + 1);
      this.count[cell] = c + 1;
      if (c === 0) {
        this.point[cell] = i;
        return;
      }
      const resident = this.point[cell]!;
      if (resident >= 0) {
        // Duplicate points (or a depth limit) stay together in one leaf: counted, not split.
        if (this.samePoint(resident, i) || depth > 60) return;
        this.point[cell] = -1;
        const child = this.childFor(cell, resident * dims);
        this.count[child] = c;
        for (let k = 0; k < dims; k++) this.mass[child * dims + k] = y[resident * dims + k]!;
        this.point[child] = resident;
      }
      cell = this.childFor(cell, i * dims);
    }
  }

  /**
   * Repulsive forces on every point with the Student-t kernel of `dof` degrees of freedom (1 or 2:
   * scikit-learn's choice up to 3-D), w = (1 + d² / dof)^(-(dof + 1) / 2): writes
   * sum_j w_ij² (y_i - y_j) into out [n, dims] and returns Z = sum_{i != j} w_ij (scikit-learn's
   * compute_gradient_negative). Cells are summarised by their centre of mass when
   * width² < angle² d². The arrays are read through locals, one traversal stack serves every point.
   */
  repulsion(angle: number, dof: number, out: Float64Array): number {
    if (dof !== 1 && dof !== 2) throw new RangeError(`BarnesHutTree.repulsion: dof must be 1 or 2, got ${dof}`);
    const { dims, y, n, mass, count, point, half, children, fanout, stack } = this;
    const theta2 = angle * angle, two = dims >= 2, three = dims === 3, cauchy = dof === 1;
    // One record per cell for the traversal: [count, (width * angle)², centre of mass (dims)].
    const stride = dims + 2, cells = new Float64Array(this.size * stride);
    for (let cell = 0; cell < this.size; cell++) {
      const r = cell * stride, w = 2 * half[cell]!;
      cells[r] = count[cell]!;
      cells[r + 1] = w * w;
      for (let c = 0; c < dims; c++) cells[r + 2 + c] = mass[cell * dims + c]!;
    }
    let z = 0;
    for (let i = 0; i < n; i++) {
      const px = y[i * dims]!, py = two ? y[i * dims + 1]! : 0, pz = three ? y[i * dims + 2]! : 0;
      let fx = 0, fy = 0, fz = 0;
      let top = 0;
      stack[top++] = 0;
      while (top > 0) {
        const cell = stack[--top]!;
        const r = cell * stride;
        const c = cells[r]!;
        if (c === 0) continue;
        const dx = px - cells[r + 2]!, dy = two ? py - cells[r + 3]! : 0, dz = three ? pz - cells[r + 4]! : 0;
        const d2 = dx * dx + dy * dy + dz * dz;
        const resident = point[cell]!;
        if (resident >= 0 || cells[r + 1]! < theta2 * d2) {
          if (resident === i) {
            // Duplicates of i in its own leaf contribute w = 1 at distance 0: no force, but to Z.
            z += c - 1;
            continue;
          }
          let w: number;
          if (cauchy) w = 1 / (1 + d2);
          else {
            const t = 1 + d2 / 2;
            w = 1 / (t * Math.sqrt(t));
          }
          const cw = c * w;
          z += cw;
          const f = cw * w;
          fx += f * dx;
          fy += f * dy;
          fz += f * dz;
          continue;
        }
        for (let k = 0, b = cell * fanout; k < fanout; k++) {
          const child = children[b + k]!;
          if (child >= 0) stack[top++] = child;
        }
      }
      out[i * dims] = fx;
      if (two) out[i * dims + 1] = fy;
      if (three) out[i * dims + 2] = fz;
    }
    return z;
  }
}
