// Checked wrappers of assembly/pool.ts: 2-D max and average pooling over NHWC [N, H, W, C].
// OH = floor((H + 2 padH - KH) / strideH) + 1 (floor mode, as PyTorch's default). Padding never
// contributes a value, and must be at most half the kernel so every window holds an input pixel.
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { checkF32, outputF32, outputsF32 } from './checks.ts';
import { checkNoOverlap, type Pair, type Shape4 } from './conv.ts';

export interface Pool2dParams {
  /** Input shape [N, H, W, C] (NHWC). */
  xShape: Shape4;
  /** Window [KH, KW]. */
  kernel: Pair;
  /** [strideH, strideW], default: the kernel. */
  stride?: Pair;
  /** [padH, padW] on each side, default [0, 0]; each at most half the kernel. */
  padding?: Pair;
}

export interface AvgPoolOptions {
  /** Divide by the whole window KH*KW (true) or by the pixels inside the image (false, default). */
  countIncludePad?: boolean;
}

interface PoolGeometry {
  n: number; h: number; w: number; c: number; kh: number; kw: number;
  oh: number; ow: number; sh: number; sw: number; ph: number; pw: number;
}

function ints(value: unknown, what: string, length: number, minimum: number): number[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw new ShapeError(`${what} must be an array of ${length} integers, got ${JSON.stringify(value)}`);
  }
  value.forEach((d: unknown, i) => {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < minimum || d > 0x7fffffff) {
      throw new ShapeError(`${what}[${i}] must be an integer in [${minimum}, 2147483647] (the kernels' i32 range), got ${String(d)}`);
    }
  });
  return value as number[];
}

function poolGeometry(p: Pool2dParams, op: string): PoolGeometry {
  const [n, h, w, c] = ints(p.xShape, `${op}: xShape`, 4, 0) as [number, number, number, number];
  if (h < 1 || w < 1) throw new ShapeError(`${op}: xShape height and width must be >= 1, got ${h}x${w}`);
  const [kh, kw] = ints(p.kernel, `${op}: kernel`, 2, 1) as [number, number];
  const [sh, sw] = ints(p.stride ?? [kh, kw], `${op}: stride`, 2, 1) as [number, number];
  const [ph, pw] = ints(p.padding ?? [0, 0], `${op}: padding`, 2, 0) as [number, number];
  if (2 * ph > kh || 2 * pw > kw) {
    throw new ShapeError(`${op}: padding [${ph}, ${pw}] must be at most half the kernel [${kh}, ${kw}]`);
  }
  const oh = Math.floor((h + 2 * ph - kh) / sh) + 1;
  const ow = Math.floor((w + 2 * pw - kw) / sw) + 1;
  if (oh <= 0 || ow <= 0) {
    throw new ShapeError(`${op}: output size ${oh}x${ow} <= 0: kernel ${kh}x${kw} is larger than the padded input ${h + 2 * ph}x${w + 2 * pw}`);
  }
  if (n * h * w * c * 4 > 0x7fffffff) throw new ShapeError(`${op}: x of ${n * h * w * c} elements exceeds the kernels' 2 GiB range`);
  return { n, h, w, c, kh, kw, oh, ow, sh, sw, ph, pw };
}

/** [N, OH, OW, C] of a pooling (throws ShapeError on a bad shape). */
export function pool2dOutputShape(p: Pool2dParams): [number, number, number, number] {
  const g = poolGeometry(p, 'pool2dOutputShape');
  return [g.n, g.oh, g.ow, g.c];
}

/**
 * Max pooling. `argmax` (i32 per output element) is the flat index into x of the window's first
 * maximum (the first NaN, if any): what maxPool2dBackward routes the gradient to.
 */
export function maxPool2d(
  backend: Backend, x: number, p: Pool2dParams & { out?: number; argmaxOut?: number },
): { ptr: number; shape: [number, number, number, number]; argmax: number } {
  const g = poolGeometry(p, 'maxPool2d');
  checkF32(backend, x, g.n * g.h * g.w * g.c, 'maxPool2d: x');
  const count = g.n * g.oh * g.ow * g.c;
  const xCount = g.n * g.h * g.w * g.c;
  if (p.out !== undefined) checkF32(backend, p.out, count, 'maxPool2d: out');
  if (p.argmaxOut !== undefined) checkF32(backend, p.argmaxOut, count, 'maxPool2d: argmaxOut');
  checkNoOverlap(p.out, count, [[x, xCount, 'x'], [p.argmaxOut ?? 0, p.argmaxOut === undefined ? 0 : count, 'argmax']], 'maxPool2d');
  checkNoOverlap(p.argmaxOut, count, [[x, xCount, 'x']], 'maxPool2d (argmaxOut)');
  const [y, argmax] = outputsF32(backend, [[count, p.out, 'maxPool2d: out'], [count, p.argmaxOut, 'maxPool2d: argmaxOut']]) as [number, number];
  const shape: [number, number, number, number] = [g.n, g.oh, g.ow, g.c];
  if (count > 0) {
    backend.kernels.max_pool2d_nhwc_f32(x, y, argmax, g.n, g.h, g.w, g.c, g.kh, g.kw, g.oh, g.ow, g.sh, g.sw, g.ph, g.pw);
  }
  return { ptr: y, shape, argmax };
}

