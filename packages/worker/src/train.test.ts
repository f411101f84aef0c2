import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { createNeuriteWorker } from './client.ts';
import { JobCancelledError, WorkerArgumentError, WorkerJobError } from './errors.ts';
import { configureTraining } from './jobs/train.ts';
import { mulberry32 } from './jobs/seeded-random.ts';
import type { ModelSpec, TrainConfig, TrainProgressEvent } from './jobs/train-types.ts';
import { NODE_WORKER_URL, startNodeWorker as spawn } from './testing.ts';

const client = createNeuriteWorker(spawn(NODE_WORKER_URL));
afterAll(() => client.terminate());

const MODEL: ModelSpec = { inputShape: [2], layers: [{ type: 'dense', units: 16, activation: 'relu' }, { type: 'dense', units: 3 }] };

/** Three seeded Gaussian blobs in the plane: an easy, exact-to-reproduce classification problem. */
function blobs(rows: number, seed: number): { x: Float32Array; y: Int32Array } {
  const random = mulberry32(seed);
  const centers = [[-2, 0], [2, 0], [0, 2.5]];
  const x = new Float32Array(rows * 2);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const label = i % 3;
    y[i] = label;
    x[2 * i] = centers[label]![0]! + (random() - 0.5);
    x[2 * i + 1] = centers[label]![1]! + (random() - 0.5);
  }
  return { x, y };
}

function config(rows: number, epochs: number): TrainConfig {
  const { x, y } = blobs(rows, 3);
  return {
    model: MODEL,
    optimizer: { type: 'adam', learningRate: 0.02 },
    loss: 'crossEntropy',
    epochs,
    batchSize: 16,
    seed: 5,
    data: { kind: 'arrays', x, xShape: [rows, 2], y, yShape: [rows] },
    validation: { fraction: 0.25 },
    progressEvery: 2,
  };
}

