// Checked wrappers of the fused attention kernels (assembly/attention.ts, attention-backward.ts,
// attention-f64.ts): softmax(scale * Q K^T + mask) V per (batch, query head) with grouped-query
// heads, structural masks (causal, sliding window, block layout), key padding, an additive mask
// and seeded dropout on the probabilities. All shape logic lives here; one wasm call per op, or on
// a threaded backend one per thread over disjoint (batch, key head) ranges.
import type { Backend } from '../backend.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { ATTENTION_GEOMETRY_FIELDS as G, ATTENTION_GEOMETRY_LENGTH } from '../reference/attention.ts';
import { checkCount, checkData, checkInt32, freeOnFailure, outputsF32 } from './checks.ts';
import type { FloatDType } from './dtype.ts';

/** Where the (batch, time, head) axes of a [., ., ., dim] operand are: strides in elements. */
export type RowStrides = readonly [batch: number, time: number, head: number];

export interface AttentionParams {
  batch: number;
  /** Query heads Hq; a multiple of keyHeads. */
  heads: number;
  /** Key/value heads Hkv (grouped-query attention when fewer than heads); default heads. */
  keyHeads?: number;
  queryLength: number;
  keyLength: number;
  headDim: number;
  /** Head dimension of V and O; default headDim. */
  valueDim?: number;
  /**
   * Memory layout of every operand and gradient: 'bhtd' = [B, H, T, D] (PyTorch's
   * scaled_dot_product_attention) or 'bthd' = [B, T, H, D] (a projection's output reshaped, no
   * transpose copy). Default 'bhtd'. `strides` overrides it for q, k, v and the output (dO
   * follows the output's strides) and for the gradients dq, dk, dv (so a packed projection's
   * [B, T, 3, H, D] gradient can be written in place, each gradient's rows interleaved with the
   * others'; the backward writes every row of each).
   */
  layout?: 'bhtd' | 'bthd';
  strides?: { q?: RowStrides; k?: RowStrides; v?: RowStrides; out?: RowStrides; dq?: RowStrides; dk?: RowStrides; dv?: RowStrides };
  /** Default 1 / sqrt(headDim). */
  scale?: number;
  /** Query i (at position i + queryOffset) sees keys j <= i + queryOffset. */
  causal?: boolean;
  /** Sliding window w >= 1: |pos - j| < w (with causal: 0 <= pos - j < w). Default none. */
  window?: number;
  /** Position of query row 0 relative to key 0 (a cache's length); default 0. */
  queryOffset?: number;
  /** Additive mask (of `dtype`) with element (b, h, i, j) at ptr + b*s[0] + h*s[1] + i*s[2] + j; -Inf removes. */
  mask?: { ptr: number; strides: readonly [batch: number, head: number, row: number] };
  /** int32 [batch, keyLength]: nonzero marks a padding key (PyTorch's key_padding_mask True). */
  keyPaddingMask?: number;
  /** int32 [ceil(Tq / blockSize), ceil(Tk / blockSize)] block bitmap: 0 removes the block (Sparse Transformer layouts). */
  blockLayout?: { ptr: number; blockSize: number };
  /** Drop rate in [0, 1) on the probabilities (inverted dropout), seeded by `seed` (int32). */
  dropout?: number;
  seed?: number;
  dtype?: FloatDType;
}

interface Resolved {
  /** The geometry block's values (assembly/attention-mask.ts). */
  g: number[];
  bytes: 4 | 8;
  dtype: FloatDType;
  sizes: { q: number; k: number; v: number; out: number; lse: number; dq: number; dk: number; dv: number; dMask: number };
  scale: number;
  dropout: number;
  seed: number;
  mask: number;
  keyPad: number;
  layout: number;
  empty: boolean;
  tq: number;
  tk: number;
  d: number;
  dv: number;
}

function contiguous(layout: 'bhtd' | 'bthd', t: number, h: number, dim: number): RowStrides {
  return layout === 'bhtd' ? [h * t * dim, dim, t * dim] : [t * h * dim, h * dim, dim];
}

