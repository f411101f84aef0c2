// Plain-TypeScript reference of assembly/cast.ts: float -> int32 truncates toward zero and
// saturates (NaN -> 0); float64 -> float32 rounds to nearest.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type CastKernels = Pick<KernelExports, 'cast_f32_f64' | 'cast_f64_f32' | 'cast_i32_f64' | 'cast_f64_i32'>;

/** trunc(v) clamped to the int32 range, NaN -> 0 (wasm's i32.trunc_sat_f64_s). */
export function truncSatI32(v: number): number {
  if (Number.isNaN(v)) return 0;
  return v >= 2147483647 ? 2147483647 : v <= -2147483648 ? -2147483648 : Math.trunc(v);
}

export function castReference(heap: Heap): CastKernels {
  return {
    cast_f32_f64: (n, x, y) => heap.f64(y, n).set(heap.f32(x, n)),
    cast_f64_f32: (n, x, y) => heap.f32(y, n).set(heap.f64(x, n)),
    cast_i32_f64: (n, x, y) => heap.f64(y, n).set(heap.i32(x, n)),
    cast_f64_i32(n, x, y) {
      const s = heap.f64(x, n), d = heap.i32(y, n);
      for (let i = 0; i < n; i++) d[i] = truncSatI32(s[i]!);
    },
  };
}
