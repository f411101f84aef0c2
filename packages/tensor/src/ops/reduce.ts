// Reductions over any set of axes, with keepdims; forward and backward side by side. Every dtype
// makes one reduce-kernel call (int32 input is reduced as float32). Axes that are not one
// contiguous block are first moved to the end (one strided copy; see reduce-kernels.ts).
// Empty axes: sum 0, mean NaN, max -Inf, min +Inf, logsumexp -Inf.
import { argReduce, cumsum as cumsumKernel, moments } from '@neurite/kernels';
import { record } from '../autograd/record.ts';
import { atomic } from '../scope.ts';
import { ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { checkTensor, emptyTensor, type Tensor } from '../tensor.ts';
import { checkAxes, checkAxis, checkFlag, checkNumber, optionsOf } from '../validate.ts';
import { cast } from './copy.ts';
import { div, eq, exp, mul, sqrt, sub } from './elementwise.ts';
import { reducePlan as plan, runReduce, sumToAxes, sumToShape } from './reduce-kernels.ts';
import { expand, reshape } from './shape.ts';

export type Axes = number | readonly number[] | undefined;

/** x (checked before: see checkReduction), cast to float32 when it is int32. */
function floatInput(x: Tensor): Tensor {
  return x.dtype === 'int32' ? cast(x, 'float32') : x;
}

/** Checks a reduction's arguments before anything is allocated; returns the normalized axes. */
function checkReduction(x: Tensor, axes: unknown, keepdims: unknown, what: string): number[] {
  checkTensor(x, what);
  const list = checkAxes(axes, x.rank, what);
  checkFlag(keepdims, false, `${what}: keepdims`);
  return list;
}

function reduceOp(op: 'sum' | 'mean' | 'max' | 'min' | 'logSumExp', x: Tensor, axes: Axes, keepdims: boolean): Tensor {
  return atomic(() => {
    const list = checkReduction(x, axes, keepdims, op);
    const xf = floatInput(x);
    const p = plan(xf, list);
    const out = emptyTensor(keepdims ? p.keptShape : p.shape, xf.dtype, op);
    runReduce(op, p, out);
    if (p.source !== xf) p.source.dispose();
    const inShape = xf.shape, kept = p.keptShape, count = p.axis;
    let result: Tensor;
    if (op === 'sum') result = record(op, [xf], out, [], (g) => [broadcastBack(g, kept, inShape)]);
    else if (op === 'mean') {
      result = record(op, [xf], out, [], (g) => {
        const e = broadcastBack(g, kept, inShape);
        const r = div(e, count);
        e.dispose();
        return [r];
      });
    } else if (op === 'logSumExp') {
      result = record(op, [xf], out, [xf, out], (g, [xs, y]) => {
        const yk = reshape(y!, kept);
        const d = sub(xs!, yk);
        const w = exp(d);
        const gk = reshape(g, kept);
        const r = mul(w, gk);
        for (const t of [yk, d, w, gk]) t.dispose();
        return [r];
      });
    } else {
      // max/min: the gradient is shared equally among tied extremes.
      result = record(op, [xf], out, [xf, out], (g, [xs, y]) => {
        const yk = reshape(y!, kept);
        const mask = eq(xs!, yk);
        const ties = sumTo(mask, kept);
        const gk = reshape(g, kept);
        const share = div(gk, ties);
        const r = mul(mask, share);
        for (const t of [yk, mask, ties, gk, share]) t.dispose();
        return [r];
      });
    }
    if (xf !== x) xf.dispose();
    return result;
  });
}

/** g (shape `out` or `kept`) broadcast back to `inShape`. */
function broadcastBack(g: Tensor, kept: readonly number[], inShape: readonly number[]): Tensor {
  const gk = reshape(g, kept);
  const e = expand(gk, inShape);
  gk.dispose();
  return e;
}

export const sum = (x: Tensor, axes?: Axes, keepdims = false) => reduceOp('sum', x, axes, keepdims);
export const mean = (x: Tensor, axes?: Axes, keepdims = false) => reduceOp('mean', x, axes, keepdims);
export const max = (x: Tensor, axes?: Axes, keepdims = false) => reduceOp('max', x, axes, keepdims);
export const min = (x: Tensor, axes?: Axes, keepdims = false) => reduceOp('min', x, axes, keepdims);
/** log(sum(exp(x))) computed stably (max-subtracted). */
export const logsumexp = (x: Tensor, axes?: Axes, keepdims = false) => reduceOp('logSumExp', x, axes, keepdims);

/**
 * Sums `g` down to `shape` (the inverse of broadcasting `shape` to g's shape; int32 sums as
 * float32). Returns g itself when the shapes already match.
 */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  return atomic(() => {
    if (sumToAxes(g, shape) === null) return g; // checked before anything is allocated
    const gf = floatInput(g);
    const r = sumToShape(gf, shape);
    const inShape = gf.shape;
    const result = record('sumTo', [gf], r, [], (gg) => [expand(gg, inShape)]);
    if (gf !== g) gf.dispose();
    return result;
  });
}

