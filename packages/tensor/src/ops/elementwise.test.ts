import { beforeAll, describe, expect, it } from 'vitest';
import {
  abs, add, cast, clamp, div, eq, exp, ge, gelu, geluTanh, gt, init, le, leakyRelu, log, log1p, lt, maximum, minimum, mul, ne, neg, pow, rand,
  relu, rsqrt, scope, expm1, reciprocal, sin, cos, ShapeError, sigmoid, sign, silu, mish, softplus, sqrt, square, sub, tanh, tensor, type Tensor,
} from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';

beforeAll(async () => {
  await init();
});

const u = (shape: number[], seed: number, low = -2, high = 2) => rand(shape, { seed, low, high });
// Numbers pass through the op signatures typed as tensors in the table below.
const tensorOr = (v: number) => v as unknown as Tensor;

describe('unary ops', () => {
  const cases: [string, (x: Tensor) => Tensor, number, number][] = [
    ['neg', neg, -2, 2], ['abs', abs, 0.1, 2], ['exp', exp, -3, 3], ['log', log, 0.2, 3], ['log1p', log1p, -0.5, 3],
    ['sqrt', sqrt, 0.2, 3], ['rsqrt', rsqrt, 0.2, 3], ['square', square, -2, 2], ['relu', relu, 0.1, 2], ['sigmoid', sigmoid, -4, 4],
    ['tanh', tanh, -3, 3], ['gelu', gelu, -3, 3], ['geluTanh', geluTanh, -3, 3], ['softplus', softplus, -4, 4], ['silu', silu, -4, 4], ['mish', mish, -4, 4], ['leakyRelu', (x) => leakyRelu(x, 0.2), 0.1, 2],
    ['expm1', expm1, -2, 2], ['reciprocal', reciprocal, 0.5, 3], ['sin', sin, -3, 3], ['cos', cos, -3, 3],
  ];
  for (const [name, fn, lo, hi] of cases) {
    it(`${name}: float32 kernel matches the float64 path and passes gradCheck, without leaks`, () => {
      expectNoLeak(() => scope(() => {
        const x = u([3, 5], 11, lo, hi);
        const y32 = fn(x);
        const y64 = fn(cast(x, 'float64'));
        expect(y32.dtype).toBe('float32');
        expectClose(y32, cast(y64, 'float32'), { atol: 1e-5, rtol: 1e-5 });
        gradCheck(fn, [u([2, 3], 5, lo, hi)]);
        // Also negative inputs for the piecewise ones (away from the kink).
        if (name === 'relu' || name === 'abs' || name === 'leakyRelu') gradCheck(fn, [u([4], 6, -2, -0.1)]);
      }));
    });
  }

  it('every unary op handles rank 0, [0] and [3, 0], and special values like the float64 path', () => {
    expectNoLeak(() => scope(() => {
      const specials = tensor([0, -0, 1.401298464324817e-45, 1.1754943508222875e-38, 3.4028234663852886e38, Infinity, -Infinity, NaN]);
      for (const [name, fn] of cases) {
        expect(fn(tensor(0.5)).shape).toEqual([]);
        expect(fn(rand([0])).shape).toEqual([0]);
        expect(fn(rand([3, 0])).shape).toEqual([3, 0]);
        const want = cast(fn(cast(specials, 'float64')), 'float32');
        // Kinds (NaN, +-Inf, zero) must agree exactly; magnitudes within float32 rounding.
        expectClose(fn(specials), want, { atol: 1e-5, rtol: name === 'exp' || name === 'gelu' || name === 'geluTanh' ? 1e-5 : 2e-6 });
      }
    }));
  });

  it('sign keeps zeros and has no gradient recorded', () => {
    scope(() => {
      expectClose(sign(tensor([-3, 0, 2])), [-1, 0, 1]);
    });
  });

  it('unary ops on int32 return float32', () => {
    scope(() => {
      const y = exp(tensor(new Int32Array([0, 1])));
      expect(y.dtype).toBe('float32');
      expectClose(y, [1, Math.E], { atol: 1e-6 });
    });
  });
});

