// Checked wrappers of assembly/conv.ts. Layouts: x NHWC [N, H, W, Cin], weights HWIO
// [KH, KW, Cin, Cout], y NHWC [N, OH, OW, Cout], zero padding,
// OH = floor((H + 2 padH - dilH (KH - 1) - 1) / strideH) + 1 (and the same for W).
// The kernels allocate nothing: each wrapper hands them a workspace from the heap, cached per
// heap between calls (grown when a call needs more, never shrunk). On a threaded backend, large
// calls split into ranges of images (or of rows, for one image), one per thread, each with a
// workspace of the pool's.
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import type { Heap } from '../heap.ts';
import { unaryReference } from '../reference/elementwise.ts';
import type { PoolKernel } from '../threads/protocol.ts';
import { checkF32, freeOnFailure, outputF32 } from './checks.ts';
import { type Activation, activationCode } from './op-codes.ts';


export type Shape4 = readonly [number, number, number, number];
export type Pair = readonly [number, number];

export interface Conv2dParams {
  /** Input shape [N, H, W, Cin] (NHWC). */
  xShape: Shape4;
  /** Weight shape [KH, KW, Cin, Cout] (HWIO). */
  wShape: Shape4;
  /** [strideH, strideW], default [1, 1]. */
  stride?: Pair;
  /** Zero padding [padH, padW] on each side, default [0, 0]. */
  padding?: Pair;
  /** [dilationH, dilationW], default [1, 1]. */
  dilation?: Pair;
}

export interface Conv2dForwardOptions extends Conv2dParams {
  /** Pointer to Cout f32 added per output channel. */
  bias?: number;
  activation?: Activation;
  /** Slope of leakyRelu (default 0.01). */
  activationAlpha?: number;
  out?: number;
}

interface Geometry {
  n: number; h: number; w: number; cin: number; kh: number; kw: number; cout: number;
  oh: number; ow: number; sh: number; sw: number; ph: number; pw: number; dh: number; dw: number;
}

const I32_LIMIT = 0x7fffffff;

function checkShape(shape: unknown, what: string, lengths: number, minimum: readonly number[]): number[] {
  if (!Array.isArray(shape) || shape.length !== lengths) {
    throw new ShapeError(`${what} must be an array of ${lengths} integers, got ${JSON.stringify(shape)}`);
  }
  shape.forEach((d: unknown, i) => {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < minimum[i]! || d > I32_LIMIT) {
      throw new ShapeError(`${what}[${i}] must be an integer in [${minimum[i]}, ${I32_LIMIT}] (the kernels' i32 range), got ${String(d)}`);
    }
  });
  return shape as number[];
}

