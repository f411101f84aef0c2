// Sorting along one dimension: sort, argsort and topk, with PyTorch's names and semantics.
// The order itself is computed here in TypeScript (the kernels have no sort): choosing a
// permutation is comparison work with no arithmetic to hand over, and it is the only loop in this
// file. Values are then picked with indexSelect, so their gradient flows back through the
// primitives (scattered to the positions they came from).
// Order: NaN sorts as larger than every number (last ascending, first descending), as in PyTorch.
// Every sort here is stable (ties keep their input order); `stable` is accepted for parity.
import { atomic } from '../scope.ts';
import { checkTensor, emptyTensor, type Tensor } from '../tensor.ts';
import { checkAxis, checkFlag, checkInteger, optionsOf } from '../validate.ts';
import { indexSelect } from './gather.ts';
import { permute, reshape } from './shape.ts';

export interface SortOptions {
  /** Dimension to sort along (default -1). */
  dim?: number;
  /** Largest first (default false). */
  descending?: boolean;
  /** Accepted for parity with PyTorch: every sort here is stable. */
  stable?: boolean;
}

export interface TopkOptions {
  /** Dimension to select along (default -1). */
  dim?: number;
  /** The k largest (default true) or the k smallest. */
  largest?: boolean;
  /** Accepted for parity with PyTorch: the result is always sorted (largest first when `largest`). */
  sorted?: boolean;
}

export interface SortResult {
  /** The sorted (or selected) values; differentiable. */
  values: Tensor;
  /** int32 positions of the values along `dim` in the input. */
  indices: Tensor;
}

/** Ascending total order with NaN last. */
function ascending(a: number, b: number): number {
  if (a !== a) return b !== b ? 0 : 1;
  if (b !== b) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Moves `dim` last (a permuted copy when it is not already last) and returns the undo permutation. */
function moveLast(x: Tensor, dim: number): { moved: Tensor; undo: number[] | null } {
  if (dim === x.rank - 1) return { moved: x, undo: null };
  const perm = x.shape.map((_, i) => i).filter((i) => i !== dim);
  perm.push(dim);
  const undo = new Array<number>(perm.length);
  perm.forEach((p, i) => (undo[p] = i));
  return { moved: permute(x, perm), undo };
}

/** The first `k` of each row of the permutation that sorts `x` along `dim`. */
function select(x: Tensor, dim: number, k: number, descending: boolean, what: string): SortResult {
  return atomic(() => {
    if (x.rank === 0) {
      // A scalar is a one-element row; the result keeps rank 0 (k = 1) or is empty (k = 0).
      const row = reshape(x, [1]);
      const r = select(row, 0, k, descending, what);
      row.dispose();
      if (k === 0) return r;
      const values = reshape(r.values, []), indices = reshape(r.indices, []);
      r.values.dispose();
      r.indices.dispose();
      return { values, indices };
    }
    const { moved, undo } = moveLast(x, dim);
    const n = x.shape[dim] ?? 1;
    const rows = n === 0 ? 0 : moved.size / n;
    const outShape = [...moved.shape.slice(0, -1), k];
    const local = emptyTensor(outShape, 'int32', what);
    const flat = emptyTensor([rows * k], 'int32', what);
    // The selection loop (see the header): views are taken after the last allocation.
    const data = moved.view(), lv = local.view(), fv = flat.view();
    const order = new Int32Array(n);
    let base = 0;
    const cmp = descending ? (i: number, j: number) => ascending(data[base + j]!, data[base + i]!) : (i: number, j: number) => ascending(data[base + i]!, data[base + j]!);
    for (let r = 0; r < rows; r++) {
      base = r * n;
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort(cmp);
      for (let i = 0; i < k; i++) {
        lv[r * k + i] = order[i]!;
        fv[r * k + i] = base + order[i]!;
      }
    }
    const source = reshape(moved, [moved.size]);
    const picked = indexSelect(source, 0, flat);
    const shaped = reshape(picked, outShape);
    const values = undo === null ? shaped : permute(shaped, undo);
    const indices = undo === null ? local : permute(local, undo);
    for (const t of [source, picked, shaped, local, flat, moved]) if (t !== values && t !== indices && t !== x) t.dispose();
    return { values, indices };
  });
}

/** Sorts along `dim` (default -1): `{ values, indices }` as torch.sort. A rank-0 tensor sorts to itself. */
export function sort(x: Tensor, options?: SortOptions): SortResult {
  checkTensor(x, 'sort');
  const o = optionsOf(options, 'sort');
  const dim = x.rank === 0 ? 0 : checkAxis(o.dim ?? -1, x.rank, 'sort: dim');
  const descending = checkFlag(o.descending, false, 'sort: descending');
  checkFlag(o.stable, false, 'sort: stable');
  return select(x, dim, x.shape[dim] ?? 1, descending, 'sort');
}

/** int32 indices that sort `x` along `dim` (torch.argsort). */
export function argsort(x: Tensor, options?: SortOptions): Tensor {
  const { values, indices } = sort(x, options);
  values.dispose();
  return indices;
}

/**
 * The k largest (or smallest) elements along `dim` (default -1) and their int32 indices, as
 * torch.topk. Differences: the result is always sorted, and ties keep their input order.
 */
export function topk(x: Tensor, k: number, options?: TopkOptions): SortResult {
  checkTensor(x, 'topk');
  const o = optionsOf(options, 'topk');
  const dim = x.rank === 0 ? 0 : checkAxis(o.dim ?? -1, x.rank, 'topk: dim');
  const n = x.shape[dim] ?? 1;
  checkInteger(k, `topk: k (dimension ${dim} has size ${n})`, 0, n);
  const largest = checkFlag(o.largest, true, 'topk: largest');
  checkFlag(o.sorted, true, 'topk: sorted');
  return select(x, dim, k, largest, 'topk');
}