describe('binary ops with broadcasting', () => {
  const shapes: [number[], number[], number[]][] = [
    [[3, 4], [3, 1], [3, 4]], [[3, 4], [1, 4], [3, 4]], [[2, 3, 4], [2, 1, 4], [2, 3, 4]], [[3], [], [3]], [[], [], []],
    [[0, 4], [1, 4], [0, 4]], [[3, 0], [3, 1], [3, 0]], [[5, 1, 2], [3, 1], [5, 3, 2]],
  ];
  const ops: [string, (a: Tensor, b: Tensor) => Tensor][] = [
    ['add', add], ['sub', sub], ['mul', mul], ['div', div], ['pow', pow], ['maximum', maximum], ['minimum', minimum],
  ];
  for (const [name, fn] of ops) {
    it(`${name}: shapes broadcast like NumPy, float32 matches float64, gradCheck passes`, () => {
      expectNoLeak(() => scope(() => {
        for (const [sa, sb, so] of shapes) {
          const lo = name === 'pow' || name === 'div' ? 0.5 : -2;
          const a = u(sa, 1, lo, 2), b = u(sb, 2, lo, 2);
          const y = fn(a, b);
          expect(y.shape).toEqual(so);
          expectClose(y, cast(fn(cast(a, 'float64'), cast(b, 'float64')), 'float32'), { atol: 1e-5, rtol: 1e-5 });
        }
        gradCheck(fn, [u([2, 3], 3, 0.5, 2), u([3], 4, 0.5, 2)]);
        gradCheck(fn, [u([2, 1], 5, 0.5, 2), u([2, 3], 6, 0.5, 2)]);
      }));
    });
  }

  it('a number on either side: gradCheck of every op (fast float32 path vs float64 path)', () => {
    expectNoLeak(() => scope(() => {
      for (const [name, fn] of ops) {
        const x = u([2, 3], 8, 0.5, 2);
        gradCheck((t) => fn(t, tensorOr(1.7)), [x]);
        gradCheck((t) => fn(tensorOr(1.3), t), [x]);
        if (name === 'maximum' || name === 'minimum') gradCheck((t) => fn(t, tensorOr(1.1)), [u([5], 9, 0.5, 2)]);
      }
    }));
  });

  it('numbers act as scalars and keep the tensor dtype', () => {
    scope(() => {
      const x = tensor([1, 2, 3]);
      expectClose(add(x, 1), [2, 3, 4]);
      expectClose(sub(1, x), [0, -1, -2]);
      const i = tensor(new Int32Array([4, 5]));
      const s = add(i, 1);
      expect(s.dtype).toBe('int32');
      expect(Array.from(s.toArray())).toEqual([5, 6]);
      expect(div(i, 2).dtype).toBe('float32');
    });
  });

  it('comparisons give 0/1 and do not record a gradient', () => {
    scope(() => {
      const a = tensor([1, 2, 3]).setRequiresGrad();
      const b = tensor([2, 2, 2]);
      expectClose(eq(a, b), [0, 1, 0]);
      expectClose(ne(a, b), [1, 0, 1]);
      expectClose(lt(a, b), [1, 0, 0]);
      expectClose(le(a, b), [1, 1, 0]);
      expectClose(gt(a, b), [0, 0, 1]);
      expectClose(ge(a, b), [0, 1, 1]);
      expect(gt(a, b).requiresGrad).toBe(false);
    });
  });

  it('broadcast failures name the clashing dimension', () => {
    scope(() => {
      expect(() => add(rand([3, 4]), rand([4, 3]))).toThrow(ShapeError);
      expect(() => add(rand([3, 4]), rand([4, 3]))).toThrow(/add.*dimension -2 is 3 in the first and 4/);
    });
  });

  it('mixed float32/float64 promotes to float64', () => {
    scope(() => {
      const y = add(tensor([1, 2]), tensor([0.5, 0.25], undefined, { dtype: 'float64' }));
      expect(y.dtype).toBe('float64');
      expectClose(y, [1.5, 2.25], { dtype: 'float64' });
    });
  });

  it('special values: NaN and infinities propagate', () => {
    scope(() => {
      const a = tensor([NaN, Infinity, -Infinity, 0, -0]);
      expectClose(add(a, 1), [NaN, Infinity, -Infinity, 1, 1]);
      expectClose(maximum(a, 0), [NaN, Infinity, 0, 0, 0]);
      expectClose(exp(a), [NaN, Infinity, 0, 1, 1]);
    });
  });

  it('clamp limits values and passes the gradient inside the range', () => {
    scope(() => {
      expectClose(clamp(tensor([-2, 0.5, 3]), -1, 1), [-1, 0.5, 1]);
      gradCheck((x) => clamp(x, -1, 1), [tensor([-1.5, -0.3, 0.4, 1.7])]);
    });
  });
});
