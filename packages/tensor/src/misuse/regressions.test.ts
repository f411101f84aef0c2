// Regression tests of the reliability review: each call here corrupted memory, leaked a tensor,
// wrapped a value silently or threw an untyped error before the validation module existed.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  add, ArgumentError, argmax, arange, cast, concat, conv2d, DTypeError, eye, full, gather, indexSelect, init, linear, linspace, matmul, maxPool2d,
  memory, oneHot, pad, promoteTypes, rand, reshape, scalar, scatterAdd, scope, sgdStepInPlace_, ShapeError, slice, softmaxCrossEntropy, split, stack,
  sum, type Tensor, tensor, where, zeros,
} from '../index.ts';
import { expectNoLeak } from '../testing.ts';

beforeAll(async () => {
  await init();
});

/** Asserts fn throws `type` (outside any scope) and leaves the live-tensor count where it was. */
function throwsWithoutLeak(fn: () => unknown, type: new (...args: never[]) => Error): void {
  const before = memory();
  expect(fn).toThrow(type);
  const after = memory();
  expect(after.liveTensors).toBe(before.liveTensors);
  expect(after.liveBytes).toBe(before.liveBytes);
}

describe('fractional sizes and indices never reach a kernel', () => {
  it('slice with a fractional start is a ShapeError, and a neighbouring tensor keeps its value', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], undefined, { requiresGrad: true });
    const neighbour = tensor([7]);
    throwsWithoutLeak(() => slice(x, [{ start: 0.5 }]), ShapeError);
    throwsWithoutLeak(() => slice(x, [null, { stop: 1.5 }]), ShapeError);
    throwsWithoutLeak(() => slice(x, [null, { step: 0.5 }]), ShapeError);
    throwsWithoutLeak(() => slice(x, [0.5]), ShapeError);
    throwsWithoutLeak(() => slice(x, [{ start: NaN }]), ShapeError);
    throwsWithoutLeak(() => slice(x, ['1' as never]), ArgumentError);
    expect(neighbour.item()).toBe(7);
    expect(Array.from(x.toArray())).toEqual([1, 2, 3, 4, 5, 6]);
    x.dispose();
    neighbour.dispose();
  });

  it('split with fractional or negative sizes is a ShapeError', () => {
    expectNoLeak(() => scope(() => {
      const x = arange(3);
      expect(() => split(x, [0.5, 2.5])).toThrow(ShapeError);
      expect(() => split(x, [-1, 4])).toThrow(ShapeError);
      expect(() => split(x, 1.5)).toThrow(ShapeError);
      expect(split(x, [1, 2]).map((p) => Array.from(p.toArray()))).toEqual([[0], [1, 2]]);
    }));
  });

  it('huge, fractional or non-numeric sizes are rejected by every shape-taking op', () => {
    expectNoLeak(() => scope(() => {
      const x = zeros([2, 3]);
      expect(() => reshape(x, [1e300, 0])).toThrow(ShapeError);
      expect(() => reshape(x, [2 ** 31, 0])).toThrow(ShapeError);
      expect(() => zeros([1e300, 0])).toThrow(ShapeError);
      expect(() => zeros([2.5])).toThrow(ShapeError);
      expect(() => zeros(['2'] as never)).toThrow(ShapeError);
      expect(() => zeros(3 as never)).toThrow(ArgumentError);
      expect(() => pad(x, [[0.5, 0], [0, 0]])).toThrow(ShapeError);
      expect(() => eye(2.5)).toThrow(ShapeError);
      expect(() => arange(0, 1e300)).toThrow(ShapeError);
      expect(() => linspace(0, 1, 2.5)).toThrow(ShapeError);
      expect(() => rand([1.5])).toThrow(ShapeError);
      expect(() => oneHot(tensor(new Int32Array([0])), 2.5)).toThrow(ShapeError);
      expect(() => maxPool2d(zeros([1, 2, 2, 1]), 2, { stride: 0 })).toThrow(ShapeError);
      expect(() => maxPool2d(zeros([1, 2, 2, 1]), 1.5)).toThrow(ShapeError);
      expect(() => conv2d(zeros([1, 3, 3, 1]), zeros([1, 1, 1, 1]), { stride: 0.5 })).toThrow(ShapeError);
      expect(() => conv2d(zeros([1, 3, 3, 1]), zeros([1, 1, 1, 1]), { dilation: [1, 0] })).toThrow(ShapeError);
      expect(() => sum(x, 0.5)).toThrow(ShapeError);
    }));
  });
});

