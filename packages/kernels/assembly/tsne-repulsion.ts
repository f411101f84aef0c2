// The repulsive forces of 2-D Barnes-Hut t-SNE (van der Maaten 2014, "Accelerating t-SNE using
// tree-based algorithms"; scikit-learn's compute_gradient_negative) over a quadtree flattened in
// depth-first pre-order, so that each point's traversal is one forward sweep with no stack.
// The tree is built by the caller (ml's BarnesHutTree); this is the per-iteration sweep, the cost of
// a t-SNE fit.

/**
 * For each point i < n of y [n, 2] (f64): sweeps the cells [size, 4] (f64: centre of mass x, y;
 * point count c; the summary threshold, width² / angle² for an inner cell and -1 for a leaf) from
 * t = 0: a cell whose threshold is below the squared distance d² to its centre of mass is
 * summarised and the sweep jumps past its subtree to next[t] (i32, t < next[t] <= size), otherwise
 * it steps into the cell's first child, t + 1. A summarised cell adds, with w = 1 / (1 + d²),
 * c w² (y_i - centre of mass) to the force and c w to Z; at d² = 0 (the point's own leaf) it adds
 * c - 1 to Z (its duplicates) and no force. out [n, 3] (f64): force x, force y, Z of point i.
 * 8-byte aligned y, cells and out, 4-byte aligned next; out overlaps nothing.
 */
export function tsne_repulsion_2d_f64(n: i32, y: usize, cells: usize, next: usize, size: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const p = y + (<usize>i << 4);
    const px = load<f64>(p), py = load<f64>(p, 8);
    let fx: f64 = 0, fy: f64 = 0, z: f64 = 0;
    let t = 0;
    while (t < size) {
      const r = cells + (<usize>t << 5);
      const dx = px - load<f64>(r), dy = py - load<f64>(r, 8);
      const d2 = dx * dx + dy * dy;
      if (load<f64>(r, 24) >= d2) {
        t++;
        continue;
      }
      t = load<i32>(next + (<usize>t << 2));
      const c = load<f64>(r, 16);
      if (d2 == 0) {
        z += c - 1;
        continue;
      }
      const w = 1 / (1 + d2), cw = c * w, f = cw * w;
      z += cw;
      fx += f * dx;
      fy += f * dy;
    }
    const o = out + <usize>i * 24;
    store<f64>(o, fx);
    store<f64>(o, fy, 8);
    store<f64>(o, z, 16);
  }
}
