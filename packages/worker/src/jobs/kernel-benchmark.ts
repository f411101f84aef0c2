/**
 * The kernel-benchmark job: runs one case on each requested kernel build inside the worker and
 * reports throughput from the median sample. This job imports @neurite/kernels directly (below
 * tensor and nn) because it measures the kernels themselves; its inputs come from @neurite/tensor's
 * seeded Generator.
 */
import { type Backend, createReferenceBackend, detectFeatures, loadBackend, threadsUnavailableReason } from '@neurite/kernels';
import { Generator } from '@neurite/tensor';
import { WorkerArgumentError } from '../errors.ts';
import type { JobContext } from '../job-context.ts';
import { prepareCase } from './benchmark-cases.ts';
import type {
  KernelBenchmarkProgress,
  KernelBenchmarkRequest,
  KernelBenchmarkResult,
  KernelBenchmarkRow,
  KernelVariant,
} from './kernel-benchmark-types.ts';
import type { JobResult } from './job-result.ts';

/** Threads of the `threads` variant: this worker plus one kernel worker on a shared memory. */
export const BENCHMARK_THREADS = 2;

/** Whether this worker can run the threaded kernels (it blocks in Atomics.wait; needs SharedArrayBuffer). */
export function threadsStatus(): { available: boolean; reason: string } {
  const reason = threadsUnavailableReason();
  return reason === undefined
    ? { available: true, reason: `${BENCHMARK_THREADS} threads on one shared memory` }
    : { available: false, reason };
}

const backends = new Map<KernelVariant, Promise<Backend>>();

function backendFor(variant: KernelVariant): Promise<Backend> {
  let backend = backends.get(variant);
  if (backend === undefined) {
    backend =
      variant === 'reference'
        ? Promise.resolve(createReferenceBackend())
        : variant === 'threads'
          ? loadBackend({ threads: BENCHMARK_THREADS })
          : loadBackend({ variant });
    backends.set(variant, backend);
    backend.catch(() => backends.delete(variant));
  }
  return backend;
}

function unavailableReason(variant: KernelVariant): string | undefined {
  const features = detectFeatures();
  if (variant === 'simd' && !features.simd) return 'this engine has no WebAssembly SIMD';
  if (variant === 'relaxed' && !features.relaxedSimd) return 'this engine has no relaxed SIMD';
  if (variant === 'threads') return threadsUnavailableReason();
  return undefined;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const VARIANTS: readonly KernelVariant[] = ['simd', 'relaxed', 'reference', 'threads'];

export async function benchmarkKernel(
  request: KernelBenchmarkRequest,
  context: JobContext<KernelBenchmarkProgress>,
): Promise<JobResult<KernelBenchmarkResult>> {
  const variants = request.variants ?? ['simd', 'relaxed'];
  for (const v of variants) {
    if (!VARIANTS.includes(v)) throw new WorkerArgumentError('variants', `contains ${JSON.stringify(v)}; expected 'simd', 'relaxed', 'reference' or 'threads'`);
  }
  const minTimeMs = request.minTimeMs ?? 300;
  if (!(minTimeMs >= 0 && minTimeMs <= 10_000)) throw new WorkerArgumentError('minTimeMs', `is ${minTimeMs}; expected 0..10000`);
  const seed = request.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new WorkerArgumentError('seed', `is ${String(seed)}; expected an integer`);
  const rows: KernelBenchmarkRow[] = [];
  const skipped: KernelBenchmarkResult['skipped'] = [];
  let caseName = '';
  let unit: KernelBenchmarkResult['unit'] = 'GFLOP/s';
  for (const variant of variants) {
    const reason = unavailableReason(variant);
    if (reason !== undefined) {
      skipped.push({ variant, reason });
      continue;
    }
    const backend = await backendFor(variant);
    context.throwIfCancelled();
    const prepared = prepareCase(backend, request.case, new Generator(seed));
    caseName = prepared.name;
    unit = prepared.unit;
    try {
      // Warm-up, then one correctness check outside the timing.
      let start = performance.now();
      prepared.run();
      const warmMs = Math.max(performance.now() - start, 1e-3);
      const maxError = prepared.check(new Generator(seed + 1));
      // Each sample times enough calls to last about a millisecond.
      const repeat = Math.max(1, Math.ceil(1 / warmMs));
      const times: number[] = [];
      const began = performance.now();
      let lastYield = began;
      do {
        // Cancellation is checked after every sample (a few milliseconds of work at most); progress
        // and a yield to the event loop come about every 25 ms.
        context.throwIfCancelled();
        start = performance.now();
        for (let r = 0; r < repeat; r++) prepared.run();
        const now = performance.now();
        times.push((now - start) / repeat);
        if (now - lastYield > 25) {
          await context.report({ variant, fraction: Math.min(1, (now - began) / Math.max(minTimeMs, 1)) });
          await context.checkpoint();
          lastYield = performance.now();
        }
      } while (performance.now() - began < minTimeMs || times.length < 3);
      const medianMs = median(times);
      rows.push({ variant, value: prepared.work / (medianMs * 1e6), medianMs, samples: times.length, maxError });
      await context.report({ variant, fraction: 1 });
    } finally {
      prepared.free();
    }
  }
  if (caseName === '') caseName = request.case?.kernel ?? 'unknown';
  return { value: { caseName, unit, rows, skipped, threads: threadsStatus() }, transfer: [] };
}
