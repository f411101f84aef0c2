// Cancellation without shared memory (a page that is not cross-origin isolated): the client sends a
// cancel message, and the job sees it at its next checkpoint, where it yields to the event loop.
// The Node worker is wrapped as a browser Worker, so the client neither makes nor sends a shared flag.
import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { createNeuriteWorker } from './client.ts';
import { JobCancelledError } from './errors.ts';
import type { TokenizeProgress, TokenizerTrainingProgress } from './jobs/tokenize-types.ts';
import type { TrainProgressEvent } from './jobs/train-types.ts';
import { CHUNK_CHARS } from './jobs/text-chunks.ts';
import { abortOnProgress, NODE_WORKER_URL, startNodeWorker as spawn } from './testing.ts';
import type { BrowserWorkerLike } from './worker-target.ts';

function asBrowserWorker(thread: Worker): BrowserWorkerLike {
  const wrapped = new Map<(event: unknown) => void, (...args: unknown[]) => void>();
  return {
    postMessage: (message, transfer) => thread.postMessage(message, transfer as never),
    addEventListener: (type, listener) => {
      const forward = type === 'message' ? (data: unknown) => listener({ data }) : (error: unknown) => listener({ message: String(error), error });
      wrapped.set(listener, forward as (...args: unknown[]) => void);
      thread.on(type, forward);
    },
    removeEventListener: (type, listener) => {
      const forward = wrapped.get(listener);
      if (forward !== undefined) thread.off(type, forward);
    },
    terminate: () => void thread.terminate(),
  };
}

const client = createNeuriteWorker(asBrowserWorker(spawn(NODE_WORKER_URL)));
afterAll(() => client.terminate());

describe('cancellation by message (no shared memory)', () => {
  it('stops a long tokenize before its last chunk', async () => {
    const chunks = 40;
    const text = 'The 3 quick foxes jumped over 12 lazy dogs.\n'.repeat(Math.ceil((chunks * CHUNK_CHARS) / 44));
    const options = abortOnProgress<TokenizeProgress>();
    const { events } = options;
    const job = client.tokenize({ text, tokenizer: { kind: 'encoding', name: 'gpt2' } }, options);
    await expect(job).rejects.toBeInstanceOf(JobCancelledError);
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.at(-1)!.chars).toBeLessThan(text.length);
  });

  it('stops WordPiece training while it counts words, before the last chunk', async () => {
    const text = 'The 3 quick foxes jumped over 12 lazy dogs.\n'.repeat(Math.ceil((40 * CHUNK_CHARS) / 44));
    const options = abortOnProgress<TokenizerTrainingProgress>();
    const { events } = options;
    const job = client.trainTokenizer({ text, model: 'wordpiece', vocabSize: 400 }, options);
    await expect(job).rejects.toBeInstanceOf(JobCancelledError);
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.at(-1)!.chars).toBeLessThan(text.length);
    expect(events.some((e) => e.phase !== 'words')).toBe(false);
  });

  it('stops training before its last step', async () => {
    const rows = 2000;
    const x = new Float32Array(rows * 2).map((_, i) => (i % 5) - 2);
    const y = Int32Array.from({ length: rows }, (_, i) => i % 2);
    const controller = new AbortController();
    const batches: TrainProgressEvent[] = [];
    const job = client.train(
      {
        model: { inputShape: [2], layers: [{ type: 'linear', outFeatures: 2 }] },
        optimizer: { type: 'sgd', learningRate: 0.01 },
        loss: 'crossEntropy',
        epochs: 50,
        batchSize: 10,
        seed: 1,
        data: { kind: 'arrays', x, xShape: [rows, 2], y, yShape: [rows] },
        progressEvery: 1,
      },
      {
        signal: controller.signal,
        onProgress: (e) => {
          if (e.type !== 'batch') return;
          batches.push(e);
          controller.abort();
        },
      },
    );
    await expect(job).rejects.toBeInstanceOf(JobCancelledError);
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(batches.length).toBeLessThan(50 * (rows / 10)); // far fewer than every step
    await expect(client.info()).resolves.toMatchObject({ runtime: 'node' });
  });
});
