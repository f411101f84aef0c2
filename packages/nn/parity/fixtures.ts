// Reads the PyTorch parity fixtures written by generate.py (see its docstring) for the parity tests.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { type Tensor, tensor } from '@neurite/tensor';
import { readSafetensors } from '../src/io/safetensors-read.ts';
import type { SafetensorsTensor } from '../src/io/safetensors-write.ts';

export interface Fixture {
  cases: Record<string, unknown>[];
  torch: string;
  has(key: string): boolean;
  /** The raw entry `key` (throws when missing). */
  entry(key: string): SafetensorsTensor;
  /** The entry as a new tensor (float32, or int32 for I32 entries). */
  tensor(key: string): Tensor;
  /** Keys starting with `prefix`, prefix removed. */
  keys(prefix: string): string[];
}

export function loadFixture(file: string): Fixture {
  const bytes = readFileSync(new URL(`./fixtures/${file}`, import.meta.url));
  const { tensors, metadata } = readSafetensors(new Uint8Array(bytes));
  const entry = (key: string) => {
    const t = tensors.get(key);
    if (t === undefined) throw new Error(`fixture ${file} has no ${key}`);
    return t;
  };
  const parity = JSON.parse(metadata.parity ?? '{}') as { torch?: string; cases?: Record<string, unknown>[] };
  return {
    cases: parity.cases ?? [],
    torch: parity.torch ?? '?',
    has: (key) => tensors.has(key),
    entry,
    tensor(key) {
      const t = entry(key);
      return tensor(t.data as Float32Array | Int32Array, t.shape, { dtype: t.dtype === 'I32' ? 'int32' : 'float32' });
    },
    keys: (prefix) => [...tensors.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)),
  };
}

/**
 * Elementwise |actual - expected| <= atol + rtol |expected| (float32 rtol 1e-5; atol covers values
 * that cancel to about 0, where a relative bound means nothing).
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rtol = 1e-5, atol = 1e-6): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let worst = -1, worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const excess = Math.abs(actual[i]! - expected[i]!) - (atol + rtol * Math.abs(expected[i]!));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(excess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) expect.fail(`${what}: element ${worst} is ${actual[worst]}, PyTorch ${expected[worst]} (rtol ${rtol}, atol ${atol})`);
}