function checkStrides(s: RowStrides | undefined, what: string): RowStrides | undefined {
  if (s === undefined) return undefined;
  if (!Array.isArray(s) || s.length !== 3) throw new ShapeError(`${what} must be [batch, time, head] strides, got ${String(s)}`);
  s.forEach((x, i) => checkCount(x, `${what}[${i}]`));
  return s;
}

/** Elements an operand spans: from its base to the last element its strides reach. */
function extent(s: RowStrides, b: number, t: number, h: number, dim: number): number {
  if (b * t * h * dim === 0) return 0;
  return (b - 1) * s[0] + (t - 1) * s[1] + (h - 1) * s[2] + dim;
}

/** Validates every parameter (nothing allocated yet) and writes the geometry block. */
function resolve(backend: Backend, p: AttentionParams, what: string): Resolved {
  if (typeof p !== 'object' || p === null) throw new ArgumentError(`${what}: params must be an object`);
  const dtype = p.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') throw new ArgumentError(`${what}: dtype must be float32 or float64, got ${String(dtype)}`);
  const bytes = dtype === 'float64' ? 8 : 4;
  const nb = p.batch, hq = p.heads, hkv = p.keyHeads ?? p.heads, tq = p.queryLength, tk = p.keyLength, d = p.headDim, dv = p.valueDim ?? p.headDim;
  for (const [v, n] of [[nb, 'batch'], [hq, 'heads'], [hkv, 'keyHeads'], [tq, 'queryLength'], [tk, 'keyLength'], [d, 'headDim'], [dv, 'valueDim']] as const) {
    checkCount(v, `${what}: ${n}`);
  }
  if (hkv === 0 ? hq !== 0 : hq % hkv !== 0) throw new ShapeError(`${what}: heads (${hq}) must be a multiple of keyHeads (${hkv})`);
  const layout = p.layout ?? 'bhtd';
  if (layout !== 'bhtd' && layout !== 'bthd') throw new ArgumentError(`${what}: layout must be 'bhtd' or 'bthd', got ${String(layout)}`);
  const qs = checkStrides(p.strides?.q, `${what}: strides.q`) ?? contiguous(layout, tq, hq, d);
  const ks = checkStrides(p.strides?.k, `${what}: strides.k`) ?? contiguous(layout, tk, hkv, d);
  const vs = checkStrides(p.strides?.v, `${what}: strides.v`) ?? contiguous(layout, tk, hkv, dv);
  const os = checkStrides(p.strides?.out, `${what}: strides.out`) ?? contiguous(layout, tq, hq, dv);
  const dqs = checkStrides(p.strides?.dq, `${what}: strides.dq`) ?? contiguous(layout, tq, hq, d);
  const dks = checkStrides(p.strides?.dk, `${what}: strides.dk`) ?? contiguous(layout, tk, hkv, d);
  const dvs = checkStrides(p.strides?.dv, `${what}: strides.dv`) ?? contiguous(layout, tk, hkv, dv);
  const scale = p.scale ?? 1 / Math.sqrt(Math.max(d, 1));
  if (typeof scale !== 'number' || !Number.isFinite(scale)) throw new ArgumentError(`${what}: scale must be a finite number, got ${String(scale)}`);
  const window = p.window ?? 0;
  checkCount(window, `${what}: window`);
  const offset = p.queryOffset ?? 0;
  checkInt32(offset, `${what}: queryOffset`);
  const dropout = p.dropout ?? 0;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new ArgumentError(`${what}: dropout must be in [0, 1), got ${String(dropout)}`);
  const seed = p.seed ?? 0;
  checkInt32(seed, `${what}: seed`);
  const sizes = {
    q: extent(qs, nb, tq, hq, d), k: extent(ks, nb, tk, hkv, d), v: extent(vs, nb, tk, hkv, dv), out: extent(os, nb, tq, hq, dv),
    lse: nb * hq * tq, dq: extent(dqs, nb, tq, hq, d), dk: extent(dks, nb, tk, hkv, d), dv: extent(dvs, nb, tk, hkv, dv), dMask: nb * hq * tq * tk,
  };
  for (const [n, v] of Object.entries(sizes)) checkCount(v, `${what}: ${n} elements`);
  let maskStrides: RowStrides = [0, 0, 0];
  let mask = 0;
  if (p.mask !== undefined) {
    if (typeof p.mask !== 'object' || p.mask === null) throw new ArgumentError(`${what}: mask must be { ptr, strides }`);
    maskStrides = checkStrides(p.mask.strides, `${what}: mask.strides`)!;
    // Mask strides are (batch, head, row): extent() takes (batch, time, head) order.
    const [mb, mh, mt] = maskStrides;
    checkData(backend, p.mask.ptr, extent([mb, mt, mh], nb, tq, hq, tk), bytes, `${what}: mask`);
    mask = p.mask.ptr;
  }
  let keyPad = 0;
  if (p.keyPaddingMask !== undefined) {
    checkData(backend, p.keyPaddingMask, nb * tk, 4, `${what}: keyPaddingMask`);
    keyPad = p.keyPaddingMask;
  }
  let blockSize = 0, layoutCols = 0, blockLayout = 0;
  if (p.blockLayout !== undefined) {
    if (typeof p.blockLayout !== 'object' || p.blockLayout === null) throw new ArgumentError(`${what}: blockLayout must be { ptr, blockSize }`);
    blockSize = p.blockLayout.blockSize;
    checkCount(blockSize, `${what}: blockLayout.blockSize`);
    if (blockSize < 1) throw new ShapeError(`${what}: blockLayout.blockSize must be >= 1, got ${blockSize}`);
    layoutCols = Math.ceil(tk / blockSize);
    checkData(backend, p.blockLayout.ptr, Math.ceil(tq / blockSize) * layoutCols, 4, `${what}: blockLayout`);
    blockLayout = p.blockLayout.ptr;
  }
  const g = new Array<number>(ATTENTION_GEOMETRY_LENGTH).fill(0);
  [g[G.B], g[G.HQ], g[G.HKV], g[G.TQ], g[G.TK], g[G.D], g[G.DV]] = [nb, hq, hkv, tq, tk, d, dv];
  const put = (at: number, s: RowStrides) => { g[at] = s[0]; g[at + 1] = s[1]; g[at + 2] = s[2]; };
  put(G.Q, qs); put(G.K, ks); put(G.V, vs); put(G.O, os); put(G.DO, os);
  put(G.DQ, dqs); put(G.DK, dks); put(G.DVAL, dvs);
  put(G.MASK, maskStrides);
  g[G.CAUSAL] = p.causal === true ? 1 : 0;
  g[G.WINDOW] = window;
  g[G.QOFFSET] = offset;
  g[G.BLOCK] = blockSize;
  g[G.LAYOUT_COLS] = layoutCols;
  return { g, bytes, dtype, sizes, scale, dropout, seed, mask, keyPad, layout: blockLayout, empty: nb * hq * tq === 0, tq, tk, d, dv };
}

