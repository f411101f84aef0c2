import { afterEach, describe, expect, it } from 'vitest';
import { createNeuriteWorker, type NeuriteWorker } from './client.ts';
import { JobCancelledError, WorkerArgumentError, WorkerTerminatedError } from './errors.ts';
import { MAX_IN_FLIGHT } from './job-context.ts';
import type { KernelBenchmarkProgress } from './jobs/kernel-benchmark-types.ts';
import { NODE_WORKER_URL, startNodeWorker as spawn } from './testing.ts';

const open: NeuriteWorker[] = [];
function start(): NeuriteWorker {
  const client = createNeuriteWorker(spawn(NODE_WORKER_URL));
  open.push(client);
  return client;
}
afterEach(() => {
  for (const client of open.splice(0)) client.terminate();
});

describe('createNeuriteWorker in worker_threads', () => {
  it('reports capabilities once ready', async () => {
    const info = await start().ready;
    expect(info.runtime).toBe('node');
    expect(info.simd).toBe(true);
    expect(info.jobs.benchmarkKernel).toBe(true);
    expect(info.threads.available).toBe(true); // Node workers may block on shared memory
    // vitest.config.ts gives this process --experimental-wasm-relaxed-simd; worker threads share it.
    expect(info.relaxedSimd).toBe(true);
  });

  it('queues calls made before the worker is ready and answers every one', async () => {
    const client = start();
    const calls = [
      client.info(),
      client.benchmarkKernel({ case: { kernel: 'add', n: 1000 }, minTimeMs: 5 }),
      client.benchmarkKernel({ case: { kernel: 'gemm', m: 17, n: 9, k: 33 }, minTimeMs: 5 }),
    ] as const;
    expect(client.pendingCalls).toBe(4); // ready + 3
    const [info, add, gemm] = await Promise.all(calls);
    expect(info.protocol).toBe(1);
    expect(add.unit).toBe('G elements/s');
    expect(gemm.caseName).toBe('gemm 17x9x33');
    expect(client.pendingCalls).toBe(0);
  });

  it('benchmarks gemm and conv2d with checked results and GFLOP/s figures', async () => {
    const client = start();
    const gemm = await client.benchmarkKernel({ case: { kernel: 'gemm', m: 64, n: 48, k: 80 }, minTimeMs: 20 });
    expect(gemm.unit).toBe('GFLOP/s');
    expect(gemm.rows.map((r) => r.variant)).toEqual(['simd', 'relaxed']);
    for (const row of gemm.rows) {
      expect(row.value).toBeGreaterThan(0);
      expect(row.maxError).toBeLessThan(1e-4);
      expect(row.samples).toBeGreaterThanOrEqual(3);
    }
    for (const [transA, transB] of [[true, false], [false, true], [true, true]]) {
      const t = await client.benchmarkKernel({ case: { kernel: 'gemm', m: 33, n: 17, k: 65, transA, transB }, minTimeMs: 5 });
      for (const row of t.rows) expect(row.maxError, t.caseName).toBeLessThan(1e-4);
    }
    const conv = await client.benchmarkKernel({
      case: { kernel: 'conv2d', batch: 2, height: 9, width: 7, inChannels: 3, outChannels: 5, kernelSize: 3 },
      variants: ['simd', 'reference'],
      minTimeMs: 10,
    });
    expect(conv.caseName).toBe('conv2d 3x3 2x9x7x3->5');
    expect(conv.rows.map((r) => r.variant)).toEqual(['simd', 'reference']);
    for (const row of conv.rows) expect(row.maxError).toBeLessThan(1e-4);
    const softmax = await client.benchmarkKernel({ case: { kernel: 'softmax', rows: 7, cols: 1029 }, variants: ['simd', 'reference'], minTimeMs: 5 });
    expect(softmax.unit).toBe('G elements/s');
    for (const row of softmax.rows) expect(row.maxError).toBeLessThan(1e-5);
  });

  it('draws its inputs and spot checks from the seed: the same seed gives the same check, another seed another', async () => {
    const client = start();
    const maxError = async (seed: number) => {
      const result = await client.benchmarkKernel({ case: { kernel: 'gemm', m: 33, n: 17, k: 65 }, variants: ['simd'], minTimeMs: 0, seed });
      return result.rows[0]!.maxError;
    };
    const [first, again, other] = [await maxError(7), await maxError(7), await maxError(8)];
    expect(first).toBeGreaterThan(0); // float32 output against a float64 sum: a real, seed-dependent rounding error
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });

  it('benchmarks gemm on the threaded build (2 threads) with a checked result', async () => {
    const client = start();
    const result = await client.benchmarkKernel({ case: { kernel: 'gemm', m: 160, n: 136, k: 200 }, variants: ['threads', 'simd'], minTimeMs: 10 });
    expect(result.threads.available).toBe(true);
    expect(result.rows.map((r) => r.variant)).toEqual(['threads', 'simd']);
    for (const row of result.rows) expect(row.maxError).toBeLessThan(1e-4);
  });

  it('delivers every progress event before the result resolves', async () => {
    const client = start();
    for (let run = 0; run < 3; run++) {
      const events: KernelBenchmarkProgress[] = [];
      const result = await client.benchmarkKernel(
        { case: { kernel: 'gemm', m: 96, n: 96, k: 96 }, minTimeMs: 120 },
        {
          onProgress: async (event) => {
            for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve)); // a slow callback
            events.push(event);
          },
        },
      );
      expect(result.rows.length).toBeGreaterThan(0);
      // The last event of the run is the final fraction of the last variant.
      expect(events.at(-1)).toEqual({ variant: result.rows.at(-1)!.variant, fraction: 1 });
    }
  });

  it('fails the job when its progress callback throws', async () => {
    const client = start();
    await client.ready; // else the ready call may still be pending when the job has failed
    const error = await client
      .benchmarkKernel({ case: { kernel: 'gemm', m: 64, n: 64, k: 64 }, minTimeMs: 200 }, {
        onProgress: () => {
          throw new Error('callback exploded');
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/callback exploded/);
    expect(client.pendingCalls).toBe(0);
  });

  it('rejects bad requests with the worker error class, naming the field', async () => {
    const client = start();
    const error = await client.benchmarkKernel({ case: { kernel: 'gemm', m: 0, n: 1, k: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerArgumentError);
    expect((error as WorkerArgumentError).code).toBe('WORKER_ARGUMENT');
    expect((error as Error).message).toMatch(/case\.m is 0; expected an integer/);
    for (const seed of [Number.NaN, 1.5, Infinity]) {
      const bad = await client.benchmarkKernel({ case: { kernel: 'add', n: 4 }, seed, minTimeMs: 0 }).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(WorkerArgumentError);
      expect((bad as Error).message).toMatch(/seed is .*; expected an integer/);
    }
    // The worker is still usable.
    await expect(client.info()).resolves.toMatchObject({ runtime: 'node' });
  });

  it('cancels a running job through its AbortSignal: it stops within the progress calls in flight', async () => {
    const client = start();
    await client.ready;
    const controller = new AbortController();
    let events = 0;
    // A 10 s benchmark reports about every 25 ms; abort on the first report.
    const job = client.benchmarkKernel(
      { case: { kernel: 'gemm', m: 128, n: 128, k: 128 }, minTimeMs: 10_000 },
      {
        signal: controller.signal,
        onProgress: () => {
          events++;
          controller.abort();
        },
      },
    );
    await expect(job).rejects.toBeInstanceOf(JobCancelledError);
    // The worker checks the shared flag after every sample; it can only have sent the reports that
    // were in flight when the aborting callback ran.
    expect(events).toBeGreaterThanOrEqual(1);
    expect(events).toBeLessThanOrEqual(MAX_IN_FLIGHT + 1);
    expect(client.pendingCalls).toBe(0);
    // A cancelled job leaves the worker usable.
    await expect(client.benchmarkKernel({ case: { kernel: 'add', n: 64 }, minTimeMs: 1 })).resolves.toMatchObject({ caseName: 'add 64' });
  });

  it('rejects at once when the signal is already aborted, and after terminate()', async () => {
    const client = start();
    const controller = new AbortController();
    controller.abort();
    await expect(client.benchmarkKernel({ case: { kernel: 'add', n: 4 } }, { signal: controller.signal })).rejects.toBeInstanceOf(JobCancelledError);
    client.terminate();
    const error = await client.info().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerTerminatedError);
    expect((error as WorkerTerminatedError).reason).toBe('terminated');
    expect(client.termination).toBe(error);
    await expect(client.closed).resolves.toBe(error);
  });
});
