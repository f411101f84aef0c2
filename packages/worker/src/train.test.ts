import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { createNeuriteWorker } from './client.ts';
import { ArgumentError, LAYER_TYPES, ModelLoadError } from '@neurite/nn';
import { Generator, NonFiniteError, ShapeError } from '@neurite/tensor';
import { JobCancelledError, WorkerArgumentError } from './errors.ts';
import { MAX_IN_FLIGHT } from './job-context.ts';
import { configureTraining } from './jobs/model-store.ts';
import type { ModelSpec, TrainConfig, TrainProgressEvent } from './jobs/train-types.ts';
import { NODE_WORKER_URL, startNodeWorker as spawn } from './testing.ts';

const client = createNeuriteWorker(spawn(NODE_WORKER_URL));
afterAll(() => client.terminate());

const MODEL: ModelSpec = { inputShape: [2], layers: [{ type: 'linear', outFeatures: 16, activation: 'relu' }, { type: 'linear', outFeatures: 3 }] };

/** Three seeded Gaussian blobs in the plane: an easy, exact-to-reproduce classification problem. */
function blobs(rows: number, seed: number): { x: Float32Array; y: Int32Array } {
  const random = new Generator(seed);
  const centers = [[-2, 0], [2, 0], [0, 2.5]];
  const x = new Float32Array(rows * 2);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const label = i % 3;
    y[i] = label;
    x[2 * i] = centers[label]![0]! + random.uniform(-0.5, 0.5);
    x[2 * i + 1] = centers[label]![1]! + random.uniform(-0.5, 0.5);
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
    // The epoch metrics carry @neurite/nn's EpochLogs names, and only those.
    expect(Object.keys(last).sort()).toEqual(['accuracy', 'classes', 'confusionMatrix', 'elapsedMs', 'epoch', 'loss', 'samplesPerSecond', 'type', 'valAccuracy', 'valLoss']);
    expect(last.loss).toBeGreaterThan(0);
    expect(last.valLoss).toBeGreaterThan(0);
    expect(last.accuracy).toBeGreaterThan(0.9);
    expect(last.valAccuracy).toBeGreaterThan(0.9);
    expect(last.classes).toBe(3);
    const matrix = last.confusionMatrix!;
    expect(matrix.reduce((a, b) => a + b, 0)).toBe(75); // 25% of 300 held out
    expect(result.parameterCount).toBe(2 * 16 + 16 + 16 * 3 + 3);
    // Node always has shared memory: by default the worker trains on the threaded kernels.
    expect(result.threads).toBe(2);
    // The layers it trains are nn's one vocabulary.
    await expect(client.info()).resolves.toMatchObject({ trainingThreads: 2, trainableLayers: [...LAYER_TYPES] });

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

  it('trains a small CNN (conv2d, maxPool2d, flatten, linear) on seeded bar images', async () => {
    // 6x6 images with one vertical (class 0) or horizontal (class 1) bar at a seeded position.
    const rows = 200;
    const random = new Generator(9);
    const x = new Float32Array(rows * 36);
    const y = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      y[i] = i % 2;
      const at = random.integer(0, 6);
      for (let j = 0; j < 6; j++) x[i * 36 + (y[i] === 0 ? j * 6 + at : at * 6 + j)] = 1;
    }
    const model: ModelSpec = {
      inputShape: [6, 6, 1],
      layers: [
        { type: 'conv2d', outChannels: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
        { type: 'maxPool2d', kernelSize: 2 },
        { type: 'flatten' },
        { type: 'linear', outFeatures: 2 },
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
    expect(result.history.at(-1)!.valAccuracy).toBeGreaterThan(0.9);
  });

  it('cancels training within one step of seeing the cancel, counted in steps, and leaves the worker usable', async () => {
    const controller = new AbortController();
    const batches: number[] = [];
    // 200 epochs of 141 batches: far more steps than the cancel can let through.
    const job = client.train({ ...config(3000, 200), progressEvery: 1 }, {
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type !== 'batch') return;
        batches.push(e.epoch * e.batchesPerEpoch + e.batch);
        if (batches.length === 3) controller.abort();
      },
    });
    const cancelled = await job.then(() => undefined, (error: unknown) => error);
    expect(cancelled).toBeInstanceOf(JobCancelledError);
    // Every step reports (progressEvery 1) and checks the shared cancel flag after its report. When the
    // third callback aborts, the worker is at most MAX_IN_FLIGHT reports ahead, and it stops at its next
    // check: no step runs after the one in which it saw the flag.
    expect(batches.length).toBeLessThanOrEqual(3 + MAX_IN_FLIGHT);
    expect(batches).toEqual(batches.map((_, i) => i)); // in order, none lost
    await expect(client.info()).resolves.toMatchObject({ runtime: 'node' });
    // The partly trained model is kept: named by the error, it predicts and saves.
    const { modelId, epochsCompleted, batchesCompleted } = cancelled as JobCancelledError;
    expect(typeof modelId).toBe('string');
    expect(epochsCompleted).toBe(0);
    expect(batchesCompleted).toBeGreaterThanOrEqual(3);
    expect(batchesCompleted).toBeLessThanOrEqual(3 + MAX_IN_FLIGHT + 1);
    const prediction = await client.predict({ modelId: modelId!, x: new Float32Array([-2, 0, 2, 0]), shape: [2, 2] });
    expect(prediction.shape).toEqual([2, 3]);
    expect((await client.weights(modelId!)).length).toBeGreaterThan(0);
  });

  it('cancels while the worker downloads its IDX data: the download is aborted', async () => {
    // A server that starts each answer and never finishes it.
    const held: ServerResponse[] = [];
    let requested!: () => void;
    const arrived = new Promise<void>((resolve) => {
      requested = resolve;
    });
    const server = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.write(new Uint8Array(16));
      held.push(response);
      requested();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const controller = new AbortController();
      const job = client.train({ ...config(30, 1), validation: undefined, data: { kind: 'idx', imagesUrl: `${base}/images`, labelsUrl: `${base}/labels` } }, { signal: controller.signal });
      await arrived; // the worker is mid-download
      controller.abort();
      await expect(job).rejects.toBeInstanceOf(JobCancelledError);
    } finally {
      for (const response of held) response.end();
      server.closeAllConnections();
      server.close();
    }
  });

  it('fails with NonFiniteError (tensor class, code NON_FINITE) on a NaN or infinite feature, before training', async () => {
    for (const bad of [NaN, Infinity]) {
      const cfg = config(60, 1);
      if (cfg.data.kind === 'arrays') cfg.data.x[37] = bad;
      const events: TrainProgressEvent[] = [];
      const error = await client.train(cfg, { onProgress: (e) => void events.push(e) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NonFiniteError);
      expect((error as NonFiniteError).code).toBe('NON_FINITE');
      expect((error as NonFiniteError).index).toBe(37);
      expect((error as Error).message).toMatch(/data\.x: element 37 is (NaN|Infinity)/);
      expect(events).toEqual([]); // nothing trained
    }
  });

  it('fails with NonFiniteError when training diverges instead of reporting NaN losses', async () => {
    const cfg = { ...config(60, 3), optimizer: { type: 'sgd' as const, learningRate: 1e30 }, loss: 'mse' as const, validation: undefined };
    const x = new Float32Array(120).map((_, i) => (i % 7) - 3);
    cfg.data = { kind: 'arrays', x, xShape: [60, 2], y: new Float32Array(180).fill(1e3), yShape: [60, 3] };
    const losses: number[] = [];
    const error = await client.train(cfg, { onProgress: (e) => void (e.type === 'batch' && losses.push(e.loss)) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteError);
    expect((error as Error).message).toMatch(/training loss \(epoch \d+, batch \d+\)/);
    expect(losses.every(Number.isFinite)).toBe(true); // no non-finite loss was ever reported
  });

  it('validates labels and shapes against the model before training', async () => {
    const outOfRange = config(30, 1);
    if (outOfRange.data.kind === 'arrays') outOfRange.data.y[4] = 3; // the model has 3 classes: 0..2
    const label = await client.train(outOfRange).catch((e: unknown) => e);
    expect(label).toBeInstanceOf(WorkerArgumentError);
    expect((label as Error).message).toMatch(/data\.y\[4\] is 3; expected an integer class label in 0\.\.2/);

    const fractional = config(30, 1);
    fractional.data = { ...fractional.data, kind: 'arrays', y: new Float32Array(30).fill(1.5), yShape: [30] } as typeof fractional.data;
    await expect(client.train(fractional)).rejects.toThrow(/data\.y\[0\] is 1\.5; expected an integer class label/);

    const wide = config(30, 1);
    if (wide.data.kind === 'arrays') wide.data = { ...wide.data, xShape: [15, 4], y: new Int32Array(15), yShape: [15] };
    const shape = await client.train(wide).catch((e: unknown) => e);
    expect(shape).toBeInstanceOf(ShapeError);
    expect((shape as Error).message).toMatch(/data\.x has shape \[15, 4\]; the model expects \[rows, 2\]/);

    const tooFew = { ...config(3, 1), validation: { fraction: 0.1 } };
    await expect(client.train(tooFew)).rejects.toThrow(/leaves 3 to train on and 0 to validate/);
  });

  it('rejects a corrupt weights file with nn\'s ModelLoadError (its class and code), leaving no model behind', async () => {
    const error = await client.loadWeights({ model: MODEL, safetensors: new Uint8Array([1, 2, 3]) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as ModelLoadError).code).toBe('FILE_TOO_SHORT');
  });

  it('validates predict batches: shape against the model, finite values', async () => {
    const { modelId } = await client.train(config(60, 1));
    const shape = await client.predict({ modelId, x: new Float32Array(6), shape: [2, 3] }).catch((e: unknown) => e);
    expect(shape).toBeInstanceOf(ShapeError);
    const nan = await client.predict({ modelId, x: new Float32Array([1, NaN]), shape: [1, 2] }).catch((e: unknown) => e);
    expect(nan).toBeInstanceOf(NonFiniteError);
    expect((nan as NonFiniteError).index).toBe(1);
    // A batch larger than one slice (256 rows) predicts every row.
    const rows = 600;
    const big = await client.predict({ modelId, x: new Float32Array(rows * 2).fill(0.5), shape: [rows, 2] });
    expect(big.shape).toEqual([rows, 3]);
    expect(big.predicted!.length).toBe(rows);
  });

  it('a predict aborted right after the call rejects with JobCancelledError and leaves nothing pending', async () => {
    const { modelId } = await client.train(config(60, 1));
    await client.ready;
    const controller = new AbortController();
    const job = client.predict({ modelId, x: new Float32Array(2 * 5000), shape: [5000, 2] }, { signal: controller.signal });
    // Whether the abort lands before or after the request is posted, the call rejects the same way.
    await Promise.resolve();
    await Promise.resolve();
    controller.abort();
    await expect(job).rejects.toBeInstanceOf(JobCancelledError);
    expect(client.pendingCalls).toBe(0);
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

  it('names bad configurations and unknown model ids', async () => {
    const bad = { ...config(30, 1), epochs: 0 };
    const error = await client.train(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerArgumentError);
    expect((error as Error).message).toMatch(/epochs is 0; expected an integer/);
    await expect(client.predict({ modelId: 'nope', x: new Float32Array(2), shape: [1, 2] })).rejects.toThrow(/modelId is "nope"/);
  });

  it("checks the model spec with nn's builder: its own ArgumentError or ShapeError, naming model.layers[i]", async () => {
    const withModel = (model: unknown) => ({ ...config(30, 1), model: model as ModelSpec });
    // A layer type nn does not have (here the worker's former 'dense').
    const unknown = await client.train(withModel({ inputShape: [2], layers: [{ type: 'dense', units: 3 }] })).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ArgumentError);
    expect((unknown as Error).message).toMatch(/model\.layers\[0\]\.type must be one of linear, conv2d, .*; got "dense"/);
    // A field of another vocabulary.
    const field = await client.train(withModel({ inputShape: [2], layers: [{ type: 'linear', units: 3 }] })).catch((e: unknown) => e);
    expect(field).toBeInstanceOf(ArgumentError);
    expect((field as Error).message).toMatch(/model\.layers\[0\]\.units is not a field of linear; expected outFeatures, bias, activation/);
    // A window larger than its input.
    const conv = await client.train(withModel({ inputShape: [2, 1, 1], layers: [{ type: 'conv2d', outChannels: 2, kernelSize: 3 }] })).catch((e: unknown) => e);
    expect(conv).toBeInstanceOf(ShapeError);
    expect((conv as Error).message).toMatch(/model\.layers\[0\] \(conv2d\): a 3-wide window does not fit the input \[2, 1, 1\]/);
  });

  it('checks what training needs of the output: flat logits of 2 or more classes, and parameters', async () => {
    // linear acts on the last axis: [2, 1] -> [2, 3] is a valid model but no classifier.
    const notFlat = { ...config(30, 1), model: { inputShape: [2, 1], layers: [{ type: 'linear' as const, outFeatures: 3 }] } };
    const shape = await client.train(notFlat).catch((e: unknown) => e);
    expect(shape).toBeInstanceOf(ShapeError);
    expect((shape as Error).message).toMatch(/model outputs \[2, 3\] per example; cross-entropy expects flat logits \[classes\]: add \{ type: 'flatten' \}/);
    const oneClass = { ...config(30, 1), model: { inputShape: [2], layers: [{ type: 'linear' as const, outFeatures: 1 }] } };
    await expect(client.train(oneClass)).rejects.toThrow(/model outputs \[1\] per example; cross-entropy expects at least 2 classes/);
    // Labels 0..1 fit the 2 outputs of a model without parameters.
    const nothingToTrain = { ...config(30, 1), model: { inputShape: [2], layers: [{ type: 'tanh' as const }] }, validation: undefined };
    if (nothingToTrain.data.kind === 'arrays') for (let i = 0; i < 30; i++) nothingToTrain.data.y[i] = i % 2;
    const empty = await client.train(nothingToTrain).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(WorkerArgumentError);
    expect((empty as Error).message).toMatch(/model\.layers have no parameters to train/);
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
      expect(one.history.map((e) => e.loss)).toEqual(two.history.map((e) => e.loss));
    } finally {
      await single.terminate();
    }
  });

  it('rejects a bad trainingThreads option', () => {
    expect(() => configureTraining(0)).toThrow(WorkerArgumentError);
    expect(() => configureTraining(1.5)).toThrow(/expected 'auto' or an integer in 1\.\.64/);
  });
});