/** Variance with divisor N - correction (default 0: population; 1: sample), two-pass. */
export function variance(x: Tensor, axes?: Axes, keepdims = false, correction = 0): Tensor {
  return atomic(() => {
    const list = checkReduction(x, axes, keepdims, 'variance');
    checkNumber(correction, 'variance: correction', { finite: true });
    const xf = floatInput(x);
    const p = plan(xf, list);
    const shape = keepdims ? p.keptShape : p.shape;
    const m = emptyTensor(shape, xf.dtype, 'var');
    const v = emptyTensor(shape, xf.dtype, 'var');
    moments(runtimeUnchecked().backend, p.source.storage.ptr, p.outer, p.axis, p.inner, {
      correction, mean: m.storage.ptr, variance: v.storage.ptr, dtype: p.source.dtype,
    });
    if (p.source !== xf) p.source.dispose();
    const kept = p.keptShape, divisor = p.axis - correction;
    const result = record('var', [xf], v, [xf, m], (g, [xs, ms]) => {
      const mk = reshape(ms!, kept);
      const d = sub(xs!, mk);
      const gk = reshape(g, kept);
      const s = mul(gk, 2 / divisor);
      const r = mul(d, s);
      for (const t of [mk, d, gk, s]) t.dispose();
      return [r];
    });
    m.dispose();
    if (xf !== x) xf.dispose();
    return result;
  });
}

/** Standard deviation: sqrt(variance). */
export function std(x: Tensor, axes?: Axes, keepdims = false, correction = 0): Tensor {
  return atomic(() => {
    const v = variance(x, axes, keepdims, correction);
    const r = sqrt(v);
    v.dispose();
    return r;
  });
}

function argOp(op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepdims: boolean): Tensor {
  return atomic(() => {
    if (axis !== undefined) checkTensor(x, op);
    const list = checkReduction(x, axis === undefined ? undefined : checkAxis(axis, x.rank, op), keepdims, op);
    if (list.some((a) => x.shape[a] === 0) || (axis === undefined && x.size === 0)) {
      throw new ShapeError(`${op}: cannot take the ${op} of an empty axis (input [${x.shape}])`);
    }
    const xf = floatInput(x);
    const p = plan(xf, list);
    const out = emptyTensor(keepdims ? p.keptShape : p.shape, 'int32', op);
    const backend = runtimeUnchecked().backend;
    argReduce(backend, op, p.source.storage.ptr, p.outer, p.axis, p.inner, { out: out.storage.ptr, dtype: p.source.dtype });
    if (p.source !== xf) p.source.dispose();
    if (xf !== x) xf.dispose();
    return out;
  });
}

/** Index of the first maximum along `axis` (over the flattened tensor when omitted), int32. */
export const argmax = (x: Tensor, axis?: number, keepdims = false) => argOp('argmax', x, axis, keepdims);
export const argmin = (x: Tensor, axis?: number, keepdims = false) => argOp('argmin', x, axis, keepdims);

/** Running sum along `axis` (reverse: from the end). */
export function cumsum(x: Tensor, axis: number, options?: { reverse?: boolean }): Tensor {
  return atomic(() => {
    checkTensor(x, 'cumsum');
    const ax = checkAxis(axis, x.rank, 'cumsum');
    const reverse = checkFlag(optionsOf(options, 'cumsum').reverse, false, 'cumsum: reverse');
    const xf = floatInput(x);
    const outer = xf.shape.slice(0, ax).reduce((a, b) => a * b, 1);
    const inner = xf.shape.slice(ax + 1).reduce((a, b) => a * b, 1);
    const n = xf.shape[ax] ?? 1;
    const out = emptyTensor(xf.shape, xf.dtype, 'cumsum');
    const backend = runtimeUnchecked().backend;
    cumsumKernel(backend, xf.storage.ptr, outer, n, inner, { reverse, out: out.storage.ptr, dtype: xf.dtype });
    const result = record('cumsum', [xf], out, [], (g) => [cumsum(g, ax, { reverse: !reverse })]);
    if (xf !== x) xf.dispose();
    return result;
  });
}
