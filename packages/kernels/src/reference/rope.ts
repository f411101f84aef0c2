// Plain-TypeScript reference of assembly/rope.ts: float64 angles and rotations, naive loops.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type RopeKernels = Pick<KernelExports, 'rope_f32' | 'rope_f64'>;

function rope(view: (p: number, n: number) => Float32Array | Float64Array, x: number, y: number, outer: number, t: number, inner: number, d: number,
  r: number, interleaved: number, base: number, offset: number, inverse: number): void {
  const n = outer * t * inner * d;
  const xs = view(x, n).slice(), ys = view(y, n);
  const half = r / 2;
  for (let o = 0; o < outer; o++) {
    for (let p = 0; p < t; p++) {
      for (let h = 0; h < inner; h++) {
        const row = ((o * t + p) * inner + h) * d;
        for (let i = 0; i < half; i++) {
          const angle = (p + offset) * Math.pow(base, (-2 * i) / r);
          const c = Math.cos(angle), s = inverse ? -Math.sin(angle) : Math.sin(angle);
          const i1 = row + (interleaved ? 2 * i : i), i2 = row + (interleaved ? 2 * i + 1 : i + half);
          ys[i1] = xs[i1]! * c - xs[i2]! * s;
          ys[i2] = xs[i1]! * s + xs[i2]! * c;
        }
        for (let i = r; i < d; i++) ys[row + i] = xs[row + i]!;
      }
    }
  }
}

export function ropeReference(heap: Heap): RopeKernels {
  return {
    rope_f32: (x, y, outer, t, inner, d, r, interleaved, base, offset, inverse) =>
      rope((p, n) => heap.f32(p, n), x, y, outer, t, inner, d, r, interleaved, Math.fround(base), offset, inverse),
    rope_f64: (x, y, outer, t, inner, d, r, interleaved, base, offset, inverse) =>
      rope((p, n) => heap.f64(p, n), x, y, outer, t, inner, d, r, interleaved, base, offset, inverse),
  };
}
