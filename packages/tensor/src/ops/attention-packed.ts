// packedSelfAttention: self-attention on a packed projection, qkv [B, T, 3 E] with q, k and v side by
// side along the last axis (PyTorch's in_proj layout: q = qkv[..., 0:E], k = qkv[..., E:2E],
// v = qkv[..., 2E:3E], each [B, T, H, D] with row stride 3E). The fused kernel reads the three in
// place and its backward writes dq, dk and dv into one [B, T, 3E] gradient: no split copies and no
// concatenation of the gradients.
import { DTypeError, ShapeError } from '../errors.ts';
import { checkTensor, emptyTensor, type Tensor } from '../tensor.ts';
import { checkInteger, optionsOf } from '../validate.ts';
import { attend, attentionCall, type AttentionOptions } from './attention.ts';

/**
 * Attention of the packed qkv [B, T, 3 * heads * D] with itself: out [B, T, heads, D] =
 * scaledDotProductAttention(q, k, v, { layout: 'bthd', ...options }) for the q, k, v it holds.
 * Every option of scaledDotProductAttention but `layout` (masks, window, dropout, scale).
 */
export function packedSelfAttention(qkv: Tensor, heads: number, options?: Omit<AttentionOptions, 'layout'>): Tensor {
  const what = 'packedSelfAttention';
  checkTensor(qkv, `${what}: qkv`);
  const o = optionsOf(options, what);
  if ((o as AttentionOptions).layout !== undefined) throw new ShapeError(`${what}: takes no layout (qkv is [B, T, 3 E], the output [B, T, H, D])`);
  if (qkv.dtype === 'int32') throw new DTypeError(`${what}: qkv must be float32 or float64, got int32`);
  const h = checkInteger(heads, `${what}: heads`, 1, 0x7fffffff);
  const [b, t, width] = qkv.shape as [number, number, number];
  if (qkv.rank !== 3 || width % (3 * h) !== 0) {
    throw new ShapeError(`${what}: qkv must be [B, T, 3 * heads * D] with heads = ${h}, got [${qkv.shape}]`);
  }
  const e = width / 3, d = e / h, dtype = qkv.dtype as 'float32' | 'float64', bytes = dtype === 'float64' ? 8 : 4;
  const call = attentionCall(what, { b, h, hk: h, tq: t, tk: t, d, dv: d }, dtype, o);
  const rows: [number, number, number] = [t * width, width, d];
  return attend(what, call, {
    layout: 'bthd', sources: [qkv], strides: { q: rows, k: rows, v: rows, dq: rows, dk: rows, dv: rows },
    at: ([s]) => ({ q: s!.storage.ptr, k: s!.storage.ptr + e * bytes, v: s!.storage.ptr + 2 * e * bytes }),
    gradients: ([s]) => {
      const g = emptyTensor(s!.shape, dtype, `${what} backward`);
      return { tensors: [g], dq: g.storage.ptr, dk: g.storage.ptr + e * bytes, dv: g.storage.ptr + 2 * e * bytes };
    },
  }, [b, t, h, d]);
}
