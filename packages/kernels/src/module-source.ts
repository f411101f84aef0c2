// Where kernel modules come from: the load options, feature detection, the package's module
// files, compilation (Node file reads or streaming fetch) and instantiation on a given memory.
// Shared by the single-threaded loader (loader.ts) and the threaded one (threads/load-threaded.ts).
import type { Variant } from './backend.ts';
import { KernelLoadError } from './errors.ts';
import type { KernelExports } from './generated/kernel-exports.ts';
import { Heap } from './heap.ts';

export interface LoadOptions {
  /** 'auto' (default): relaxed SIMD where the engine validates it, else SIMD, else the TS reference. */
  variant?: Variant | 'auto';
  /** The module's bytes or a compiled module, to skip fetching (e.g. from a bundler's asset URL). */
  module?: BufferSource | WebAssembly.Module;
  /** Where to fetch the module from instead of the package's own dist/. */
  url?: string | URL;
  /** Initial memory in 64 KiB pages (default 16 = 1 MiB). */
  initialPages?: number;
  /** Memory limit in pages (default 65536 = 4 GiB). */
  maximumPages?: number;
  /** Grow memory by a page before every kernel call: a test mode that catches stale views. */
  growTorture?: boolean;
  /**
   * Threads that compute GEMM, the caller included (default 1: no workers). 2 or more loads the
   * threaded build on a shared memory (maximumPages then defaults to 16384 = 1 GiB) and starts
   * threads - 1 workers; see src/threads/ and the README. End them with `backend.dispose()`.
   */
  threads?: number;
  /**
   * Threaded builds: calls with less work stay single-threaded (default 2^20). GEMM and convolutions
   * count multiply-adds; elementwise ops, optimizer steps and softmax count 8 per element.
   */
  minParallelWork?: number;
  /** Threaded builds: the worker script (see ThreadPoolOptions.workerUrl). */
  workerUrl?: string | URL;
}

// Minimal modules that validate only where the engine has the feature.
// (func (result v128) v128.const 0) and the same with f32x4.relaxed_madd on three constants.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 133, 2, 11,
]);

/** What this engine supports: 128-bit SIMD, relaxed SIMD. */
export function detectFeatures(): { simd: boolean; relaxedSimd: boolean } {
  const has = typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function';
  return {
    simd: has && WebAssembly.validate(SIMD_PROBE),
    relaxedSimd: has && WebAssembly.validate(RELAXED_PROBE),
  };
}

/** The package's own module files; resolves the same from src/ and from dist/. */
export function moduleUrl(variant: 'simd' | 'relaxed' | 'simd-threads' | 'relaxed-threads'): URL {
  switch (variant) {
    case 'relaxed':
      return new URL('../dist/kernels-relaxed.wasm', import.meta.url);
    case 'simd-threads':
      return new URL('../dist/kernels-threads.wasm', import.meta.url);
    case 'relaxed-threads':
      return new URL('../dist/kernels-relaxed-threads.wasm', import.meta.url);
    default:
      return new URL('../dist/kernels.wasm', import.meta.url);
  }
}

/** Compiles a module from a URL (file: URLs through node:fs, others through fetch). */
export async function compileFrom(url: URL): Promise<WebAssembly.Module> {
  if (url.protocol === 'file:') {
    // Node 20 cannot fetch file: URLs. getBuiltinModule keeps `node:fs` out of browser bundles.
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const fs = proc?.getBuiltinModule?.('node:fs') as typeof import('node:fs') | undefined;
    if (fs === undefined) throw new KernelLoadError(`cannot read ${url.href}: no fs in this runtime`);
    return WebAssembly.compile(fs.readFileSync(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new KernelLoadError(`fetching ${url.href} failed: HTTP ${response.status}`);
  if (response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

export type ModuleVariant = Parameters<typeof moduleUrl>[0];

/**
 * Compiles the module of `variant` (or takes `options.module` / `options.url`) and instantiates it
 * on `memory`; the heap starts after the module's static data.
 */
export async function instantiateModule(
  options: LoadOptions,
  variant: ModuleVariant,
  memory: WebAssembly.Memory,
  maximumPages: number,
): Promise<{ module: WebAssembly.Module; kernels: KernelExports; heap: Heap }> {
  let module: WebAssembly.Module;
  try {
    module =
      options.module instanceof WebAssembly.Module
        ? options.module
        : options.module !== undefined
          ? await WebAssembly.compile(options.module)
          : await compileFrom(options.url !== undefined ? new URL(options.url) : moduleUrl(variant));
  } catch (cause) {
    if (cause instanceof KernelLoadError) throw cause;
    throw new KernelLoadError(`could not compile the ${variant} kernel module: ${String(cause)}`, { cause });
  }
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const kernels = instance.exports as unknown as KernelExports;
  return { module, kernels, heap: new Heap(memory, kernels.heap_base(), maximumPages) };
}

