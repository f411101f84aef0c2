import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, cast, init, matmul, rand, scope, ShapeError, sum, tensor, transpose } from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';
import { einsum } from './einsum.ts';

beforeAll(async () => {
  await init();
});

describe('einsum', () => {
  it('hand-checked small cases: matmul, trace, diagonal, outer, transpose, sums', () => {
    expectNoLeak(() => scope(() => {
      const a = tensor([[1, 2], [3, 4]]), b = tensor([[5, 6], [7, 8]]);
      expect(einsum('ij,jk->ik', a, b).toNested()).toEqual([[19, 22], [43, 50]]);
      expect(einsum('ij,jk', a, b).toNested()).toEqual([[19, 22], [43, 50]]);
      expect(einsum('ii', a).item()).toBe(5);
      expect(einsum('ii->i', a).toNested()).toEqual([1, 4]);
      expect(einsum('i,j->ij', tensor([1, 2]), tensor([3, 4, 5])).toNested()).toEqual([[3, 4, 5], [6, 8, 10]]);
      expect(einsum('ij->ji', a).toNested()).toEqual([[1, 3], [2, 4]]);
      expect(einsum('ji', a).toNested()).toEqual([[1, 3], [2, 4]]);
      expect(einsum('ij->', a).item()).toBe(10);
      expect(einsum('ij->j', a).toNested()).toEqual([4, 6]);
      expect(einsum('ij,ij->', a, b).item()).toBe(70);
      expect(einsum(' i j , j k -> i k ', a, b).toNested()).toEqual([[19, 22], [43, 50]]);
      const same = einsum('ij->ij', a);
      expect(same).not.toBe(a);
      expect(same.toNested()).toEqual([[1, 2], [3, 4]]);
    }));
  });

  it('batched, broadcast (...) and multi-operand cases agree with matmul', () => {
    expectNoLeak(() => scope(() => {
      const x = rand([3, 2, 4], { seed: 1 }), y = rand([3, 4, 5], { seed: 2 }), z = rand([5, 2], { seed: 3 });
      const tol = { atol: 1e-5 * Math.sqrt(8), rtol: 1e-4 };
      expectClose(einsum('bij,bjk->bik', x, y), matmul(x, y), tol);
      expectClose(einsum('...ij,...jk->...ik', x, y), matmul(x, y), tol);
      expectClose(einsum('...ij,jk->...ik', y, z), matmul(y, z), tol);
      expectClose(einsum('bij,bjk,kl->bil', x, y, z), matmul(matmul(x, y), z), tol);
      expectClose(einsum('bij,bkj->bik', x, x), matmul(x, transpose(x)), tol);
      expectClose(einsum('bij->', x), sum(x), tol);
      const x64 = cast(x, 'float64');
      expect(einsum('bij,bij->b', x64, x64).dtype).toBe('float64');
      expect(einsum('ij,jk->ik', cast(tensor([[1, 2]]), 'int32'), cast(tensor([[3], [4]]), 'int32')).toNested()).toEqual([[11]]);
      expect(einsum('ij,jk->ik', rand([2, 0]), rand([0, 3])).toNested()).toEqual([[0, 0, 0], [0, 0, 0]]);
    }));
  });

  it('rejects malformed equations and mismatched sizes with typed errors', () => {
    expectNoLeak(() => scope(() => {
      const a = rand([2, 3]);
      expect(() => einsum('ij,jk', a)).toThrow(ArgumentError);
      expect(() => einsum('ij->ii', a)).toThrow(ArgumentError);
      expect(() => einsum('ij->k', a)).toThrow(ArgumentError);
      expect(() => einsum('i1', a)).toThrow(ArgumentError);
      expect(() => einsum('ij->i->j', a)).toThrow(ArgumentError);
      expect(() => einsum('......', a)).toThrow(ArgumentError);
      expect(() => einsum('ijk', a)).toThrow(ShapeError);
      expect(() => einsum('ii', a)).toThrow(ShapeError);
      expect(() => einsum('ij,ij', a, rand([3, 2]))).toThrow(ShapeError);
      expect(() => einsum(3 as unknown as string, a)).toThrow(ArgumentError);
      expect(() => einsum('ij')).toThrow(ArgumentError);
    }));
  });

  it('gradients through every path (gradCheck)', () => {
    expectNoLeak(() => scope(() => {
      gradCheck((p, q) => einsum('bij,bjk->bik', p, q), [rand([2, 2, 3], { seed: 4 }), rand([2, 3, 2], { seed: 5 })]);
      gradCheck((p) => einsum('ii->i', p), [rand([3, 3], { seed: 6 })]);
      gradCheck((p) => einsum('iji->j', p), [rand([2, 3, 2], { seed: 7 })]);
      gradCheck((p, q) => einsum('i,j->ij', p, q), [rand([3], { seed: 8 }), rand([2], { seed: 9 })]);
      gradCheck((p, q, r) => einsum('ij,jk,kl->il', p, q, r), [rand([2, 3], { seed: 10 }), rand([3, 2], { seed: 11 }), rand([2, 2], { seed: 12 })]);
      gradCheck((p, q) => einsum('...ij,j->...i', p, q), [rand([2, 2, 3], { seed: 13 }), rand([1], { seed: 14 })]);
    }));
  });
});
