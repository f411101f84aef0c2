import { beforeAll, describe, expect, it } from 'vitest';
import { cast, exp, init, logSoftmax, rand, scope, softmax, softmaxCrossEntropy, sum, tensor, type Tensor } from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';

beforeAll(async () => {
  await init();
});

const labels = (v: number[]) => tensor(new Int32Array(v));

describe('softmax family', () => {
  for (const [name, fn] of [['softmax', softmax], ['logSoftmax', logSoftmax]] as const) {
    it(`${name} along any axis matches float64 and passes gradCheck`, () => {
      expectNoLeak(() => scope(() => {
        const x = rand([2, 3, 5], { seed: 1, low: -3, high: 3 });
        for (const axis of [-1, 0, 1]) {
          expectClose(fn(x, axis), cast(fn(cast(x, 'float64'), axis), 'float32'), { atol: 1e-5, rtol: 1e-5 });
        }
        gradCheck((t) => fn(t, -1), [rand([3, 4], { seed: 2, low: -2, high: 2 })]);
        gradCheck((t) => fn(t, 0), [rand([3, 2], { seed: 3, low: -2, high: 2 })]);
      }));
    });
  }

  it('stays finite for logits of +-1e4 and rows of -1e9', () => {
    scope(() => {
      const x = tensor([[1e4, -1e4, 0], [-1e9, -1e9, -1e9]]);
      expectClose(softmax(x), [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]], { atol: 1e-6, rtol: 1e-6 });
      const ls = logSoftmax(x).toArray();
      expect(ls[0]).toBe(0);
      expect(ls[1]).toBeCloseTo(-2e4, -1);
      expectClose(exp(logSoftmax(x)), softmax(x), { atol: 1e-6, rtol: 1e-5 });
    });
  });
});

describe('softmaxCrossEntropy', () => {
  const variants: [string, () => Parameters<typeof softmaxCrossEntropy>[2]][] = [
    ['plain mean', () => ({})],
    ['sum', () => ({ reduction: 'sum' })],
    ['none', () => ({ reduction: 'none' })],
    ['label smoothing', () => ({ labelSmoothing: 0.1 })],
    ['class weights', () => ({ weights: tensor([0.5, 2, 1, 1.5]) })],
    ['ignoreIndex', () => ({ ignoreIndex: 1 })],
  ];
  for (const [name, opts] of variants) {
    it(`${name}: fused kernel matches the composed definition and passes gradCheck`, () => {
      expectNoLeak(() => scope(() => {
        const o = opts();
        const logits = rand([5, 4], { seed: 4, low: -2, high: 2 });
        const y = labels([0, 1, 3, 2, 1]);
        const got = softmaxCrossEntropy(logits, y, o);
        const want = softmaxCrossEntropy(cast(logits, 'float64'), y, o);
        expectClose(got, cast(want, 'float32'), { atol: 1e-5, rtol: 1e-5 });
        gradCheck((t) => softmaxCrossEntropy(t, y, o), [logits]);
      }));
    });
  }

  it('equals -mean(logSoftmax[label]) without options', () => {
    scope(() => {
      const logits = rand([3, 5], { seed: 5, low: -2, high: 2 });
      const y = [4, 0, 2];
      const ls = logSoftmax(logits).toArray();
      const manual = -(ls[4]! + ls[5]! + ls[12]!) / 3;
      expectClose(softmaxCrossEntropy(logits, labels(y)), Math.fround(manual), { atol: 1e-6, rtol: 1e-6 });
    });
  });

  it('is finite at logits of +-1e4', () => {
    scope(() => {
      const v = softmaxCrossEntropy(tensor([[1e4, -1e4], [-1e4, 1e4]]), labels([1, 1])).item();
      expect(v).toBeCloseTo(1e4, 0);
    });
  });

  it('rejects bad labels and shapes', () => {
    scope(() => {
      expect(() => softmaxCrossEntropy(rand([2, 3]), labels([0, 3]))).toThrow(/labels\[1\] is 3/);
      expect(() => softmaxCrossEntropy(rand([2, 3]), tensor([0, 1]))).toThrow(/int32/);
      expect(() => softmaxCrossEntropy(rand([2, 3]), labels([0]))).toThrow(/\[2\]/);
    });
  });

  it('sum of the gradient rows is zero (softmax minus one-hot)', () => {
    scope(() => {
      const logits = rand([4, 3], { seed: 6 }).setRequiresGrad();
      softmaxCrossEntropy(logits, labels([0, 1, 2, 0])).backward();
      expectClose(sum(logits.grad as Tensor, 1), [0, 0, 0, 0], { atol: 1e-6 });
    });
  });
});
