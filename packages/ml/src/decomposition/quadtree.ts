// A 2-D quadtree over the embedding for Barnes-Hut t-SNE (van der Maaten 2014, "Accelerating t-SNE
// using tree-based algorithms"): each cell keeps its point count and centre of mass; a cell whose
// width w and distance d to the query satisfy (w / d)² < angle² is summarised by its centre of
// mass (scikit-learn's _QuadTree summarize criterion). Flat arrays, rebuilt every iteration.

export class QuadTree {
  private children: Int32Array;
  private count: Float64Array;
  private massX: Float64Array;
  private massY: Float64Array;
  private cx: Float64Array;
  private cy: Float64Array;
  private half: Float64Array;
  /** The single point of a leaf cell (-1 for internal or empty cells). */
  private point: Int32Array;
  private size = 0;

  constructor(private readonly y: Float64Array, private readonly n: number) {
    const capacity = 4 * n + 16;
    this.children = new Int32Array(capacity * 4).fill(-1);
    this.count = new Float64Array(capacity);
    this.massX = new Float64Array(capacity);
    this.massY = new Float64Array(capacity);
    this.cx = new Float64Array(capacity);
    this.cy = new Float64Array(capacity);
    this.half = new Float64Array(capacity);
    this.point = new Int32Array(capacity).fill(-1);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      minX = Math.min(minX, y[2 * i]!);
      maxX = Math.max(maxX, y[2 * i]!);
      minY = Math.min(minY, y[2 * i + 1]!);
      maxY = Math.max(maxY, y[2 * i + 1]!);
    }
    const half = Math.max(maxX - minX, maxY - minY) / 2 * (1 + 1e-6) + 1e-12;
    this.newCell((minX + maxX) / 2, (minY + maxY) / 2, half);
    for (let i = 0; i < n; i++) this.insert(i);
  }

  private newCell(x: number, y: number, half: number): number {
    if (this.size === this.count.length) this.grow();
    const c = this.size++;
    this.cx[c] = x;
    this.cy[c] = y;
    this.half[c] = half;
    return c;
  }

  private grow(): void {
    const cap = this.count.length * 2;
    const f = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const children = new Int32Array(cap * 4).fill(-1);
    children.set(this.children);
    this.children = children;
    const point = new Int32Array(cap).fill(-1);
    point.set(this.point);
    this.point = point;
    this.count = f(this.count);
    this.massX = f(this.massX);
    this.massY = f(this.massY);
    this.cx = f(this.cx);
    this.cy = f(this.cy);
    this.half = f(this.half);
  }

  private quadrant(cell: number, px: number, py: number): number {
    let child = this.children[cell * 4 + (px >= this.cx[cell]! ? 1 : 0) + (py >= this.cy[cell]! ? 2 : 0)]!;
    if (child === -1) {
      const q = (px >= this.cx[cell]! ? 1 : 0) + (py >= this.cy[cell]! ? 2 : 0);
      const h = this.half[cell]! / 2;
      child = this.newCell(this.cx[cell]! + (q & 1 ? h : -h), this.cy[cell]! + (q & 2 ? h : -h), h);
      this.children[cell * 4 + q] = child;
    }
    return child;
  }

  private insert(i: number): void {
    const px = this.y[2 * i]!, py = this.y[2 * i + 1]!;
    let cell = 0;
    for (let depth = 0; ; depth++) {
      const c = this.count[cell]!;
      this.massX[cell] = (this.massX[cell]! * c + px) / (c + 1);
      this.massY[cell] = (this.massY[cell]! * c + py) / (c + 1);
      this.count[cell] = c + 1;
      if (c === 0) {
        this.point[cell] = i;
        return;
      }
      const resident = this.point[cell]!;
      if (resident >= 0) {
        // Duplicate points (or a depth limit) stay together in one leaf: counted, not split.
        if ((this.y[2 * resident] === px && this.y[2 * resident + 1] === py) || depth > 60) return;
        this.point[cell] = -1;
        const child = this.quadrant(cell, this.y[2 * resident]!, this.y[2 * resident + 1]!);
        this.count[child] = c;
        this.massX[child] = this.y[2 * resident]!;
        this.massY[child] = this.y[2 * resident + 1]!;
        this.point[child] = resident;
      }
      cell = this.quadrant(cell, px, py);
    }
  }

  /**
   * Repulsive force on point i: adds sum_j q_ij² (y_i - y_j) (unnormalised q = 1 / (1 + d²)) to
   * out[0..1] and returns its part of Z = sum_j q_ij.
   */
  repulsion(i: number, angle: number, out: Float64Array): number {
    const px = this.y[2 * i]!, py = this.y[2 * i + 1]!;
    const theta2 = angle * angle;
    let z = 0, fx = 0, fy = 0;
    const stack: number[] = [0];
    while (stack.length > 0) {
      const cell = stack.pop()!;
      const c = this.count[cell]!;
      if (c === 0) continue;
      const dx = px - this.massX[cell]!, dy = py - this.massY[cell]!;
      const d2 = dx * dx + dy * dy;
      const leaf = this.point[cell]! >= 0;
      const width = 2 * this.half[cell]!;
      if (leaf || width * width < theta2 * d2) {
        if (leaf && this.point[cell] === i) {
          if (c === 1) continue;
          // Duplicates of i in its own leaf contribute q = 1 at distance 0: no force, but to Z.
          z += c - 1;
          continue;
        }
        const q = 1 / (1 + d2);
        const m = c * q;
        z += m;
        fx += m * q * dx;
        fy += m * q * dy;
        continue;
      }
      for (let k = 0; k < 4; k++) {
        const child = this.children[cell * 4 + k]!;
        if (child >= 0) stack.push(child);
      }
    }
    out[0] = fx;
    out[1] = fy;
    return z;
  }
}