describe('train / predict / weights jobs', () => {
  it('trains an MLP with batch and epoch progress, a confusion matrix, and transfers the data', async () => {
    const cfg = config(300, 4);
    const events: TrainProgressEvent[] = [];
    const result = await client.train(cfg, { onProgress: (e) => void events.push(e) });
    // The data went to the worker: the caller's arrays are detached.
    expect(cfg.data.kind === 'arrays' && cfg.data.x.length).toBe(0);
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([0, 1, 2, 3]);
    expect(events.filter((e) => e.type === 'batch').length).toBeGreaterThan(4);
    expect(events.at(-1)?.type).toBe('epoch'); // the last update arrives before the result
    const last = result.history.at(-1)!;
    expect(last.validationAccuracy).toBeGreaterThan(0.9);
    expect(last.classes).toBe(3);
    const matrix = last.confusionMatrix!;
    expect(matrix.reduce((a, b) => a + b, 0)).toBe(75); // 25% of 300 held out
    expect(result.parameterCount).toBe(2 * 16 + 16 + 16 * 3 + 3);
    // Node always has shared memory: by default the worker trains on the threaded kernels.
    expect(result.threads).toBe(2);
    await expect(client.info()).resolves.toMatchObject({ trainingThreads: 2 });

    const probe = new Float32Array([-2, 0, 2, 0, 0, 2.5]);
    const prediction = await client.predict({ modelId: result.modelId, x: probe, shape: [3, 2] });
    expect(probe.length).toBe(0); // transferred
    expect([...prediction.predicted!]).toEqual([0, 1, 2]);
    for (let r = 0; r < 3; r++) expect(prediction.output.subarray(3 * r, 3 * r + 3).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);

    // Weights round trip through safetensors bytes into a new model with identical outputs.
    const bytes = await client.weights(result.modelId);
    expect(bytes.length).toBeGreaterThan(4 * result.parameterCount);
    const loaded = await client.loadWeights({ model: MODEL, safetensors: bytes });
    expect(loaded.modelId).not.toBe(result.modelId);
    const again = await client.predict({ modelId: loaded.modelId, x: new Float32Array([-2, 0, 2, 0, 0, 2.5]), shape: [3, 2] });
    expect([...again.output]).toEqual([...prediction.output]);
  });

  it('trains a small CNN (conv2d, maxPool2d, flatten, dense) on seeded bar images', async () => {
    // 6x6 images with one vertical (class 0) or horizontal (class 1) bar at a seeded position.
    const rows = 200;
    const random = mulberry32(9);
    const x = new Float32Array(rows * 36);
    const y = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      y[i] = i % 2;
      const at = Math.floor(random() * 6);
      for (let j = 0; j < 6; j++) x[i * 36 + (y[i] === 0 ? j * 6 + at : at * 6 + j)] = 1;
    }
    const model: ModelSpec = {
      inputShape: [6, 6, 1],
      layers: [
        { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
        { type: 'maxPool2d', poolSize: 2 },
        { type: 'flatten' },
        { type: 'dense', units: 2 },
      ],
    };
    const result = await client.train({
      model,
      optimizer: { type: 'adam', learningRate: 0.03 },
      loss: 'crossEntropy',
      epochs: 8,
      batchSize: 20,
      seed: 2,
      data: { kind: 'arrays', x, xShape: [rows, 6, 6, 1], y, yShape: [rows] },
      validation: { fraction: 0.2 },
    });
    expect(result.parameterCount).toBe(3 * 3 * 1 * 4 + 4 + 3 * 3 * 4 * 2 + 2);
    expect(result.history.at(-1)!.validationAccuracy).toBeGreaterThan(0.9);
  });

  it('cancels training within a step and leaves the worker usable', async () => {
    const controller = new AbortController();
    const batches: number[] = [];
    let afterAbort = 0;
    const job = client.train({ ...config(3000, 200), progressEvery: 1 }, {
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type !== 'batch') return;
        if (controller.signal.aborted) afterAbort++;
        batches.push(e.batch);
        if (batches.length === 3) controller.abort();
      },
    });
    const started = performance.now();
    await expect(job).rejects.toBeInstanceOf(JobCancelledError);
    expect(performance.now() - started).toBeLessThan(1000);
    // The worker sees the shared cancel flag after the step in flight; only the progress calls it
    // had already sent (at most 8 in flight) can still arrive.
    expect(afterAbort).toBeLessThanOrEqual(9);
    await expect(client.info()).resolves.toMatchObject({ runtime: 'node' });
  });

  // Node posts a WebAssembly memory's buffer by copy; browsers refuse to transfer it (DataCloneError),
  // and the client then retries with a copy. Either way the caller's view stays attached.
  it('copies a batch that lives in WebAssembly memory instead of transferring it', async () => {
    const info = await client.train(config(60, 1));
    const memory = new WebAssembly.Memory({ initial: 1 });
    const x = new Float32Array(memory.buffer, 64, 6);
    x.set([-2, 0, 2, 0, 0, 2.5]);
    const prediction = await client.predict({ modelId: info.modelId, x, shape: [3, 2] });
    expect(prediction.output.length).toBe(9);
    expect(x.length).toBe(6); // still attached: copied, not transferred
    expect(memory.buffer.byteLength).toBe(65536);
  });

  it('names bad configurations and refuses layers nn does not have', async () => {
    const bad = { ...config(30, 1), epochs: 0 };
    const error = await client.train(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerJobError);
    expect((error as Error).message).toMatch(/epochs is 0; expected an integer/);
    const flatMissing = { ...config(30, 1), model: { inputShape: [2, 1], layers: [{ type: 'dense' as const, units: 2 }] } };
    await expect(client.train(flatMissing)).rejects.toThrow(/add \{ type: 'flatten' \}/);
    const conv = { ...config(30, 1), model: { inputShape: [2, 1, 1], layers: [{ type: 'conv2d' as const, filters: 2, kernelSize: 3 }] } };
    await expect(client.train(conv)).rejects.toThrow(/conv2d 3x3\) does not fit its input \[2, 1, 1\]/);
    await expect(client.predict({ modelId: 'nope', x: new Float32Array(2), shape: [1, 2] })).rejects.toThrow(/modelId is "nope"/);
  });

  it('trains on one thread when the worker is exposed with trainingThreads: 1, with the same result here', async () => {
    // An eval worker exposing the built package with the option (the CNN is large enough to split on 2 threads).
    const expose = new URL('../dist/expose.js', import.meta.url).href;
    const single = createNeuriteWorker(new Worker(
      `import(${JSON.stringify(expose)}).then((m) => m.exposeNeuriteWorker({ trainingThreads: 1 }));`,
      { eval: true, execArgv: [] },
    ));
    try {
      await expect(single.info()).resolves.toMatchObject({ trainingThreads: 1 });
      const one = await single.train(config(120, 2));
      const two = await client.train(config(120, 2));
      expect(one.threads).toBe(1);
      expect(two.threads).toBe(2);
      // Below minParallelWork nothing splits: both threads counts give the same bits.
      expect(one.history.map((e) => e.trainLoss)).toEqual(two.history.map((e) => e.trainLoss));
    } finally {
      await single.terminate();
    }
  });

  it('rejects a bad trainingThreads option', () => {
    expect(() => configureTraining(0)).toThrow(WorkerArgumentError);
    expect(() => configureTraining(1.5)).toThrow(/expected 'auto' or an integer in 1\.\.64/);
  });
});
