// Kills workers at seeded random points mid-job and checks that no promise is left pending:
// every call settles (resolved if it finished first, else WorkerTerminatedError) within a second.
import { describe, expect, it } from 'vitest';
import { createNeuriteWorker, type NeuriteWorker } from './client.ts';
import { WorkerTerminatedError, type TerminationReason } from './errors.ts';
import { mulberry32 } from './jobs/seeded-random.ts';
import { settleWithin, startNodeWorker as spawn } from './testing.ts';

const CRASHABLE_WORKER_URL = new URL('../test-fixtures/crashable-worker.mjs', import.meta.url);

type Kill = 'terminate' | 'external-terminate' | 'throw' | 'exit';
const EXPECTED_REASON: Record<Kill, TerminationReason[]> = {
  terminate: ['terminated'],
  'external-terminate': ['exit'],
  throw: ['error'],
  exit: ['exit'],
};
const KILLS: Kill[] = ['terminate', 'external-terminate', 'throw', 'exit'];

function startCalls(client: NeuriteWorker, random: () => number): Promise<unknown>[] {
  const calls: Promise<unknown>[] = [client.ready, client.info()];
  for (let i = 0; i < 4; i++) {
    calls.push(
      client.benchmarkKernel(
        { case: { kernel: 'gemm', m: 32 + Math.floor(random() * 64), n: 64, k: 64 }, minTimeMs: Math.floor(random() * 80) },
        { onProgress: () => undefined },
      ),
    );
  }
  // A training job too: the kill may land while nn loads, mid-epoch, or in a progress callback.
  const rows = 400;
  const x = new Float32Array(rows * 4).map(() => random());
  const y = Int32Array.from({ length: rows }, (_, i) => i % 2);
  calls.push(
    client.train(
      {
        model: { inputShape: [4], layers: [{ type: 'dense', units: 8, activation: 'relu' }, { type: 'dense', units: 2 }] },
        optimizer: { type: 'sgd', learningRate: 0.1 },
        loss: 'crossEntropy',
        epochs: 20,
        batchSize: 8,
        seed: 1,
        data: { kind: 'arrays', x, xShape: [rows, 4], y, yShape: [rows] },
      },
      { onProgress: () => undefined },
    ),
  );
  return calls;
}

describe('worker death at seeded random points', () => {
  for (const seed of [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]) {
    const random = mulberry32(seed);
    const kill = KILLS[Math.floor(random() * KILLS.length)]!;
    const delayMs = Math.floor(random() * 150); // small delays kill before the worker is even ready
    it(`seed ${seed} (${kill} after ${delayMs} ms): every pending call settles with a typed error within a second`, async () => {
      const thread = spawn(CRASHABLE_WORKER_URL);
      const client = createNeuriteWorker(thread);
      const calls = startCalls(client, random);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const killedAt = performance.now();
      if (kill === 'terminate') client.terminate();
      else if (kill === 'external-terminate') void thread.terminate();
      else thread.postMessage({ fixture: kill });
      // A crash message needs the worker to yield, which the benchmark job does every 25 ms.
      const outcomes = await Promise.all(calls.map((call) => settleWithin(call, 1000)));
      const pending = outcomes.filter((o) => o.status === 'pending').length;
      expect(pending, `seed ${seed} (${kill} after ${delayMs} ms): calls left pending`).toBe(0);
      expect(performance.now() - killedAt).toBeLessThan(1000 + 100);
      for (const outcome of outcomes) {
        if (outcome.status !== 'rejected') continue;
        expect(outcome.reason).toBeInstanceOf(WorkerTerminatedError);
        expect(EXPECTED_REASON[kill]).toContain((outcome.reason as WorkerTerminatedError).reason);
      }
      // Once dead, the client says so, holds nothing, and rejects new calls at once.
      if (thread.threadId !== -1) await settleWithin(new Promise((resolve) => thread.once('exit', resolve)), 1000);
      expect(thread.threadId, 'the thread has exited').toBe(-1);
      expect(client.termination).toBeInstanceOf(WorkerTerminatedError);
      await expect(client.closed).resolves.toBe(client.termination);
      expect(client.pendingCalls).toBe(0);
      await expect(client.info()).rejects.toBeInstanceOf(WorkerTerminatedError);
    });
  }

  it('out of memory in the worker rejects pending calls with reason out-of-memory', async () => {
    const thread = spawn(CRASHABLE_WORKER_URL, { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 });
    const client = createNeuriteWorker(thread);
    await client.ready;
    const job = client.benchmarkKernel({ case: { kernel: 'gemm', m: 64, n: 64, k: 64 }, minTimeMs: 5000 });
    thread.postMessage({ fixture: 'oom' });
    const outcome = await settleWithin(job, 5000);
    expect(outcome.status).toBe('rejected');
    const reason = (outcome as { reason: unknown }).reason;
    expect(reason).toBeInstanceOf(WorkerTerminatedError);
    expect((reason as WorkerTerminatedError).reason).toBe('out-of-memory');
    expect(client.pendingCalls).toBe(0);
  });
});
