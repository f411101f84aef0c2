import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { KernelLoadError } from '../errors.ts';
import { detectFeatures, loadBackend } from '../loader.ts';
import { type Activation, gemmBatched } from '../ops/gemm.ts';
import { assertClose, putF32, randomArray, readF32, reductionTolerance, referenceOf } from '../testing.ts';
import { ThreadPoolError } from './pool.ts';
import * as protocol from './protocol.ts';
import { workerMain } from './worker-loop.ts';
import { ACTIVATIONS as ACTIVATION_NAMES } from '../ops/op-codes.ts';

// minParallelWork 1: every product is split, so awkward shapes exercise every part boundary.
const variants = detectFeatures().relaxedSimd ? (['simd', 'relaxed'] as const) : (['simd'] as const);
const backends: Backend[] = [];
for (const variant of variants) backends.push(await loadBackend({ threads: 2, variant, minParallelWork: 1 }));
afterAll(async () => {
  for (const b of backends) await b.dispose?.();
});

interface Case {
  m: number; n: number; k: number; transA?: boolean; transB?: boolean;
  pad?: number; offset?: number; alpha?: number; beta?: number; bias?: boolean; activation?: Activation;
  batch?: number; broadcastA?: boolean; broadcastB?: boolean;
}

/** Runs one case threaded and on the reference over the same inputs; compares the C's. */
function check(backend: Backend, t: Case): void {
  const { m, n, k } = t;
  const transA = t.transA ?? false, transB = t.transB ?? false, pad = t.pad ?? 0, offset = t.offset ?? 0;
  const lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad;
  const batch = t.batch ?? 1, beta = t.beta ?? 0;
  const sizeA = (transA ? k : m) * lda, sizeB = (transB ? n : k) * ldb, sizeC = m * ldc;
  const seed = m * 7919 + n * 104729 + k;
  const cInit = randomArray(sizeC * batch, seed + 3);
  if (beta === 0) cInit.fill(NaN);
  const a = putF32(backend, randomArray(t.broadcastA ? sizeA : sizeA * batch, seed + 1), offset);
  const b = putF32(backend, randomArray(t.broadcastB ? sizeB : sizeB * batch, seed + 2), offset);
  const bias = t.bias ? putF32(backend, randomArray(n, seed + 4, -2, 2), offset) : undefined;
  const cGot = putF32(backend, cInit, offset), cWant = putF32(backend, cInit, offset);
  const common = {
    m, n, k, a, b, transA, transB, lda, ldb, ldc, alpha: t.alpha ?? 1, beta, bias, activation: t.activation ?? 'none',
    activationAlpha: 0.1, batch, strideA: t.broadcastA ? 0 : sizeA, strideB: t.broadcastB ? 0 : sizeB, strideC: sizeC,
  };
  gemmBatched(backend, { ...common, c: cGot });
  gemmBatched(referenceOf(backend), { ...common, c: cWant });
  const label = `${backend.variant} ${JSON.stringify(t)}`;
  const got = readF32(backend, cGot, sizeC * batch), want = readF32(backend, cWant, sizeC * batch);
  for (let i = 0; i < sizeC * batch; i++) if (i % ldc >= n) expect(got[i], `${label} padding`).toBe(cInit[i]);
  assertClose(got, want, reductionTolerance(k), label);
  for (const p of [a, b, cGot, cWant, ...(bias === undefined ? [] : [bias])]) backend.heap.free(p - offset * 4);
}

const SIZES = [1, 3, 5, 8, 9, 13, 17, 24, 25, 65];
const TRANSPOSES = [[false, false], [true, false], [false, true], [true, true]] as const;
const ACTIVATIONS: readonly Activation[] = ACTIVATION_NAMES; // every activation of the op table

