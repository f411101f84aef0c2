// Plain-TypeScript reference of assembly/conv.ts: naive loops over NHWC / HWIO, float64
// accumulation, one rounding to float32 at the store. Same pointer ABI; `work` is ignored.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';
import { unaryReference } from './elementwise.ts';
import { ACTIVATION_CODES } from '../ops/op-codes.ts';

type ConvKernels = Pick<
  KernelExports,
  'conv2d_nhwc_f32' | 'conv2d_backward_input_nhwc_f32' | 'conv2d_backward_filter_nhwc_f32' | 'conv2d_backward_bias_f32' | 'conv2d_relu_backward_bias_f32'
>;

/** Activation codes are unary op codes; ACTIVATION_CODES are applied, anything else is none. */
const ACTIVATIONS = ACTIVATION_CODES;

export function convReference(heap: Heap): ConvKernels {
  const view = () => heap.f32(0, heap.memory.buffer.byteLength >>> 2);
  return {
    conv2d_nhwc_f32(x, w, bias, y, n, h, width, cin, kh, kw, cout, oh, ow, sh, sw, ph, pw, dh, dw, act, alpha) {
      const f = view();
      const X = x >>> 2, Wt = w >>> 2, B = bias >>> 2, Y = y >>> 2;
      const slope = Math.fround(alpha);
      const acc = new Float64Array(cout);
      for (let b = 0; b < n; b++) {
        for (let i = 0; i < oh; i++) {
          for (let j = 0; j < ow; j++) {
            for (let co = 0; co < cout; co++) acc[co] = bias !== 0 ? f[B + co]! : 0;
            for (let a = 0; a < kh; a++) {
              const r = i * sh - ph + a * dh;
              if (r < 0 || r >= h) continue;
              for (let c = 0; c < kw; c++) {
                const s = j * sw - pw + c * dw;
                if (s < 0 || s >= width) continue;
                for (let ci = 0; ci < cin; ci++) {
                  const xv = f[X + ((b * h + r) * width + s) * cin + ci]!;
                  const wrow = Wt + ((a * kw + c) * cin + ci) * cout;
                  for (let co = 0; co < cout; co++) acc[co]! += xv * f[wrow + co]!;
                }
              }
            }
            const out = Y + ((b * oh + i) * ow + j) * cout;
            for (let co = 0; co < cout; co++) {
              f[out + co] = ACTIVATIONS.has(act) ? unaryReference(act, acc[co]!, slope) : acc[co]!;
            }
          }
        }
      }
    },

    conv2d_backward_input_nhwc_f32(dy, w, dx, n, h, width, cin, kh, kw, cout, oh, ow, sh, sw, ph, pw, dh, dw) {
      const f = view();
      const G = dy >>> 2, Wt = w >>> 2, D = dx >>> 2;
      const acc = new Float64Array(n * h * width * cin);
      for (let b = 0; b < n; b++) {
        for (let i = 0; i < oh; i++) {
          for (let j = 0; j < ow; j++) {
            const grow = G + ((b * oh + i) * ow + j) * cout;
            for (let a = 0; a < kh; a++) {
              const r = i * sh - ph + a * dh;
              if (r < 0 || r >= h) continue;
              for (let c = 0; c < kw; c++) {
                const s = j * sw - pw + c * dw;
                if (s < 0 || s >= width) continue;
                for (let ci = 0; ci < cin; ci++) {
                  const wrow = Wt + ((a * kw + c) * cin + ci) * cout;
                  let sum = 0;
                  for (let co = 0; co < cout; co++) sum += f[grow + co]! * f[wrow + co]!;
                  acc[((b * h + r) * width + s) * cin + ci]! += sum;
                }
              }
            }
          }
        }
      }
      for (let e = 0; e < acc.length; e++) f[D + e] = acc[e]!;
    },

    conv2d_backward_filter_nhwc_f32(x, dy, dwp, n, h, width, cin, kh, kw, cout, oh, ow, sh, sw, ph, pw, dh, dw, accumulate) {
      const f = view();
      const X = x >>> 2, G = dy >>> 2, D = dwp >>> 2;
      const acc = new Float64Array(kh * kw * cin * cout);
      for (let b = 0; b < n; b++) {
        for (let i = 0; i < oh; i++) {
          for (let j = 0; j < ow; j++) {
            const grow = G + ((b * oh + i) * ow + j) * cout;
            for (let a = 0; a < kh; a++) {
              const r = i * sh - ph + a * dh;
              if (r < 0 || r >= h) continue;
              for (let c = 0; c < kw; c++) {
                const s = j * sw - pw + c * dw;
                if (s < 0 || s >= width) continue;
                for (let ci = 0; ci < cin; ci++) {
                  const xv = f[X + ((b * h + r) * width + s) * cin + ci]!;
                  const arow = ((a * kw + c) * cin + ci) * cout;
                  for (let co = 0; co < cout; co++) acc[arow + co]! += xv * f[grow + co]!;
                }
              }
            }
          }
        }
      }
      for (let e = 0; e < acc.length; e++) f[D + e] = accumulate !== 0 ? f[D + e]! + acc[e]! : acc[e]!;
    },

    conv2d_relu_backward_bias_f32(y, dy, dz, rows, cout, db) {
      const f = view();
      const Y = y >>> 2, G = dy >>> 2, Z = dz >>> 2, D = db >>> 2;
      const acc = new Float64Array(cout);
      for (let r = 0; r < rows; r++) {
        for (let co = 0; co < cout; co++) {
          const v = f[Y + r * cout + co]! > 0 ? f[G + r * cout + co]! : 0;
          f[Z + r * cout + co] = v;
          acc[co]! += v;
        }
      }
      for (let co = 0; co < cout; co++) f[D + co] = acc[co]!;
    },
    conv2d_backward_bias_f32(dy, rows, cout, db) {
      const f = view();
      const G = dy >>> 2, D = db >>> 2;
      const acc = new Float64Array(cout);
      for (let r = 0; r < rows; r++) for (let co = 0; co < cout; co++) acc[co]! += f[G + r * cout + co]!;
      for (let co = 0; co < cout; co++) f[D + co] = acc[co]!;
    },
  };
}
