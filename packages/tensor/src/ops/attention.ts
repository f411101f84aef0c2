// scaledDotProductAttention: softmax(scale * Q K^T + mask) V on the fused attention kernel
// (FlashAttention-2 style, @neurite/kernels), forward and backward, with grouped-query heads,
// causal / sliding-window / block-sparse masks, key padding, an additive mask and seeded dropout.
import { attention as attentionKernel, attentionBackward, type AttentionParams } from '@neurite/kernels';
import { record } from '../autograd/record.ts';
import { DTypeError, ShapeError } from '../errors.ts';
import { defaultGenerator, type Generator } from '../random/generator.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { atomic } from '../scope.ts';
import { checkTensor, emptyTensor, type Tensor } from '../tensor.ts';
import { checkFlag, checkInteger, checkNumber, checkOneOf, optionsOf } from '../validate.ts';
import { cast } from './copy.ts';
import { sumTo } from './reduce.ts';

export interface AttentionOptions {
  /**
   * Axis order of rank-4 q, k, v and the output: 'bhtd' = [B, H, T, D] (PyTorch's
   * scaled_dot_product_attention, the default) or 'bthd' = [B, T, H, D] (a projection's output
   * reshaped: no transpose copy). Rank-3 inputs are [B, T, D] (one head).
   */
  layout?: 'bhtd' | 'bthd';
  /** Query i (at position i + queryOffset) sees keys j <= i + queryOffset. PyTorch's is_causal aligns at 0 (queryOffset 0). */
  causal?: boolean;
  /** Sliding window w >= 1: |pos - j| < w, with causal 0 <= pos - j < w (w keys, itself included). */
  window?: number;
  /** Position of query 0 relative to key 0 (a key/value cache's past length); default 0. */
  queryOffset?: number;
  /** [B, Tk] int32 or float: nonzero marks padding keys (PyTorch's key_padding_mask True). */
  keyPaddingMask?: Tensor;
  /**
   * Additive float mask (the dtype of q) of shape [Tq, Tk] or [B|1, H|1, Tq, Tk] (-Inf removes a
   * key). When it requires grad (a learned bias, e.g. ALiBi-style or relative position biases) it
   * receives the gradient of the logits, summed over the axes it broadcasts along: 0 where a mask
   * removes the key, and on rows every key is masked from (PyTorch gives NaN there).
   */
  attnMask?: Tensor;
  /** int32 [ceil(Tq / blockSize), ceil(Tk / blockSize)] block bitmap; 0 removes a block (Sparse Transformer layouts). */
  blockLayout?: { layout: Tensor; blockSize: number };
  /** Default 1 / sqrt(D). */
  scale?: number;
  /** Drop rate on the attention probabilities in [0, 1) (inverted dropout); default 0. */
  dropout?: number;
  /** Seed of the dropout mask (int32); default drawn from `generator` or the default generator. */
  seed?: number;
  generator?: Generator;
}

export interface Dims {
  b: number; h: number; hk: number; tq: number; tk: number; d: number; dv: number;
}

function dims(q: Tensor, k: Tensor, v: Tensor, layout: 'bhtd' | 'bthd'): Dims {
  const what = 'scaledDotProductAttention';
  if (q.rank !== k.rank || q.rank !== v.rank || (q.rank !== 3 && q.rank !== 4)) {
    throw new ShapeError(`${what}: q, k, v must all be rank 3 [B, T, D] or rank 4, got [${q.shape}], [${k.shape}], [${v.shape}]`);
  }
  const pick = (t: Tensor) => {
    if (t.rank === 3) return { b: t.shape[0]!, h: 1, t: t.shape[1]!, d: t.shape[2]! };
    const [b, x, y, d] = t.shape as [number, number, number, number];
    return layout === 'bhtd' ? { b, h: x, t: y, d } : { b, h: y, t: x, d };
  };
  const qd = pick(q), kd = pick(k), vd = pick(v);
  if (kd.b !== qd.b || vd.b !== qd.b) throw new ShapeError(`${what}: batch sizes differ: q ${qd.b}, k ${kd.b}, v ${vd.b}`);
  if (kd.d !== qd.d) throw new ShapeError(`${what}: k's head dim ${kd.d} differs from q's ${qd.d}`);
  if (vd.t !== kd.t || vd.h !== kd.h) throw new ShapeError(`${what}: v [${v.shape}] must have k's length ${kd.t} and heads ${kd.h}`);
  if (kd.h === 0 ? qd.h !== 0 : qd.h % kd.h !== 0) throw new ShapeError(`${what}: q's heads (${qd.h}) must be a multiple of k's (${kd.h})`);
  return { b: qd.b, h: qd.h, hk: kd.h, tq: qd.t, tk: kd.t, d: qd.d, dv: vd.d };
}

/** The validated options of one call (shared by the packed form, attention-packed.ts). */
export interface AttentionCall {
  dm: Dims;
  dtype: 'float32' | 'float64';
  causal: boolean;
  window: number;
  queryOffset: number;
  scale: number;
  dropout: number;
  seed: number;
  mask: Tensor | undefined;
  maskStrides: [number, number, number];
  pad: Tensor | undefined;
  block: { layout: Tensor; blockSize: number } | undefined;
}

