// Plain-TypeScript reference of assembly/row-dots-f64.ts and assembly/row-dots-i32.ts: sequential
// float64 dot products of every row of X with every row of Y. The int32 form checks the kernel's
// exactness bound the same way (every |value| <= 32767 and d * max|x| * max|y| < 2^31; otherwise
// nothing is written and 1 is returned), then sums exactly (every partial sum stays below 2^53).
// pack_rows_i16 / row_dots_i16 (assembly/row-dots-i16.ts): the same with X held as int16 rows of d
// rounded up to 8 (values saturated to int16, zero padded).
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type RowDotsKernels = Pick<KernelExports, 'row_dots_f64' | 'row_dots_i32' | 'pack_rows_i16' | 'row_dots_i16'>;

/** max |value| over `rows` rows of d values (row stride ld) starting at element `at`. */
function largest(v: Int32Array, at: number, rows: number, d: number, ld: number): number {
  let top = 0;
  for (let i = 0; i < rows; i++) for (let q = 0; q < d; q++) top = Math.max(top, Math.abs(v[at + i * ld + q]!));
  return top;
}

export function rowDotsReference(heap: Heap): RowDotsKernels {
  return {
    row_dots_f64: (m, n, d, x, ldx, y, ldy, out, ldo) => {
      const f = new Float64Array(heap.memory.buffer), X = x / 8, Y = y / 8, O = out / 8;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let q = 0; q < d; q++) s += f[X + i * ldx + q]! * f[Y + j * ldy + q]!;
          f[O + i * ldo + j] = s;
        }
      }
    },
    row_dots_i32: (m, n, d, x, ldx, y, ldy, out, ldo) => {
      const v = new Int32Array(heap.memory.buffer), X = x / 4, Y = y / 4, O = out / 4;
      const topX = largest(v, X, m, d, ldx), topY = largest(v, Y, n, d, ldy);
      if (topX > 32767 || topY > 32767 || topX * topY * d >= 2 ** 31) return 1;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let q = 0; q < d; q++) s += v[X + i * ldx + q]! * v[Y + j * ldy + q]!;
          v[O + i * ldo + j] = s;
        }
      }
      return 0;
    },
    pack_rows_i16: (m, d, x, ldx, dst) => {
      const v = new Int32Array(heap.memory.buffer), h = new Int16Array(heap.memory.buffer), X = x / 4, D = dst / 2, dp = Math.ceil(d / 8) * 8;
      for (let i = 0; i < m; i++) for (let q = 0; q < dp; q++) h[D + i * dp + q] = q < d ? Math.max(-32768, Math.min(32767, v[X + i * ldx + q]!)) : 0;
      const top = largest(v, X, m, d, ldx);
      return top > 32767 ? 32768 : top;
    },
    row_dots_i16: (m, n, d, xp, topX, y, ldy, out, ldo) => {
      const v = new Int32Array(heap.memory.buffer), h = new Int16Array(heap.memory.buffer), P = xp / 2, Y = y / 4, O = out / 4, dp = Math.ceil(d / 8) * 8;
      const topY = largest(v, Y, n, d, ldy);
      if (topX > 32767 || topY > 32767 || topX * topY * d >= 2 ** 31) return 1;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let q = 0; q < d; q++) s += h[P + i * dp + q]! * v[Y + j * ldy + q]!;
          v[O + i * ldo + j] = s;
        }
      }
      return 0;
    },
  };
}
