// Shape primitives. reshape/squeeze/unsqueeze share storage (no copy); permute, expand, slice,
// flip, pad, concat and split copy through the strided-copy kernel (one call per output or piece).
import { broadcastShapes, contiguousStrides, fill } from '@neurite/kernels';
import { record } from '../autograd/record.ts';
import { atomic } from '../scope.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { checkTensor, checkTensors, emptyTensor, shareStorage, type Tensor } from '../tensor.ts';
import {
  checkArray, checkAxes, checkAxis, checkInteger, checkShape, checkSize, checkValueFor, describeValue, MAX_ELEMENTS,
} from '../validate.ts';
import { sumToShape } from './reduce-kernels.ts';
import { stridedCopy } from './strided-kernels.ts';

/** Normalizes a possibly negative axis of a rank-`rank` tensor. */
export function normalizeAxis(axis: number, rank: number, what = 'normalizeAxis'): number {
  if (typeof what !== 'string') throw new ArgumentError(`normalizeAxis: what must be a string, got ${describeValue(what)}`);
  return checkAxis(axis, checkSize(rank, `${what}: rank`, 1 << 16), what);
}

/** Same data, new shape (one dimension may be -1). Shares storage. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor(x, 'reshape');
  const resolved = checkArray(shape, 'reshape: shape').map((d, i) => checkInteger(d, `reshape: shape[${i}]`, -1, MAX_ELEMENTS));
  const free = resolved.indexOf(-1);
  let known = 1;
  resolved.forEach((d, i) => {
    if (i !== free) known *= d;
  });
  if (free >= 0) {
    if (resolved.indexOf(-1, free + 1) >= 0) throw new ShapeError(`reshape: shape [${shape}] has more than one -1`);
    if (known === 0 || x.size % known !== 0) throw new ShapeError(`reshape: cannot infer -1 in [${shape}] for ${x.size} elements (input [${x.shape}])`);
    resolved[free] = x.size / known;
    known = x.size;
  }
  checkShape(resolved, 'reshape');
  if (known !== x.size) throw new ShapeError(`reshape: input [${x.shape}] has ${x.size} elements, shape [${shape}] needs ${known}`);
  const out = shareStorage(x, resolved);
  const inShape = x.shape;
  return record('reshape', [x], out, [], (g) => [reshape(g, inShape)]);
}

export function flatten(x: Tensor): Tensor {
  checkTensor(x, 'flatten');
  return reshape(x, [x.size]);
}

/** Removes size-1 dimensions (all, or the given axes, which must have size 1). */
export function squeeze(x: Tensor, axes?: number | readonly number[]): Tensor {
  checkTensor(x, 'squeeze');
  const list = axes === undefined ? undefined : checkAxes(axes, x.rank, 'squeeze');
  if (list) for (const a of list) if (x.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of [${x.shape}] has size ${x.shape[a]}, expected 1`);
  return reshape(x, x.shape.filter((d, i) => (list ? !list.includes(i) : d !== 1)));
}

/** Inserts a size-1 dimension at `axis` (-1 appends). */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  checkTensor(x, 'unsqueeze');
  const a = normalizeAxis(axis, x.rank + 1, 'unsqueeze');
  const shape = x.shape.slice();
  shape.splice(a, 0, 1);
  return reshape(x, shape);
}

/** Reorders the dimensions: output dim i is input dim perm[i]. */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  return atomic(() => {
    checkTensor(x, 'permute');
    checkArray(perm, 'permute: perm');
    if (perm.length !== x.rank) throw new ShapeError(`permute: perm has ${perm.length} entries, the tensor has rank ${x.rank}`);
    const p = perm.map((a) => normalizeAxis(a, x.rank, 'permute'));
    if (new Set(p).size !== p.length) throw new ShapeError(`permute: perm [${perm}] repeats an axis`);
    const strides = contiguousStrides(x.shape);
    const shape = p.map((a) => x.shape[a]!);
    const out = emptyTensor(shape, x.dtype, 'permute');
    stridedCopy(x, 0, shape, p.map((a) => strides[a]!), out, 0, contiguousStrides(shape));
    const inverse = new Array<number>(p.length);
    p.forEach((a, i) => (inverse[a] = i));
    return record('permute', [x], out, [], (g) => [permute(g, inverse)]);
  });
}

/** Swaps two axes (default: the last two). */
export function transpose(x: Tensor, axis0 = -2, axis1 = -1): Tensor {
  checkTensor(x, 'transpose');
  if (x.rank < 2 && axis0 === -2 && axis1 === -1) return reshape(x, x.shape);
  const a = normalizeAxis(axis0, x.rank, 'transpose'), b = normalizeAxis(axis1, x.rank, 'transpose');
  const perm = x.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}

/** Broadcasts to `shape` (NumPy rules; -1 keeps a size). Copies. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  return atomic(() => {
    checkTensor(x, 'expand');
    const given = checkArray(shape, 'expand: shape').map((d, i) => checkInteger(d, `expand: shape[${i}]`, -1, MAX_ELEMENTS));
    const target = checkShape(given.map((d, i) => (d === -1 ? x.shape[x.rank - given.length + i] ?? 1 : d)), 'expand');
    const full = broadcastShapes(x.shape, target, 'expand');
    if (full.length !== target.length || full.some((d, i) => d !== target[i])) {
      throw new ShapeError(`expand: [${x.shape}] cannot expand to [${shape}]`);
    }
    const own = contiguousStrides(x.shape);
    const offset = target.length - x.rank;
    const strides = target.map((_, i) => (i < offset || x.shape[i - offset] === 1 ? 0 : own[i - offset]!));
    const out = emptyTensor(target, x.dtype, 'expand');
    stridedCopy(x, 0, target, strides, out, 0, contiguousStrides(target));
    const inShape = x.shape;
    return record('expand', [x], out, [], (g) => [sumToShape(g, inShape)]);
  });
}

export interface SliceSpec {
  start?: number;
  stop?: number;
  step?: number;
}

/** An optional slice bound or step: undefined/null, or an integer (bounds are clamped like Python's). */
function sliceInteger(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  return checkInteger(value, what);
}

function resolveSlice(spec: unknown, size: number, axis: number): [number, number, number] {
  if (typeof spec === 'number') {
    checkInteger(spec, `slice: index on axis ${axis}`);
    const i = spec < 0 ? spec + size : spec;
    if (i < 0 || i >= size) throw new ShapeError(`slice: index ${spec} is out of range for axis ${axis} of size ${size}`);
    return [i, 1, 1];
  }
  if (spec !== undefined && spec !== null && (typeof spec !== 'object' || Array.isArray(spec))) {
    throw new ArgumentError(`slice: spec for axis ${axis} must be an index, { start, stop, step }, null or undefined, got ${describeValue(spec)}`);
  }
  const s = (spec ?? {}) as SliceSpec;
  const step = sliceInteger(s.step, `slice: step on axis ${axis}`) ?? 1;
  if (step === 0) throw new ShapeError(`slice: step on axis ${axis} must be a non-zero integer, got 0`);
  const startIn = sliceInteger(s.start, `slice: start on axis ${axis}`), stopIn = sliceInteger(s.stop, `slice: stop on axis ${axis}`);
  const clampIdx = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + size : v, lo), hi);
  if (step > 0) {
    const start = startIn === undefined ? 0 : clampIdx(startIn, 0, size);
    const stop = stopIn === undefined ? size : clampIdx(stopIn, 0, size);
    return [start, Math.max(0, Math.ceil((stop - start) / step)), step];
  }
  const start = startIn === undefined ? size - 1 : clampIdx(startIn, -1, size - 1);
  const stop = stopIn === undefined ? -1 : clampIdx(stopIn, -1, size - 1);
  return [start, Math.max(0, Math.ceil((stop - start) / step)), step];
}

/**
 * Python-style slicing per axis: a number picks one index (the axis is kept with size 1; squeeze
 * it if needed), {start, stop, step} a range (negative steps reverse), null/undefined everything.
 */
export function slice(x: Tensor, specs: readonly (SliceSpec | number | null | undefined)[]): Tensor {
  return atomic(() => {
    checkTensor(x, 'slice');
    checkArray(specs, 'slice: specs');
    if (specs.length > x.rank) throw new ShapeError(`slice: ${specs.length} slice specs for a tensor of rank ${x.rank}`);
    const strides = contiguousStrides(x.shape);
    let offset = 0;
    const shape: number[] = [], srcStrides: number[] = [], starts: number[] = [], steps: number[] = [];
    x.shape.forEach((size, d) => {
      const [start, count, step] = resolveSlice(specs[d], size, d);
      shape.push(count);
      srcStrides.push(strides[d]! * step);
      if (count > 0) offset += start * strides[d]!;
      starts.push(start);
      steps.push(step);
    });
    const out = emptyTensor(shape, x.dtype, 'slice');
    stridedCopy(x, offset, shape, srcStrides, out, 0, contiguousStrides(shape));
    const inShape = x.shape, dtype = x.dtype;
    return record('slice', [x], out, [], (g) => {
      const dx = emptyTensor(inShape, dtype, 'slice backward');
      fillTensor(dx, 0);
      const ds = contiguousStrides(inShape);
      let off = 0;
      shape.forEach((c, d) => { if (c > 0) off += starts[d]! * ds[d]!; });
      stridedCopy(g, 0, shape, contiguousStrides(shape), dx, off, ds.map((s, d) => s * steps[d]!));
      return [dx];
    });
  });
}

/** Reverses the order of elements along the given axes. */
export function flip(x: Tensor, axes: number | readonly number[]): Tensor {
  checkTensor(x, 'flip');
  const list = checkAxes(axes ?? null, x.rank, 'flip');
  return slice(x, x.shape.map((_, d) => (list.includes(d) ? { step: -1 } : null)));
}

/** @internal Fills a tensor in place. */
export function fillTensor(t: Tensor, value: number): void {
  fill(runtimeUnchecked().backend, t.storage.ptr, t.size, value, { dtype: t.dtype });
}

/** Pads each axis with [before, after] elements of `value` (constant padding). */
export function pad(x: Tensor, widths: readonly (readonly [number, number])[], value = 0): Tensor {
  return atomic(() => {
    checkTensor(x, 'pad');
    checkArray(widths, 'pad: widths');
    if (widths.length !== x.rank) throw new ShapeError(`pad: ${widths.length} [before, after] pairs for a tensor of rank ${x.rank}`);
    widths.forEach((w, i) => {
      if (checkArray(w, `pad: widths[${i}]`).length !== 2) throw new ShapeError(`pad: widths[${i}] must be a [before, after] pair, got ${w.length} entries`);
      checkSize(w[0], `pad: widths[${i}][0]`);
      checkSize(w[1], `pad: widths[${i}][1]`);
    });
    checkValueFor(value, x.dtype, 'pad: value');
    const shape = checkShape(x.shape.map((d, i) => d + widths[i]![0] + widths[i]![1]), 'pad');
    const out = emptyTensor(shape, x.dtype, 'pad');
    fillTensor(out, value);
    const os = contiguousStrides(shape);
    const offset = widths.reduce((s, [b], i) => s + b * os[i]!, 0);
    stridedCopy(x, 0, x.shape, contiguousStrides(x.shape), out, offset, os);
    return record('pad', [x], out, [], (g) => [slice(g, widths.map(([b], i) => ({ start: b, stop: b + x.shape[i]! })))]);
  });
}

/** Joins tensors along an existing axis. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  return atomic(() => {
    checkTensors(tensors, 'concat');
    if (tensors.length === 0) throw new ShapeError('concat: needs at least one tensor');
    const first = tensors[0]!;
    if (first.rank === 0) throw new ShapeError('concat: tensors must have rank >= 1 (use stack for scalars)');
    const ax = normalizeAxis(axis, first.rank, 'concat');
    tensors.forEach((t, k) => {
      if (t.dtype !== first.dtype) throw new ShapeError(`concat: tensor ${k} is ${t.dtype}, tensor 0 is ${first.dtype}`);
      if (t.rank !== first.rank || t.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
        throw new ShapeError(`concat: tensor ${k} has shape [${t.shape}], incompatible with [${first.shape}] along axis ${ax}`);
      }
    });
    const shape = first.shape.slice();
    shape[ax] = tensors.reduce((s, t) => s + t.shape[ax]!, 0);
    checkShape(shape, 'concat');
    const out = emptyTensor(shape, first.dtype, 'concat');
    const os = contiguousStrides(shape);
    let at = 0;
    const starts: number[] = [];
    for (const t of tensors) {
      starts.push(at);
      stridedCopy(t, 0, t.shape, contiguousStrides(t.shape), out, at * os[ax]!, os);
      at += t.shape[ax]!;
    }
    return record('concat', tensors, out, [], (g, _, need) =>
      tensors.map((t, k) => (need[k] ? slice(g, shape.map((_, d) => (d === ax ? { start: starts[k]!, stop: starts[k]! + t.shape[ax]! } : null))) : null)),
    );
  });
}

/** Joins tensors of one shape along a new axis. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  checkTensors(tensors, 'stack');
  if (tensors.length === 0) throw new ShapeError('stack: needs at least one tensor');
  const ax = normalizeAxis(axis, tensors[0]!.rank + 1, 'stack');
  tensors.forEach((t, k) => {
    if (t.dtype !== tensors[0]!.dtype) throw new ShapeError(`stack: tensor ${k} is ${t.dtype}, tensor 0 is ${tensors[0]!.dtype}`);
    if (t.shape.length !== tensors[0]!.rank || t.shape.some((d, i) => d !== tensors[0]!.shape[i])) {
      throw new ShapeError(`stack: tensor ${k} has shape [${t.shape}], tensor 0 has [${tensors[0]!.shape}]`);
    }
  });
  const parts: Tensor[] = [];
  try {
    for (const t of tensors) parts.push(unsqueeze(t, ax));
    return concat(parts, ax);
  } finally {
    for (const p of parts) p.dispose();
  }
}

/** Splits along `axis` into pieces of the given sizes, or into `sections` equal pieces. */
export function split(x: Tensor, sizesOrSections: number | readonly number[], axis = 0): Tensor[] {
  checkTensor(x, 'split');
  if (x.rank === 0) throw new ShapeError('split: x must have rank >= 1, got a scalar');
  const ax = normalizeAxis(axis, x.rank, 'split');
  const total = x.shape[ax]!;
  let sizes: number[];
  if (typeof sizesOrSections === 'number') {
    if (!Number.isInteger(sizesOrSections) || sizesOrSections <= 0 || sizesOrSections > Math.max(total, 1) || total % sizesOrSections !== 0) {
      throw new ShapeError(`split: axis ${ax} of size ${total} cannot be split into ${sizesOrSections} equal sections`);
    }
    sizes = new Array(sizesOrSections).fill(total / sizesOrSections);
  } else {
    sizes = checkArray(sizesOrSections, 'split: sizes').map((s, i) => checkSize(s, `split: sizes[${i}]`));
    if (sizes.reduce((a, b) => a + b, 0) !== total) throw new ShapeError(`split: sizes [${sizes}] do not sum to axis ${ax}'s size ${total}`);
  }
  let at = 0;
  const pieces: Tensor[] = [];
  try {
    for (const s of sizes) {
      pieces.push(slice(x, x.shape.map((_, d) => (d === ax ? { start: at, stop: at + s } : null))));
      at += s;
    }
  } catch (error) {
    for (const p of pieces) p.dispose();
    throw error;
  }
  return pieces;
}