describe('ops that fail validation leak nothing outside scope()', () => {
  it('gather family with an out-of-range index (float32 and float64)', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = zeros([3, 2], { dtype }), source = zeros([2, 2], { dtype });
      const bad = tensor(new Int32Array([0, 3])), negative = tensor(new Int32Array([-1])), labels = tensor(new Int32Array([0, 1, 2]));
      throwsWithoutLeak(() => indexSelect(x, 0, bad), ShapeError);
      throwsWithoutLeak(() => gather(x, 0, negative), ShapeError);
      throwsWithoutLeak(() => scatterAdd(x, 0, bad, source), ShapeError);
      throwsWithoutLeak(() => softmaxCrossEntropy(x, labels), ShapeError);
      for (const t of [x, source, bad, negative, labels]) t.dispose();
    }
    const ix = tensor(new Int32Array([0, 5]));
    throwsWithoutLeak(() => oneHot(ix, 3), ShapeError);
    ix.dispose();
    // A scalar has no axis to select from: its missing axis size let any index through to the kernel.
    const s = scalar(1), one = scalar(1, { dtype: 'int32' });
    throwsWithoutLeak(() => indexSelect(s, 0, one), ShapeError);
    throwsWithoutLeak(() => scatterAdd(s, 0, one, s), ShapeError);
    throwsWithoutLeak(() => split(s, 1), ShapeError);
    throwsWithoutLeak(() => concat([s, s]), ShapeError);
    s.dispose();
    one.dispose();
  });

  it('argmax of an empty axis, linear with an unknown activation, where and casts before a shape error', () => {
    const empty = zeros([2, 0]), emptyInts = cast(empty, 'int32'), ints = arange(6), a = zeros([2, 3]), w = zeros([3, 4]);
    const two = zeros([2]), three = zeros([3]), four = zeros([4]), m = zeros([4, 2]), twoInts = arange(2);
    throwsWithoutLeak(() => argmax(empty, 1), ShapeError);
    throwsWithoutLeak(() => argmax(empty), ShapeError);
    throwsWithoutLeak(() => argmax(emptyInts, 1), ShapeError);
    throwsWithoutLeak(() => linear(a, w, null, { activation: 'swish' as never }), ArgumentError);
    throwsWithoutLeak(() => where(two, 1, three), ShapeError);
    throwsWithoutLeak(() => where(twoInts, 1.5, three), ShapeError);
    throwsWithoutLeak(() => add(ints, four), ShapeError);
    throwsWithoutLeak(() => sum(ints, 3), ShapeError);
    throwsWithoutLeak(() => matmul(ints, m), ShapeError);
    throwsWithoutLeak(() => stack([two, twoInts]), ShapeError);
    for (const t of [empty, emptyInts, ints, a, w, two, three, four, m, twoInts]) t.dispose();
  });

  it('creation ops that reject their data or options', () => {
    throwsWithoutLeak(() => tensor(new BigInt64Array([1n]) as never), DTypeError);
    throwsWithoutLeak(() => tensor([1, 2], undefined, { dtype: 'int32', requiresGrad: true }), DTypeError);
    throwsWithoutLeak(() => eye(2, 2, { requiresGrad: 'yes' as never }), ArgumentError);
    throwsWithoutLeak(() => full([2], 1.5, { dtype: 'int32' }), DTypeError);
    const ints = arange(2);
    throwsWithoutLeak(() => pad(ints, [[1, 1]], 0.5), DTypeError);
    ints.dispose();
  });
});