/** Float32 workspace of the forward (assembly/attention.ts's contract; BR = 4, WIDE = 168, BQ = 64). */
export function attentionWorkspaceFloats(tk: number, d: number, dv: number): number {
  const tkp = Math.max(Math.ceil(tk / 8) * 8, 8), dvp = Math.max(Math.ceil(dv / 8) * 8, 8);
  return d * tkp + tkp * dvp + tkp + 4 * 168 + 64 * dvp + 64 * d + 2 * 64;
}

/** Float32 workspace of the backward (assembly/attention-backward.ts's contract). */
export function attentionBackwardWorkspaceFloats(tq: number, tk: number, d: number, dv: number): number {
  const tkp = Math.max(Math.ceil(tk / 8) * 8, 8), tqp = Math.ceil(tq / 64) * 64, dp = Math.ceil(d / 8) * 8, dvp = Math.max(Math.ceil(dv / 8) * 8, 8);
  return d * tkp + dv * tkp + tkp * dp + tkp + tqp * dp + tqp * dvp + tqp + tqp * dp + tkp * dp + tkp * dvp + 2 * 64 * 64 + 64 * d + 64 * dv;
}

/**
 * Runs `kernel` over the B * Hkv (batch, key head) work items with the geometry block allocated:
 * split into ranges across a threaded backend's pool (each part with its own workspace of
 * `floats` float32) when the call is large, else one call here. Frees what it allocated.
 */
