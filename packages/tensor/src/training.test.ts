// A small MLP trained directly with tensor ops: learns, and does not leak across 2,000 steps.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  add, argmax, eq, Generator, indexSelect, init, linear, mean, memory, randn, scope, softmaxCrossEntropy, tensor, type Tensor, zeros,
} from './index.ts';

beforeAll(async () => {
  await init();
});

describe('training loop', () => {
  it.skipIf(process.env.NEURITE_GROW_TORTURE === '1')('2,000 forward+backward+SGD steps of an MLP: loss falls; live tensors and heap size stay flat after warm-up', () => {
    const gen = new Generator(123);
    // Data: 4 Gaussian blobs in 8-D, 256 points.
    const n = 256, d = 8, classes = 4;
    const centers = randn([classes, d], { generator: gen, std: 2 });
    const labels = tensor(Int32Array.from({ length: n }, (_, i) => i % classes));
    const x = scope(() => add(indexSelect(centers, 0, labels), randn([n, d], { generator: gen })));
    const w1 = randn([d, 32], { generator: gen, std: Math.sqrt(2 / d) }).setRequiresGrad();
    const b1 = zeros([32]).setRequiresGrad();
    const w2 = randn([32, classes], { generator: gen, std: Math.sqrt(1 / 32) }).setRequiresGrad();
    const b2 = zeros([classes]).setRequiresGrad();
    const params = [w1, b1, w2, b2];
    const batch = 32;
    let snapshot: { liveTensors: number; heapBytes: number; liveBytes: number } | undefined;
    let firstLoss = 0, lastLoss = 0;
    for (let step = 0; step < 2000; step++) {
      const start = (step * batch) % n;
      const loss = scope(() => {
        const idx = tensor(Int32Array.from({ length: batch }, (_, i) => (start + i) % n));
        const xb = indexSelect(x, 0, idx);
        const yb = indexSelect(labels, 0, idx);
        const h = linear(xb, w1, b1, { activation: 'relu' });
        const logits = linear(h, w2, b2);
        const l = softmaxCrossEntropy(logits, yb);
        l.backward();
        for (const p of params) {
          p.addScaledInPlace_(p.grad!, -0.1);
          p.zeroGrad();
        }
        return l.item();
      });
      if (step === 0) firstLoss = loss;
      lastLoss = loss;
      if (step === 100) snapshot = { ...memory() };
    }
    const end = memory();
    expect(end.liveTensors).toBe(snapshot!.liveTensors);
    expect(end.liveBytes).toBe(snapshot!.liveBytes);
    expect(end.heapBytes).toBeLessThanOrEqual(snapshot!.heapBytes);
    expect(lastLoss).toBeLessThan(firstLoss / 4);
    const accuracy = scope(() => {
      const pred = argmax(linear(linear(x, w1, b1, { activation: 'relu' }), w2, b2), 1);
      return mean(eq(pred, labels)).item();
    });
    expect(accuracy).toBeGreaterThan(0.9);
    for (const t of [...params, x, labels, centers] as Tensor[]) t.dispose();
  });
});
