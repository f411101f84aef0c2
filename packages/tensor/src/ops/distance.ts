// Pairwise distances between the rows of two point sets (kNN, k-means, kernel matrices):
// pairwiseSquaredDistances and cdist (PyTorch's torch.cdist for p = 2). One pairwise-distance
// kernel call per batch matrix, float32 or float64.
//
// Gradient of D[i, j] = ||x_i - y_j||^2 with upstream G:
//   dX = 2 (rowsum(G) * X - G Y),   dY = 2 (colsum(G) * Y - G^T X).
// cdist = sqrt(D); its gradient is 0 where a distance is 0 (PyTorch's convention), not NaN.
import { pairwiseSquaredDistances as pairwiseKernel, unary } from '@neurite/kernels';
import { record } from '../autograd/record.ts';
import { BYTES_PER_ELEMENT } from '../dtype.ts';
import { ArgumentError, DTypeError, ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { atomic } from '../scope.ts';
import { checkTensor, emptyTensor, type Tensor } from '../tensor.ts';
import { checkShape, describeValue } from '../validate.ts';
import { add, div, eq, gt, mul, sub } from './elementwise.ts';
import { matmul } from './matmul.ts';
import { sum } from './reduce.ts';
import { transpose } from './shape.ts';

/** Checks x [..., m, d] and y [..., n, d] (same batch dims, one float dtype); returns the output shape. */
function checkPair(x: Tensor, y: Tensor, what: string): number[] {
  checkTensor(x, `${what}: x1`);
  checkTensor(y, `${what}: x2`);
  if (x.dtype === 'int32' || x.dtype !== y.dtype) {
    throw new DTypeError(`${what}: x1 and x2 must share one float dtype, got ${x.dtype} and ${y.dtype}`);
  }
  if (x.rank < 2 || x.rank !== y.rank) {
    throw new ShapeError(`${what}: x1 and x2 must be [..., P, M] and [..., R, M] of one rank >= 2, got [${x.shape}] and [${y.shape}]`);
  }
  const r = x.rank;
  if (x.shape[r - 1] !== y.shape[r - 1]) {
    throw new ShapeError(`${what}: x1 [${x.shape}] and x2 [${y.shape}] must have the same number of features (last dimension)`);
  }
  for (let i = 0; i < r - 2; i++) {
    if (x.shape[i] !== y.shape[i]) throw new ShapeError(`${what}: batch dimensions differ: x1 [${x.shape}], x2 [${y.shape}]`);
  }
  return checkShape([...x.shape.slice(0, r - 2), x.shape[r - 2]!, y.shape[r - 2]!], what);
}

/** The squared distances of every batch matrix (not recorded). */
function squaredDistances(x: Tensor, y: Tensor, shape: number[], what: string): Tensor {
  const r = x.rank, m = x.shape[r - 2]!, n = y.shape[r - 2]!, d = x.shape[r - 1]!;
  const out = emptyTensor(shape, x.dtype, what);
  const dtype = x.dtype === 'float64' ? 'float64' : 'float32';
  const bytes = BYTES_PER_ELEMENT[dtype], batch = m * n === 0 ? 0 : out.size / (m * n);
  const backend = runtimeUnchecked().backend;
  for (let b = 0; b < batch; b++) {
    pairwiseKernel(backend, {
      dtype, m, n, d, x: x.storage.ptr + b * m * d * bytes, y: y.storage.ptr + b * n * d * bytes, out: out.storage.ptr + b * m * n * bytes,
    });
  }
  return out;
}

/** Gradients of the squared distances with upstream `g` (backward runs without grad: composed of ops). */
function squaredDistancesBackward(g: Tensor, x: Tensor, y: Tensor, need: readonly boolean[]): [Tensor | null, Tensor | null] {
  const half = (points: Tensor, weights: Tensor, mixed: Tensor): Tensor => {
    const scaled = mul(points, weights);
    const diff = sub(scaled, mixed);
    const r = mul(diff, 2);
    for (const t of [scaled, diff]) t.dispose();
    return r;
  };
  let gx: Tensor | null = null, gy: Tensor | null = null;
  if (need[0]) {
    const rows = sum(g, -1, true);
    const gY = matmul(g, y);
    gx = half(x, rows, gY);
    rows.dispose();
    gY.dispose();
  }
  if (need[1]) {
    const gt_ = transpose(g);
    const cols = sum(gt_, -1, true);
    const gX = matmul(gt_, x);
    gy = half(y, cols, gX);
    for (const t of [gt_, cols, gX]) t.dispose();
  }
  return [gx, gy];
}

/**
 * Squared Euclidean distances between the rows of x1 [..., P, M] and x2 [..., R, M]: [..., P, R]
 * (batch dimensions must match). Computed as ||a||^2 + ||b||^2 - 2 a.b through one GEMM per batch
 * matrix and clamped at 0, so near-duplicate rows may give 0 (absolute error about
 * eps (||a||^2 + ||b||^2)). Differentiable.
 */
export function pairwiseSquaredDistances(x1: Tensor, x2: Tensor): Tensor {
  return atomic(() => {
    const shape = checkPair(x1, x2, 'pairwiseSquaredDistances');
    const out = squaredDistances(x1, x2, shape, 'pairwiseSquaredDistances');
    return record('pairwiseSquaredDistances', [x1, x2], out, [x1, x2], (g, [x, y], need) => squaredDistancesBackward(g, x!, y!, need));
  });
}

/**
 * Euclidean distances between the rows of x1 [..., P, M] and x2 [..., R, M]: [..., P, R], as
 * PyTorch's `torch.cdist(x1, x2, p=2)` (only p = 2 is supported). The gradient is 0 where a
 * distance is 0.
 */
export function cdist(x1: Tensor, x2: Tensor, p = 2): Tensor {
  return atomic(() => {
    if (p !== 2) throw new ArgumentError(`cdist: only p = 2 is supported, got ${describeValue(p)}`);
    const shape = checkPair(x1, x2, 'cdist');
    const out = squaredDistances(x1, x2, shape, 'cdist');
    const dtype = out.dtype === 'float64' ? 'float64' : 'float32';
    unary(runtimeUnchecked().backend, 'sqrt', out.storage.ptr, out.size, { out: out.storage.ptr, dtype });
    return record('cdist', [x1, x2], out, [x1, x2, out], (g, [x, y, dist], need) => {
      // d sqrt(D) / dD = 1 / (2 sqrt(D)), and 0 where the distance is 0.
      // Zero distances divide by 1 instead of 0, then are masked out.
      const positive = gt(dist!, 0);
      const zero = eq(dist!, 0);
      const twice = mul(dist!, 2);
      const denominator = add(twice, zero);
      const ratio = div(g, denominator);
      const gd = mul(ratio, positive);
      for (const t of [positive, zero, twice, denominator, ratio]) t.dispose();
      const grads = squaredDistancesBackward(gd, x!, y!, need);
      gd.dispose();
      return grads;
    });
  });
}
