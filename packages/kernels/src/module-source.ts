// Where kernel modules come from: the load options, feature detection, the package's module
// files, compilation (Node file reads or streaming fetch) and instantiation on a given memory.
// Shared by the single-threaded loader (loader.ts) and the threaded one (threads/load-threaded.ts).
import type { Variant } from './backend.ts';
import { ArgumentError, KernelLoadError, NeuriteError } from './errors.ts';
import type { KernelExports } from './generated/kernel-exports.ts';
import { Heap } from './heap.ts';

/** Where one kernel module comes from: a URL (absolute, or relative to the page), its bytes, or a compiled module. */
export type WasmSource = string | URL | BufferSource | WebAssembly.Module;

/** Module files by build variant, e.g. the URLs a bundler gave for `@neurite/kernels/kernels.wasm`. */
export type WasmSources = Partial<Record<ModuleVariant, WasmSource>>;

export interface LoadOptions {
  /** 'auto' (default): relaxed SIMD where the engine validates it, else SIMD, else the TS reference. */
  variant?: Variant | 'auto';
  /** The module's bytes or a compiled module, to skip fetching (e.g. from a bundler's asset URL). */
  module?: BufferSource | WebAssembly.Module;
  /** Where to fetch the module from instead of the package's own dist/. */
  url?: string | URL;
  /**
   * The module of each build variant, instead of the package's own files: URLs (a bundler's asset
   * URL, e.g. esbuild's `file` loader), bytes or compiled modules. With `variant: 'auto'` the best
   * variant the engine runs is picked among those given; variants not given are not used.
   */
  wasm?: WasmSources;
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
   * Without it, calls above 2^20 split only while the pool's measured hand-off says a split pays
   * (threads/split-gate.ts); with it, every call above it splits.
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

/**
 * The package's own module files; resolves the same from src/ and from dist/. Each is a literal
 * `new URL('...', import.meta.url)`, the pattern Vite, webpack 5 and Rollup's import-meta-assets
 * plugin follow to emit the file beside the bundle.
 */
export function moduleUrl(variant: ModuleVariant): URL {
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

export type ModuleVariant = 'simd' | 'relaxed' | 'simd-threads' | 'relaxed-threads';

const MODULE_VARIANTS: readonly ModuleVariant[] = ['simd', 'relaxed', 'simd-threads', 'relaxed-threads'];

function isWasmSource(value: unknown): value is WasmSource {
  return (
    typeof value === 'string' ||
    value instanceof URL ||
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value) ||
    (typeof WebAssembly === 'object' && value instanceof WebAssembly.Module)
  );
}

/** Checks `options.wasm` before anything is loaded: only known variants, each a URL, bytes or a module. */
export function checkWasmOption(wasm: unknown): void {
  if (wasm === undefined) return;
  if (wasm === null || typeof wasm !== 'object' || Array.isArray(wasm) || isWasmSource(wasm)) {
    throw new ArgumentError(
      `wasm: expected an object of module sources by variant ({ simd, relaxed, 'simd-threads', 'relaxed-threads' }), got ${describe(wasm)}`,
    );
  }
  for (const [key, value] of Object.entries(wasm)) {
    if (!(MODULE_VARIANTS as readonly string[]).includes(key)) {
      throw new ArgumentError(`wasm: unknown variant '${key}', expected one of ${MODULE_VARIANTS.join(', ')}`);
    }
    if (value !== undefined && !isWasmSource(value)) {
      throw new ArgumentError(`wasm.${key}: expected a URL string, a URL, bytes or a WebAssembly.Module, got ${describe(value)}`);
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value === 'string' ? `'${value}'` : `${typeof value} ${String(value)}`;
}

/**
 * The variant 'auto' stands for: relaxed where the engine has relaxed SIMD, else the plain SIMD
 * build; when `wasm` lists modules, only a variant it lists.
 */
export function autoVariant<V extends ModuleVariant>(options: LoadOptions, relaxed: V, simd: V, relaxedSimd: boolean): V {
  const given = options.wasm;
  if (given === undefined || options.module !== undefined || options.url !== undefined) return relaxedSimd ? relaxed : simd;
  if (relaxedSimd && given[relaxed] !== undefined) return relaxed;
  if (given[simd] !== undefined) return simd;
  throw new KernelLoadError(
    `wasm lists no module this engine can run as '${simd}'${relaxedSimd ? ` or '${relaxed}'` : ''} (listed: ${Object.keys(given).join(', ') || 'none'})`,
  );
}

/** A URL from an absolute or page-relative string (`/assets/kernels-1a2b.wasm`, `./kernels.wasm`). */
export function resolveUrl(url: string | URL): URL {
  if (url instanceof URL) return url;
  const scope = globalThis as { document?: { baseURI?: string }; location?: { href?: string } };
  const base = scope.document?.baseURI ?? scope.location?.href;
  try {
    return base === undefined ? new URL(url) : new URL(url, base);
  } catch {
    throw new ArgumentError(`'${url}' is not a URL${base === undefined ? ' (a relative URL needs a page to resolve against)' : ''}`);
  }
}

async function compileSource(source: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (typeof source === 'string' || source instanceof URL) return compileFrom(resolveUrl(source));
  return WebAssembly.compile(source);
}

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
    const source = options.module ?? options.url ?? options.wasm?.[variant];
    module = source !== undefined ? await compileSource(source) : await compileFrom(moduleUrl(variant));
  } catch (cause) {
    if (cause instanceof NeuriteError) throw cause;
    throw new KernelLoadError(`could not compile the ${variant} kernel module: ${String(cause)}`, { cause });
  }
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const kernels = instance.exports as unknown as KernelExports;
  return { module, kernels, heap: new Heap(memory, kernels.heap_base(), maximumPages) };
}