function runItems(
  backend: Backend, r: Resolved, kernel: 'attention_f32' | 'attention_backward_f32', floats: number,
  args: (geom: number, first: number, count: number, work: number) => number[],
): void {
  const heap = backend.heap;
  const geom = heap.alloc(ATTENTION_GEOMETRY_LENGTH * 4);
  let work = 0;
  try {
    heap.i32(geom, ATTENTION_GEOMETRY_LENGTH).set(r.g);
    const items = r.g[G.B]! * r.g[G.HKV]!;
    // Cost of one item: its query heads' score tiles (Tq Tk (D + Dv) multiply-adds each).
    const cost = (r.g[G.HQ]! / r.g[G.HKV]!) * r.tq * r.tk * (r.d + r.dv);
    const parts = backend.pool?.forRanges(backend, kernel, items, 1, cost, (first, count, w) => args(geom, first, count, w), () => floats * 4) ?? 0;
    if (parts === 0) {
      work = heap.alloc(floats * 4);
      const token = backend.pool?.singleStart() ?? -1;
      (backend.kernels[kernel] as (...a: number[]) => void)(...args(geom, 0, items, work));
      if (token >= 0) backend.pool!.singleEnd(token);
    }
  } finally {
    if (work !== 0) heap.free(work);
    heap.free(geom);
  }
}

/** Runs fn with the geometry block allocated (the float64 kernels: no workspace, one call). */
function withGeometry(backend: Backend, r: Resolved, fn: (geom: number) => void): void {
  const geom = backend.heap.alloc(ATTENTION_GEOMETRY_LENGTH * 4);
  try {
    backend.heap.i32(geom, ATTENTION_GEOMETRY_LENGTH).set(r.g);
    fn(geom);
  } finally {
    backend.heap.free(geom);
  }
}

export interface AttentionOutputs {
  /** O, in the output strides (default contiguous in `layout`). */
  out: number;
  /** Row log-sum-exp [B, Hq, Tq] (contiguous, of `dtype`); -Inf for a row every key is masked from. */
  lse: number;
}

/**
 * Fused attention forward: out = softmax(scale * Q K^T + mask) V, and the rows' log-sum-exp the
 * backward needs. A query row that every key is masked from (by any combination of masks) is
 * empty: its output is 0 and its log-sum-exp -Inf (PyTorch gives NaN there).
 */
export function attention(backend: Backend, params: AttentionParams, q: number, k: number, v: number, options: { out?: number; lse?: number } = {}): AttentionOutputs {
  const what = 'attention';
  const r = resolve(backend, params, what);
  checkData(backend, q, r.sizes.q, r.bytes, `${what}: q`);
  checkData(backend, k, r.sizes.k, r.bytes, `${what}: k`);
  checkData(backend, v, r.sizes.v, r.bytes, `${what}: v`);
  const [out, lse] = outputsF32(backend, [[r.sizes.out, options.out, `${what}: out`, r.bytes], [r.sizes.lse, options.lse, `${what}: lse`, r.bytes]]) as [number, number];
  freeOnFailure(backend, [[out, options.out], [lse, options.lse]], () => {
    if (r.empty) return;
    if (r.bytes === 8) {
      withGeometry(backend, r, (geom) => backend.kernels.attention_f64(geom, q, k, v, out, lse, r.mask, r.keyPad, r.layout, r.scale, r.dropout, r.seed));
    } else {
      runItems(backend, r, 'attention_f32', attentionWorkspaceFloats(r.tk, r.d, r.dv), (geom, first, count, work) =>
        [geom, first, count, q, k, v, out, lse, r.mask, r.keyPad, r.layout, r.scale, r.dropout, r.seed, work]);
    }
  });
  return { out, lse };
}

export interface AttentionGradients {
  dq: number;
  dk: number;
  dv: number;
  /**
   * The gradient of the logits scale * Q K^T + mask (an additive mask's gradient before any
   * broadcast is summed), [B, Hq, Tq, Tk] contiguous: P (dP - rowsum(P dP)), 0 where a mask removes
   * the key and on empty rows. 0 (no pointer) unless `maskGradient` or `dMask` asked for it.
   */
  dMask: number;
}