/** Validates the parameters and derives the output size; `op` prefixes every message. */
function geometry(p: Conv2dParams, op: string): Geometry {
  const [n, h, w, cin] = checkShape(p.xShape, `${op}: xShape`, 4, [0, 1, 1, 0]) as [number, number, number, number];
  const [kh, kw, wcin, cout] = checkShape(p.wShape, `${op}: wShape`, 4, [1, 1, 0, 0]) as [number, number, number, number];
  if (wcin !== cin) {
    throw new ShapeError(`${op}: wShape[2] (input channels ${wcin}) must equal xShape[3] (${cin})`);
  }
  const [sh, sw] = checkShape(p.stride ?? [1, 1], `${op}: stride`, 2, [1, 1]) as [number, number];
  const [ph, pw] = checkShape(p.padding ?? [0, 0], `${op}: padding`, 2, [0, 0]) as [number, number];
  const [dh, dw] = checkShape(p.dilation ?? [1, 1], `${op}: dilation`, 2, [1, 1]) as [number, number];
  const oh = Math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((w + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  if (oh <= 0 || ow <= 0) {
    throw new ShapeError(
      `${op}: output size ${oh}x${ow} <= 0: the dilated kernel ${dh * (kh - 1) + 1}x${dw * (kw - 1) + 1} ` +
        `is larger than the padded input ${h + 2 * ph}x${w + 2 * pw}`,
    );
  }
  const g = { n, h, w, cin, kh, kw, cout, oh, ow, sh, sw, ph, pw, dh, dw };
  // Every byte offset the kernels form must fit an i32.
  const biggest = Math.max(
    n * (h + 2 * ph) * (w + 2 * pw) * cin,
    n * (h + (kh - 1) * dh) * (w + (kw - 1) * dw) * cout,
    n * oh * ow * Math.ceil(cout / 8) * 8,
    kh * kw * Math.max(cin, cout) * (Math.max(cin, cout) + 8),
  );
  if (biggest * 4 > I32_LIMIT) throw new ShapeError(`${op}: tensors of ${biggest} elements exceed the kernels' 2 GiB range`);
  return g;
}

/** [N, OH, OW, Cout] of a convolution (throws ShapeError on a bad shape). */
export function conv2dOutputShape(p: Conv2dParams): [number, number, number, number] {
  const g = geometry(p, 'conv2dOutputShape');
  return [g.n, g.oh, g.ow, g.cout];
}

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;
const roundUp4 = (k: number) => Math.ceil(k / 4) * 4;

// Workspace layouts: must match the carving at the top of each export in assembly/conv.ts.
/**
 * The implicit-GEMM part every forward-shaped export carves first: packed weights (blocks x kp x 8),
 * bias8, a 32-byte stage, the pixel table (m offsets), the tap table (kp) and two 4 x kp tiles.
 */
function coreBytes(kp: number, blocks: number, m: number): number {
  return blocks * kp * 32 + blocks * 32 + 32 + align16(m * 4) + kp * 4 + kp * 48;
}
/** The zero-padded copy of x the kernels make when there is padding. */
function paddedBytes(g: Geometry): number {
  return g.ph !== 0 || g.pw !== 0 ? g.n * (g.h + 2 * g.ph) * (g.w + 2 * g.pw) * g.cin * 4 : 0;
}
function forwardWorkspaceBytes(g: Geometry): number {
  return coreBytes(roundUp4(g.kh * g.kw * g.cin), Math.ceil(g.cout / 8), g.n * g.oh * g.ow) + paddedBytes(g);
}
/**
 * Whether conv2d_backward_input_nhwc_f32 computes dx as columns + col2im (backwardInputStrided): at
 * strides > 1, and at stride 1 without padding when Cin >= 8 (there the padded dy of the other path
 * would multiply (k - 1) rows and columns of zeros per image; measured 15-20% faster on the small
 * CNN's 13x13x16 -> 32 layer).
 */
function usesColumns(g: Geometry): boolean {
  return g.sh > 1 || g.sw > 1 || (g.ph === 0 && g.pw === 0 && g.cin >= 8);
}
function backwardInputWorkspaceBytes(g: Geometry): number {
  if (usesColumns(g)) {
    // dy as a 1x1 convolution into columns [n*oh*ow, kh*kw*cin].
    const cols = g.kh * g.kw * g.cin, m = g.n * g.oh * g.ow;
    return coreBytes(roundUp4(g.cout), Math.ceil(cols / 8), m) + m * cols * 4;
  }
  const dyz = g.n * (g.h + (g.kh - 1) * g.dh) * (g.w + (g.kw - 1) * g.dw) * g.cout * 4;
  return coreBytes(roundUp4(g.kh * g.kw * g.cout), Math.ceil(g.cin / 8), g.n * g.h * g.w) + dyz;
}
function backwardFilterWorkspaceBytes(g: Geometry): number {
  const k = g.kh * g.kw * g.cin, m = g.n * g.oh * g.ow;
  return m * 32 + align16(k * 4) + 32 + align16(m * 4) + paddedBytes(g);
}

/**
 * Throws ShapeError when a caller's `out` block [out, out + count f32) overlaps one of `inputs`
 * ([pointer, f32 count, name]): the kernels read their inputs while writing the output.
 */
export function checkNoOverlap(out: number | undefined, count: number, inputs: [number, number, string][], what: string): void {
  if (out === undefined || count === 0) return;
  for (const [ptr, n, name] of inputs) {
    if (n > 0 && out < ptr + n * 4 && ptr < out + count * 4) {
      throw new ShapeError(`${what}: out [${out}, ${out + count * 4}) overlaps ${name} [${ptr}, ${ptr + n * 4}); pass a separate block`);
    }
  }
}

const workspaces = new WeakMap<Heap, { ptr: number; bytes: number }>();

/** A heap block of at least `bytes` bytes, reused across calls on the same heap. */
function workspace(backend: Backend, bytes: number): number {
  let block = workspaces.get(backend.heap);
  if (block === undefined || block.bytes < bytes) {
    if (block !== undefined) {
      backend.heap.free(block.ptr);
      workspaces.delete(backend.heap); // a failed allocation below must not leave the freed pointer cached
    }
    const size = Math.max(bytes, 4096);
    block = { ptr: backend.heap.alloc(size), bytes: size };
    workspaces.set(backend.heap, block);
  }
  return block.ptr;
}

/** One part of a split convolution: its geometry and where its x-side and y-side data start. */
interface ConvPart {
  g: Geometry;
  /** x (or dx): [n, h, w, cin] of the part. */
  x: number;
  /** y (or dy): [n, oh, ow, cout] of the part. */
  y: number;
}

/** A zero-padded copy of the single image x [1, h, w, cin] as [1, h + 2 ph, w + 2 pw, cin]: a new heap block. */
function paddedCopy(backend: Backend, x: number, g: Geometry): number {
  const wp = g.w + 2 * g.pw, row = g.w * g.cin, rowP = wp * g.cin;
  const out = backend.heap.alloc((g.h + 2 * g.ph) * rowP * 4);
  const dst = backend.heap.f32(out, (g.h + 2 * g.ph) * rowP), src = backend.heap.f32(x, g.h * row);
  dst.fill(0);
  for (let i = 0; i < g.h; i++) dst.set(src.subarray(i * row, (i + 1) * row), (i + g.ph) * rowP + g.pw * g.cin);
  return out;
}

/** How one image splits into parts by rows: `items` rows, the part of rows [start, start + count). */
interface RowSplit {
  items: number;
  /** Called only once the pool has decided to split. */
  part: (start: number, count: number) => ConvPart;
  /** Frees what the split allocated (a padded copy), after the parts ran. */
  release?: () => void;
}

/**
 * Forward and filter gradient of one image by ranges of output rows: each part reads its rows of a
 * zero-padded copy of x with padding 0 (so it reads exactly the rows it needs). The copy is made
 * when the first part is asked for, i.e. only when the pool splits the call: a declined split
 * leaves the padding to the single call, which pads in its own workspace (making the copy first
 * and then declining cost the 1x56x56x64 layer a second padding pass on every call).
 */
function outputRows(backend: Backend, g: Geometry, x: number, y: number): RowSplit {
  const pads = g.ph !== 0 || g.pw !== 0;
  let padded: number | undefined;
  const wp = g.w + 2 * g.pw;
  return {
    items: g.oh,
    part: (r0, count) => {
      padded ??= pads ? paddedCopy(backend, x, g) : x;
      return {
        g: { ...g, h: (count - 1) * g.sh + (g.kh - 1) * g.dh + 1, w: wp, ph: 0, pw: 0, oh: count },
        x: padded + r0 * g.sh * wp * g.cin * 4,
        y: y + r0 * g.ow * g.cout * 4,
      };
    },
    release: () => {
      if (padded !== undefined && padded !== x) backend.heap.free(padded);
    },
  };
}

/**
 * Input gradient of one image at stride 1 by ranges of dx rows: dx rows [r0, r1) take dy rows
 * i0 = max(0, r0 + ph - (kh - 1) dh) to min(oh, r1 + ph), which is never empty, with the top padding
 * r0 + ph - i0; the kernel zero-fills what lies outside them, as the whole call does.
 */
function inputRows(g: Geometry, dx: number, dy: number): RowSplit | undefined {
  if (g.sh !== 1 || g.sw !== 1) return undefined;
  // Without padding and with Cin >= 8 the kernel takes the columns + col2im path, whose parts (with
  // top paddings) would take the other path and round differently: such an image stays whole.
  if (usesColumns(g)) return undefined;
  return {
    items: g.h,
    part: (r0, count) => {
      const i0 = Math.max(0, r0 + g.ph - (g.kh - 1) * g.dh), i1 = Math.min(g.oh, r0 + count + g.ph);
      return {
        g: { ...g, h: count, oh: i1 - i0, ph: r0 + g.ph - i0 },
        x: dx + r0 * g.w * g.cin * 4,
        y: dy + i0 * g.ow * g.cout * 4,
      };
    },
  };
}

/**
 * Runs `args(part, work, index)` as one call, or split over a threaded backend's pool when the
 * convolution has at least minParallelWork multiply-adds: by ranges of images when N >= 2, else
 * by the rows `rows()` describes (one image). Every part computes what the single call computes
 * for its outputs. Parts get private workspaces of `partWorkBytes` (default `workBytes`) bytes;
 * the single call the cached one.
 */
function overParts(
  backend: Backend, kernel: PoolKernel, g: Geometry, x: number, y: number, rows: () => RowSplit | undefined,
  workBytes: (g: Geometry) => number, args: (part: ConvPart, work: number, index: number) => number[],
  partWorkBytes = workBytes,
): void {
  const pool = backend.pool;
  const macs = g.n * g.oh * g.ow * g.cout * g.kh * g.kw * g.cin;
  if (pool !== undefined && !pool.terminated && macs >= pool.minWork) {
    const run = ({ items, part }: RowSplit) =>
      pool.forRanges(backend, kernel, items, 1, macs / items, (start, count, work, index) => args(part(start, count), work, index),
        (count) => partWorkBytes(part(0, count).g), { bitIdentical: kernel !== 'conv2d_backward_filter_nhwc_f32' }) > 0;
    if (g.n >= 2) {
      const xImage = g.h * g.w * g.cin * 4, yImage = g.oh * g.ow * g.cout * 4;
      if (run({ items: g.n, part: (b0, count) => ({ g: { ...g, n: count }, x: x + b0 * xImage, y: y + b0 * yImage }) })) return;
    } else {
      const split = rows();
      if (split !== undefined) {
        try {
          if (split.items >= 2 && run(split)) return;
        } finally {
          split.release?.();
        }
      }
    }
  }
  // A threaded backend times the call when its split gate declined it (the gate weighs splits against it).
  const token = pool?.singleStart() ?? -1;
  (backend.kernels[kernel] as (...a: number[]) => void)(...args({ g, x, y }, workspace(backend, workBytes(g)), 0));
  if (token >= 0) pool!.singleEnd(token);
}

/** Releases the cached convolution workspace of `backend`'s heap (the next call allocates anew). */
export function releaseConvWorkspace(backend: Backend): void {
  const block = workspaces.get(backend.heap);
  if (block !== undefined && backend.heap.isLive(block.ptr)) backend.heap.free(block.ptr);
  workspaces.delete(backend.heap);
}

/**
 * y = act(conv(x, w) + bias), NHWC / HWIO. Returns the output pointer and shape [N, OH, OW, Cout].
 * `out` must not overlap x, w or bias.
 */
export function conv2d(backend: Backend, x: number, w: number, p: Conv2dForwardOptions): { ptr: number; shape: [number, number, number, number] } {
  const g = geometry(p, 'conv2d');
  const act = activationCode(p.activation, 'conv2d');
  const alpha = p.activationAlpha ?? 0.01;
  checkF32(backend, x, g.n * g.h * g.w * g.cin, 'conv2d: x');
  checkF32(backend, w, g.kh * g.kw * g.cin * g.cout, 'conv2d: w');
  if (p.bias !== undefined) checkF32(backend, p.bias, g.cout, 'conv2d: bias');
  const count = g.n * g.oh * g.ow * g.cout;
  const y = outputF32(backend, count, p.out, 'conv2d: out');
  checkNoOverlap(p.out, count, [[x, g.n * g.h * g.w * g.cin, 'x'], [w, g.kh * g.kw * g.cin * g.cout, 'w'], [p.bias ?? 0, p.bias === undefined ? 0 : g.cout, 'bias']], 'conv2d');
  const shape: [number, number, number, number] = [g.n, g.oh, g.ow, g.cout];
  if (count === 0) return { ptr: y, shape };
  if (g.cin === 0) {
    // No taps: every pixel is act(bias).
    const bias = p.bias !== undefined ? backend.heap.f32(p.bias, g.cout).slice() : new Float32Array(g.cout);
    const row = bias.map((b) => (act >= 0 ? unaryReference(act, b, Math.fround(alpha)) : b));
    const view = backend.heap.f32(y, count);
    for (let o = 0; o < count; o += g.cout) view.set(row, o);
    return { ptr: y, shape };
  }
  const args = ({ g: q, x: px, y: py }: ConvPart, work: number) => [
    px, w, p.bias ?? 0, py, q.n, q.h, q.w, q.cin, q.kh, q.kw, q.cout, q.oh, q.ow, q.sh, q.sw, q.ph, q.pw, q.dh, q.dw, act, alpha, work,
  ];
  freeOnFailure(backend, [[y, p.out]], () =>
    overParts(backend, 'conv2d_nhwc_f32', g, x, y, () => outputRows(backend, g, x, y), forwardWorkspaceBytes, args));
  return { ptr: y, shape };
}

/** dx [N, H, W, Cin] of conv2d given dy [N, OH, OW, Cout] and w. `out` must not overlap dy or w. */
export function conv2dBackwardInput(backend: Backend, dy: number, w: number, p: Conv2dParams & { out?: number }): number {
  const g = geometry(p, 'conv2dBackwardInput');
  checkF32(backend, dy, g.n * g.oh * g.ow * g.cout, 'conv2dBackwardInput: dy');
  checkF32(backend, w, g.kh * g.kw * g.cin * g.cout, 'conv2dBackwardInput: w');
  const count = g.n * g.h * g.w * g.cin;
  const dx = outputF32(backend, count, p.out, 'conv2dBackwardInput: out');
  checkNoOverlap(p.out, count, [[dy, g.n * g.oh * g.ow * g.cout, 'dy'], [w, g.kh * g.kw * g.cin * g.cout, 'w']], 'conv2dBackwardInput');
  if (count === 0) return dx;
  if (g.cout === 0) {
    backend.heap.f32(dx, count).fill(0);
    return dx;
  }
  const args = ({ g: q, x: px, y: py }: ConvPart, work: number) => [
    py, w, px, q.n, q.h, q.w, q.cin, q.kh, q.kw, q.cout, q.oh, q.ow, q.sh, q.sw, q.ph, q.pw, q.dh, q.dw, work,
  ];
  freeOnFailure(backend, [[dx, p.out]], () =>
    overParts(backend, 'conv2d_backward_input_nhwc_f32', g, dx, dy, () => inputRows(g, dx, dy), backwardInputWorkspaceBytes, args));
  return dx;
}

/**
 * dw [KH, KW, Cin, Cout] of conv2d given x and dy; with `accumulate` the gradient is added to
 * `out` (which must then be given). `out` must not overlap x or dy.
 */
export function conv2dBackwardFilter(
  backend: Backend, x: number, dy: number, p: Conv2dParams & { out?: number; accumulate?: boolean },
): number {
  const g = geometry(p, 'conv2dBackwardFilter');
  checkF32(backend, x, g.n * g.h * g.w * g.cin, 'conv2dBackwardFilter: x');
  checkF32(backend, dy, g.n * g.oh * g.ow * g.cout, 'conv2dBackwardFilter: dy');
  if (p.accumulate && p.out === undefined) {
    throw new ShapeError('conv2dBackwardFilter: accumulate needs `out`, the gradient to add to');
  }
  const count = g.kh * g.kw * g.cin * g.cout;
  const dw = outputF32(backend, count, p.out, 'conv2dBackwardFilter: out');
  checkNoOverlap(p.out, count, [[x, g.n * g.h * g.w * g.cin, 'x'], [dy, g.n * g.oh * g.ow * g.cout, 'dy']], 'conv2dBackwardFilter');
  if (count === 0) return dw;
  if (g.n === 0) {
    if (!p.accumulate) backend.heap.f32(dw, count).fill(0);
    return dw;
  }
  const partial = Math.ceil(count / 4) * 16;
  if (g.n >= 2 && g.n * g.oh * g.ow * g.cout * g.kh * g.kw * g.cin >= FILTER_HALVES_WORK) {
    freeOnFailure(backend, [[dw, p.out]], () => filterByHalves(backend, x, dy, dw, g, p.accumulate === true, count, partial));
    return dw;
  }
  // Split by images (or rows of one image), part 0 writes (or adds to) dw; every other part sums
  // into a partial at the start of its workspace, added to dw afterwards in part order
  // (deterministic for a given thread count, though rounded differently from one call).
  const partials: number[] = [];
  const args = ({ g: q, x: px, y: py }: ConvPart, work: number, index: number) => {
    if (index > 0) partials.push(work);
    return [
      px, py, index === 0 ? dw : work, q.n, q.h, q.w, q.cin, q.kh, q.kw, q.cout, q.oh, q.ow, q.sh, q.sw, q.ph, q.pw, q.dh, q.dw,
      index === 0 && p.accumulate ? 1 : 0, index === 0 ? work : work + partial,
    ];
  };
  freeOnFailure(backend, [[dw, p.out]], () => overParts(backend, 'conv2d_backward_filter_nhwc_f32', g, x, dy,
    () => outputRows(backend, g, x, dy), backwardFilterWorkspaceBytes, args, (q) => partial + backwardFilterWorkspaceBytes(q)));
  for (const sum of partials) backend.kernels.axpby_f32(count, 1, sum, 1, dw);
  return dw;
}

/**
 * Multiply-adds from which a filter gradient of N >= 2 images is always computed as two halves of
 * the batch (the first ceil(N / 2) images into dw, the rest into a partial added to it), on one
 * thread or, when the pool's split gate says a 2-way split pays, on two. Its numbers are then the
 * same on 1, 2 or more threads, so the split can follow the measured hand-off like every other
 * split without making a run's numbers depend on timing. (Below it, and for one image, the split
 * follows the fixed work rule and rounds per thread count.)
 */
export const FILTER_HALVES_WORK = 1 << 18;

/** conv2dBackwardFilter of N >= 2 images as two batch halves (see FILTER_HALVES_WORK). */
function filterByHalves(
  backend: Backend, x: number, dy: number, dw: number, g: Geometry, accumulate: boolean, count: number, partial: number,
): void {
  const first = Math.ceil(g.n / 2);
  const xImage = g.h * g.w * g.cin * 4, yImage = g.oh * g.ow * g.cout * 4;
  const half = (b0: number, n: number): ConvPart => ({ g: { ...g, n }, x: x + b0 * xImage, y: dy + b0 * yImage });
  const halves = [half(0, first), half(first, g.n - first)];
  // Part 0 writes (or adds to) dw; part 1 writes the partial at the start of its workspace.
  const args = ({ g: q, x: px, y: py }: ConvPart, work: number, index: number) => [
    px, py, index === 0 ? dw : work, q.n, q.h, q.w, q.cin, q.kh, q.kw, q.cout, q.oh, q.ow, q.sh, q.sw, q.ph, q.pw, q.dh, q.dw,
    index === 0 && accumulate ? 1 : 0, index === 0 ? work : work + partial,
  ];
  const partBytes = (n: number) => partial + backwardFilterWorkspaceBytes({ ...g, n });
  let partialAt = 0;
  const pool = backend.pool;
  const kernel = 'conv2d_backward_filter_nhwc_f32';
  const macs = g.n * g.oh * g.ow * g.cout * g.kh * g.kw * g.cin;
  if (pool !== undefined && !pool.terminated) {
    const parts = pool.forRanges(backend, kernel, g.n, 1, macs / g.n, (b0, n, work, index) => {
      if (index === 1) partialAt = work;
      return args(half(b0, n), work, index);
    }, partBytes, { maxParts: 2 });
    if (parts !== 2) partialAt = 0;
  }
  if (partialAt === 0) {
    // One thread: the same two calls in turn, in one workspace (part 1's partial first).
    const work = workspace(backend, partBytes(first));
    const run = backend.kernels.conv2d_backward_filter_nhwc_f32 as (...a: number[]) => void;
    const token = pool?.singleStart() ?? -1;
    run(...args(halves[0]!, work + partial, 0));
    run(...args(halves[1]!, work, 1));
    if (token >= 0) pool!.singleEnd(token);
    partialAt = work;
  }
  backend.kernels.axpby_f32(count, 1, partialAt, 1, dw);
}

/** db [Cout] = the sum of dy [N, OH, OW, Cout] over N, OH and OW. */
export function conv2dBackwardBias(backend: Backend, dy: number, shape: Shape4, options: { out?: number } = {}): number {
  const [n, oh, ow, cout] = checkShape(shape, 'conv2dBackwardBias: shape', 4, [0, 0, 0, 0]) as [number, number, number, number];
  const rows = n * oh * ow;
  checkF32(backend, dy, rows * cout, 'conv2dBackwardBias: dy');
  if (rows * cout * 4 > I32_LIMIT) throw new ShapeError(`conv2dBackwardBias: dy of ${rows * cout} elements exceeds the 2 GiB range`);
  const db = outputF32(backend, cout, options.out, 'conv2dBackwardBias: out');
  if (cout === 0) return db;
  if (rows === 0) {
    backend.heap.f32(db, cout).fill(0);
    return db;
  }
  backend.kernels.conv2d_backward_bias_f32(dy, rows, cout, db);
  return db;
}
