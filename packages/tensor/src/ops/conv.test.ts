import { beforeAll, describe, expect, it } from 'vitest';
import { avgPool2d, cast, conv2d, gelu, geluTanh, init, maxPool2d, mul, rand, scope, ShapeError, sum, tensor } from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';

beforeAll(async () => {
  await init();
});

describe('conv2d', () => {
  const configs = [
    { stride: 1, padding: 0 }, { stride: 2, padding: 1 }, { stride: 1, padding: 'same' as const }, { stride: 1, padding: 1, dilation: 2 },
  ];
  for (const cfg of configs) {
    it(`NHWC/HWIO ${JSON.stringify(cfg)}: float32 matches float64 and gradients pass gradCheck`, () => {
      expectNoLeak(() => scope(() => {
        const x = rand([2, 5, 6, 3], { seed: 1, low: -1 });
        const w = rand([3, 3, 3, 4], { seed: 2, low: -1 });
        const b = rand([4], { seed: 3, low: -1 });
        const y = conv2d(x, w, { ...cfg, bias: b });
        expectClose(y, cast(conv2d(cast(x, 'float64'), cast(w, 'float64'), { ...cfg, bias: cast(b, 'float64') }), 'float32'), { atol: 1e-5 * Math.sqrt(27), rtol: 1e-4 });
        gradCheck((p, q, r) => conv2d(p, q, { ...cfg, bias: r }), [rand([1, 4, 4, 2], { seed: 4, low: -1 }), rand([3, 3, 2, 2], { seed: 5, low: -1 }), rand([2], { seed: 6 })]);
      }));
    });
  }

  it('float64 (im2col on the GEMM kernel) matches the float32 conv kernels at awkward sizes, gradients too', () => {
    expectNoLeak(() => scope(() => {
      const cfg = { stride: [2, 1] as const, padding: [1, 2] as const, dilation: [1, 2] as const, activation: 'sigmoid' as const };
      const x = rand([3, 7, 9, 5], { seed: 21, low: -1 }).setRequiresGrad(), w = rand([2, 3, 5, 7], { seed: 22, low: -1 }).setRequiresGrad();
      const b = rand([7], { seed: 23, low: -1 }).setRequiresGrad();
      const x64 = cast(x, 'float64').detach().setRequiresGrad(), w64 = cast(w, 'float64').detach().setRequiresGrad();
      const b64 = cast(b, 'float64').detach().setRequiresGrad();
      const y = conv2d(x, w, { ...cfg, bias: b }), y64 = conv2d(x64, w64, { ...cfg, bias: b64 });
      expect(y64.shape).toEqual([3, 4, 9, 7]);
      expectClose(y, cast(y64, 'float32'), { atol: 1e-5 * Math.sqrt(30), rtol: 1e-4 });
      const weights = rand(y.shape, { seed: 24, low: -1 });
      sum(mul(y, weights)).backward();
      sum(mul(y64, cast(weights, 'float64'))).backward();
      for (const [g32, g64] of [[x.grad!, x64.grad!], [w.grad!, w64.grad!], [b.grad!, b64.grad!]]) expectClose(g32, cast(g64, 'float32'), { rtol: 1e-3, atol: 1e-4 });
      const p64 = rand([2, 5, 7, 3], { seed: 25, low: -1, dtype: 'float64' });
      for (const opts of [{ stride: [2, 1] as const, padding: 1 }, { stride: 3, padding: [1, 0] as const, countIncludePad: true }]) {
        expectClose(avgPool2d(cast(p64, 'float32'), [3, 2], opts), cast(avgPool2d(p64, [3, 2], opts), 'float32'), { atol: 1e-6, rtol: 1e-5 });
        gradCheck((t) => avgPool2d(t, [3, 2], opts), [p64]);
        expectClose(maxPool2d(cast(p64, 'float32'), [3, 2], opts), cast(maxPool2d(p64, [3, 2], opts), 'float32'), { atol: 0, rtol: 0 });
        gradCheck((t) => maxPool2d(t, [3, 2], opts), [p64]);
      }
    }));
  });

  it('fused relu activation and its gradient', () => {
    expectNoLeak(() => scope(() => {
      const x = rand([1, 4, 4, 2], { seed: 7, low: -1 }), w = rand([2, 2, 2, 3], { seed: 8, low: -1 });
      const y = conv2d(x, w, { activation: 'relu' });
      expect(Math.min(...y.toArray())).toBeGreaterThanOrEqual(0);
      gradCheck((p, q) => conv2d(p, q, { activation: 'tanh' }), [x, w]);
    }));
  });

  it('fused gelu and geluTanh equal the convolution then the activation, with gradients', () => {
    expectNoLeak(() => scope(() => {
      const x = rand([1, 4, 4, 2], { seed: 9, low: -1 }), w = rand([2, 2, 2, 3], { seed: 10, low: -1 });
      for (const [activation, fn] of [['gelu', gelu], ['geluTanh', geluTanh]] as const) {
        expectClose(conv2d(x, w, { activation }), fn(conv2d(x, w)), { atol: 1e-6, rtol: 1e-5 });
        gradCheck((p, q) => conv2d(p, q, { activation }), [x, w]);
      }
    }));
  });

  it('a 1x1 convolution is a matrix product over channels', () => {
    scope(() => {
      const x = tensor([[[[1, 2]]]]); // [1,1,1,2]
      const w = tensor([[[[1, 0, 2], [0, 1, 3]]]]); // [1,1,2,3]
      expect(conv2d(x, w).toNested()).toEqual([[[[1, 2, 8]]]]);
    });
  });

  it('channel mismatch is a ShapeError naming both shapes', () => {
    scope(() => {
      expect(() => conv2d(rand([1, 4, 4, 3]), rand([3, 3, 2, 4]))).toThrow(ShapeError);
      expect(() => conv2d(rand([1, 4, 4, 3]), rand([3, 3, 2, 4]))).toThrow(/3 channels/);
    });
  });
});

describe('pooling', () => {
  it('maxPool2d and avgPool2d match float64 and pass gradCheck', () => {
    expectNoLeak(() => scope(() => {
      const x = rand([2, 6, 5, 3], { seed: 9, low: -1 });
      for (const opts of [{}, { stride: 1 }, { padding: 1 }]) {
        expectClose(maxPool2d(x, 2, opts), cast(maxPool2d(cast(x, 'float64'), 2, opts), 'float32'));
        expectClose(avgPool2d(x, 2, opts), cast(avgPool2d(cast(x, 'float64'), 2, opts), 'float32'), { atol: 1e-6, rtol: 1e-5 });
      }
      expect(avgPool2d(x, 3, { padding: 1, countIncludePad: true }).shape).toEqual([2, 2, 2, 3]);
      gradCheck((t) => maxPool2d(t, 2), [rand([1, 4, 4, 2], { seed: 10 })]);
      gradCheck((t) => maxPool2d(t, 3, { stride: 1, padding: 1 }), [rand([1, 3, 3, 1], { seed: 11 })]);
      gradCheck((t) => avgPool2d(t, 2, { stride: 1 }), [rand([1, 3, 4, 2], { seed: 12 })]);
      gradCheck((t) => avgPool2d(t, 3, { padding: 1, countIncludePad: true }), [rand([1, 3, 3, 1], { seed: 13 })]);
    }));
  });
});
