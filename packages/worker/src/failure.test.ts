// Kills workers at seeded points mid-job (after a seeded number of progress events, 0 being before
// the worker is even ready) and checks that no promise is left pending: by the time the client
// reports the worker closed, every call has settled (resolved if it finished first, else
// WorkerTerminatedError). Order of events, never a deadline.
import { once } from 'node:events';
import { Generator } from '@neurite/tensor';
import { describe, expect, it } from 'vitest';
import { createNeuriteWorker, type NeuriteWorker } from './client.ts';
import { WorkerTerminatedError, type TerminationReason } from './errors.ts';
import { startNodeWorker as spawn, watchSettlement } from './testing.ts';

const CRASHABLE_WORKER_URL = new URL('../test-fixtures/crashable-worker.mjs', import.meta.url);

type Kill = 'terminate' | 'external-terminate' | 'throw' | 'exit';
const EXPECTED_REASON: Record<Kill, TerminationReason[]> = {
  terminate: ['terminated'],
  'external-terminate': ['exit'],
  throw: ['error'],
  exit: ['exit'],
};
const KILLS: Kill[] = ['terminate', 'external-terminate', 'throw', 'exit'];

/** One macrotask turn: every promise reaction queued so far has run. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

function startCalls(client: NeuriteWorker, random: Generator, onProgress: () => void): Promise<unknown>[] {
  const calls: Promise<unknown>[] = [client.ready, client.info()];
  for (let i = 0; i < 4; i++) {
    calls.push(
      client.benchmarkKernel(
        { case: { kernel: 'gemm', m: random.integer(32, 96), n: 64, k: 64 }, minTimeMs: random.integer(0, 80) },
        { onProgress },
      ),
    );
  }
  // A training job too: the kill may land while nn loads, mid-epoch, or in a progress callback.
  const rows = 400;
  const x = random.fillUniform(new Float32Array(rows * 4));
  const y = Int32Array.from({ length: rows }, (_, i) => i % 2);
  calls.push(
    client.train(
      {
        model: { inputShape: [4], layers: [{ type: 'linear', outFeatures: 8, activation: 'relu' }, { type: 'linear', outFeatures: 2 }] },
        optimizer: { type: 'sgd', learningRate: 0.1 },
        loss: 'crossEntropy',
        epochs: 20,
        batchSize: 8,
        seed: 1,
        data: { kind: 'arrays', x, xShape: [rows, 4], y, yShape: [rows] },
      },
      { onProgress },
    ),
  );
  return calls;
}

describe('worker death at seeded points', () => {
  for (const seed of [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]) {
    const random = new Generator(seed);
    const kill = KILLS[random.integer(0, KILLS.length)]!;
    const afterEvents = random.integer(0, 16); // 0: before the worker is even ready
    it(`seed ${seed} (${kill} after ${afterEvents} progress events): every pending call has settled with a typed error when closed resolves`, async () => {
      const thread = spawn(CRASHABLE_WORKER_URL);
      const client = createNeuriteWorker(thread);
      let events = 0;
      let reached!: () => void;
      const killPoint = new Promise<void>((resolve) => {
        reached = resolve;
      });
      const calls = startCalls(client, random, () => {
        if (++events === afterEvents) reached();
      });
      const watched = calls.map(watchSettlement);
      // Kill at the seeded event, or once every call has finished if fewer events come.
      if (afterEvents > 0) await Promise.race([killPoint, Promise.allSettled(calls)]);
      if (kill === 'terminate') client.terminate();
      else if (kill === 'external-terminate') void thread.terminate();
      else thread.postMessage({ fixture: kill }); // the worker sees it at its next checkpoint
      const death = await client.closed;
      await turn();
      const pending = watched.filter((w) => w.state.status === 'pending').length;
      expect(pending, `seed ${seed}: calls left pending once closed resolved`).toBe(0);
      expect(death).toBe(client.termination);
      expect(EXPECTED_REASON[kill]).toContain(death.reason);
      for (const { state } of watched) {
        if (state.status !== 'rejected') continue;
        expect(state.reason).toBeInstanceOf(WorkerTerminatedError);
        expect(EXPECTED_REASON[kill]).toContain((state.reason as WorkerTerminatedError).reason);
      }
      // Once dead, the client holds nothing and rejects new calls at once; the thread exits.
      expect(client.pendingCalls).toBe(0);
      await expect(client.info()).rejects.toBeInstanceOf(WorkerTerminatedError);
      if (thread.threadId !== -1) await once(thread, 'exit');
      expect(thread.threadId, 'the thread has exited').toBe(-1);
    });
  }

  it('terminate() rejects every pending call before it returns control', async () => {
    const client = createNeuriteWorker(spawn(CRASHABLE_WORKER_URL));
    await client.ready;
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    // Jobs that run until stopped (10 s of samples each).
    const calls = [0, 1, 2].map((i) => client.benchmarkKernel({ case: { kernel: 'gemm', m: 48 + i, n: 64, k: 64 }, minTimeMs: 10_000 }, { onProgress: () => started() }));
    const watched = calls.map(watchSettlement);
    await running; // mid-job
    client.terminate();
    expect(client.pendingCalls).toBe(0);
    await turn();
    for (const { state } of watched) {
      expect(state.status).toBe('rejected');
      expect((state as { reason: unknown }).reason).toBe(client.termination);
    }
  });

  it('out of memory in the worker rejects pending calls with reason out-of-memory', async () => {
    const thread = spawn(CRASHABLE_WORKER_URL, { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 });
    const client = createNeuriteWorker(thread);
    await client.ready;
    // A job that runs until it is stopped (10 s of samples): the out-of-memory kill comes first.
    const job = watchSettlement(client.benchmarkKernel({ case: { kernel: 'gemm', m: 64, n: 64, k: 64 }, minTimeMs: 10_000 }));
    thread.postMessage({ fixture: 'oom' });
    const death = await client.closed;
    await turn();
    expect(death.reason).toBe('out-of-memory');
    expect(job.state.status).toBe('rejected');
    expect((job.state as { reason: unknown }).reason).toBe(death);
    expect(client.pendingCalls).toBe(0);
  });
});
