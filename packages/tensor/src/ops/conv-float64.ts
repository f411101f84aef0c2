// conv2d and pooling for float64 on the float64 GEMM, reduce, elementwise and word-copy kernels
// (the conv and pool kernels are float32 only): im2col as ONE strided copy of the padded
// input, [N, OH, OW, KH, KW, C] = xp[n, oy*sh + ky*dh, ox*sw + kx*dw, c], then one GEMM; the
// adjoint col2im adds each kernel tap's [N, OH, OW, C] slab into the padded gradient (within one
// tap the destinations are distinct, so a gather, an add and a scatter per tap are exact).
import { type Activation, argReduce, binary, binaryScalar, contiguousStrides, cumsum, fill, gemm, reduce } from '@neurite/kernels';
import { runtimeUnchecked } from '../runtime.ts';
import { emptyFresh, shareStorage, type Tensor } from '../tensor.ts';
import { stridedCopy } from './strided-kernels.ts';
import { float32Mask, selectFloat64 } from './word-select.ts';

/** Sizes of a convolution or pooling window sweep (NHWC; a pooling window has cout = c). */
export interface WindowGeometry {
  n: number; h: number; w: number; c: number; kh: number; kw: number;
  oh: number; ow: number; sh: number; sw: number; ph: number; pw: number; dh: number; dw: number;
}

const paddedHeight = (g: WindowGeometry) => g.h + 2 * g.ph;
const paddedWidth = (g: WindowGeometry) => g.w + 2 * g.pw;

/** The element strides of the taps' [N, OH, OW, KH, KW, C] sweep over the padded input. */
function tapStrides(g: WindowGeometry): number[] {
  const wp = paddedWidth(g), row = wp * g.c;
  return [paddedHeight(g) * row, g.sh * row, g.sw * g.c, g.dh * row, g.dw * g.c, 1];
}

/** x [N, H, W, C] padded with `value` on every side (x itself when there is no padding). */
function padded(x: Tensor, g: WindowGeometry, value: number): Tensor {
  if (g.ph === 0 && g.pw === 0) return x;
  const hp = paddedHeight(g), wp = paddedWidth(g);
  const xp = emptyFresh([g.n, hp, wp, g.c], 'float64');
  fill(runtimeUnchecked().backend, xp.storage.ptr, xp.size, value, { dtype: 'float64' });
  stridedCopy(x, 0, [g.n, g.h, g.w, g.c], contiguousStrides([g.n, g.h, g.w, g.c]), xp, (g.ph * wp + g.pw) * g.c, [hp * wp * g.c, wp * g.c, g.c, 1]);
  return xp;
}

/** The windows of x as [N*OH*OW, KH*KW*C] (padding reads `value`). */
export function im2col(x: Tensor, g: WindowGeometry, value = 0): Tensor {
  const xp = padded(x, g, value);
  const shape = [g.n, g.oh, g.ow, g.kh, g.kw, g.c];
  const cols = emptyFresh([g.n * g.oh * g.ow, g.kh * g.kw * g.c], 'float64');
  try {
    stridedCopy(xp, 0, shape, tapStrides(g), cols, 0, contiguousStrides(shape));
  } finally {
    if (xp !== x) xp.dispose();
  }
  return cols;
}

/** The adjoint of im2col: dx [N, H, W, C] = the sum of every window's gradient cols [N*OH*OW, KH*KW*C] at its taps. */
export function col2im(cols: Tensor, g: WindowGeometry, dx: Tensor): void {
  const backend = runtimeUnchecked().backend;
  const hp = paddedHeight(g), wp = paddedWidth(g), pad = g.ph !== 0 || g.pw !== 0;
  const dxp = pad ? emptyFresh([g.n, hp, wp, g.c], 'float64') : dx;
  const slab = [g.n, g.oh, g.ow, g.c];
  const dense = contiguousStrides(slab);
  const gathered = emptyFresh(slab.slice(), 'float64'), taps = emptyFresh(slab.slice(), 'float64');
  try {
    fill(backend, dxp.storage.ptr, dxp.size, 0, { dtype: 'float64' });
    const [sn, soy, sox, sky, skx] = tapStrides(g) as [number, number, number, number, number];
    const k = g.kh * g.kw * g.c;
    const colStrides = [g.oh * g.ow * k, g.ow * k, k, 1];
    for (let ky = 0; ky < g.kh; ky++) {
      for (let kx = 0; kx < g.kw; kx++) {
        const at = ky * sky + kx * skx, strides = [sn, soy, sox, 1];
        stridedCopy(dxp, at, slab, strides, gathered, 0, dense);
        stridedCopy(cols, (ky * g.kw + kx) * g.c, slab, colStrides, taps, 0, dense);
        binary(backend, 'add', gathered.storage.ptr, slab, taps.storage.ptr, slab, { out: gathered.storage.ptr, dtype: 'float64' });
        stridedCopy(gathered, 0, slab, dense, dxp, at, strides);
      }
    }
    if (pad) stridedCopy(dxp, (g.ph * wp + g.pw) * g.c, [g.n, g.h, g.w, g.c], [hp * wp * g.c, wp * g.c, g.c, 1], dx, 0, contiguousStrides([g.n, g.h, g.w, g.c]));
  } finally {
    gathered.dispose();
    taps.dispose();
    if (dxp !== dx) dxp.dispose();
  }
}

