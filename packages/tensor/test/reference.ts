// Plain-TypeScript references for the misuse suite's result checks: every element of an output
// is located in an input by index arithmetic written independently of the ops.
import { expect } from 'vitest';
import type { Tensor } from '../src/index.ts';

/** Every index of `shape` in row-major order. */
export function indicesOf(shape: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const d of shape) {
    const next: number[][] = [];
    for (const prefix of out) for (let i = 0; i < d; i++) next.push([...prefix, i]);
    out = next;
  }
  return out;
}

export function flatIndex(shape: readonly number[], index: readonly number[]): number {
  let f = 0;
  for (let d = 0; d < shape.length; d++) f = f * shape[d]! + index[d]!;
  return f;
}

/** Asserts out[i] = x[map(i)] for every index i of out (map returns null for "fill", checked against `fill`). */
export function expectGather(out: Tensor, x: Tensor, shape: readonly number[], map: (index: number[]) => number[] | null, fill = 0): void {
  expect(out.shape).toEqual(shape);
  expect(out.dtype).toBe(x.dtype);
  const o = out.toArray(), v = x.toArray();
  const round = (n: number) => (x.dtype === 'float32' ? Math.fround(n) : n);
  for (const index of indicesOf(shape)) {
    const source = map(index);
    const expected = source === null ? round(fill) : v[flatIndex(x.shape, source)]!;
    expect(o[flatIndex(shape, index)], `element [${index}]`).toBe(expected);
  }
}

/** The indices a Python slice (or an integer pick) selects on an axis of `size`. */
export function sliceIndices(spec: unknown, size: number): number[] {
  if (typeof spec === 'number') return [spec < 0 ? spec + size : spec];
  const s = (spec ?? {}) as { start?: number | null; stop?: number | null; step?: number | null };
  const step = s.step ?? 1;
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + size : v, lo), hi);
  const start = s.start == null ? (step > 0 ? 0 : size - 1) : step > 0 ? clamp(s.start, 0, size) : clamp(s.start, -1, size - 1);
  const stop = s.stop == null ? (step > 0 ? size : -1) : step > 0 ? clamp(s.stop, 0, size) : clamp(s.stop, -1, size - 1);
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}