/**
 * Fused attention backward: dq, dk, dv (contiguous in `layout`) given the forward's inputs, its
 * outputs out and lse, and dOut (in the output strides). Same params as the forward (masks,
 * scale, dropout, seed). Empty rows get zero gradients. With `maskGradient` (or a given `dMask`
 * pointer) it also writes the logits' gradient dMask [B, Hq, Tq, Tk] (AttentionGradients.dMask).
 */
export function attentionBackward(
  backend: Backend, params: AttentionParams, q: number, k: number, v: number, out: number, lse: number, dOut: number,
  options: { dq?: number; dk?: number; dv?: number; dMask?: number; maskGradient?: boolean } = {},
): AttentionGradients {
  const what = 'attentionBackward';
  const r = resolve(backend, params, what);
  checkData(backend, q, r.sizes.q, r.bytes, `${what}: q`);
  checkData(backend, k, r.sizes.k, r.bytes, `${what}: k`);
  checkData(backend, v, r.sizes.v, r.bytes, `${what}: v`);
  checkData(backend, out, r.sizes.out, r.bytes, `${what}: out`);
  checkData(backend, lse, r.sizes.lse, r.bytes, `${what}: lse`);
  checkData(backend, dOut, r.sizes.out, r.bytes, `${what}: dOut`);
  const maskGradient = options.maskGradient ?? false;
  if (typeof maskGradient !== 'boolean') throw new ArgumentError(`${what}: maskGradient must be a boolean, got ${String(maskGradient)}`);
  const wantMask = maskGradient || options.dMask !== undefined;
  const specs: [number, number | undefined, string, number][] = [
    [r.sizes.dq, options.dq, `${what}: dq`, r.bytes], [r.sizes.dk, options.dk, `${what}: dk`, r.bytes], [r.sizes.dv, options.dv, `${what}: dv`, r.bytes],
  ];
  if (wantMask) specs.push([r.sizes.dMask, options.dMask, `${what}: dMask`, r.bytes]);
  const [dq, dk, dv, dMask = 0] = outputsF32(backend, specs) as [number, number, number, number?];
  const owned: [number, number | undefined][] = [[dq, options.dq], [dk, options.dk], [dv, options.dv]];
  if (wantMask) owned.push([dMask, options.dMask]);
  freeOnFailure(backend, owned, () => {
    if (r.empty) {
      // No query rows: the keys and values receive no gradient (and the mask has no elements):
      // zero every row of dk and dv through their strides (other elements of the blocks are not theirs).
      const zeroRows = (ptr: number, at: number, count: number, width: number) => {
        if (count === 0) return;
        const [sb, st, sh] = [r.g[at]!, r.g[at + 1]!, r.g[at + 2]!];
        const view = r.bytes === 8 ? backend.heap.f64(ptr, count) : backend.heap.f32(ptr, count);
        for (let b = 0; b < r.g[G.B]!; b++) for (let t = 0; t < r.tk; t++) for (let h = 0; h < r.g[G.HKV]!; h++) {
          const row = b * sb + t * st + h * sh;
          view.fill(0, row, row + width);
        }
      };
      zeroRows(dk, G.DK, r.sizes.dk, r.d);
      zeroRows(dv, G.DVAL, r.sizes.dv, r.dv);
      return;
    }
    if (r.bytes === 8) {
      withGeometry(backend, r, (geom) => backend.kernels.attention_backward_f64(
        geom, q, k, v, out, lse, dOut, dq, dk, dv, dMask, r.mask, r.keyPad, r.layout, r.scale, r.dropout, r.seed));
    } else {
      runItems(backend, r, 'attention_backward_f32', attentionBackwardWorkspaceFloats(r.tq, r.tk, r.d, r.dv), (geom, first, count, work) =>
        [geom, first, count, q, k, v, out, lse, dOut, dq, dk, dv, dMask, r.mask, r.keyPad, r.layout, r.scale, r.dropout, r.seed, work]);
    }
  });
  return { dq, dk, dv, dMask };
}
