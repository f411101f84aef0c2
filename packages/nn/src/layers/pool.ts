import { avgPool2d, maximum, maxPool2d, mul, pad, scope, ShapeError, slice, type Tensor, tensor } from '@neurite/tensor';

/** A 2-D pooling window over NHWC (1-D pools use height 1). */
export interface PoolWindow {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  /** PyTorch ceil_mode: round the output size up, so a partial last window counts. */
  ceilMode: boolean;
  /** Spacing of the window's taps (max pooling only; default 1). */
  dilation?: [number, number];
}

/**
 * PyTorch's pooled length: floor((L + 2p - k) / s) + 1, or with ceilMode the ceiling, less one when
 * that last window would start past the input and its left padding (it must start inside them).
 */
export function pooledLength(length: number, kernel: number, stride: number, padding: number, ceilMode: boolean): number {
  const out = Math.floor((length + 2 * padding - kernel + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  return ceilMode && (out - 1) * stride >= length + padding ? out - 1 : out;
}

/**
 * The ceil-mode geometry of x's spatial axes: output sizes and the extra bottom/right padding the
 * partial last windows reach into; null when ceilMode is off or changes nothing (the plain kernels run).
 */
function ceilGeometry(x: Tensor, w: PoolWindow, what: string): { out: [number, number]; extra: [number, number] } | null {
  if (!w.ceilMode || x.rank !== 4) return null;  // a bad rank is the kernel's ShapeError
  const [h, wd] = [x.shape[1]!, x.shape[2]!];
  const { kernel: [kh, kw], stride: [sh, sw], padding: [ph, pw] } = w;
  if (2 * ph > kh || 2 * pw > kw) throw new ShapeError(`${what}: padding [${ph}, ${pw}] must be at most half the kernel [${kh}, ${kw}]`);
  const out: [number, number] = [pooledLength(h, kh, sh, ph, true), pooledLength(wd, kw, sw, pw, true)];
  if (out[0] <= 0 || out[1] <= 0) throw new ShapeError(`${what}: output size ${out[0]}x${out[1]} <= 0: kernel ${kh}x${kw} is larger than the padded input ${h + 2 * ph}x${wd + 2 * pw}`);
  const extra: [number, number] = [Math.max(0, (out[0] - 1) * sh + kh - h - 2 * ph), Math.max(0, (out[1] - 1) * sw + kw - wd - 2 * pw)];
  return extra[0] === 0 && extra[1] === 0 ? null : { out, extra };
}

/**
 * Dilated max pooling (PyTorch's MaxPool dilation): the input padded with -Infinity (with ceil-mode's
 * extra bottom/right cells), then the running maximum of the kh x kw strided slices, one per tap of
 * the window (each slice starts at the tap's offset a * dh, b * dw and steps by the stride). Exact;
 * the gradient follows the maxima (on an exact tie, the earlier tap in row-major order).
 */
function dilatedMaxPool(x: Tensor, w: PoolWindow, dilation: [number, number], what: string): Tensor {
  if (x.rank !== 4) throw new ShapeError(`${what}: expected NHWC [N, H, W, C], got shape [${x.shape.join(', ')}]`);
  const { kernel: [kh, kw], stride: [sh, sw], padding: [ph, pw], ceilMode } = w;
  if (2 * ph > kh || 2 * pw > kw) throw new ShapeError(`${what}: padding [${ph}, ${pw}] must be at most half the kernel [${kh}, ${kw}]`);
  const [h, wd] = [x.shape[1]!, x.shape[2]!];
  const [eh, ew] = [dilation[0] * (kh - 1) + 1, dilation[1] * (kw - 1) + 1];
  const [oh, ow] = [pooledLength(h, eh, sh, ph, ceilMode), pooledLength(wd, ew, sw, pw, ceilMode)];
  if (oh <= 0 || ow <= 0) throw new ShapeError(`${what}: output size ${oh}x${ow} <= 0: the dilated kernel ${eh}x${ew} is larger than the padded input ${h + 2 * ph}x${wd + 2 * pw}`);
  const extra = [Math.max(0, (oh - 1) * sh + eh - h - 2 * ph), Math.max(0, (ow - 1) * sw + ew - wd - 2 * pw)];
  return scope(() => {
    const padded = pad(x, [[0, 0], [ph, ph + extra[0]!], [pw, pw + extra[1]!], [0, 0]], -Infinity);
    let out: Tensor | undefined;
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        const r = a * dilation[0], c = b * dilation[1];
        const tap = slice(padded, [null, { start: r, stop: r + (oh - 1) * sh + 1, step: sh }, { start: c, stop: c + (ow - 1) * sw + 1, step: sw }, null]);
        out = out === undefined ? tap : maximum(out, tap);
      }
    }
    return out!;
  });
}

/** Max pooling with PyTorch's ceil_mode: the partial last windows see -Infinity beyond the input. */
export function maxPool(x: Tensor, w: PoolWindow, what: string): Tensor {
  if (w.dilation !== undefined && (w.dilation[0] !== 1 || w.dilation[1] !== 1)) return dilatedMaxPool(x, w, w.dilation, what);
  const ceil = ceilGeometry(x, w, what);
  if (ceil === null) return maxPool2d(x, w.kernel, { stride: w.stride, padding: w.padding });
  const { padding: [ph, pw], extra: [eh, ew] } = { ...w, ...ceil };
  return scope(() => maxPool2d(pad(x, [[0, 0], [ph, ph + eh], [pw, pw + ew], [0, 0]], -Infinity), w.kernel, { stride: w.stride }));
}

/**
 * Average pooling with PyTorch's ceil_mode: window sums over the zero-padded input, each divided as
 * PyTorch divides it: by the window clipped to the padded input (countIncludePad) or to the input.
 */
export function avgPool(x: Tensor, w: PoolWindow, countIncludePad: boolean, what: string): Tensor {
  const ceil = ceilGeometry(x, w, what);
  if (ceil === null) return avgPool2d(x, w.kernel, { stride: w.stride, padding: w.padding, countIncludePad });
  const { kernel: [kh, kw], stride, padding: [ph, pw] } = w;
  const [oh, ow] = ceil.out;
  const along = (o: number, s: number, k: number, p: number, length: number) => {
    const start = o * s - p, end = Math.min(start + k, length + p);
    return { padded: end - start, inside: Math.max(0, Math.min(end, length) - Math.max(start, 0)) };
  };
  const factor = x.dtype === 'float64' ? new Float64Array(oh * ow) : new Float32Array(oh * ow);
  for (let i = 0; i < oh; i++) {
    const r = along(i, stride[0], kh, ph, x.shape[1]!);
    for (let j = 0; j < ow; j++) {
      const c = along(j, stride[1], kw, pw, x.shape[2]!);
      const divisor = countIncludePad ? r.padded * c.padded : r.inside * c.inside;
      factor[i * ow + j] = r.inside * c.inside === 0 ? 0 : (kh * kw) / divisor;  // the kernel divides by kh kw
    }
  }
  return scope(() => {
    const padded = pad(x, [[0, 0], [ph, ph + ceil.extra[0]], [pw, pw + ceil.extra[1]], [0, 0]]);
    return mul(avgPool2d(padded, w.kernel, { stride, countIncludePad: true }), tensor(factor, [oh, ow, 1], { dtype: x.dtype }));
  });
}
