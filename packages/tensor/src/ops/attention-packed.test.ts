import { beforeAll, describe, expect, it } from 'vitest';
import { grad, init, mul, packedSelfAttention, rand, reshape, scaledDotProductAttention, scope, ShapeError, split, sum, type Tensor } from '../index.ts';
import { expectClose, expectNoLeak } from '../testing.ts';

beforeAll(async () => {
  await init();
});

/** The same attention on the split projection: q, k, v copied out of qkv, [B, T, H, D] each. */
function fromSplit(qkv: Tensor, h: number, options: Parameters<typeof packedSelfAttention>[2]): Tensor {
  const [b, t, w] = qkv.shape as [number, number, number], d = w / 3 / h;
  const [q, k, v] = split(qkv, 3, -1).map((x) => reshape(x, [b, t, h, d])) as [Tensor, Tensor, Tensor];
  return scaledDotProductAttention(q, k, v, { ...options, layout: 'bthd' });
}

describe('packedSelfAttention', () => {
  it('gives the split projection\'s attention and gradient bit for bit (float32 and float64; causal, window, key padding, additive mask)', () => {
    expectNoLeak(() => scope(() => {
      const pad = (b: number, t: number) => rand([b, t], { seed: 5 }).gt(0.8);
      for (const dtype of ['float32', 'float64'] as const) {
        for (const [b, t, h, d] of [[1, 1, 1, 1], [2, 9, 3, 5], [3, 66, 4, 16], [1, 70, 2, 24]] as const) {
          const qkv = rand([b, t, 3 * h * d], { seed: t + d, low: -2, high: 2, dtype });
          const up = rand([b, t, h, d], { seed: t, dtype });
          const masks = [
            {}, { causal: true }, { causal: true, window: 5 }, { keyPaddingMask: pad(b, t) },
            { attnMask: rand([t, t], { seed: 3, dtype }), causal: true },
          ];
          for (const options of masks) {
            const got = packedSelfAttention(qkv, h, options), want = fromSplit(qkv, h, options);
            expect(got.shape).toEqual([b, t, h, d]);
            expectClose(got, want, { atol: 0, rtol: 0 });
            const [g] = grad((x: Tensor) => sum(mul(packedSelfAttention(x, h, options), up)))(qkv);
            const [w] = grad((x: Tensor) => sum(mul(fromSplit(x, h, options), up)))(qkv);
            expectClose(g!, w!, { atol: 0, rtol: 0 });
          }
        }
      }
    }));
  });

  it('rejects a last axis that is not 3 * heads * D, a layout and int32', () => {
    expectNoLeak(() => scope(() => {
      expect(() => packedSelfAttention(rand([1, 4, 10]), 2)).toThrow(ShapeError);
      expect(() => packedSelfAttention(rand([4, 12]), 2)).toThrow(ShapeError);
      expect(() => packedSelfAttention(rand([1, 4, 12]), 2, { layout: 'bhtd' } as never)).toThrow(ShapeError);
    }));
  });
});