describe.each(backends.map((b) => [b.variant, b] as const))('threaded gemm (%s, 2 threads)', (_, backend) => {
  it('names the threaded build, sits on shared memory and splits products', () => {
    expect(backend.variant.endsWith('-threads')).toBe(true);
    expect(backend.heap.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(backend.pool?.threads).toBe(2);
    expect(backend.pool?.workerCount).toBe(1);
  });

  it('matches the reference over awkward sizes, rotating transposes and epilogues', () => {
    let i = 0;
    for (const m of SIZES) {
      for (const n of SIZES) {
        for (const k of [1, 17, 65]) {
          const [transA, transB] = TRANSPOSES[i % 4]!;
          const e = i++ % 5;
          check(backend, {
            m, n, k, transA, transB, pad: e === 1 ? 3 : 0, offset: e === 2 ? 1 : 0,
            alpha: e === 3 ? -0.5 : 1, beta: e === 4 ? 1.5 : 0, bias: e >= 3, activation: ACTIVATIONS[i % ACTIVATIONS.length]!,
          });
        }
      }
    }
  });

  it('crosses the block boundaries in all transposes with alpha, beta, bias and activations', () => {
    for (const [transA, transB] of TRANSPOSES) {
      check(backend, { m: 150, n: 37, k: 260, transA, transB, pad: 2, alpha: 0.5, beta: -1.25, bias: true, activation: 'tanh' });
      check(backend, { m: 7, n: 530, k: 300, transA, transB, offset: 3, bias: true, activation: 'gelu' });
      check(backend, { m: 6, n: 1030, k: 70, transA, transB, beta: 1, bias: true, activation: 'leakyRelu' });
    }
  });

  it('splits batches and the problems inside them, with broadcast operands', () => {
    for (const batch of [1, 2, 3, 5]) {
      check(backend, { m: 13, n: 29, k: 33, batch, bias: true, activation: 'relu', beta: 0.5 });
      check(backend, { m: 31, n: 9, k: 40, batch, broadcastA: true, transB: true });
      check(backend, { m: 17, n: 70, k: 20, batch, broadcastB: true, transA: true, alpha: 2 });
    }
  });
});

describe('threaded backend lifecycle', () => {
  it('keeps working while memory grows: old SharedArrayBuffers keep their length, workers see new pages', async () => {
    const backend = await loadBackend({ threads: 2, variant: 'simd', minParallelWork: 1, initialPages: 16, maximumPages: 512 });
    try {
      const memory = backend.heap.memory;
      const before = memory.buffer;
      const length = before.byteLength;
      const big = backend.heap.alloc(8 << 20); // forces growth
      expect(memory.buffer.byteLength).toBeGreaterThan(length);
      expect(before.byteLength).toBe(length);
      expect(memory.buffer).not.toBe(before);
      expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
      check(backend, { m: 40, n: 70, k: 33, bias: true, activation: 'sigmoid' }); // operands above the old end
      backend.heap.free(big);
    } finally {
      await backend.dispose?.();
    }
  });

  it('survives growth during every call (grow torture) with workers running', async () => {
    const backend = await loadBackend({ threads: 2, variant: 'simd', minParallelWork: 1, growTorture: true, maximumPages: 1024 });
    try {
      for (const [transA, transB] of TRANSPOSES) check(backend, { m: 30, n: 45, k: 50, transA, transB, bias: true });
    } finally {
      await backend.dispose?.();
    }
  });

  it('dispose ends the workers, frees the pool blocks and leaves gemm single-threaded; it is idempotent', async () => {
    const backend = await loadBackend({ threads: 3, variant: 'simd', minParallelWork: 1 });
    const pool = backend.pool!;
    expect(pool.workerCount).toBe(2);
    check(backend, { m: 50, n: 60, k: 20 });
    const live = backend.heap.stats().liveBlocks; // the control block, the pool's workspace, the reference's
    await backend.dispose?.();
    expect(pool.terminated).toBe(true);
    expect(pool.workerCount).toBe(0);
    expect(backend.heap.stats().liveBlocks).toBe(live - 2);
    check(backend, { m: 50, n: 60, k: 20 });
    await backend.dispose?.();
  });

  it('reports a trap in a worker as ThreadPoolError and stays usable', async () => {
    const backend = await loadBackend({ threads: 2, variant: 'simd', minParallelWork: 1 });
    try {
      const a = putF32(backend, randomArray(4, 1)), b = putF32(backend, randomArray(4 * 16, 2));
      const end = backend.heap.memory.buffer.byteLength;
      // m = 1, n = 16, k = 4: the caller's 8 columns fit below the end of memory, the worker's do not.
      const call = [1, 0, 0, 1, 16, 4, 1, a, 4, 0, b, 16, 0, 0, end - 32, 16, 0, 0, -1, 0.01] as const;
      expect(() => backend.pool!.gemm(backend, [...call])).toThrow(ThreadPoolError);
      check(backend, { m: 20, n: 30, k: 10 });
    } finally {
      await backend.dispose?.();
    }
  });

  it('rejects bad thread counts and variants without a threaded build', async () => {
    await expect(loadBackend({ threads: 1.5 })).rejects.toThrow(KernelLoadError);
    await expect(loadBackend({ threads: 2, variant: 'reference' })).rejects.toThrow(/no threaded build/);
    await expect(loadBackend({ variant: 'simd-threads' })).rejects.toThrow(/needs threads >= 2/);
  });

  it('lays out a slot without overlap: header words, then 8-byte aligned arguments inside the slot', () => {
    // The claim word once sat on the first argument's low half: writing a task's arguments reopened
    // the claim of the previous task under a late worker, which then ran a half-written task.
    const { ARGS_BYTE_OFFSET, CLAIM_WORD, MAX_ARGS, SLEEP_WORD, SLOT_WORDS } = protocol;
    expect(ARGS_BYTE_OFFSET % 8).toBe(0);
    expect(ARGS_BYTE_OFFSET).toBeGreaterThanOrEqual((Math.max(CLAIM_WORD, SLEEP_WORD) + 1) * 4);
    expect(SLEEP_WORD).not.toBe(CLAIM_WORD);
    expect(SLEEP_WORD).toBeGreaterThanOrEqual(4); // after SEQ, OP, kernel and argument count
    expect(ARGS_BYTE_OFFSET + 8 * MAX_ARGS).toBeLessThanOrEqual(SLOT_WORDS * 4);
    expect((SLOT_WORDS * 4) % 16).toBe(0);
  });

  it('the worker loop repeats the protocol constants', () => {
    const source = workerMain.toString();
    for (const name of ['HEADER_WORDS', 'SLOT_WORDS', 'ARGS_BYTE_OFFSET', 'MAX_ARGS', 'OP_CALL', 'OP_EXIT', 'OP_WAKE', 'DONE_WORD', 'ERRORS_WORD', 'CLAIM_WORD', 'SLEEP_WORD', 'CLAIM_OPEN', 'CLAIM_TAKEN'] as const) {
      expect(Number(new RegExp(`${name} = (\\d+)`).exec(source)?.[1]), name).toBe(protocol[name]);
    }
  });

  it('a worker woken without a task (OP_WAKE) runs nothing, counts nothing, and the next split calls run as before', async () => {
    const backend = await loadBackend({ threads: 2, variant: 'simd', minParallelWork: 1 });
    try {
      const pool = backend.pool as unknown as { wake(workers: number): void; words: Int32Array; control: number };
      const slot = (pool.control >>> 2) + protocol.HEADER_WORDS;
      check(backend, { m: 33, n: 47, k: 21, bias: true, activation: 'relu' });
      for (let i = 0; i < 5; i++) {
        // Whether or not the worker sleeps at this moment, a wake must be harmless: it bumps SEQ only
        // for a sleeping worker, and the task slot's claim stays as the last task left it.
        const claim = Atomics.load(pool.words, slot + protocol.CLAIM_WORD);
        Atomics.store(pool.words, slot + protocol.SLEEP_WORD, 1); // as if asleep: the wake goes out
        pool.wake(1);
        expect(Atomics.load(pool.words, slot + 1)).toBe(protocol.OP_WAKE);
        expect(Atomics.load(pool.words, slot + protocol.CLAIM_WORD)).toBe(claim);
        check(backend, { m: 64, n: 9, k: 130, transA: true, batch: 3 });
      }
    } finally {
      await backend.dispose?.();
    }
  });

  it('runs a task itself when its worker has not started it, so a late worker is never waited for', async () => {
    // A worker that can never claim its task (ended behind the pool's back) is the extreme of a
    // descheduled one: every split call must still finish, on the caller alone, with the same result.
    const backend = await loadBackend({ threads: 2, variant: 'simd', minParallelWork: 1 });
    try {
      const workers = (backend.pool as unknown as { workers: { terminate(): Promise<unknown> }[] }).workers;
      await workers[0]!.terminate();
      for (const t of [{ m: 33, n: 47, k: 21, bias: true, activation: 'relu' as const }, { m: 64, n: 9, k: 130, transA: true, batch: 3 }]) check(backend, t);
    } finally {
      await backend.dispose?.();
    }
  });

  const entry = new URL('../../dist/threads/worker-entry.js', import.meta.url);
  it.skipIf(!existsSync(fileURLToPath(entry)))('runs with the built worker-entry.js as the worker script', async () => {
    const backend = await loadBackend({ threads: 2, variant: 'simd', minParallelWork: 1, workerUrl: entry });
    try {
      check(backend, { m: 33, n: 47, k: 21, bias: true, activation: 'relu' });
    } finally {
      await backend.dispose?.();
    }
  });
});
