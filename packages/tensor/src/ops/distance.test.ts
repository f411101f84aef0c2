import { beforeAll, describe, expect, it } from 'vitest';
import {
  ArgumentError, cast, cdist, DTypeError, init, pairwiseSquaredDistances, rand, scope, ShapeError, sum, type Tensor, tensor, zeros,
} from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';

beforeAll(async () => {
  await init();
});

/** ||x_i - y_j||^2 from the definition, in float64, for [..., m, d] and [..., n, d]. */
function naive(x: Tensor, y: Tensor): Float64Array {
  const r = x.rank, m = x.shape[r - 2]!, n = y.shape[r - 2]!, d = x.shape[r - 1]!;
  const batch = x.size / Math.max(m * d, 1) || x.shape.slice(0, r - 2).reduce((p, v) => p * v, 1);
  const xv = x.toArray(), yv = y.toArray(), out = new Float64Array(batch * m * n);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += (xv[(b * m + i) * d + k]! - yv[(b * n + j) * d + k]!) ** 2;
        out[(b * m + i) * n + j] = s;
      }
    }
  }
  return out;
}

describe('pairwiseSquaredDistances and cdist', () => {
  it('match the definition for float32 and float64 at awkward sizes, batched too', () => {
    expectNoLeak(() => scope(() => {
      for (const [m, n, d] of [[1, 1, 1], [3, 5, 17], [17, 4, 3], [65, 7, 8], [4, 3, 0], [0, 3, 2]] as const) {
        for (const dtype of ['float32', 'float64'] as const) {
          const x = rand([m, d], { seed: m + 1, low: -1, dtype }), y = rand([n, d], { seed: n + 2, low: -1, dtype });
          const want = naive(x, y);
          const tol = dtype === 'float32' ? { atol: 1e-5 * Math.sqrt(d + 1) * 4, rtol: 1e-4 } : { atol: 1e-13 * (d + 1), rtol: 1e-12 };
          const d2 = pairwiseSquaredDistances(x, y);
          expect(d2.shape).toEqual([m, n]);
          expectClose(d2, want, { ...tol, dtype });
          expectClose(cdist(x, y), want.map(Math.sqrt), { atol: Math.sqrt(tol.atol), rtol: 1e-4, dtype });
        }
      }
      const xb = rand([2, 3, 5], { seed: 7, dtype: 'float64' }), yb = rand([2, 4, 5], { seed: 8, dtype: 'float64' });
      const db = pairwiseSquaredDistances(xb, yb);
      expect(db.shape).toEqual([2, 3, 4]);
      expectClose(db, naive(xb, yb), { atol: 1e-13, rtol: 1e-12 });
    }));
  });

  it('gradients pass gradCheck in float64 and match it in float32', () => {
    expectNoLeak(() => scope(() => {
      const x = rand([4, 3], { seed: 11, low: -1, dtype: 'float64' }), y = rand([5, 3], { seed: 12, low: -1, dtype: 'float64' });
      gradCheck(pairwiseSquaredDistances, [x, y]);
      gradCheck(cdist, [x, y]);
      gradCheck(pairwiseSquaredDistances, [rand([2, 3, 2], { seed: 13, dtype: 'float64' }), rand([2, 2, 2], { seed: 14, dtype: 'float64' })]);
      const x32 = cast(x, 'float32').setRequiresGrad(), y32 = cast(y, 'float32').setRequiresGrad();
      const x64 = x.detach().setRequiresGrad(), y64 = y.detach().setRequiresGrad();
      sum(cdist(x32, y32)).backward();
      sum(cdist(x64, y64)).backward();
      expectClose(x32.grad!, cast(x64.grad!, 'float32'), { rtol: 1e-3, atol: 1e-4 });
      expectClose(y32.grad!, cast(y64.grad!, 'float32'), { rtol: 1e-3, atol: 1e-4 });
    }));
  });

  it('cdist has a zero gradient at a zero distance (as PyTorch), not NaN', () => {
    expectNoLeak(() => scope(() => {
      const x = tensor([[1, 2], [3, 5]], undefined, { dtype: 'float64' }).setRequiresGrad();
      const y = tensor([[1, 2]], undefined, { dtype: 'float64' }).setRequiresGrad();
      sum(cdist(x, y)).backward();
      // Row 0 coincides with y: no gradient; row 1 is at distance 5 along (2, 3)/sqrt(13).
      const s = Math.sqrt(13);
      expectClose(x.grad!, [[0, 0], [2 / s, 3 / s]], { atol: 1e-12, rtol: 1e-12 });
      expectClose(y.grad!, [[-2 / s, -3 / s]], { atol: 1e-12, rtol: 1e-12 });
    }));
  });

  it('rejects int32, mixed dtypes, mismatched features or batches and p other than 2 before allocating', () => {
    expectNoLeak(() => scope(() => {
      const a = zeros([3, 2]), b = zeros([4, 2]);
      expect(() => pairwiseSquaredDistances(zeros([3, 2], { dtype: 'int32' }), zeros([4, 2], { dtype: 'int32' }))).toThrow(DTypeError);
      expect(() => cdist(a, zeros([4, 2], { dtype: 'float64' }))).toThrow(DTypeError);
      expect(() => cdist(a, zeros([4, 3]))).toThrow(ShapeError);
      expect(() => cdist(zeros([2, 3, 2]), zeros([3, 4, 2]))).toThrow(ShapeError);
      expect(() => cdist(zeros([3]), zeros([3]))).toThrow(ShapeError);
      expect(() => cdist(a, b, 1)).toThrow(ArgumentError);
    }));
  });
});
