// Tensor's chainable methods: each one gives what its function gives (values, shape, dtype), records
// the same autograd graph, and validates the same way.
import { beforeAll, describe, expect, it } from 'vitest';
import { add, DisposedError, init, linear, matmul, randn, relu, scope, ShapeError, sum, tensor, type Tensor, where } from './index.ts';
import { TENSOR_METHOD_NAMES, type TensorMethodName } from './tensor.ts';
import { TENSOR_METHOD_OPS } from './tensor-methods.ts';
import { expectNoLeak } from './testing.ts';

beforeAll(async () => {
  await init();
});

/** Arguments after the tensor for each method, built inside a scope (tensors are created per case). */
const CASES: Record<TensorMethodName, () => [Tensor, ...unknown[]]> = {
  add: () => [x(), y()],
  sub: () => [x(), 1.5],
  mul: () => [x(), y()],
  div: () => [x(), y().abs().add(1)],
  pow: () => [x().abs(), 2],
  maximum: () => [x(), y()],
  minimum: () => [x(), 0],
  eq: () => [x(), x()],
  ne: () => [x(), y()],
  lt: () => [x(), y()],
  le: () => [x(), 0],
  gt: () => [x(), y()],
  ge: () => [x(), 0],
  neg: () => [x()],
  abs: () => [x()],
  sign: () => [x()],
  exp: () => [x()],
  expm1: () => [x()],
  log: () => [x().abs().add(0.5)],
  log1p: () => [x().abs()],
  sqrt: () => [x().abs()],
  rsqrt: () => [x().abs().add(0.5)],
  square: () => [x()],
  reciprocal: () => [x().abs().add(0.5)],
  relu: () => [x()],
  leakyRelu: () => [x(), 0.2],
  sigmoid: () => [x()],
  tanh: () => [x()],
  gelu: () => [x()],
  geluTanh: () => [x()],
  softplus: () => [x()],
  silu: () => [x()],
  mish: () => [x()],
  sin: () => [x()],
  cos: () => [x()],
  floor: () => [x().mul(3)],
  ceil: () => [x().mul(3)],
  round: () => [x().mul(3)],
  erf: () => [x()],
  clamp: () => [x(), -0.5, 0.5],
  isnan: () => [x().log()],
  isinf: () => [x().div(0)],
  isfinite: () => [x().div(x())],
  sum: () => [x(), 1, true],
  mean: () => [x(), [0, 1]],
  max: () => [x(), 0],
  min: () => [x()],
  logsumexp: () => [x(), -1],
  variance: () => [x(), 1, false, 1],
  std: () => [x(), 0, true],
  argmax: () => [x(), 1],
  argmin: () => [x()],
  cumsum: () => [x(), 1, { reverse: true }],
  all: () => [x().gt(-10), 1],
  any: () => [x().gt(1)],
  softmax: () => [x()],
  logSoftmax: () => [x(), 0],
  matmul: () => [x(), randn([4, 2], { seed: 3 })],
  reshape: () => [x(), [4, -1]],
  flatten: () => [x()],
  squeeze: () => [x().reshape([3, 1, 4])],
  unsqueeze: () => [x(), 1],
  permute: () => [x(), [1, 0]],
  transpose: () => [x()],
  expand: () => [x().reshape([3, 1, 4]), [3, 2, 4]],
  flip: () => [x(), 1],
  repeat: () => [x(), [2, 1]],
  tile: () => [x(), [2]],
  tril: () => [x(), 1],
  triu: () => [x()],
  cast: () => [x(), 'float64'],
  clone: () => [x()],
  maskedFill: () => [x(), x().gt(0), -1],
  indexSelect: () => [x(), 1, tensor(new Int32Array([3, 0, 3]), [3])],
  where: () => [x(), x().gt(0), -2],
};

const x = () => randn([3, 4], { seed: 1 });
const y = () => randn([3, 4], { seed: 2 });

function snapshot(t: Tensor) {
  return { shape: [...t.shape], dtype: t.dtype, values: Array.from(t.toArray()) };
}

describe('Tensor methods', () => {
  it('cover every method name, with a case each', () => {
    expect(Object.keys(TENSOR_METHOD_OPS).sort()).toEqual([...TENSOR_METHOD_NAMES].sort());
    expect(Object.keys(CASES).sort()).toEqual([...TENSOR_METHOD_NAMES].sort());
    for (const name of TENSOR_METHOD_NAMES) expect(typeof (tensor([1]) as unknown as Record<string, unknown>)[name], name).toBe('function');
  });

  for (const name of TENSOR_METHOD_NAMES) {
    it(`x.${name}(...) equals ${name}(x, ...)`, () => {
      expectNoLeak(() => scope(() => {
        const [self, ...args] = CASES[name]();
        const fn = TENSOR_METHOD_OPS[name] as (t: Tensor, ...a: unknown[]) => Tensor;
        const method = (self as unknown as Record<string, (...a: unknown[]) => Tensor>)[name]!;
        const viaFunction = fn(self, ...args);
        const viaMethod = method.apply(self, args);
        expect(viaMethod).not.toBe(self);
        expect(snapshot(viaMethod)).toEqual(snapshot(viaFunction));
      }));
    });
  }

  it('a chain records the same gradients as the functions', () => {
    expectNoLeak(() => scope(() => {
      const input = randn([5, 3], { seed: 4 });
      const gradients = (chain: (w: Tensor, b: Tensor) => Tensor) => {
        const w = randn([3, 2], { seed: 5 }).setRequiresGrad();
        const b = randn([2], { seed: 6 }).setRequiresGrad();
        chain(w, b).backward();
        return [Array.from(w.grad!.toArray()), Array.from(b.grad!.toArray())];
      };
      const viaMethods = gradients((w, b) => input.matmul(w).add(b).relu().square().mean());
      const viaFunctions = gradients((w, b) => sum(relu(add(matmul(input, w), b)).square()).div(10));
      expect(viaMethods).toEqual(viaFunctions);
      // and the fused linear layer agrees with the chain
      const w = randn([3, 2], { seed: 5 });
      const b = randn([2], { seed: 6 });
      const chained = input.matmul(w).add(b).relu().toArray();
      const fused = linear(input, w, b).relu().toArray();
      for (let i = 0; i < chained.length; i++) expect(chained[i]).toBeCloseTo(fused[i]!, 5);
    }));
  });

  it('where follows PyTorch: x.where(condition, other) keeps x where the condition holds', () => {
    expectNoLeak(() => scope(() => {
      const values = tensor([1, -2, 3, -4]);
      expect(Array.from(values.where(values.gt(0), 0).toArray())).toEqual([1, 0, 3, 0]);
      expect(Array.from(values.where(values.lt(0), tensor([9, 9, 9, 9])).toArray())).toEqual([9, -2, 9, -4]);
      expect(Array.from(values.where(values.gt(0), -1).toArray())).toEqual(Array.from(where(values.gt(0), values, -1).toArray()));
    }));
  });

  it('validate as the functions do', () => {
    scope(() => {
      const a = randn([2, 3], { seed: 7 });
      expect(() => a.matmul(randn([2, 3], { seed: 8 }))).toThrow(ShapeError);
      expect(() => a.reshape([4, 2])).toThrow(ShapeError);
      const gone = randn([2], { seed: 9 });
      gone.dispose();
      expect(() => gone.relu()).toThrow(DisposedError);
      expect(() => gone.add(1)).toThrow(DisposedError);
    });
  });
});
