// Gather/scatter primitives: indexSelect (gather rows along an axis), scatterAdd, oneHot, where.
// indexSelect and where run the word-moving gather and select kernels for every dtype; the row
// additions (scatterAdd, indexSelect's backward) run the float32 or float64 indexAdd kernel.
import { broadcastShapes, broadcastStrides, copy, indexAdd, indexSelect32, oneHot as oneHotKernel, where as whereKernel } from '@neurite/kernels';
import { record } from '../autograd/record.ts';
import { atomic } from '../scope.ts';
import { scalar } from '../creation.ts';
import { promoteTypes } from '../dtype.ts';
import { DTypeError, ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { checkTensor, emptyTensor, Tensor } from '../tensor.ts';
import { checkIndexValues, checkNumber, checkShape, checkSize, optionsOf } from '../validate.ts';
import { cast } from './copy.ts';
import { sumTo } from './reduce.ts';
import { fillTensor, normalizeAxis, reshape } from './shape.ts';
import { float32Mask, selectFloat64 } from './word-select.ts';

/** int32 indices, each in [0, limit): checked before the op allocates anything. */
function checkIndices(indices: Tensor, limit: number, what: string): void {
  checkTensor(indices, `${what}: indices`);
  if (indices.dtype !== 'int32') throw new DTypeError(`${what}: indices must be int32, got ${indices.dtype}`);
  checkIndexValues(indices.view(), limit, `${what}: indices`);
}

function geometry(shape: readonly number[], axis: number) {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  return { outer, len: shape[axis]!, inner };
}

/** dst[o, idx[j], :] += src[o, j, :] into an existing float tensor's storage (not recorded; one kernel call). */
function addRowsInto(dst: Tensor, axis: number, indices: Tensor, src: Tensor): void {
  const { outer, len, inner } = geometry(dst.shape, axis);
  indexAdd(runtimeUnchecked().backend, {
    dst: dst.storage.ptr, outer, axis: len, inner, indices: indices.storage.ptr, count: indices.size, src: src.storage.ptr, dtype: dst.dtype,
  });
}

/**
 * Rows of x along `axis` picked by int32 `indices` (any shape): the output shape is
 * x.shape[:axis] + indices.shape + x.shape[axis+1:]. An index outside [0, size) is a ShapeError.
 * The gradient scatters back with addition (repeated indices accumulate).
 */
export function indexSelect(x: Tensor, axis: number, indices: Tensor): Tensor {
  checkTensor(x, 'indexSelect');
  if (x.rank === 0) throw new ShapeError('indexSelect: x must have rank >= 1, got a scalar');
  const ax = normalizeAxis(axis, x.rank, 'indexSelect');
  const { outer, len, inner } = geometry(x.shape, ax);
  checkIndices(indices, len, 'indexSelect');
  const outShape = checkShape([...x.shape.slice(0, ax), ...indices.shape, ...x.shape.slice(ax + 1)], 'indexSelect');
  const out = emptyTensor(outShape, x.dtype, 'indexSelect');
  // The kernel moves 32-bit words: a float64 row is twice as many words.
  const words = x.dtype === 'float64' ? 2 : 1;
  indexSelect32(runtimeUnchecked().backend, { src: x.storage.ptr, outer, axis: len, inner: words * inner, indices: indices.storage.ptr, count: indices.size, out: out.storage.ptr });
  if (x.dtype === 'int32') return out;
  const inShape = x.shape, dtype = x.dtype;
  return record('indexSelect', [x], out, [indices], (g, [ix]) => {
    const dx = emptyTensor(inShape, dtype, 'indexSelect backward');
    fillTensor(dx, 0);
    addRowsInto(dx, ax, ix!, g);
    return [dx];
  });
}

/** Same as indexSelect (NumPy's `take` along an axis). */
export const gather = indexSelect;

/**
 * A copy of `target` with `source` rows added at `indices` along `axis`:
 * out[..., indices[j], ...] += source[..., j, ...]. source has shape target.shape[:axis] +
 * [indices.size] + target.shape[axis+1:] (indices is flattened). float tensors only.
 */
export function scatterAdd(target: Tensor, axis: number, indices: Tensor, source: Tensor): Tensor {
  return atomic(() => {
    checkTensor(target, 'scatterAdd: target');
    checkTensor(source, 'scatterAdd: source');
    if (target.dtype === 'int32' || source.dtype !== target.dtype) {
      throw new DTypeError(`scatterAdd: target and source must share a float dtype, got ${target.dtype} and ${source.dtype}`);
    }
    if (target.rank === 0) throw new ShapeError('scatterAdd: target must have rank >= 1, got a scalar');
    const ax = normalizeAxis(axis, target.rank, 'scatterAdd');
    checkIndices(indices, target.shape[ax]!, 'scatterAdd');
    const expected = [...target.shape.slice(0, ax), indices.size, ...target.shape.slice(ax + 1)];
    if (source.rank !== expected.length || source.shape.some((d, i) => d !== expected[i])) {
      throw new ShapeError(`scatterAdd: source has shape [${source.shape}], expected [${expected}] for target [${target.shape}] and ${indices.size} indices on axis ${ax}`);
    }
    const out = emptyTensor(target.shape, target.dtype, 'scatterAdd');
    copy(runtimeUnchecked().backend, target.storage.ptr, out.storage.ptr, out.size, { dtype: out.dtype });
    addRowsInto(out, ax, indices, source);
    const flat = indices;
    return record('scatterAdd', [target, source], out, [flat], (g, [ix], need) => {
      const gs = need[1] ? indexSelect(g, ax, ix!.rank === 1 ? ix! : ix!) : null;
      let gsShaped: Tensor | null = gs;
      if (gs && ix!.rank !== 1) {
        gsShaped = reshape(gs, expected);
        gs.dispose();
      }
      return [g, gsShaped];
    });
  });
}

/** float32 [..., depth] with `on` (1) at each index and `off` (0) elsewhere. */
export function oneHot(indices: Tensor, depth: number, options?: { on?: number; off?: number }): Tensor {
  checkSize(depth, 'oneHot: depth');
  const opts = optionsOf(options, 'oneHot');
  const on = opts.on === undefined ? 1 : checkNumber(opts.on, 'oneHot: on');
  const off = opts.off === undefined ? 0 : checkNumber(opts.off, 'oneHot: off');
  checkIndices(indices, depth, 'oneHot');
  const out = emptyTensor(checkShape([...indices.shape, depth], 'oneHot'), 'float32', 'oneHot');
  oneHotKernel(runtimeUnchecked().backend, indices.storage.ptr, indices.size, depth, { out: out.storage.ptr, on, off });
  return out;
}

/**
 * cond ? a : b elementwise with broadcasting of all three (cond is nonzero-is-true; NaN counts
 * as true). a and b promote to one float dtype; numbers act as scalars.
 */
export function where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  return atomic(() => {
    checkTensor(cond, 'where: cond');
    for (const [v, name] of [[a, 'a'], [b, 'b']] as const) {
      if (v instanceof Tensor) checkTensor(v, `where: ${name}`);
      else checkNumber(v, `where: ${name}`);
    }
    // Shapes first: a mismatch must throw before any cast or scalar is allocated.
    const shape = broadcastShapes(broadcastShapes(cond.shape, a instanceof Tensor ? a.shape : [], 'where'), b instanceof Tensor ? b.shape : [], 'where');
    const like = a instanceof Tensor ? a.dtype : b instanceof Tensor ? b.dtype : 'float32';
    const dtype0 = promoteTypes(a instanceof Tensor ? a.dtype : like, b instanceof Tensor ? b.dtype : like);
    const dtype = dtype0 === 'int32' ? 'float32' : dtype0;
    const temps: Tensor[] = [];
    const asT = (v: Tensor | number): Tensor => {
      if (typeof v === 'number') {
        const t = scalar(v, { dtype });
        temps.push(t);
        return t;
      }
      if (v.dtype === dtype) return v;
      const t = cast(v, dtype);
      temps.push(t);
      return t;
    };
    const ta = asT(a), tb = asT(b);
    // The kernel tests a float32 mask; float64 values move through it as word pairs (word-select.ts).
    const c = float32Mask(cond);
    if (c !== cond) temps.push(c);
    const out = emptyTensor(shape, dtype, 'where');
    if (dtype === 'float32') {
      whereKernel(runtimeUnchecked().backend, c.storage.ptr, c.shape, ta.storage.ptr, ta.shape, tb.storage.ptr, tb.shape, { out: out.storage.ptr });
    } else selectFloat64(c, ta, tb, out);
    const aShape = ta.shape, bShape = tb.shape;
    const result = record('where', [ta, tb], out, [c], (g, [cs], need) => {
      const zero = scalar(0, { dtype: g.dtype });
      const pick = (first: Tensor, second: Tensor, toShape: readonly number[]) => {
        const t = where(cs!, first, second);
        const r = sumTo(t, toShape);
        if (r !== t) t.dispose();
        return r;
      };
      const ga = need[0] ? pick(g, zero, aShape) : null;
      const gb = need[1] ? pick(zero, g, bShape) : null;
      zero.dispose();
      return [ga, gb];
    });
    for (const t of temps) t.dispose();
    return result;
  });
}
