// Hierarchical attention: self-attention within fixed-size chunks, then attention over the chunk
// summaries (the mean of each chunk's local outputs), whose result is broadcast back to every
// position of its chunk (in the spirit of hierarchical attention networks, Yang et al. 2016, and
// chunked long-sequence transformers). Cost O(T c + (T / c)^2) instead of O(T^2).
//   local  = LocalMHA(x) within chunks of `chunkSize` (padding keys of the last chunk masked)
//   global = GlobalMHA(mean of local over each chunk)               [B, T / c, E]
//   y      = local + global broadcast over its chunk's positions    [B, T, E]
// Keys: local_attn.*, global_attn.* (MultiheadAttention's). Inputs batch-first [B, T, E].
import { add, div, expand, mul, pad, reshape, ShapeError, slice, sum, tensor, type Tensor } from '@neurite/tensor';
import { nextDefaultSeed } from '../module/init.ts';
import { Module } from '../module/module.ts';
import { checkSize, optionsOf } from '../validate.ts';
import { MultiheadAttention } from './multihead-attention.ts';

export interface HierarchicalAttentionOptions {
  /** Positions per chunk (default 64). */
  chunkSize?: number;
  /** Attention dropout of both levels (default 0). */
  dropout?: number;
  seed?: number;
}

export class HierarchicalAttention extends Module {
  readonly chunkSize: number;

  constructor(readonly embedDim: number, readonly numHeads: number, options: HierarchicalAttentionOptions = {}) {
    super();
    const o = optionsOf(options, 'HierarchicalAttention');
    this.chunkSize = o.chunkSize === undefined ? 64 : checkSize(o.chunkSize, 'HierarchicalAttention: chunkSize');
    const seed = o.seed ?? nextDefaultSeed();
    this.registerModule('local_attn', new MultiheadAttention(embedDim, numHeads, { batchFirst: true, dropout: o.dropout, seed }));
    this.registerModule('global_attn', new MultiheadAttention(embedDim, numHeads, { batchFirst: true, dropout: o.dropout, seed: seed + 7 }));
  }

  override describe(): string {
    return `embed=${this.embedDim}, heads=${this.numHeads}, chunk=${this.chunkSize}`;
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 3 || x.shape[2] !== this.embedDim) throw new ShapeError(`HierarchicalAttention: input must be [B, T, ${this.embedDim}], got [${x.shape}]`);
    const [b, t, e] = x.shape as [number, number, number];
    const c = Math.min(this.chunkSize, Math.max(t, 1));
    const n = Math.ceil(t / c), padded = n * c;
    const xp = padded === t ? x : pad(x, [[0, 0], [0, padded - t], [0, 0]]);
    // Padding keys (the tail of the last chunk) are masked; their outputs are dropped below.
    const padMask = new Int32Array(b * n * c);
    for (let i = 0; i < b * n * c; i++) if ((i % (n * c)) >= t) padMask[i] = 1;
    const chunks = reshape(xp, [b * n, c, e]);
    const local = this.registeredChildren().get('local_attn')!.call(chunks, { keyPaddingMask: tensor(padMask, [b * n, c]) } as never);
    // Summary of a chunk: the mean of its valid positions' local outputs.
    const counts = new Float32Array(b * n);
    for (let i = 0; i < b * n; i++) counts[i] = Math.min(c, t - (i % n) * c);
    // Padded positions' own outputs are zeroed before the sum (their keys were already masked).
    const valid = new Float32Array(b * n * c);
    for (let i = 0; i < valid.length; i++) valid[i] = 1 - padMask[i]!;
    const validLocal = padded === t ? local : mul(local, tensor(valid, [b * n, c, 1], { dtype: x.dtype }));
    const summaries = reshape(div(sum(validLocal, 1), tensor(counts, [b * n, 1], { dtype: x.dtype })), [b, n, e]);
    const global = this.registeredChildren().get('global_attn')!.call(summaries);
    const broadcast = expand(reshape(global, [b, n, 1, e]), [b, n, c, e]);
    const y = reshape(add(reshape(local, [b, n, c, e]), broadcast), [b, padded, e]);
    return padded === t ? y : slice(y, [null, { start: 0, stop: t }]);
  }
}