/** Validates the options of a call on q, k, v of sizes `dm` (nothing allocated). */
export function attentionCall(what: string, dm: Dims, dtype: 'float32' | 'float64', options: unknown): AttentionCall {
  const o = optionsOf(options as AttentionOptions | undefined, what);
  const causal = checkFlag(o.causal, false, `${what}: causal`);
  const window = o.window === undefined ? 0 : checkInteger(o.window, `${what}: window`, 1, 0x7fffffff);
  const queryOffset = o.queryOffset === undefined ? 0 : checkInteger(o.queryOffset, `${what}: queryOffset`, -0x80000000, 0x7fffffff);
  const scale = o.scale === undefined ? 1 / Math.sqrt(Math.max(dm.d, 1)) : checkNumber(o.scale, `${what}: scale`, { finite: true });
  const dropout = o.dropout === undefined ? 0 : checkNumber(o.dropout, `${what}: dropout`, { min: 0 });
  if (!(dropout < 1)) throw new ShapeError(`${what}: dropout must be in [0, 1), got ${dropout}`);
  const mask = o.attnMask === undefined ? undefined : checkTensor(o.attnMask, `${what}: attnMask`);
  let maskStrides: [number, number, number] = [0, 0, 0];
  if (mask !== undefined) {
    if (mask.dtype !== dtype) throw new DTypeError(`${what}: attnMask must be ${dtype} (additive), got ${mask.dtype}`);
    const s = mask.shape;
    const ok = (mask.rank === 2 && s[0] === dm.tq && s[1] === dm.tk) ||
      (mask.rank === 4 && (s[0] === 1 || s[0] === dm.b) && (s[1] === 1 || s[1] === dm.h) && s[2] === dm.tq && s[3] === dm.tk);
    if (!ok) throw new ShapeError(`${what}: attnMask must be [${dm.tq}, ${dm.tk}] or [${dm.b}|1, ${dm.h}|1, ${dm.tq}, ${dm.tk}], got [${s}]`);
    maskStrides = mask.rank === 2 ? [0, 0, dm.tk] : [s[0] === 1 ? 0 : s[1]! * dm.tq * dm.tk, s[1] === 1 ? 0 : dm.tq * dm.tk, dm.tk];
  }
  const pad = o.keyPaddingMask === undefined ? undefined : checkTensor(o.keyPaddingMask, `${what}: keyPaddingMask`);
  if (pad !== undefined && (pad.rank !== 2 || pad.shape[0] !== dm.b || pad.shape[1] !== dm.tk)) {
    throw new ShapeError(`${what}: keyPaddingMask must be [${dm.b}, ${dm.tk}], got [${pad.shape}]`);
  }
  const block = o.blockLayout;
  if (block !== undefined) {
    const bl = checkTensor(block.layout, `${what}: blockLayout.layout`);
    const bs = checkInteger(block.blockSize, `${what}: blockLayout.blockSize`, 1, 0x7fffffff);
    const rows = Math.ceil(dm.tq / bs), cols = Math.ceil(dm.tk / bs);
    if (bl.dtype !== 'int32' || bl.rank !== 2 || bl.shape[0] !== rows || bl.shape[1] !== cols) {
      throw new ShapeError(`${what}: blockLayout.layout must be int32 [${rows}, ${cols}] for block size ${bs}, got ${bl.dtype} [${bl.shape}]`);
    }
  }
  let seed = 0;
  if (dropout > 0) {
    seed = o.seed !== undefined ? checkInteger(o.seed, `${what}: seed`, -0x80000000, 0x7fffffff) : (o.generator ?? defaultGenerator()).nextUint32() | 0;
  }
  return { dm, dtype, causal, window, queryOffset, scale, dropout, seed, mask, maskStrides, pad, block };
}

/** Where a call's operands are: pointers of q, k, v (and their gradients) inside its source tensors. */
export interface AttentionOperands {
  layout: 'bhtd' | 'bthd';
  /** The differentiable sources: [q, k, v] or one packed block. */
  sources: Tensor[];
  /** Element offsets of q, k, v inside sources[qSource], ... and their (batch, time, head) strides. */
  at: (sources: readonly Tensor[]) => { q: number; k: number; v: number };
  strides?: AttentionParams['strides'];
  /** The gradients of the sources (fresh tensors) and where dq, dk, dv go in them. */
  gradients: (sources: readonly Tensor[]) => { tensors: Tensor[]; dq: number; dk: number; dv: number };
}

