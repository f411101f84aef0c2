// Reductions as kernel calls on tensors, unrecorded: the plan that views a reduction as
// [outer, axis, inner] (scattered axes are first moved to the end with one strided copy), and
// sumToShape, the adjoint of broadcasting. Backward functions run under noGrad and call
// sumToShape directly; this file imports no op, so elementwise and shape use it without a cycle.
import { contiguousStrides, reduce, type ReduceOp } from '@neurite/kernels';
import { ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { checkShape } from '../validate.ts';
import { checkTensor, emptyFresh, emptyTensor, type Tensor } from '../tensor.ts';
import { stridedCopy } from './strided-kernels.ts';

export interface ReducePlan {
  /** Input after moving the reduced axes to a contiguous block (may be the input itself; dispose it when it is not). */
  source: Tensor;
  outer: number;
  axis: number;
  inner: number;
  /** Output shape with keepdims and without. */
  keptShape: number[];
  shape: number[];
}

/** The reduction of x over `list` (axes already checked and normalized). */
export function reducePlan(x: Tensor, list: readonly number[]): ReducePlan {
  const set = [...new Set(list)].sort((a, b) => a - b);
  const keptShape = x.shape.map((d, i) => (set.includes(i) ? 1 : d));
  const shape = x.shape.filter((_, i) => !set.includes(i));
  let source = x;
  let lo = set[0] ?? x.rank, hi = set[set.length - 1] ?? x.rank - 1;
  if (set.length > 0 && hi - lo + 1 !== set.length) {
    const perm = [...x.shape.map((_, i) => i).filter((i) => !set.includes(i)), ...set];
    const strides = contiguousStrides(x.shape);
    const moved = perm.map((a) => x.shape[a]!);
    source = emptyFresh(moved, x.dtype);
    stridedCopy(x, 0, moved, perm.map((a) => strides[a]!), source, 0, contiguousStrides(moved));
    lo = x.rank - set.length;
    hi = x.rank - 1;
  }
  let outer = 1, axis = 1, inner = 1;
  source.shape.forEach((d, i) => {
    if (i < lo) outer *= d;
    else if (i <= hi) axis *= d;
    else inner *= d;
  });
  return { source, outer, axis, inner, keptShape, shape };
}

/** out = op over the plan's axis (one kernel call for every dtype). */
export function runReduce(op: ReduceOp, p: ReducePlan, out: Tensor): void {
  reduce(runtimeUnchecked().backend, op, p.source.storage.ptr, p.outer, p.axis, p.inner, { out: out.storage.ptr, dtype: p.source.dtype });
}

/**
 * The axes that sum `g` down to `shape` (null when the shapes already match). Throws ShapeError
 * unless g's shape is a broadcast of `shape`; allocates nothing.
 */
export function sumToAxes(g: Tensor, shape: readonly number[]): number[] | null {
  checkTensor(g, 'sumTo');
  checkShape(shape, 'sumTo');
  if (g.rank === shape.length && g.shape.every((d, i) => d === shape[i])) return null;
  const lead = g.rank - shape.length;
  if (lead < 0) throw new ShapeError(`sumTo: [${g.shape}] cannot be reduced to the larger rank [${shape}]`);
  const axes: number[] = [];
  g.shape.forEach((d, i) => {
    if (i < lead || (shape[i - lead] === 1 && d !== 1)) axes.push(i);
    else if (shape[i - lead] !== d) throw new ShapeError(`sumTo: [${g.shape}] is not a broadcast of [${shape}] (dimension ${i})`);
  });
  return axes;
}

/**
 * Sums `g` down to `shape` (the inverse of broadcasting `shape` to g's shape), unrecorded. Returns
 * g itself when the shapes already match.
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  const axes = sumToAxes(g, shape);
  if (axes === null) return g;
  const p = reducePlan(g, axes);
  try {
    const out = emptyTensor(shape, g.dtype, 'sumTo');
    runReduce('sum', p, out);
    return out;
  } finally {
    if (p.source !== g) p.source.dispose();
  }
}
