// Checked wrapper of assembly/tsne-repulsion.ts: the repulsive forces of 2-D Barnes-Hut t-SNE over
// a quadtree flattened in depth-first pre-order (built by the caller).
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { checkCount } from './checks.ts';

export interface TsneRepulsionParams {
  /** Points. */
  n: number;
  /** y: [n, 2] float64 coordinates. */
  y: number;
  /** Cells. */
  size: number;
  /** cells: [size, 4] float64 records: centre of mass x, y; point count; width² / angle² (inner cell) or -1 (leaf). */
  cells: number;
  /** next: [size] int32, the index just past each cell's subtree (t < next[t] <= size). */
  next: number;
  /** out: [n, 3] float64 (force x, force y, Z per point); allocated (and returned) when absent. Must not overlap the inputs. */
  out?: number;
}

/**
 * For every point, sweeps the cells in order: a cell whose threshold is below the squared distance
 * d² to its centre of mass is summarised (force c w² (y_i - centre), Z c w with w = 1 / (1 + d²);
 * at d² = 0, the point's own leaf, Z c - 1) and skipped to next[t], otherwise entered. Every
 * next[t] is checked (a jump backwards could loop forever). Returns out.
 */
export function tsneRepulsion2d(backend: Backend, p: TsneRepulsionParams): number {
  const what = 'tsneRepulsion2d', heap = backend.heap;
  checkCount(p.n, `${what}: n`);
  checkCount(p.size, `${what}: size`);
  checkCount(3 * p.n, `${what}: elements of out`);
  checkCount(4 * p.size, `${what}: elements of cells`);
  heap.checkRange(p.y, 2 * p.n, 8, `${what}: y (n x 2)`);
  heap.checkRange(p.cells, 4 * p.size, 8, `${what}: cells (size x 4)`);
  heap.checkRange(p.next, p.size, 4, `${what}: next (size)`);
  const next = heap.i32(p.next, p.size);
  for (let t = 0; t < p.size; t++) {
    const v = next[t]!;
    if (!(v > t && v <= p.size)) throw new ShapeError(`${what}: next[${t}] = ${v}; expected an index in (${t}, ${p.size}]`);
  }
  if (p.out !== undefined) {
    heap.checkRange(p.out, 3 * p.n, 8, `${what}: out (n x 3)`);
    const end = p.out + 24 * p.n, disjoint = (ptr: number, bytes: number) => bytes === 0 || end <= ptr || ptr + bytes <= p.out!;
    if (p.n > 0 && !(disjoint(p.y, 16 * p.n) && disjoint(p.cells, 32 * p.size) && disjoint(p.next, 4 * p.size))) {
      throw new ShapeError(`${what}: out overlaps an input; the output must be a separate block`);
    }
  }
  const out = p.out ?? heap.alloc(24 * p.n);
  if (p.n > 0) backend.kernels.tsne_repulsion_2d_f64(p.n, p.y, p.cells, p.next, p.size, out);
  return out;
}
