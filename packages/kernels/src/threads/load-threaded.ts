// loadBackend({ threads }) for threads >= 2: the threaded build on a shared memory plus a pool.
import { type Backend, withGrowTorture } from '../backend.ts';
import { KernelLoadError } from '../errors.ts';
import { autoVariant, detectFeatures, instantiateModule, type LoadOptions } from '../module-source.ts';
import { ThreadPool } from './pool.ts';

/** Default memory limit of a threaded backend: a shared memory reserves its maximum up front. */
export const THREADED_MAXIMUM_PAGES = 16384;

/**
 * Why this thread cannot run a threaded backend, or undefined when it can: shared memory needs
 * SharedArrayBuffer (browsers: only when cross-origin isolated) and the caller blocks in
 * Atomics.wait, which a browser's main thread may not.
 */
export function threadsUnavailableReason(): string | undefined {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') {
    return 'SharedArrayBuffer is not available (browsers need cross-origin isolation: COOP/COEP headers)';
  }
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (isolated === false) return 'the page is not cross-origin isolated (COOP/COEP headers are missing)';
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
  } catch {
    return 'this thread may not block in Atomics.wait (a browser main thread): load the threaded backend in a worker';
  }
  return undefined;
}

export async function loadThreadedBackend(options: LoadOptions): Promise<Backend> {
  const threads = options.threads ?? 2;
  if (!Number.isInteger(threads) || threads < 2 || threads > 64) {
    throw new KernelLoadError(`threads must be an integer from 1 to 64, got ${threads}`);
  }
  const why = threadsUnavailableReason();
  if (why !== undefined) throw new KernelLoadError(`threaded kernels are unavailable: ${why}`);
  const features = detectFeatures();
  const requested = options.variant ?? 'auto';
  let variant: 'simd-threads' | 'relaxed-threads';
  if (requested === 'auto') variant = autoVariant(options, 'relaxed-threads', 'simd-threads', features.relaxedSimd);
  else if (requested === 'simd' || requested === 'simd-threads') variant = 'simd-threads';
  else if (requested === 'relaxed' || requested === 'relaxed-threads') variant = 'relaxed-threads';
  else throw new KernelLoadError(`variant '${requested}' has no threaded build; use 'auto', 'simd' or 'relaxed'`);
  if (!features.simd) throw new KernelLoadError('WebAssembly SIMD is not available in this engine');
  if (variant === 'relaxed-threads' && !features.relaxedSimd) {
    throw new KernelLoadError('relaxed SIMD is not available in this engine (Node 20 needs --experimental-wasm-relaxed-simd)');
  }
  const maximum = options.maximumPages ?? THREADED_MAXIMUM_PAGES;
  const initial = options.initialPages ?? 16;
  if (!Number.isInteger(maximum) || maximum < initial || maximum > 65536) {
    throw new KernelLoadError(`maximumPages must be an integer from initialPages (${initial}) to 65536, got ${maximum}`);
  }
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial, maximum, shared: true });
  } catch (cause) {
    // A shared memory reserves its maximum up front; small address spaces may refuse 1 GiB.
    throw new KernelLoadError(`could not create a shared memory of up to ${maximum} pages (${String(cause)}); pass a smaller maximumPages`, { cause });
  }
  const loaded = await instantiateModule(options, variant, memory, maximum);
  const { module, heap } = loaded;
  let kernels = loaded.kernels;
  const pool = await ThreadPool.create(module, heap, {
    threads,
    // A fixed minParallelWork is the caller's rule: it turns the measured gate off.
    ...(options.minParallelWork !== undefined ? { minWork: options.minParallelWork, adaptive: false } : {}),
    ...(options.workerUrl !== undefined ? { workerUrl: options.workerUrl } : {}),
  });
  if (options.growTorture) kernels = withGrowTorture(kernels, heap);
  return { variant, heap, kernels, pool, dispose: () => pool.terminate() };
}
