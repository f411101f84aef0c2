import { beforeAll, describe, expect, it } from 'vitest';
import {
  add, log, NonFiniteError, setDebugMode, sqrt, exp, grad, init, memory, mul, noGrad, ones, rand, record, scope, sum, tanh, tensor, type Tensor, valueAndGrad,
} from '../index.ts';
import { emptyTensor } from '../tensor.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';

beforeAll(async () => {
  await init();
});

describe('autograd', () => {
  it('computes gradients of a small expression and accumulates across backward calls', () => {
    expectNoLeak(() => {
      const x = tensor([1, 2, 3]).setRequiresGrad();
      scope(() => sum(mul(x, x)).backward());
      expectClose(x.grad!, [2, 4, 6]);
      scope(() => sum(mul(x, 3)).backward());
      expectClose(x.grad!, [5, 7, 9]);
      x.zeroGrad();
      expect(x.grad).toBeNull();
      x.dispose();
    });
  });

  it('a tensor used twice gets both contributions', () => {
    expectNoLeak(() => {
      const x = tensor([1.5, -2]).setRequiresGrad();
      scope(() => sum(add(x, x)).backward());
      expectClose(x.grad!, [2, 2]);
      x.dispose();
    });
  });

  // Grow torture grows memory by a page per kernel call: 200k calls would exceed the 4 GiB limit.
  it.skipIf(process.env.NEURITE_GROW_TORTURE === '1')('backward through a 100,000-op chain uses no recursion and frees the tape', () => {
    const before = memory();
    const x = tensor([0.5]).setRequiresGrad();
    scope(() => {
      let y: Tensor = x;
      for (let i = 0; i < 100_000; i++) {
        const next = mul(y, 1.0000001);
        if (y !== x) y.dispose();
        y = next;
      }
      y.backward();
    });
    expectClose(x.grad!, [Math.pow(Math.fround(1.0000001), 100_000)], { rtol: 1e-3 });
    x.dispose();
    expect(memory().liveTensors).toBe(before.liveTensors);
    expect(memory().liveBytes).toBe(before.liveBytes);
  });

  it('intermediates disposed before backward still backpropagate (the tape keeps what it needs)', () => {
    expectNoLeak(() => {
      const x = tensor([0.3, -0.7]).setRequiresGrad();
      const loss = scope(() => sum(tanh(exp(x))));
      loss.backward();
      const e = Math.exp(0.3), f = Math.exp(-0.7);
      expectClose(x.grad!, [(1 - Math.tanh(e) ** 2) * e, (1 - Math.tanh(f) ** 2) * f], { atol: 1e-6, rtol: 1e-5 });
      loss.dispose();
      x.dispose();
    });
  });

  it('disposing an un-backwarded graph frees the tape', () => {
    expectNoLeak(() => {
      const x = rand([4], { seed: 1 }).setRequiresGrad();
      scope(() => {
        sum(exp(mul(x, x)));
      });
      x.dispose();
    });
  });

  it('a second backward through a freed graph is an error; retainGraph allows it', () => {
    expectNoLeak(() => {
      const x = tensor([2]).setRequiresGrad();
      scope(() => {
        const y = mul(x, x);
        y.backward(undefined, { retainGraph: true });
        y.backward();
        expect(() => y.backward()).toThrow(/already freed/);
      });
      expectClose(x.grad!, [8]);
      x.dispose();
    });
  });

  it('backward of a non-scalar needs a gradient argument', () => {
    scope(() => {
      const x = tensor([1, 2]).setRequiresGrad();
      const y = mul(x, 2);
      expect(() => y.backward()).toThrow(/reduce it to a scalar/);
      y.backward(tensor([1, 10]));
      expectClose(x.grad!, [2, 20]);
    });
  });

  it('noGrad and detach record nothing', () => {
    scope(() => {
      const x = tensor([1]).setRequiresGrad();
      expect(noGrad(() => mul(x, 2)).requiresGrad).toBe(false);
      expect(mul(x.detach(), 2).requiresGrad).toBe(false);
      expect(mul(x, 2).requiresGrad).toBe(true);
    });
  });

  it('grad() and valueAndGrad() return gradients for every input without touching them', () => {
    expectNoLeak(() => scope(() => {
      const a = tensor([1, 2]), b = tensor([3, 4]);
      const [ga, gb] = grad((x, y) => sum(mul(x, y)))(a, b);
      expectClose(ga!, [3, 4]);
      expectClose(gb!, [1, 2]);
      expect(a.grad).toBeNull();
      const { value, grads } = valueAndGrad((x) => sum(mul(x, x)))(a);
      expect(value.item()).toBe(5);
      expectClose(grads[0]!, [2, 4]);
      // An input the value does not depend on gets zeros.
      const [, unused] = grad((x) => sum(x))(a, b);
      expectClose(unused!, [0, 0]);
    }));
  });

  it('gradCheck catches a wrong backward', () => {
    scope(() => {
      const badSquare = (x: Tensor) => {
        const y = emptyTensor(x.shape, x.dtype);
        const xv = x.view(), yv = y.view();
        for (let i = 0; i < xv.length; i++) yv[i] = xv[i]! * xv[i]!;
        return record('badSquare', [x], y, [x], (g, [xs]) => [mul(g, xs!)]); // should be 2 x g
      };
      expect(() => gradCheck(badSquare, [tensor([0.5, 1.5])])).toThrow(/float64 path/);
    });
  });

  it('leaf gradients do not share storage with other gradients', () => {
    expectNoLeak(() => {
      const a = tensor([1, 2]).setRequiresGrad(), b = tensor([3, 4]).setRequiresGrad();
      scope(() => sum(add(a, b)).backward());
      expect(a.grad!.dataPtr).not.toBe(b.grad!.dataPtr);
      a.dispose();
      b.dispose();
    });
  });

  it('debug mode reports NaN/Inf from recorded ops and gradients as NonFiniteError', () => {
    scope(() => {
      setDebugMode(true);
      try {
        const x = tensor([0, 1]).setRequiresGrad();
        expect(() => log(x)).toThrow(NonFiniteError);
        expect(() => log(x)).toThrow(/log: element 0 is -Infinity/);
        const y = tensor([0, 4]).setRequiresGrad();
        expect(() => sum(sqrt(y)).backward()).toThrow(/backward of sqrt/);
      } finally {
        setDebugMode(false);
      }
    });
  });

  it('ones seed works for a scalar leaf', () => {
    expectNoLeak(() => {
      const x = ones([]).setRequiresGrad();
      x.backward();
      expectClose(x.grad!, 1);
      x.dispose();
    });
  });
});
