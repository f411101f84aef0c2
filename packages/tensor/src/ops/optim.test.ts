import { beforeAll, describe, expect, it } from 'vitest';
import { adagradStepInPlace_, adamStepInPlace_, DTypeError, init, rmspropStepInPlace_, scope, sgdStepInPlace_, ShapeError, tensor, zeros } from '../index.ts';
import { expectClose, expectNoLeak } from '../testing.ts';

beforeAll(async () => {
  await init();
});

// One step of each update, written out in float64 from the PyTorch formulas.
describe('fused optimizer updates', () => {
  const p0 = [0.5, -1, 2, 0.25, -0.75];
  const g0 = [0.1, -0.2, 0.3, -0.4, 0.5];

  it('adamStepInPlace_ (AdamW) follows the bias-corrected update and updates m and v', () => {
    expectNoLeak(() => scope(() => {
      const p = tensor(p0), g = tensor(g0), m = zeros([5]), v = zeros([5]);
      const lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.01;
      adamStepInPlace_(p, g, m, v, { lr, beta1: b1, beta2: b2, eps, weightDecay: wd, decoupled: true, step: 1 });
      const want = p0.map((x, i) => {
        const mi = (1 - b1) * g0[i]!, vi = (1 - b2) * g0[i]! ** 2;
        const mh = mi / (1 - b1), vh = vi / (1 - b2);
        return x * (1 - lr * wd) - (lr * mh) / (Math.sqrt(vh) + eps);
      });
      expectClose(p, want, { atol: 1e-6, rtol: 1e-5 });
      expectClose(m, g0.map((x) => (1 - b1) * x), { atol: 1e-7, rtol: 1e-6 });
      expectClose(v, g0.map((x) => (1 - b2) * x * x), { atol: 1e-9, rtol: 1e-5 });
    }));
  });

  it('sgdStepInPlace_ with momentum sets the buffer to the gradient on the first step', () => {
    scope(() => {
      const p = tensor(p0), g = tensor(g0), vel = zeros([5]);
      sgdStepInPlace_(p, g, vel, { lr: 0.5, momentum: 0.9, firstStep: true });
      expectClose(p, p0.map((x, i) => x - 0.5 * g0[i]!), { atol: 1e-7, rtol: 1e-6 });
      expectClose(vel, g, { atol: 0, rtol: 0 }); // bit-identical to the float32 gradient
    });
  });

  it('adagradStepInPlace_ and rmspropStepInPlace_ follow their formulas', () => {
    scope(() => {
      const p = tensor(p0), g = tensor(g0), sum = zeros([5]);
      adagradStepInPlace_(p, g, sum, { lr: 0.1, eps: 1e-10 });
      expectClose(p, p0.map((x, i) => x - (0.1 * g0[i]!) / (Math.abs(g0[i]!) + 1e-10)), { atol: 1e-6, rtol: 1e-5 });
      const q = tensor(p0), avg = zeros([5]);
      rmspropStepInPlace_(q, g, avg, null, { lr: 0.01, alpha: 0.99, eps: 1e-8 });
      expectClose(q, p0.map((x, i) => x - (0.01 * g0[i]!) / (Math.sqrt(0.01 * g0[i]! ** 2) + 1e-8)), { atol: 1e-6, rtol: 1e-5 });
    });
  });

  it('rejects mismatched sizes, other dtypes and disposed state with typed errors', () => {
    scope(() => {
      const p = tensor(p0), g = tensor(g0);
      expect(() => adamStepInPlace_(p, g, zeros([4]), zeros([5]), { lr: 0.1, decoupled: false, step: 1 })).toThrow(ShapeError);
      expect(() => adamStepInPlace_(p, g, zeros([5], { dtype: 'float64' }), zeros([5]), { lr: 0.1, decoupled: false, step: 1 })).toThrow(DTypeError);
      const gone = zeros([5]);
      gone.dispose();
      expect(() => sgdStepInPlace_(p, g, gone, { lr: 0.1, momentum: 0.9 })).toThrow(/disposed/i);
    });
  });
});