/**
 * dx [N, H, W, C] of max pooling: each dy element goes to its window's first maximum (argmax
 * from maxPool2d with the same parameters); overlapping windows add up.
 */
export function maxPool2dBackward(backend: Backend, dy: number, argmax: number, p: Pool2dParams & { out?: number }): number {
  const g = poolGeometry(p, 'maxPool2dBackward');
  const count = g.n * g.oh * g.ow * g.c;
  const dxCount = g.n * g.h * g.w * g.c;
  checkF32(backend, dy, count, 'maxPool2dBackward: dy');
  checkF32(backend, argmax, count, 'maxPool2dBackward: argmax');
  if (p.out !== undefined) checkF32(backend, p.out, dxCount, 'maxPool2dBackward: out');
  checkNoOverlap(p.out, dxCount, [[dy, count, 'dy'], [argmax, count, 'argmax']], 'maxPool2dBackward');
  // 2x2 windows at stride 2 without padding (C a multiple of 4): one pass over dx, which only
  // compares the indices with their windows' pixels; an index outside its window (possible only
  // in an argmax not made by maxPool2d) falls back to the checked scatter below.
  if (count > 0 && g.kh === 2 && g.kw === 2 && g.sh === 2 && g.sw === 2 && g.ph === 0 && g.pw === 0 && g.c % 4 === 0) {
    const dx = outputF32(backend, dxCount, p.out, 'maxPool2dBackward: out');
    if (backend.kernels.max_pool2d_backward_2x2_f32(dy, argmax, dx, g.n, g.h, g.w, g.c) === 0) return dx;
    if (p.out === undefined) backend.heap.free(dx);
  }
  // The kernel scatters through argmax: every index must lie inside dx (checked in one wasm pass,
  // once every pointer is known to be good and before anything is allocated).
  const bad = count > 0 ? backend.kernels.first_index_outside_i32(argmax, count, dxCount) : -1;
  if (bad >= 0) {
    const v = backend.heap.i32(argmax, count)[bad];
    throw new ShapeError(`maxPool2dBackward: argmax[${bad}] = ${v} is outside the input's ${dxCount} elements`);
  }
  const dx = outputF32(backend, dxCount, p.out, 'maxPool2dBackward: out');
  if (dxCount === 0) return dx;
  if (count === 0) {
    backend.heap.f32(dx, dxCount).fill(0);
    return dx;
  }
  backend.kernels.max_pool2d_backward_f32(dy, argmax, dx, count, dxCount);
  return dx;
}

/** Average pooling (zero padding excluded from the count unless countIncludePad). */
export function avgPool2d(
  backend: Backend, x: number, p: Pool2dParams & AvgPoolOptions & { out?: number },
): { ptr: number; shape: [number, number, number, number] } {
  const g = poolGeometry(p, 'avgPool2d');
  checkF32(backend, x, g.n * g.h * g.w * g.c, 'avgPool2d: x');
  const count = g.n * g.oh * g.ow * g.c;
  const y = outputF32(backend, count, p.out, 'avgPool2d: out');
  checkNoOverlap(p.out, count, [[x, g.n * g.h * g.w * g.c, 'x']], 'avgPool2d');
  const shape: [number, number, number, number] = [g.n, g.oh, g.ow, g.c];
  if (count > 0) {
    backend.kernels.avg_pool2d_nhwc_f32(
      x, y, g.n, g.h, g.w, g.c, g.kh, g.kw, g.oh, g.ow, g.sh, g.sw, g.ph, g.pw, p.countIncludePad ? 1 : 0,
    );
  }
  return { ptr: y, shape };
}

/** dx [N, H, W, C] of average pooling with the same parameters (countIncludePad included). */
export function avgPool2dBackward(backend: Backend, dy: number, p: Pool2dParams & AvgPoolOptions & { out?: number }): number {
  const g = poolGeometry(p, 'avgPool2dBackward');
  checkF32(backend, dy, g.n * g.oh * g.ow * g.c, 'avgPool2dBackward: dy');
  const dxCount = g.n * g.h * g.w * g.c;
  const dx = outputF32(backend, dxCount, p.out, 'avgPool2dBackward: out');
  checkNoOverlap(p.out, dxCount, [[dy, g.n * g.oh * g.ow * g.c, 'dy']], 'avgPool2dBackward');
  if (dxCount > 0) {
    backend.kernels.avg_pool2d_backward_nhwc_f32(
      dy, dx, g.n, g.h, g.w, g.c, g.kh, g.kw, g.oh, g.ow, g.sh, g.sw, g.ph, g.pw, p.countIncludePad ? 1 : 0,
    );
  }
  return dx;
}