describe('values are never wrapped or silently converted', () => {
  it('int32 data must be integers in the int32 range', () => {
    expectNoLeak(() => scope(() => {
      expect(() => tensor([3e9], undefined, { dtype: 'int32' })).toThrow(DTypeError);
      expect(() => tensor([-(2 ** 31) - 1], undefined, { dtype: 'int32' })).toThrow(DTypeError);
      expect(() => tensor([1.5], undefined, { dtype: 'int32' })).toThrow(DTypeError);
      expect(() => tensor(new Float32Array([0.5]), undefined, { dtype: 'int32' })).toThrow(DTypeError);
      expect(() => arange(2 ** 31 - 2, 2 ** 31 + 2)).toThrow(DTypeError);
      expect(() => linspace(0, 1, 3, { dtype: 'int32' })).toThrow(DTypeError);
      expect(Array.from(tensor([2 ** 31 - 1, -(2 ** 31)], undefined, { dtype: 'int32' }).toArray())).toEqual([2 ** 31 - 1, -(2 ** 31)]);
    }));
  });

  it('integer typed arrays become int32 when every value fits; others are a DTypeError', () => {
    expectNoLeak(() => scope(() => {
      const u8 = tensor(new Uint8Array([1, 255]));
      expect(u8.dtype).toBe('int32');
      expect(Array.from(u8.toArray())).toEqual([1, 255]);
      expect(tensor(new Int16Array([-3])).dtype).toBe('int32');
      expect(tensor(new Uint32Array([5])).dtype).toBe('int32');
      expect(() => tensor(new Uint32Array([2 ** 31]))).toThrow(DTypeError);
      expect(tensor(new Uint32Array([2 ** 31]), undefined, { dtype: 'float64' }).item()).toBe(2 ** 31);
      expect(() => tensor(new BigUint64Array([1n]) as never)).toThrow(DTypeError);
    }));
  });

  it('an int32 tensor and a number outside the int32 range promote to float32', () => {
    expectNoLeak(() => scope(() => {
      const r = add(tensor(new Int32Array([1])), 3e9);
      expect(r.dtype).toBe('float32');
      expect(r.item()).toBe(Math.fround(3e9 + 1));
    }));
  });

  it('an unknown dtype is a DTypeError naming it, in every op that takes a dtype', () => {
    expectNoLeak(() => scope(() => {
      const x = zeros([2]);
      const calls: (() => unknown)[] = [
        () => zeros([2], { dtype: 'float16' as never }), () => full([2], 1, { dtype: 'float16' as never }), () => scalar(1, { dtype: 'float16' as never }),
        () => tensor([1], undefined, { dtype: 'float16' as never }), () => arange(3, undefined, 1, { dtype: 'float16' as never }),
        () => linspace(0, 1, 2, { dtype: 'float16' as never }), () => eye(2, 2, { dtype: 'float16' as never }), () => rand([2], { dtype: 'float16' as never }),
        () => cast(x, 'float16' as never), () => promoteTypes('float16' as never, 'float32'),
      ];
      for (const call of calls) expect(call).toThrow(/dtype "float16"/);
      for (const call of calls) expect(call).toThrow(DTypeError);
    }));
  });
});

describe('wrong types and bad options are typed errors', () => {
  it('ArgumentError names the argument', () => {
    expectNoLeak(() => scope(() => {
      const x = zeros([2]);
      expect(() => add(x, 'a' as never)).toThrow(ArgumentError);
      expect(() => sum('x' as never)).toThrow(/expected a Tensor/);
      expect(() => concat('abc' as never)).toThrow(ArgumentError);
      expect(() => scope(5 as never)).toThrow(ArgumentError);
      expect(() => tensor(['a'] as never)).toThrow(ArgumentError);
      expect(() => zeros([2], null as never)).toThrow(ArgumentError);
      expect(() => softmaxCrossEntropy(zeros([1, 2]), tensor(new Int32Array([0])), { reduction: 'avg' as never })).toThrow(/reduction/);
      expect(() => sgdStepInPlace_(x, zeros([2]), null, { lr: -1 })).toThrow(ArgumentError);
      expect(() => sgdStepInPlace_(x, zeros([2]), null, { lr: 0.1, momentum: 0.9 })).toThrow(ArgumentError);
      expect(() => sgdStepInPlace_(x, null as never, null, { lr: 0.1 })).toThrow(ArgumentError);
    }));
  });

  it('a rejected gradient leaves the tensor`s current gradient in place', () => {
    expectNoLeak(() => scope(() => {
      const x = zeros([2], { requiresGrad: true });
      const y = sum(x);
      y.backward();
      const g = x.grad as Tensor;
      expect(() => (x.grad = zeros([3]))).toThrow(ShapeError);
      expect(x.grad).toBe(g);
      expect(Array.from(g.toArray())).toEqual([1, 1]);
    }));
  });
});
