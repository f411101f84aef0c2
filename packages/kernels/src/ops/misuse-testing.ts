// Test helpers for the misuse tests of the checked wrappers: every numeric argument of a good call
// is replaced in turn by bad values of its kind, and each call must be rejected cleanly (typed
// error, no kernel call, no byte of memory changed, heap statistics unchanged).
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { loadBackend } from '../loader.ts';
import { countingBackend, expectCleanRejection } from '../testing.ts';

/** What an argument is: each kind has its own bad values. */
export type Kind =
  | 'count' // a size or element count (>= 0; the good value is > 0)
  | 'step' // a size that must be >= 1 but may be large (a convolution or pooling stride)
  | 'ptr' // a byte address of f32 / i32 data
  | 'ptr8' // a byte address of f64 data (4-byte aligned is not enough)
  | 'offset' // an element offset (>= 0)
  | 'stride' // a signed element stride
  | 'i32'; // any i32 value (a fill value, an ignored label)

const NOT_INTEGERS = [0.5, 1.5, NaN, Infinity, -Infinity, 1e300, 2 ** 53];

/** Bad values of each kind; `good` is the value they replace (pointers derive misaligned neighbours from it). */
export function badValues(kind: Kind, good: number): number[] {
  switch (kind) {
    case 'count':
      return [...NOT_INTEGERS, -1, 2 ** 31, 1 << 28];
    case 'step':
      return [...NOT_INTEGERS, -1, 0, 2 ** 31];
    case 'ptr':
      return [...NOT_INTEGERS, good + 2, good + 1, good + 0.5, -16, -4, 2 ** 32, 1 << 28];
    case 'ptr8':
      return [...badValues('ptr', good), good + 4, good - 4];
    case 'offset':
      return [...NOT_INTEGERS, -1, 2 ** 31, 1 << 28];
    case 'stride':
      return [...NOT_INTEGERS, 2 ** 31, -(2 ** 31) - 1, 1 << 28, -(1 << 28)];
    case 'i32':
      return [...NOT_INTEGERS, 2 ** 31, -(2 ** 31) - 1];
  }
}

/** A small backend of its own (so whole-memory comparisons stay cheap); grow torture when NEURITE_GROW_TORTURE=1. */
export async function misuseBackend(): Promise<Backend> {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return loadBackend({ variant: 'simd', initialPages: 4, growTorture: env?.NEURITE_GROW_TORTURE === '1' });
}

/**
 * Blocks of `n` elements filled with `values` (default: a canary bit pattern, a NaN as f32), each
 * followed by a 16-byte canary block: a stray write anywhere near an operand changes the memory.
 */
export function blocks(backend: Backend, ...specs: (number | ArrayLike<number>)[]): number[] {
  return specs.map((spec) => {
    const n = typeof spec === 'number' ? spec : spec.length;
    const ptr = backend.heap.alloc(n * 4);
    const canary = backend.heap.alloc(16);
    backend.heap.i32(canary, 4).fill(0x7fc0beef);
    if (typeof spec === 'number') backend.heap.i32(ptr, n).fill(0x7fc0beef);
    else backend.heap.f32(ptr, n).set(spec);
    return ptr;
  });
}

/**
 * Runs `call(b, args)` once as given (it must succeed and run a kernel), then once per argument
 * and bad value of that argument's kind with that one argument replaced: each must throw
 * `errorClass` (ShapeError by default) cleanly. Returns the number of rejected calls.
 */
export function rejectsEveryBadArgument(
  backend: Backend, label: string, args: readonly number[], kinds: readonly Kind[],
  call: (b: Backend, args: number[]) => unknown, errorClass: abstract new (...a: never[]) => Error = ShapeError,
): number {
  if (args.length !== kinds.length) throw new Error(`${label}: ${args.length} arguments but ${kinds.length} kinds`);
  let rejected = 0;
  for (let i = 0; i < args.length; i++) {
    for (const bad of badValues(kinds[i]!, args[i]!)) {
      const mutated = args.slice();
      mutated[i] = bad;
      expectCleanRejection(backend, (b) => call(b, mutated), errorClass, `${label}: argument ${i} (${kinds[i]}) = ${bad}`);
      rejected++;
    }
  }
  const counting = countingBackend(backend);
  call(counting.backend, args.slice());
  if (counting.calls.length === 0) throw new Error(`${label}: the good call ran no kernel, so the rejections prove little`);
  return rejected;
}
