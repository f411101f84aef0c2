// Plain-TypeScript reference of assembly/pool.ts: naive window loops over NHWC, float64 sums.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type PoolKernels = Pick<
  KernelExports,
  'max_pool2d_nhwc_f32' | 'max_pool2d_backward_f32' | 'max_pool2d_backward_2x2_f32' | 'avg_pool2d_nhwc_f32' | 'avg_pool2d_backward_nhwc_f32' | 'first_index_outside_i32'
>;

/** The window of output (i, j) clipped to the image: [r0, r1) x [s0, s1). */
function windowOf(i: number, j: number, sh: number, sw: number, ph: number, pw: number, kh: number, kw: number, h: number, w: number) {
  return {
    r0: Math.max(i * sh - ph, 0), r1: Math.min(i * sh - ph + kh, h),
    s0: Math.max(j * sw - pw, 0), s1: Math.min(j * sw - pw + kw, w),
  };
}

export function poolReference(heap: Heap): PoolKernels {
  const view = () => heap.f32(0, heap.memory.buffer.byteLength >>> 2);
  const ints = () => heap.i32(0, heap.memory.buffer.byteLength >>> 2);
  /** dx = 0, then dx[argmax[e]] += dy[e]. */
  const scatter = (dy: number, argmax: number, dx: number, count: number, dxCount: number): void => {
    const f = view(), q = ints();
    const acc = new Float64Array(dxCount);
    for (let e = 0; e < count; e++) acc[q[(argmax >>> 2) + e]!]! += f[(dy >>> 2) + e]!;
    f.set(acc, dx >>> 2);
  };
  return {
    max_pool2d_nhwc_f32(x, y, argmax, n, h, width, c, kh, kw, oh, ow, sh, sw, ph, pw) {
      const f = view(), q = ints();
      const X = x >>> 2, Y = y >>> 2, A = argmax >>> 2;
      for (let b = 0; b < n; b++) {
        for (let i = 0; i < oh; i++) {
          for (let j = 0; j < ow; j++) {
            const { r0, r1, s0, s1 } = windowOf(i, j, sh, sw, ph, pw, kh, kw, h, width);
            for (let ch = 0; ch < c; ch++) {
              let best = -Infinity;
              let at = ((b * h + r0) * width + s0) * c + ch;
              for (let r = r0; r < r1; r++) {
                for (let s = s0; s < s1; s++) {
                  const idx = ((b * h + r) * width + s) * c + ch;
                  const v = f[X + idx]!;
                  // Strictly greater keeps the first maximum; the first NaN wins and stays.
                  if (v > best || (Number.isNaN(v) && !Number.isNaN(best))) {
                    best = v;
                    at = idx;
                  }
                }
              }
              const o = ((b * oh + i) * ow + j) * c + ch;
              f[Y + o] = best;
              q[A + o] = at;
            }
          }
        }
      }
    },

    first_index_outside_i32(idx, n, limit) {
      const q = ints();
      for (let e = 0; e < n; e++) {
        const v = q[(idx >>> 2) + e]!;
        if (v < 0 || v >= limit) return e;
      }
      return -1;
    },

    max_pool2d_backward_f32: scatter,

    max_pool2d_backward_2x2_f32(dy, argmax, dx, n, h, width, c) {
      // The scatter of max_pool2d_backward_f32, after checking that every index lies in its own window.
      const q = ints(), oh = h >> 1, ow = width >> 1, count = n * oh * ow * c;
      for (let e = 0; e < count; e++) {
        const ch = e % c, j = Math.floor(e / c) % ow, i = Math.floor(e / (c * ow)) % oh, b = Math.floor(e / (c * ow * oh));
        const a = q[(argmax >>> 2) + e]!, pixel = Math.floor(a / c);
        const down = Math.floor(pixel / width) - (b * h + 2 * i), across = (pixel % width) - 2 * j;
        if (a % c !== ch || down < 0 || down > 1 || across < 0 || across > 1) return 1;
      }
      scatter(dy, argmax, dx, count, n * h * width * c);
      return 0;
    },

    avg_pool2d_nhwc_f32(x, y, n, h, width, c, kh, kw, oh, ow, sh, sw, ph, pw, includePad) {
      const f = view();
      const X = x >>> 2, Y = y >>> 2;
      for (let b = 0; b < n; b++) {
        for (let i = 0; i < oh; i++) {
          for (let j = 0; j < ow; j++) {
            const { r0, r1, s0, s1 } = windowOf(i, j, sh, sw, ph, pw, kh, kw, h, width);
            const count = includePad !== 0 ? kh * kw : (r1 - r0) * (s1 - s0);
            for (let ch = 0; ch < c; ch++) {
              let sum = 0;
              for (let r = r0; r < r1; r++) for (let s = s0; s < s1; s++) sum += f[X + ((b * h + r) * width + s) * c + ch]!;
              f[Y + ((b * oh + i) * ow + j) * c + ch] = sum / count;
            }
          }
        }
      }
    },

    avg_pool2d_backward_nhwc_f32(dy, dx, n, h, width, c, kh, kw, oh, ow, sh, sw, ph, pw, includePad) {
      const f = view();
      const G = dy >>> 2;
      const acc = new Float64Array(n * h * width * c);
      for (let b = 0; b < n; b++) {
        for (let i = 0; i < oh; i++) {
          for (let j = 0; j < ow; j++) {
            const { r0, r1, s0, s1 } = windowOf(i, j, sh, sw, ph, pw, kh, kw, h, width);
            const count = includePad !== 0 ? kh * kw : (r1 - r0) * (s1 - s0);
            for (let ch = 0; ch < c; ch++) {
              const g = f[G + ((b * oh + i) * ow + j) * c + ch]! / count;
              for (let r = r0; r < r1; r++) for (let s = s0; s < s1; s++) acc[((b * h + r) * width + s) * c + ch]! += g;
            }
          }
        }
      }
      f.set(acc, dx >>> 2);
    },
  };
}
