import { beforeAll, describe, expect, it } from 'vitest';
import { cast, init, linear, matmul, rand, scope, ShapeError, tensor, zeros } from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';

beforeAll(async () => {
  await init();
});

const tol = (k: number) => ({ atol: 1e-5 * Math.sqrt(k), rtol: 1e-4 });

describe('matmul', () => {
  const cases: [number[], number[], number[]][] = [
    [[3, 4], [4, 5], [3, 5]], [[1, 7], [7, 1], [1, 1]], [[17, 3], [3, 9], [17, 9]], [[4], [4, 3], [3]], [[3, 4], [4], [3]], [[4], [4], []],
    [[2, 3, 4], [4, 5], [2, 3, 5]], [[4, 5], [2, 5, 3], [2, 4, 3]], [[2, 1, 3, 4], [3, 4, 2], [2, 3, 3, 2]], [[2, 3, 4], [2, 4, 5], [2, 3, 5]],
    [[3, 0], [0, 4], [3, 4]], [[0, 3], [3, 2], [0, 2]],
  ];
  it('batched and broadcast shapes match NumPy and the float64 path', () => {
    expectNoLeak(() => scope(() => {
      for (const [sa, sb, so] of cases) {
        const a = rand(sa, { seed: 1, low: -1 }), b = rand(sb, { seed: 2, low: -1 });
        const y = matmul(a, b);
        expect(y.shape).toEqual(so);
        expectClose(y, cast(matmul(cast(a, 'float64'), cast(b, 'float64')), 'float32'), tol(sa[sa.length - 1]!));
      }
    }));
  });

  it('matmul([m,0],[0,n]) is zeros', () => {
    scope(() => {
      expectClose(matmul(zeros([2, 0]), zeros([0, 3])), [[0, 0, 0], [0, 0, 0]]);
    });
  });

  it('gradients pass gradCheck, including broadcast batches and vectors', () => {
    expectNoLeak(() => scope(() => {
      gradCheck(matmul, [rand([3, 4], { seed: 3, low: -1 }), rand([4, 2], { seed: 4, low: -1 })]);
      gradCheck(matmul, [rand([2, 3, 4], { seed: 5, low: -1 }), rand([4, 2], { seed: 6, low: -1 })]);
      gradCheck(matmul, [rand([3, 4], { seed: 7, low: -1 }), rand([2, 4, 2], { seed: 8, low: -1 })]);
      gradCheck(matmul, [rand([4], { seed: 9, low: -1 }), rand([4, 3], { seed: 10, low: -1 })]);
      gradCheck(matmul, [rand([2, 1, 2, 3], { seed: 11, low: -1 }), rand([2, 3, 2], { seed: 12, low: -1 })]);
    }));
  });

  it('inner-dimension mismatch is a ShapeError naming both shapes', () => {
    scope(() => {
      expect(() => matmul(rand([2, 3]), rand([4, 2]))).toThrow(ShapeError);
      expect(() => matmul(rand([2, 3]), rand([4, 2]))).toThrow(/a \[2,3\] has k = 3, b \[4,2\] has k = 4/);
    });
  });
});

describe('linear', () => {
  for (const activation of ['none', 'relu', 'sigmoid', 'tanh', 'gelu', 'geluTanh'] as const) {
    for (const weightLayout of ['io', 'oi'] as const) {
      it(`act(x W + b) with ${activation}, weight ${weightLayout}: forward and gradCheck`, () => {
        expectNoLeak(() => scope(() => {
          const x = rand([5, 3], { seed: 1, low: -1 });
          const w = rand(weightLayout === 'io' ? [3, 4] : [4, 3], { seed: 2, low: -1 });
          const b = rand([4], { seed: 3, low: -1 });
          const y = linear(x, w, b, { activation, weightLayout });
          expectClose(y, cast(linear(cast(x, 'float64'), cast(w, 'float64'), cast(b, 'float64'), { activation, weightLayout }), 'float32'), tol(3));
          // Inputs shifted away from relu's kink at 0.
          const xs = rand([2, 3], { seed: 4, low: 0.2, high: 1 });
          gradCheck((p, q, r) => linear(p, q, r, { activation, weightLayout }), [xs, w, b]);
        }));
      });
    }
  }
  it('works without bias and on batched inputs', () => {
    scope(() => {
      const x = tensor([[[1, 2]], [[3, 4]]]);
      const w = tensor([[1, 0, 1], [0, 1, 1]]);
      expect(linear(x, w).toNested()).toEqual([[[1, 2, 3]], [[3, 4, 7]]]);
      expect(() => linear(x, rand([3, 3]))).toThrow(/must end in 3 features/);
    });
  });
});
