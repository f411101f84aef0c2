// Shared test helpers (the `@neurite/kernels/testing` subpath). No test framework imported:
// failures throw plain Errors that every runner reports.
import type { Backend } from './backend.ts';
import { detectFeatures, loadBackend } from './loader.ts';
import { createReferenceKernels } from './reference/index.ts';

export interface Tolerance {
  atol: number;
  rtol: number;
}

/** TESTING.md defaults for float32 results against the float64 reference. */
export const ELEMENTWISE_TOLERANCE: Tolerance = { atol: 1e-5, rtol: 1.3e-6 };
/** Reductions, GEMM and convolution with inner size k. */
export function reductionTolerance(k: number): Tolerance {
  return { atol: 1e-5 * Math.sqrt(Math.max(k, 1)), rtol: 1e-4 };
}

/** Sizes that cover SIMD bodies, tails and several loop iterations. */
export const AWKWARD_SIZES = [0, 1, 3, 4, 5, 7, 8, 15, 16, 17, 63, 64, 65, 812, 1029] as const;

/** +0, -0, smallest subnormal, smallest normal, largest finite, +-Inf, NaN (as float32). */
export const SPECIAL_VALUES = [0, -0, 1.401298464324817e-45, 1.1754943508222875e-38, 3.4028234663852886e38, Infinity, -Infinity, NaN] as const;

/**
 * |a - e| <= atol + rtol |e| element-wise. NaN matches only NaN, +Inf only +Inf, -Inf only -Inf.
 * Throws naming the worst index (and `label`) on failure.
 */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, label = 'values'): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: length ${actual.length} differs from expected ${expected.length}`);
  }
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!, e = expected[i]!;
    let bad: number;
    if (Number.isNaN(e) || Number.isNaN(a)) bad = Number.isNaN(e) && Number.isNaN(a) ? 0 : Infinity;
    else if (!Number.isFinite(e) || !Number.isFinite(a)) bad = a === e ? 0 : Infinity;
    else bad = Math.abs(a - e) - (tol.atol + tol.rtol * Math.abs(e));
    if (bad > 0 && (worst < 0 || bad > worstExcess)) {
      worst = i;
      worstExcess = bad;
    }
  }
  if (worst >= 0) {
    throw new Error(
      `${label}: index ${worst} is ${actual[worst]}, expected ${expected[worst]} ` +
        `(atol ${tol.atol}, rtol ${tol.rtol}, excess ${worstExcess})`,
    );
  }
}

/** A small seeded generator for test data (SplitMix32). Same seed, same numbers, everywhere. */
export function testRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

/** `n` seeded uniforms in [lo, hi). */
export function randomArray(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const next = testRandom(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * next();
  return out;
}

/**
 * Copies `data` into a new block. `offset` (in elements) shifts the start off the 16-byte
 * alignment, to test kernels on unaligned inputs. Returns the data pointer.
 */
export function putF32(backend: Backend, data: ArrayLike<number>, offset = 0): number {
  const ptr = backend.heap.alloc((data.length + offset) * 4) + offset * 4;
  backend.heap.f32(ptr, data.length).set(data);
  return ptr;
}

/** Reads `n` f32 at `ptr` into a new array (a copy, safe across memory growth). */
export function readF32(backend: Backend, ptr: number, n: number): Float32Array {
  return backend.heap.f32(ptr, n).slice();
}

/** The same heap and memory as `backend`, with the reference kernels: run both on the same pointers. */
export function referenceOf(backend: Backend): Backend {
  return { variant: 'reference', heap: backend.heap, kernels: createReferenceKernels(backend.heap) };
}

/**
 * Every wasm variant this engine runs (SIMD always; relaxed when validated, e.g. under
 * `--experimental-wasm-relaxed-simd`). Set NEURITE_GROW_TORTURE=1 to grow memory before each call.
 */
export async function wasmBackends(): Promise<Backend[]> {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const growTorture = env?.NEURITE_GROW_TORTURE === '1';
  const out = [await loadBackend({ variant: 'simd', growTorture })];
  if (detectFeatures().relaxedSimd) out.push(await loadBackend({ variant: 'relaxed', growTorture }));
  return out;
}

/** `backend` with every kernel call recorded in `calls` (same heap and memory). */
export function countingBackend(backend: Backend): { backend: Backend; calls: string[] } {
  const calls: string[] = [];
  const kernels: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(backend.kernels as unknown as Record<string, (...a: number[]) => number>)) {
    kernels[name] = (...args: number[]) => {
      calls.push(name);
      return fn(...args);
    };
  }
  return { backend: { ...backend, kernels: kernels as unknown as Backend['kernels'] }, calls };
}

/**
 * Asserts that `call` rejects misuse cleanly: it throws an instance of `errorClass`, calls no
 * kernel, changes not one byte of the memory (so every canary block is intact) and leaves the
 * heap's statistics as they were (nothing allocated, leaked or grown). Returns the error.
 * Compares the whole memory: use it on a small heap.
 */
export function expectCleanRejection(
  backend: Backend, call: (backend: Backend) => unknown, errorClass: abstract new (...args: never[]) => Error, label: string,
): Error {
  const counting = countingBackend(backend);
  const stats = JSON.stringify(backend.heap.stats());
  const before = new Int32Array(backend.heap.memory.buffer.slice(0));
  let error: unknown;
  try {
    call(counting.backend);
  } catch (e) {
    error = e;
  }
  if (!(error instanceof errorClass)) {
    throw new Error(`${label}: expected ${errorClass.name}, got ${error === undefined ? 'no error' : String(error)}`);
  }
  if (counting.calls.length > 0) throw new Error(`${label}: kernels ran before the rejection: ${counting.calls.join(', ')}`);
  const after = new Int32Array(backend.heap.memory.buffer);
  if (after.length !== before.length) throw new Error(`${label}: the memory grew from ${before.length * 4} to ${after.length * 4} bytes`);
  for (let i = 0; i < before.length; i++) {
    if (after[i] !== before[i]) throw new Error(`${label}: the word at byte ${i * 4} changed from ${before[i]} to ${after[i]}`);
  }
  const statsAfter = JSON.stringify(backend.heap.stats());
  if (statsAfter !== stats) throw new Error(`${label}: heap stats changed from ${stats} to ${statsAfter}`);
  return error;
}
