import { init, memory, scope, tensor } from '@neurite/tensor';
import { gradCheck } from '@neurite/tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from '@neurite/tensor';
import { bceWithLogitsLoss, crossEntropyLoss, hingeLoss, huberLoss, l1Penalty, l2Penalty, maeLoss, mseLoss, nllLoss, squaredHingeLoss } from './losses.ts';

let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

const x = [0.5, -1.5, 2.25, -0.3];
const y = [1, 0, 1, 1];
const value = (fn: () => ReturnType<typeof mseLoss>) => scope(() => [...fn().toArray()]);

/** float64 reference of log softmax cross-entropy for one row. */
function ceRow(logits: number[], label: number, eps = 0, w?: number[]): number {
  const m = Math.max(...logits);
  const lse = m + Math.log(logits.reduce((s, v) => s + Math.exp(v - m), 0));
  const c = logits.length;
  let loss = 0;
  for (let k = 0; k < c; k++) {
    const t = (k === label ? (1 - eps) * (w ? w[label]! : 1) : 0) + (eps / c) * (w ? w[k]! : 1);
    loss -= t * (logits[k]! - lse);
  }
  return loss;
}

describe('losses match their formulas', () => {
  it('regression losses with every reduction', () => {
    const p = tensor(x), t = tensor(y);
    const d = x.map((v, i) => v - y[i]!);
    value(() => mseLoss(p, t, 'none')).forEach((v, i) => expect(v).toBeCloseTo(d[i]! ** 2, 6));
    expect(value(() => mseLoss(p, t))[0]).toBeCloseTo(d.reduce((s, v) => s + v * v, 0) / 4, 6);
    expect(value(() => maeLoss(p, t, 'sum'))[0]).toBeCloseTo(d.reduce((s, v) => s + Math.abs(v), 0), 5);
    const huber = d.map((v) => (Math.abs(v) <= 1 ? 0.5 * v * v : Math.abs(v) - 0.5));
    value(() => huberLoss(p, t, { reduction: 'none' })).forEach((v, i) => expect(v).toBeCloseTo(huber[i]!, 6));
    expect(value(() => huberLoss(p, t, { delta: 0.5 }))[0]).toBeCloseTo(d.map((v) => (Math.abs(v) <= 0.5 ? 0.5 * v * v : 0.5 * (Math.abs(v) - 0.25))).reduce((s, v) => s + v) / 4, 6);
    const signs = tensor([1, -1, 1, -1]);
    value(() => hingeLoss(p, signs, 'none')).forEach((v, i) => expect(v).toBeCloseTo(Math.max(0, 1 - [1, -1, 1, -1][i]! * x[i]!), 6));
    value(() => squaredHingeLoss(p, signs, 'none')).forEach((v, i) => expect(v).toBeCloseTo(Math.max(0, 1 - [1, -1, 1, -1][i]! * x[i]!) ** 2, 6));
    expect(() => scope(() => mseLoss(p, tensor([1, 2])))).toThrow(/must match/);
    for (const z of [p, t, signs]) z.dispose();
  });

  it('BCE with logits is exact and finite at +-100 and +-1e4', () => {
    const logits = tensor([0.5, -2, 100, -100, 1e4, -1e4, 1e4, -1e4]);
    const targets = tensor([1, 0, 1, 1, 1, 0, 0, 1]);
    const got = value(() => bceWithLogitsLoss(logits, targets, { reduction: 'none' }));
    const expected = [Math.log1p(Math.exp(-0.5)), Math.log1p(Math.exp(-2)), 0, 100, 0, 0, 1e4, 1e4];
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    const pw = value(() => bceWithLogitsLoss(logits, targets, { reduction: 'none', posWeight: 2 }));
    expect(pw[0]).toBeCloseTo(2 * Math.log1p(Math.exp(-0.5)), 5);
    expect(pw[1]).toBeCloseTo(Math.log1p(Math.exp(-2)), 5);
    logits.dispose();
    targets.dispose();
  });

  it('cross-entropy with class weights and label smoothing, stable at extreme logits', () => {
    const rows = [[1, 2, 0.5], [1e4, -1e4, 0], [-1e9, -1e9, -1e9], [0.1, -0.2, 0.3]];
    const labels = new Int32Array([1, 1, 2, 0]);
    const logits = tensor(rows);
    const none = value(() => crossEntropyLoss(logits, labels, { reduction: 'none' }));
    none.forEach((v, i) => expect(v).toBeCloseTo(ceRow(rows[i]!, labels[i]!), 3));
    expect(none.every(Number.isFinite)).toBe(true);
    const w = [0.2, 1, 3];
    const weighted = value(() => crossEntropyLoss(logits, labels, { weights: w, labelSmoothing: 0.1 }))[0]!;
    const expected = rows.reduce((s, r, i) => s + ceRow(r, labels[i]!, 0.1, w), 0) / [1, 1, 3, 0.2].reduce((a, b) => a + b);
    expect(weighted / expected).toBeCloseTo(1, 5);
    expect(() => crossEntropyLoss(logits, new Int32Array([0, 1, 3, 0]))).toThrow(/label 3/);
    logits.dispose();
  });

  it('L1 and L2 penalties', () => {
    const a = tensor([1, -2]), b = tensor([[0.5], [-0.5]]);
    expect(value(() => l1Penalty([a, b], 0.1))[0]).toBeCloseTo(0.4, 6);
    expect(value(() => l2Penalty([a, b], 0.1))[0]).toBeCloseTo(0.55, 6);
    gradCheck((x, y) => l1Penalty([x!, y!], 0.3), [a, b]);
    gradCheck((x, y) => l2Penalty([x!, y!], 0.3), [a, b]);
    a.dispose();
    b.dispose();
  });

  it('gradients pass gradCheck', () => {
    const p = tensor(x), t = tensor(y);
    const labels = new Int32Array([2, 0]);
    const logits = tensor([[0.3, -1, 2], [1, 0.2, -0.7]]);
    gradCheck((a) => mseLoss(a, t), [p]);
    gradCheck((a) => maeLoss(a, t), [p]);
    gradCheck((a) => huberLoss(a, t), [p]);
    gradCheck((a) => bceWithLogitsLoss(a, t), [p]);
    gradCheck((a) => hingeLoss(a, t, 'sum'), [p]);
    gradCheck((a) => squaredHingeLoss(a, t), [p]);
    gradCheck((a) => crossEntropyLoss(a, labels, { labelSmoothing: 0.2, weights: [1, 2, 0.5] }), [logits]);
    gradCheck((a) => crossEntropyLoss(a, new Int32Array([-100, 1])), [logits]);
    gradCheck((a) => nllLoss(a, new Int32Array([2, -100]), { weights: [1, 2, 0.5], reduction: 'sum' }), [logits]);
    for (const z of [p, t, logits]) z.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('ignored rows (label -100 by default, or ignoreIndex) add nothing to the loss or the mean divisor', () => {
    const logits = tensor([[0.3, -1, 2], [1, 0.2, -0.7], [5, -5, 0]]);
    const kept = ceRow([0.3, -1, 2], 2);
    expect(value(() => crossEntropyLoss(logits, new Int32Array([2, -100, -100])))[0]).toBeCloseTo(kept, 5);
    expect(value(() => crossEntropyLoss(logits, new Int32Array([2, 1, 1]), { ignoreIndex: 1, reduction: 'none' }))).toEqual([expect.closeTo(kept, 5), 0, 0]);
    expect(value(() => crossEntropyLoss(logits, new Int32Array([-100, -100, -100])))[0]).toBeNaN(); // 0 / 0, as in PyTorch
    // nllLoss on log-probabilities: -w_y logp[y], divided by the summed weights of the kept rows.
    const logp = tensor([[-0.5, -1, -2], [-3, -0.25, -1.5]]);
    expect(value(() => nllLoss(logp, new Int32Array([1, 0]), { weights: [2, 3, 1] }))[0]).toBeCloseTo((3 * 1 + 2 * 3) / 5, 6);
    expect(value(() => nllLoss(logp, new Int32Array([-100, 2]), { reduction: 'none' }))).toEqual([0, 1.5]);
    for (const z of [logits, logp]) z.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('classification losses reject bad labels, ignoreIndex and weights with typed errors before allocating', () => {
    const logits = tensor([[0.3, -1, 2], [1, 0.2, -0.7]]);
    const before = memory().liveTensors;
    for (const fn of [crossEntropyLoss, nllLoss]) {
      expect(() => fn(logits, new Int32Array([3, 0]))).toThrow(ArgumentError);
      expect(() => fn(logits, new Int32Array([-1, 0]))).toThrow(ArgumentError);
      expect(() => fn(logits, new Int32Array([-1, 0]), { ignoreIndex: 0.5 })).toThrow(ArgumentError);
      expect(() => fn(logits, new Int32Array([0]))).toThrow(ShapeError);
      expect(() => fn(logits, new Int32Array([0, 1]), { weights: [1, 2] })).toThrow(ShapeError);
      expect(() => fn(logits, [0, 1] as never)).toThrow(ArgumentError);
      expect(() => fn(logits, new Int32Array([0, 1]), { reduction: 'avg' as never })).toThrow(ArgumentError);
    }
    expect(memory().liveTensors).toBe(before);
    logits.dispose();
  });
  it('classification losses check K-dimensional labels and probability targets before any work', () => {
    const logits = tensor(new Float32Array(2 * 3 * 4), [2, 3, 4]);
    const wrongLabels = tensor(new Int32Array(8), [2, 4, 1], { dtype: 'int32' });
    const [sameShape, transposed, rows, scalar] = [[2, 3, 4], [2, 4, 3], [2, 4], []].map((shape) => tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape));
    const before = memory().liveTensors;
    expect(() => crossEntropyLoss(logits, wrongLabels)).toThrow(ShapeError);
    expect(() => crossEntropyLoss(logits, new Int32Array(7))).toThrow(/7 labels for 8 targets/);
    expect(() => nllLoss(logits, sameShape!)).toThrow(/labels must be int32/);
    expect(() => crossEntropyLoss(logits, transposed!)).toThrow(/logits' shape/);
    expect(() => crossEntropyLoss(logits, rows!)).toThrow(/or float probabilities/);
    expect(() => crossEntropyLoss(scalar!, new Int32Array(0))).toThrow(ShapeError);
    expect(memory().liveTensors).toBe(before);
    for (const t of [logits, wrongLabels, sameShape!, transposed!, rows!, scalar!]) t.dispose();
  });
});
