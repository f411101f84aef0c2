// The repulsive forces of 2-D Barnes-Hut t-SNE (van der Maaten 2014) over a quadtree the caller
// flattened in depth-first pre-order (@neurite/ml's TSNE builds it every iteration): one kernel
// sweep per point. Not differentiable (t-SNE's gradient is this value).
import { tsneRepulsion2d as repulsionKernel } from '@neurite/kernels';
import { DTypeError, ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { checkTensor, emptyTensor, type Tensor } from '../tensor.ts';

/**
 * For points [n, 2], cells [size, 4] (float64: centre of mass x, y; point count; width² / angle²
 * for an inner cell, -1 for a leaf) and next [size] (int32: the index just past each cell's subtree,
 * in (t, size]), each point sweeps the cells: one whose threshold is below the squared distance d²
 * to its centre of mass is summarised, the sweep jumping to next[t]; otherwise it is entered (t + 1).
 * Returns [n, 3] float64: per point sum c w² (y_i - centre) (two columns) and Z_i = sum c w over the
 * summarised cells, w = 1 / (1 + d²); a point's own leaf (d² = 0) adds its count - 1 to Z_i only.
 */
export function tsneRepulsion2d(points: Tensor, cells: Tensor, next: Tensor): Tensor {
  const what = 'tsneRepulsion2d';
  checkTensor(points, `${what}: points`);
  checkTensor(cells, `${what}: cells`);
  checkTensor(next, `${what}: next`);
  if (points.dtype !== 'float64' || cells.dtype !== 'float64') {
    throw new DTypeError(`${what}: points and cells must be float64, got ${points.dtype} and ${cells.dtype}`);
  }
  if (next.dtype !== 'int32') throw new DTypeError(`${what}: next must be int32, got ${next.dtype}`);
  if (points.rank !== 2 || points.shape[1] !== 2) throw new ShapeError(`${what}: points must be [n, 2], got [${points.shape}]`);
  if (cells.rank !== 2 || cells.shape[1] !== 4) throw new ShapeError(`${what}: cells must be [size, 4], got [${cells.shape}]`);
  if (next.rank !== 1 || next.shape[0] !== cells.shape[0]) throw new ShapeError(`${what}: next must be [${cells.shape[0]}] (one per cell), got [${next.shape}]`);
  const n = points.shape[0]!, size = cells.shape[0]!, jumps = next.view();
  // Checked before the output exists (the kernel's wrapper checks again): a backward jump could loop forever.
  for (let t = 0; t < size; t++) {
    if (!(jumps[t]! > t && jumps[t]! <= size)) throw new ShapeError(`${what}: next[${t}] = ${jumps[t]}; expected an index in (${t}, ${size}]`);
  }
  const out = emptyTensor([n, 3], 'float64', what);
  repulsionKernel(runtimeUnchecked().backend, { n, y: points.storage.ptr, size, cells: cells.storage.ptr, next: next.storage.ptr, out: out.storage.ptr });
  return out;
}
