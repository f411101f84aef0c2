// conv2d (NHWC input, HWIO weights, optional fused bias and activation), maxPool2d and avgPool2d,
// forward and backward. float32 runs the conv/pool kernels; float64 (which has no conv or pool
// kernel) runs im2col + the GEMM, reduce and select kernels (conv-float64.ts).
import {
  type Activation, avgPool2d as avgPoolKernel, avgPool2dBackward, conv2d as convKernel, conv2dBackwardBias, conv2dBackwardFilter,
  conv2dBackwardInput, conv2dOutputShape, conv2dReluBackwardBias, maxPool2d as maxPoolKernel, maxPool2dBackward, pool2dOutputShape, unaryBackward,
} from '@neurite/kernels';
import { needsGrad, record } from '../autograd/record.ts';
import { atomic } from '../scope.ts';
import { DTypeError, ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { checkTensor, emptyTensor, type Tensor } from '../tensor.ts';
import { checkArray, checkFlag, checkInteger, checkOneOf, MAX_ELEMENTS, optionsOf } from '../validate.ts';
import {
  avgPool2dBackwardFloat64, avgPool2dFloat64, conv2dBackwardFilterFloat64, conv2dBackwardInputFloat64, conv2dFloat64, maxPool2dBackwardFloat64,
  maxPool2dFloat64, type WindowGeometry,
} from './conv-float64.ts';
import { gelu, geluTanh } from './elementwise.ts';
import { sum } from './reduce.ts';

type Pair = readonly [number, number];
type Shape4 = [number, number, number, number];

export interface Conv2dOptions {
  stride?: Pair | number;
  /** Zero padding per side, or 'same' (stride 1 only) / 'valid'. */
  padding?: Pair | number | 'same' | 'valid';
  dilation?: Pair | number;
  bias?: Tensor | null;
  /**
   * Fused into the kernel's store: 'none' (default), 'relu', 'sigmoid', 'tanh', 'gelu' (exact) or
   * 'geluTanh'. The GELUs' derivatives need the pre-activation, so with a gradient to record they
   * run as the convolution then the activation (two ops).
   */
  activation?: 'none' | 'relu' | 'sigmoid' | 'tanh' | 'gelu' | 'geluTanh';
}

/** A size pair given as one integer or [h, w], each at least `min` (undefined gives [d, d]). */
function pair(v: unknown, d: number, min: number, what: string): Pair {
  if (v === undefined) return [d, d];
  if (typeof v === 'number') {
    checkInteger(v, what, min, MAX_ELEMENTS);
    return [v, v];
  }
  const list = checkArray(v, what);
  if (list.length !== 2) throw new ShapeError(`${what} must be one integer or an [h, w] pair, got ${list.length} entries`);
  return [checkInteger(list[0], `${what}[0]`, min, MAX_ELEMENTS), checkInteger(list[1], `${what}[1]`, min, MAX_ELEMENTS)];
}

function shape4(t: Tensor, what: string): Shape4 {
  if (t.rank !== 4) throw new ShapeError(`${what} must be rank 4, got [${t.shape}]`);
  return t.shape.slice() as Shape4;
}

function floatCheck(what: string, ...ts: Tensor[]): void {
  for (const t of ts) checkTensor(t, what);
  const d = ts[0]!.dtype;
  for (const t of ts) {
    if (t.dtype === 'int32' || t.dtype !== d) throw new DTypeError(`${what}: tensors must share one float dtype, got ${ts.map((x) => x.dtype).join(', ')}`);
  }
}

/** 2-D convolution (cross-correlation) of x [N, H, W, Cin] with w [KH, KW, Cin, Cout]. */
export function conv2d(x: Tensor, w: Tensor, options?: Conv2dOptions): Tensor {
  return atomic(() => {
    const opts = optionsOf(options, 'conv2d');
    const bias = opts.bias ?? null;
    floatCheck('conv2d', ...(bias ? [x, w, bias] : [x, w]));
    const xShape = shape4(x, 'conv2d: x'), wShape = shape4(w, 'conv2d: w');
    const dilation = pair(opts.dilation, 1, 1, 'conv2d: dilation'), stride = pair(opts.stride, 1, 1, 'conv2d: stride');
    const act = checkOneOf(opts.activation, ['none', 'relu', 'sigmoid', 'tanh', 'gelu', 'geluTanh'] as const, 'none', 'conv2d: activation');
    let padding: Pair;
    if (opts.padding === 'same') {
      if (stride[0] !== 1 || stride[1] !== 1) throw new ShapeError(`conv2d: padding 'same' needs stride 1, got [${stride}]`);
      const eh = dilation[0] * (wShape[0] - 1), ew = dilation[1] * (wShape[1] - 1);
      if (eh % 2 !== 0 || ew % 2 !== 0) throw new ShapeError(`conv2d: padding 'same' needs an odd effective kernel, got ${eh + 1}x${ew + 1}`);
      padding = [eh / 2, ew / 2];
    } else padding = opts.padding === 'valid' ? [0, 0] : pair(opts.padding, 0, 0, 'conv2d: padding');
    if (xShape[3] !== wShape[2]) throw new ShapeError(`conv2d: x has ${xShape[3]} channels ([${xShape}]) but w expects Cin = ${wShape[2]} ([${wShape}])`);
    if (bias && (bias.rank !== 1 || bias.shape[0] !== wShape[3])) throw new ShapeError(`conv2d: bias must be [${wShape[3]}], got [${bias.shape}]`);
    const p = { xShape, wShape, stride, padding, dilation };
    const outShape = conv2dOutputShape(p);
    if ((act === 'gelu' || act === 'geluTanh') && needsGrad(...(bias ? [x, w, bias] : [x, w]))) {
      const z = conv2d(x, w, { ...opts, activation: 'none' });
      const y = act === 'gelu' ? gelu(z) : geluTanh(z);
      z.dispose();
      return y;
    }
    const y = emptyTensor(outShape, x.dtype, 'conv2d');
    const g: WindowGeometry = {
      n: xShape[0], h: xShape[1], w: xShape[2], c: xShape[3], kh: wShape[0], kw: wShape[1],
      oh: outShape[1], ow: outShape[2], sh: stride[0], sw: stride[1], ph: padding[0], pw: padding[1], dh: dilation[0], dw: dilation[1],
    };
    const cout = wShape[3];
    const backend = runtimeUnchecked().backend;
    if (x.dtype === 'float32') {
      convKernel(backend, x.storage.ptr, w.storage.ptr, { ...p, bias: bias?.storage.ptr, activation: act as Activation, out: y.storage.ptr });
    } else conv2dFloat64(x, w, bias, act as Activation, g, cout, y);
    const inputs = bias ? [x, w, bias] : [x, w];
    return record('conv2d', inputs, y, [x, w, y], (gy, [xs, ws, ys], need) => {
      let dz = gy;
      let dx: Tensor | null = null, dw: Tensor | null = null, db: Tensor | null = null;
      // float32 ReLU with a bias gradient: the mask and the bias sum in one pass (the same numbers).
      const reluBias = act === 'relu' && bias !== null && Boolean(need[2]) && gy.dtype === 'float32';
      if (reluBias) {
        dz = emptyTensor(gy.shape, gy.dtype, 'conv2d backward');
        db = emptyTensor([cout], 'float32', 'conv2d backward bias');
        conv2dReluBackwardBias(backend, ys!.storage.ptr, gy.storage.ptr, outShape[0] * outShape[1] * outShape[2], cout, { out: dz.storage.ptr, bias: db.storage.ptr });
      } else if (act !== 'none') {
        dz = emptyTensor(gy.shape, gy.dtype, 'conv2d backward');
        unaryBackward(backend, act, ys!.storage.ptr, ys!.storage.ptr, gy.storage.ptr, gy.size, { out: dz.storage.ptr, dtype: gy.dtype === 'float64' ? 'float64' : 'float32' });
      }
      if (need[0]) {
        dx = emptyTensor(xShape, gy.dtype, 'conv2d backward input');
        if (gy.dtype === 'float32') conv2dBackwardInput(backend, dz.storage.ptr, ws!.storage.ptr, { ...p, out: dx.storage.ptr });
        else conv2dBackwardInputFloat64(dz, ws!, g, cout, dx);
      }
      if (need[1]) {
        dw = emptyTensor(wShape, gy.dtype, 'conv2d backward filter');
        if (gy.dtype === 'float32') conv2dBackwardFilter(backend, xs!.storage.ptr, dz.storage.ptr, { ...p, out: dw.storage.ptr });
        else conv2dBackwardFilterFloat64(xs!, dz, g, cout, dw);
      }
      if (bias && need[2] && !reluBias) {
        if (gy.dtype === 'float32') {
          db = emptyTensor([cout], 'float32', 'conv2d backward bias');
          conv2dBackwardBias(backend, dz.storage.ptr, outShape, { out: db.storage.ptr });
        } else db = sum(dz, [0, 1, 2]);
      }
      if (dz !== gy) dz.dispose();
      return [dx, dw, db];
    });
  });
}

export interface Pool2dOptions {
  /** Default: the kernel size. */
  stride?: Pair | number;
  padding?: Pair | number;
  /** avgPool2d only: divide by the whole window including padding (default false). */
  countIncludePad?: boolean;
}

function poolSetup(x: Tensor, kernel: Pair | number, options: Pool2dOptions | undefined, what: string) {
  floatCheck(what, x);
  const opts = optionsOf(options, what);
  const xShape = shape4(x, `${what}: x`);
  if (kernel === undefined) throw new ShapeError(`${what}: kernel size is required`);
  const k = pair(kernel, 1, 1, `${what}: kernel`);
  const stride = opts.stride === undefined ? k : pair(opts.stride, 1, 1, `${what}: stride`);
  const countIncludePad = checkFlag(opts.countIncludePad, false, `${what}: countIncludePad`);
  const p = { xShape, kernel: k, stride, padding: pair(opts.padding, 0, 0, `${what}: padding`) };
  const outShape = pool2dOutputShape(p);
  const g: WindowGeometry = {
    n: xShape[0], h: xShape[1], w: xShape[2], c: xShape[3], kh: k[0], kw: k[1], oh: outShape[1], ow: outShape[2],
    sh: p.stride[0], sw: p.stride[1], ph: p.padding[0], pw: p.padding[1], dh: 1, dw: 1,
  };
  return { p, outShape, g, xShape, countIncludePad };
}

/** Max pooling over NHWC windows; the gradient goes to each window's first maximum. */
export function maxPool2d(x: Tensor, kernel: Pair | number, options?: Pool2dOptions): Tensor {
  return atomic(() => {
    const { p, outShape, g, xShape } = poolSetup(x, kernel, options, 'maxPool2d');
    const y = emptyTensor(outShape, x.dtype, 'maxPool2d');
    // float32: the flat input index of each maximum; float64: its tap index in the window.
    const argmax = emptyTensor(outShape, 'int32', 'maxPool2d');
    const backend = runtimeUnchecked().backend;
    if (x.dtype === 'float32') maxPoolKernel(backend, x.storage.ptr, { ...p, out: y.storage.ptr, argmaxOut: argmax.storage.ptr });
    else maxPool2dFloat64(x, g, y, argmax);
    const result = record('maxPool2d', [x], y, [argmax], (gy, [am]) => {
      const dx = emptyTensor(xShape, gy.dtype, 'maxPool2d backward');
      if (gy.dtype === 'float32') maxPool2dBackward(backend, gy.storage.ptr, am!.storage.ptr, { ...p, out: dx.storage.ptr });
      else maxPool2dBackwardFloat64(gy, am!, g, dx);
      return [dx];
    });
    argmax.dispose();
    return result;
  });
}

/** Average pooling over NHWC windows (padding excluded from the count unless countIncludePad). */
export function avgPool2d(x: Tensor, kernel: Pair | number, options?: Pool2dOptions): Tensor {
  return atomic(() => {
    const { p, outShape, g, xShape, countIncludePad } = poolSetup(x, kernel, options, 'avgPool2d');
    const y = emptyTensor(outShape, x.dtype, 'avgPool2d');
    const backend = runtimeUnchecked().backend;
    if (x.dtype === 'float32') avgPoolKernel(backend, x.storage.ptr, { ...p, countIncludePad, out: y.storage.ptr });
    else avgPool2dFloat64(x, g, countIncludePad, y);
    return record('avgPool2d', [x], y, [], (gy) => {
      const dx = emptyTensor(xShape, gy.dtype, 'avgPool2d backward');
      if (gy.dtype === 'float32') avgPool2dBackward(backend, gy.storage.ptr, { ...p, countIncludePad, out: dx.storage.ptr });
      else avgPool2dBackwardFloat64(gy, g, countIncludePad, dx);
      return [dx];
    });
  });
}
