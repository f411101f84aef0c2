// fit's and evaluate's `metrics`: user functions over a whole epoch's targets and predictions.
import { ArgumentError, init, memory } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { Linear } from '../layers/linear.ts';
import { mlp } from '../models/mlp.ts';
import { Adam } from '../optim/optimizers.ts';
import { EarlyStopping, ModelCheckpoint } from './callbacks.ts';
import { epochSummary } from './console-progress.ts';
import type { Metric } from './epoch-metrics.ts';
import { evaluate, predict } from './evaluate.ts';
import { fit } from './fit.ts';

beforeAll(async () => {
  await init();
});

/** Two Gaussian blobs per class in 2-D, classes 0..k-1, seeded. */
function blobs(n: number, k: number, seed: number) {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const x = new Float32Array(n * 2), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    y[i] = c;
    x[2 * i] = Math.cos((2 * Math.PI * c) / k) * 2 + (rand() - 0.5);
    x[2 * i + 1] = Math.sin((2 * Math.PI * c) / k) * 2 + (rand() - 0.5);
  }
  return { x: { data: x, shape: [n, 2] }, y: { data: y, shape: [n] } };
}

const accuracy: Metric = (t, p) => {
  let hits = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) hits++;
  return hits / t.length;
};

describe('metrics in fit and evaluate', () => {
  it('an accuracy metric equals the built-in accuracy, on training epochs and on validation data', async () => {
    const data = blobs(120, 3, 1);
    const model = mlp([2, 8, 3], { seed: 1 });
    const optimizer = new Adam(model.parameters(), { lr: 0.05 });
    const before = memory().liveTensors;
    const seen: [number, number][] = [];
    const history = await fit(model, data, {
      epochs: 3, batchSize: 16, optimizer, loss: 'crossEntropy', validationData: blobs(60, 3, 2),
      metrics: { acc: accuracy, rows: (t, p) => (seen.push([t.length, p.length]), t.length) },
    });
    for (const logs of history.epochs) {
      expect(logs.metrics!.acc).toBeCloseTo(logs.accuracy!, 12);
      expect(logs.valMetrics!.acc).toBeCloseTo(logs.valAccuracy!, 12);
      expect(logs.metrics!.rows).toBe(120);
      expect(logs.valMetrics!.rows).toBe(60);
      expect(epochSummary(logs)).toContain(`acc ${logs.metrics!.acc!.toFixed(4)}`);
      expect(epochSummary(logs)).toContain(`val acc ${logs.valMetrics!.acc!.toFixed(4)}`);
    }
    expect(seen.every(([t, p]) => t === p)).toBe(true);
    const evaluation = evaluate(model, data, { loss: 'crossEntropy', metrics: { acc: accuracy } });
    expect(evaluation.metrics!.acc).toBeCloseTo(evaluation.accuracy!, 12);
    expect(memory().liveTensors).toBe(before);
    optimizer.dispose();
    model.dispose();
  });

  it('regression metrics get the model outputs; binary losses get 0/1 labels, or -1/+1 when the targets use -1', async () => {
    const model = new Linear(2, 1, { seed: 3 });
    const x = { data: new Float32Array([1, 0, 0, 1, -1, 0, 0, -1]), shape: [4, 2] };
    const outputs = predict(model, x).data;
    const got: { t: ArrayLike<number>; p: ArrayLike<number> }[] = [];
    const record: Metric = (t, p) => (got.push({ t: Array.from(t), p: Array.from(p) }), 0);
    evaluate(model, { x, y: { data: new Float32Array([1, 2, 3, 4]), shape: [4, 1] } }, { loss: 'mse', metrics: { record } });
    expect(got[0]!.p).toEqual(Array.from(outputs));
    evaluate(model, { x, y: { data: new Float32Array([1, 0, 1, 0]), shape: [4, 1] } }, { loss: 'bceWithLogits', metrics: { record } });
    expect(got[1]!.p).toEqual(Array.from(outputs, (v) => (v > 0 ? 1 : 0)));
    evaluate(model, { x, y: { data: new Float32Array([1, -1, 1, -1]), shape: [4, 1] } }, { loss: 'hinge', metrics: { record } });
    expect(got[2]!.p).toEqual(Array.from(outputs, (v) => (v > 0 ? 1 : -1)));
    expect(got[2]!.t).toEqual([1, -1, 1, -1]);
    model.dispose();
  });

  it('EarlyStopping and ModelCheckpoint monitor a metric by name, with the mode given', async () => {
    const model = mlp([2, 4, 3], { seed: 4 });
    const optimizer = new Adam(model.parameters(), { lr: 0 });
    const saved: number[] = [];
    const history = await fit(model, blobs(30, 3, 5), {
      epochs: 6, batchSize: 10, optimizer, loss: 'crossEntropy', validationData: blobs(15, 3, 6), metrics: { acc: accuracy },
      callbacks: [
        new EarlyStopping({ monitor: 'valMetrics.acc', mode: 'max', patience: 1 }),
        new ModelCheckpoint({ save: (_b, logs) => void saved.push(logs.epoch), saveBestOnly: true, monitor: 'metrics.acc', mode: 'max', serialize: () => new Uint8Array(0) }),
      ],
    });
    // lr 0: nothing improves after the first epoch, so patience 1 stops after epoch 2 and only epoch 0 is saved.
    expect(history.status).toBe('stopped');
    expect(history.epochs).toHaveLength(3);
    expect(saved).toEqual([0]);
    optimizer.dispose();
    model.dispose();
  });

  it('bad metrics and monitors are ArgumentErrors before any training', async () => {
    const model = mlp([2, 4, 3], { seed: 5 });
    const optimizer = new Adam(model.parameters());
    const data = blobs(9, 3, 7);
    const base = { epochs: 1, optimizer, loss: 'crossEntropy' as const };
    for (const metrics of [[accuracy], null, 'acc', { acc: 1 }, { '': accuracy }]) {
      await expect(fit(model, data, { ...base, metrics: metrics as never })).rejects.toThrow(ArgumentError);
    }
    await expect(fit(model, data, { ...base, metrics: { bad: () => 'x' as never } })).rejects.toThrow(/metric bad returned/);
    expect(() => evaluate(model, data, { loss: 'crossEntropy', metrics: { acc: 'no' as never } })).toThrow(ArgumentError);
    expect(() => new EarlyStopping({ monitor: 'valMetrics.acc' })).toThrow(/needs mode/);
    expect(() => new EarlyStopping({ monitor: 'f1' as never })).toThrow(ArgumentError);
    expect(() => new ModelCheckpoint({ save: () => {}, monitor: 'metrics.' as never, mode: 'max' })).toThrow(ArgumentError);
    await expect(fit(model, data, { ...base, callbacks: [new EarlyStopping({ monitor: 'valMetrics.f1', mode: 'max' })], validationData: data }))
      .rejects.toThrow(/metric named f1/);
    optimizer.dispose();
    model.dispose();
  });
});