/** y = act(im2col(x) w + bias): y [N, OH, OW, Cout] (float64, written in place). */
export function conv2dFloat64(x: Tensor, w: Tensor, bias: Tensor | null, activation: Activation, g: WindowGeometry, cout: number, y: Tensor): void {
  const cols = im2col(x, g);
  try {
    gemm(runtimeUnchecked().backend, {
      dtype: 'float64', m: cols.shape[0]!, n: cout, k: cols.shape[1]!, a: cols.storage.ptr, b: w.storage.ptr, c: y.storage.ptr,
      bias: bias?.storage.ptr, activation,
    });
  } finally {
    cols.dispose();
  }
}

/** dw = im2col(x)^T dz (float64 [KH, KW, Cin, Cout], written in place). */
export function conv2dBackwardFilterFloat64(x: Tensor, dz: Tensor, g: WindowGeometry, cout: number, dw: Tensor): void {
  const cols = im2col(x, g);
  try {
    gemm(runtimeUnchecked().backend, {
      dtype: 'float64', m: cols.shape[1]!, n: cout, k: cols.shape[0]!, a: cols.storage.ptr, transA: true, b: dz.storage.ptr, c: dw.storage.ptr,
    });
  } finally {
    cols.dispose();
  }
}

/** dx = col2im(dz w^T) (float64 [N, H, W, Cin], written in place). */
export function conv2dBackwardInputFloat64(dz: Tensor, w: Tensor, g: WindowGeometry, cout: number, dx: Tensor): void {
  const m = g.n * g.oh * g.ow, k = g.kh * g.kw * g.c;
  const cols = emptyFresh([m, k], 'float64');
  try {
    gemm(runtimeUnchecked().backend, { dtype: 'float64', m, n: k, k: cout, a: dz.storage.ptr, b: w.storage.ptr, transB: true, c: cols.storage.ptr });
    col2im(cols, g, dx);
  } finally {
    cols.dispose();
  }
}

/**
 * Per-window divisors of average pooling as [OH*OW] (float64): the window size with
 * countIncludePad, otherwise the taps that fall inside the image (the windows of a ones image).
 */
function poolCounts(g: WindowGeometry, countIncludePad: boolean): Tensor {
  const backend = runtimeUnchecked().backend;
  const one: WindowGeometry = { ...g, n: 1, c: 1 };
  const counts = emptyFresh([g.oh * g.ow], 'float64');
  if (countIncludePad) {
    fill(backend, counts.storage.ptr, counts.size, g.kh * g.kw, { dtype: 'float64' });
    return counts;
  }
  const ones = emptyFresh([1, g.h, g.w, 1], 'float64');
  fill(backend, ones.storage.ptr, ones.size, 1, { dtype: 'float64' });
  const cols = im2col(ones, one);
  ones.dispose();
  reduce(backend, 'sum', cols.storage.ptr, g.oh * g.ow, g.kh * g.kw, 1, { out: counts.storage.ptr, dtype: 'float64' });
  cols.dispose();
  return counts;
}

/** Average pooling: y [N, OH, OW, C] = window sums / poolCounts (float64, written in place). */
export function avgPool2dFloat64(x: Tensor, g: WindowGeometry, countIncludePad: boolean, y: Tensor): void {
  const backend = runtimeUnchecked().backend;
  const cols = im2col(x, g), counts = poolCounts(g, countIncludePad);
  try {
    reduce(backend, 'sum', cols.storage.ptr, g.n * g.oh * g.ow, g.kh * g.kw, g.c, { out: y.storage.ptr, dtype: 'float64' });
    const yShape = [g.n, g.oh * g.ow, g.c];
    binary(backend, 'div', y.storage.ptr, yShape, counts.storage.ptr, [g.oh * g.ow, 1], { out: y.storage.ptr, dtype: 'float64' });
  } finally {
    cols.dispose();
    counts.dispose();
  }
}

