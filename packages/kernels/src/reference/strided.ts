// Plain-TypeScript reference of assembly/strided.ts.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type StridedKernels = Pick<KernelExports, 'strided_copy_32' | 'cast_f32_i32' | 'cast_i32_f32' | 'fill_i32'>;

export function stridedReference(heap: Heap): StridedKernels {
  return {
    strided_copy_32(rank, shapePtr, src, srcStrides, dst, dstStrides) {
      const shape = heap.i32(shapePtr, rank).slice(), ss = heap.i32(srcStrides, rank).slice(), ds = heap.i32(dstStrides, rank).slice();
      let total = 1;
      for (let d = 0; d < rank; d++) total *= shape[d]!;
      const words = new Int32Array(heap.memory.buffer);
      for (let i = 0; i < total; i++) {
        let rem = i, os = 0, od = 0;
        for (let d = rank - 1; d >= 0; d--) {
          const idx = rem % shape[d]!;
          rem = Math.floor(rem / shape[d]!);
          os += idx * ss[d]!;
          od += idx * ds[d]!;
        }
        words[(dst >> 2) + od] = words[(src >> 2) + os]!;
      }
    },
    cast_f32_i32(n, x, y) {
      const xs = heap.f32(x, n).slice(), ys = heap.i32(y, n);
      for (let i = 0; i < n; i++) {
        const v = xs[i]!;
        ys[i] = Number.isNaN(v) ? 0 : v >= 2147483647 ? 2147483647 : v <= -2147483648 ? -2147483648 : Math.trunc(v);
      }
    },
    cast_i32_f32(n, x, y) {
      const xs = heap.i32(x, n).slice(), ys = heap.f32(y, n);
      for (let i = 0; i < n; i++) ys[i] = xs[i]!;
    },
    fill_i32(n, x, value) {
      heap.i32(x, n).fill(value);
    },
  };
}
