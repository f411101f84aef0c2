// Shared test helpers (the `@neurite/tensor/testing` subpath). No test framework imported:
// failures throw plain Errors that every runner reports.
import type { DType } from './dtype.ts';
import { type NestedArray, Tensor } from './tensor.ts';
import { memory } from './runtime.ts';

export { gradCheck, type GradCheckOptions, type GradCheckReport } from './grad-check.ts';

export interface CloseOptions {
  atol?: number;
  rtol?: number;
  /** Expected dtype when `expected` is not a Tensor. */
  dtype?: DType;
}

type Comparable = Tensor | ArrayLike<number> | NestedArray;

function describe(value: Comparable): { shape: number[] | null; dtype: DType | null; data: ArrayLike<number> } {
  if (value instanceof Tensor) return { shape: value.shape.slice(), dtype: value.dtype, data: value.toArray() };
  if (typeof value === 'number') return { shape: [], dtype: null, data: [value] };
  if (ArrayBuffer.isView(value)) return { shape: [(value as ArrayLike<number>).length], dtype: null, data: value as ArrayLike<number> };
  const shape: number[] = [];
  let v: unknown = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  const flat = (value as unknown[]).flat(Infinity) as number[];
  return { shape, dtype: null, data: flat };
}

/**
 * Asserts shape (and dtype, when known on both sides or given) first, then
 * |a - e| <= atol + rtol |e| element-wise (defaults: TESTING.md float32 elementwise, atol 1e-5,
 * rtol 1.3e-6). NaN matches only NaN; +-Inf only the same infinity. Names the worst index.
 */
export function expectClose(actual: Comparable, expected: Comparable, options: CloseOptions = {}): void {
  const atol = options.atol ?? 1e-5, rtol = options.rtol ?? 1.3e-6;
  const a = describe(actual), e = describe(expected);
  if (a.shape && e.shape && (a.shape.length !== e.shape.length || a.shape.some((d, i) => d !== e.shape![i]))) {
    // A flat typed array may stand for any shape with the same size.
    const flatExpected = ArrayBuffer.isView(expected) || ArrayBuffer.isView(actual);
    if (!flatExpected || a.data.length !== e.data.length) throw new Error(`expectClose: shape [${a.shape}] differs from expected [${e.shape}]`);
  }
  const wantDtype = options.dtype ?? e.dtype;
  if (wantDtype && a.dtype && a.dtype !== wantDtype) throw new Error(`expectClose: dtype ${a.dtype} differs from expected ${wantDtype}`);
  if (a.data.length !== e.data.length) throw new Error(`expectClose: ${a.data.length} elements, expected ${e.data.length}`);
  let worst = -1, worstExcess = 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i]!, y = e.data[i]!;
    let bad: number;
    if (Number.isNaN(x) || Number.isNaN(y)) bad = Number.isNaN(x) && Number.isNaN(y) ? 0 : Infinity;
    else if (!Number.isFinite(x) || !Number.isFinite(y)) bad = x === y ? 0 : Infinity;
    else bad = Math.abs(x - y) - (atol + rtol * Math.abs(y));
    if (bad > 0 && (worst < 0 || bad > worstExcess)) {
      worst = i;
      worstExcess = bad;
    }
  }
  if (worst >= 0) {
    throw new Error(`expectClose: index ${worst} is ${a.data[worst]}, expected ${e.data[worst]} (atol ${atol}, rtol ${rtol})`);
  }
}

/** Runs fn and throws if it leaves more live tensors (or heap blocks) than it found. */
export function expectNoLeak<T>(fn: () => T): T {
  const before = memory();
  const result = fn();
  const after = memory();
  if (after.liveTensors !== before.liveTensors) {
    throw new Error(`expectNoLeak: live tensors went from ${before.liveTensors} to ${after.liveTensors}`);
  }
  if (after.liveBytes !== before.liveBytes) throw new Error(`expectNoLeak: live bytes went from ${before.liveBytes} to ${after.liveBytes}`);
  return result;
}
