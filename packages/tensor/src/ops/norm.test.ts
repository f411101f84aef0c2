import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, cast, DTypeError, init, rand, scope, ShapeError, tensor, zeros } from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';
import { norm } from './norm.ts';

beforeAll(async () => {
  await init();
});

describe('norm', () => {
  const x = () => tensor([[3, -4, 0], [1, 2, -2]]);

  it('vector norms over all dims and over chosen dims (hand-checked, torch.norm semantics)', () => {
    expectNoLeak(() => scope(() => {
      expectClose(norm(x()), Math.sqrt(34));
      expectClose(norm(x(), { p: 'fro', dim: [0, 1] }), Math.sqrt(34));
      expectClose(norm(x(), { dim: 1 }), [5, 3]);
      expectClose(norm(x(), { p: 1, dim: 1 }), [7, 5]);
      expectClose(norm(x(), { p: Infinity, dim: 0 }), [3, 4, 2]);
      expectClose(norm(x(), { p: -Infinity, dim: 1 }), [0, 1]);
      expectClose(norm(x(), { p: 0 }), 5);
      expectClose(norm(x(), { p: 3, dim: -1, keepdim: true }), [[Math.cbrt(91)], [Math.cbrt(17)]], { atol: 1e-5, rtol: 1e-6 });
      expectClose(norm(x(), { p: 0.5, dim: 0 }), [(Math.sqrt(3) + 1) ** 2, (2 + Math.sqrt(2)) ** 2, 2], { atol: 1e-5, rtol: 1e-6 });
      expect(norm(cast(x(), 'float64')).dtype).toBe('float64');
      expectClose(norm(tensor([[], []]), { dim: 1 }), [0, 0]);
    }));
  });

  it('rejects bad arguments with typed errors', () => {
    expectNoLeak(() => scope(() => {
      expect(() => norm(x(), { p: 'nuc' })).toThrow(ArgumentError);
      expect(() => norm(x(), { p: 'max' as 'fro' })).toThrow(ArgumentError);
      expect(() => norm(x(), { p: NaN })).toThrow(ArgumentError);
      expect(() => norm(cast(x(), 'int32'))).toThrow(DTypeError);
      expect(() => norm(x(), { dim: [1, 1] })).toThrow(ShapeError);
      expect(() => norm(x(), { dim: 2 })).toThrow(ShapeError);
    }));
  });

  it('gradients (gradCheck) for every order away from zeros and ties', () => {
    expectNoLeak(() => scope(() => {
      const v = tensor([[0.7, -1.3, 0.4], [-0.2, 0.9, 1.6]]);
      for (const p of ['fro', 1, 2, 3, 0.5, Infinity, -Infinity] as const) {
        gradCheck((t) => norm(t, { p }), [v]);
        gradCheck((t) => norm(t, { p, dim: 1, keepdim: true }), [v]);
      }
      gradCheck((t) => norm(t, { dim: [0, 2] }), [rand([2, 3, 2], { seed: 4, low: 0.1 })]);
    }));
  });

  it('the 2-norm gradient is 0 at a zero norm, as in PyTorch', () => {
    expectNoLeak(() => scope(() => {
      const z = tensor([[0, 0], [3, 4]]).setRequiresGrad(true);
      norm(z, { dim: 1 }).backward(tensor([1, 1]));
      expectClose(z.grad!, [[0, 0], [0.6, 0.8]]);
      const all0 = zeros([3]).setRequiresGrad(true);
      norm(all0).backward();
      expectClose(all0.grad!, [0, 0, 0]);
    }));
  });
});
