import { type Backend, withGrowTorture } from './backend.ts';
import { KernelLoadError } from './errors.ts';
import type { KernelExports } from './generated/kernel-exports.ts';
import { Heap, PAGE_BYTES } from './heap.ts';
import { autoVariant, checkWasmOption, detectFeatures, instantiateModule, type LoadOptions } from './module-source.ts';
import { createReferenceKernels } from './reference/index.ts';
import { loadThreadedBackend } from './threads/load-threaded.ts';

/** Loads the kernels: picks the variant, compiles, instantiates on a fresh memory with its heap. */
export async function loadBackend(options: LoadOptions = {}): Promise<Backend> {
  checkWasmOption(options.wasm);
  if (options.threads !== undefined && options.threads !== 1) return loadThreadedBackend(options);
  const features = detectFeatures();
  let variant = options.variant ?? 'auto';
  if (variant === 'simd-threads' || variant === 'relaxed-threads') {
    throw new KernelLoadError(`variant '${variant}' needs threads >= 2, got threads = ${options.threads ?? 1}`);
  }
  if (variant === 'auto') variant = features.simd ? autoVariant(options, 'relaxed', 'simd', features.relaxedSimd) : 'reference';
  if (variant === 'relaxed' && !features.relaxedSimd) {
    throw new KernelLoadError(
      'relaxed SIMD is not available in this engine (Node 20 needs --experimental-wasm-relaxed-simd)',
    );
  }
  if (variant === 'simd' && !features.simd) throw new KernelLoadError('WebAssembly SIMD is not available in this engine');
  const initial = options.initialPages ?? 16;
  const maximum = options.maximumPages ?? 65536;
  const memory = new WebAssembly.Memory({ initial, maximum });
  let heap: Heap;
  let kernels: KernelExports;
  if (variant === 'reference') {
    heap = new Heap(memory, 1024, maximum);
    kernels = createReferenceKernels(heap);
  } else {
    ({ kernels, heap } = await instantiateModule(options, variant, memory, maximum));
  }
  if (options.growTorture) kernels = withGrowTorture(kernels, heap);
  return { variant, heap, kernels };
}

/** A backend whose kernels are the plain-TypeScript reference (float64 accumulation), no wasm needed. */
export function createReferenceBackend(options: Pick<LoadOptions, 'initialPages' | 'maximumPages'> = {}): Backend {
  const maximum = options.maximumPages ?? 65536;
  const memory = new WebAssembly.Memory({ initial: options.initialPages ?? 16, maximum });
  const heap = new Heap(memory, 1024, maximum);
  return { variant: 'reference', heap, kernels: createReferenceKernels(heap) };
}

export { PAGE_BYTES };
export { detectFeatures, type LoadOptions, moduleUrl, type WasmSource, type WasmSources } from './module-source.ts';
