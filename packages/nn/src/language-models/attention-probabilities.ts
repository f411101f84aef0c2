// Causal attention probabilities softmax(q k^T / sqrt(d)) of every head, for inspection (heat maps):
// the fused kernel never stores them, so they are recomputed here from a layer's queries and keys.
// q [B, T, H, D] and k [B, T, Hk, D] (grouped-query: query head h reads key head floor(h / (H / Hk)))
// give [B, H, T, T], each row summing to 1 over the positions up to its own.
import { add, full, indexSelect, matmul, mul, permute, softmax, tensor, type Tensor, triu } from '@neurite/tensor';

export function causalAttentionProbabilities(q: Tensor, k: Tensor): Tensor {
  const [, t, h, d] = q.shape as [number, number, number, number];
  const hk = k.shape[2]!;
  const heads = tensor(Int32Array.from({ length: h }, (_, i) => Math.floor(i / (h / hk))), [h], { dtype: 'int32' });
  const kh = indexSelect(permute(k, [0, 2, 1, 3]), 1, heads);
  const scores = mul(matmul(permute(q, [0, 2, 1, 3]), permute(kh, [0, 1, 3, 2])), 1 / Math.sqrt(d));
  const mask = triu(full([t, t], -Infinity, { dtype: q.dtype }), 1);
  return softmax(add(scores, mask), -1);
}