/** Runs the forward (and records the backward) of a validated call on its operands. */
export function attend(what: string, c: AttentionCall, operands: AttentionOperands, outShape: number[]): Tensor {
  const { dm, dtype, mask, pad, block, maskStrides } = c;
  return atomic(() => {
    const padI32 = pad === undefined ? undefined : pad.dtype === 'int32' ? pad : cast(pad, 'int32');
    const params: AttentionParams = {
      batch: dm.b, heads: dm.h, keyHeads: dm.hk, queryLength: dm.tq, keyLength: dm.tk, headDim: dm.d, valueDim: dm.dv,
      layout: operands.layout, strides: operands.strides, causal: c.causal, window: c.window, queryOffset: c.queryOffset, scale: c.scale,
      dropout: c.dropout, seed: c.seed, dtype,
      mask: mask === undefined ? undefined : { ptr: mask.storage.ptr, strides: maskStrides },
      keyPaddingMask: padI32?.storage.ptr,
      blockLayout: block === undefined ? undefined : { ptr: block.layout.storage.ptr, blockSize: block.blockSize },
    };
    const out = emptyTensor(outShape, dtype, what);
    const lse = emptyTensor([dm.b, dm.h, dm.tq], dtype, what);
    const p0 = operands.at(operands.sources);
    attentionKernel(runtimeUnchecked().backend, params, p0.q, p0.k, p0.v, { out: out.storage.ptr, lse: lse.storage.ptr });
    // The backward reads the masks again: keep what it needs alive on the tape (saved tensors).
    const savedMasks = [mask, padI32, block?.layout].filter((t): t is Tensor => t !== undefined);
    const sources = operands.sources.length;
    const inputs = mask?.requiresGrad === true ? [...operands.sources, mask] : operands.sources;
    const result = record(what, inputs, out, [...operands.sources, out, lse, ...savedMasks], (g, saved, needed) => {
      const src = saved.slice(0, sources) as Tensor[];
      const [so, sl, ...masks] = saved.slice(sources) as Tensor[];
      let m = 0;
      const p: AttentionParams = {
        ...params,
        mask: mask === undefined ? undefined : { ptr: masks[m++]!.storage.ptr, strides: maskStrides },
        keyPaddingMask: padI32 === undefined ? undefined : masks[m++]!.storage.ptr,
        blockLayout: block === undefined ? undefined : { ptr: masks[m++]!.storage.ptr, blockSize: block.blockSize },
      };
      const at = operands.at(src);
      const grads = operands.gradients(src);
      // The logits' gradient [B, H, Tq, Tk], summed down to the mask's own (broadcast) shape.
      const dLogits = needed[sources] === true ? emptyTensor([dm.b, dm.h, dm.tq, dm.tk], dtype, `${what} backward`) : undefined;
      attentionBackward(runtimeUnchecked().backend, p, at.q, at.k, at.v, so!.storage.ptr, sl!.storage.ptr,
        g.storage.ptr, { dq: grads.dq, dk: grads.dk, dv: grads.dv, dMask: dLogits?.storage.ptr });
      if (dLogits === undefined) return grads.tensors;
      const dMask = sumTo(dLogits, mask!.shape);
      if (dMask !== dLogits) dLogits.dispose();
      return [...grads.tensors, dMask];
    });
    lse.dispose();
    if (padI32 !== pad) padI32!.dispose();
    return result;
  });
}

/**
 * Scaled dot-product attention, fused: out = softmax(scale * q k^T + masks) v, with dropout on
 * the probabilities when `dropout` > 0. Grouped-query attention when k and v have fewer heads
 * than q (query head h reads key head h / (Hq / Hk)). The T x T scores are never stored (memory
 * O(T d)); the backward recomputes them. A query row that every key is masked from gives 0 and
 * zero gradients (PyTorch gives NaN). float32 and float64.
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): Tensor {
  const what = 'scaledDotProductAttention';
  checkTensor(q, `${what}: q`);
  checkTensor(k, `${what}: k`);
  checkTensor(v, `${what}: v`);
  const o = optionsOf(options, what);
  if (q.dtype === 'int32' || k.dtype !== q.dtype || v.dtype !== q.dtype) {
    throw new DTypeError(`${what}: q, k, v must share one float dtype, got ${q.dtype}, ${k.dtype}, ${v.dtype}`);
  }
  const dtype = q.dtype as 'float32' | 'float64';
  const layout = checkOneOf(o.layout, ['bhtd', 'bthd'] as const, 'bhtd', `${what}: layout`);
  const dm = dims(q, k, v, layout);
  const call = attentionCall(what, dm, dtype, o);
  const outShape = q.rank === 3 ? [dm.b, dm.tq, dm.dv] : layout === 'bhtd' ? [dm.b, dm.h, dm.tq, dm.dv] : [dm.b, dm.tq, dm.h, dm.dv];
  return attend(what, call, {
    layout, sources: [q, k, v],
    at: ([sq, sk, sv]) => ({ q: sq!.storage.ptr, k: sk!.storage.ptr, v: sv!.storage.ptr }),
    gradients: ([sq, sk, sv]) => {
      const tensors = [sq!, sk!, sv!].map((t) => emptyTensor(t.shape, dtype, `${what} backward`));
      return { tensors, dq: tensors[0]!.storage.ptr, dk: tensors[1]!.storage.ptr, dv: tensors[2]!.storage.ptr };
    },
  }, outShape);
}