/** The gradient of average pooling: every tap of a window gets dy / count (float64 dx, written in place). */
export function avgPool2dBackwardFloat64(dy: Tensor, g: WindowGeometry, countIncludePad: boolean, dx: Tensor): void {
  const backend = runtimeUnchecked().backend;
  const counts = poolCounts(g, countIncludePad);
  const taps = g.kh * g.kw;
  const cols = emptyFresh([g.n * g.oh * g.ow, taps * g.c], 'float64');
  try {
    // cols[n, p, t, c] = dy[n, p, c] / counts[p]: the quotient broadcast over the taps t.
    const share = emptyFresh([g.n, g.oh * g.ow, 1, g.c], 'float64');
    try {
      binary(backend, 'div', dy.storage.ptr, [g.n, g.oh * g.ow, 1, g.c], counts.storage.ptr, [g.oh * g.ow, 1, 1], { out: share.storage.ptr, dtype: 'float64' });
      fill(backend, cols.storage.ptr, cols.size, 0, { dtype: 'float64' });
      binary(backend, 'add', cols.storage.ptr, [g.n, g.oh * g.ow, taps, g.c], share.storage.ptr, [g.n, g.oh * g.ow, 1, g.c], { out: cols.storage.ptr, dtype: 'float64' });
    } finally {
      share.dispose();
    }
    col2im(cols, g, dx);
  } finally {
    counts.dispose();
    cols.dispose();
  }
}

/**
 * Max pooling: y [N, OH, OW, C] = the window maxima (padding reads -Inf; NaN propagates) and
 * `taps` [N, OH, OW, C] (int32) = the tap index in [0, KH*KW) of each window's first maximum
 * (a NaN beats every number). Both written in place.
 */
export function maxPool2dFloat64(x: Tensor, g: WindowGeometry, y: Tensor, taps: Tensor): void {
  const backend = runtimeUnchecked().backend;
  const cols = im2col(x, g, -Infinity);
  const m = g.n * g.oh * g.ow, t = g.kh * g.kw;
  try {
    reduce(backend, 'max', cols.storage.ptr, m, t, g.c, { out: y.storage.ptr, dtype: 'float64' });
    argReduce(backend, 'argmax', cols.storage.ptr, m, t, g.c, { out: taps.storage.ptr, dtype: 'float64' });
  } finally {
    cols.dispose();
  }
}

/** The gradient of max pooling: each window's dy goes to its first maximum (`taps` from maxPool2dFloat64). */
export function maxPool2dBackwardFloat64(dy: Tensor, taps: Tensor, g: WindowGeometry, dx: Tensor): void {
  const backend = runtimeUnchecked().backend;
  const m = g.n * g.oh * g.ow, t = g.kh * g.kw;
  const owned: Tensor[] = [];
  const make = (shape: number[], dtype: 'int32' | 'float64') => {
    const made = emptyFresh(shape, dtype);
    owned.push(made);
    return made;
  };
  try {
    // index[k] = k (a running sum of ones, minus one); hit[p, k, c] = (index[k] == taps[p, c]).
    const index = make([t, 1], 'int32'), hit = make([m, t, g.c], 'int32');
    fill(backend, index.storage.ptr, t, 1, { dtype: 'int32' });
    cumsum(backend, index.storage.ptr, 1, t, 1, { out: index.storage.ptr, dtype: 'int32' });
    binaryScalar(backend, 'sub', index.storage.ptr, t, 1, { out: index.storage.ptr, dtype: 'int32' });
    binary(backend, 'eq', index.storage.ptr, [t, 1], taps.storage.ptr, [m, 1, g.c], { out: hit.storage.ptr, dtype: 'int32' });
    const mask = float32Mask(hit);
    owned.push(mask);
    const zero = make([1], 'float64'), cols = make([m, t, g.c], 'float64');
    fill(backend, zero.storage.ptr, 1, 0, { dtype: 'float64' });
    const rows = shareStorage(dy, [m, 1, g.c]);
    owned.push(rows);
    selectFloat64(mask, rows, zero, cols);
    col2im(cols, g, dx);
  } finally {
    for (const tensor of owned) tensor.dispose();
  }
}
