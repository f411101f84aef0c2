import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { createReferenceBackend } from '../loader.ts';
import {
  assertClose, expectCleanRejection, putF32, randomArray, readF32, reductionTolerance, referenceOf, testRandom, wasmBackends,
} from '../testing.ts';
import { attention, attentionBackward, type AttentionParams } from './attention.ts';

const backends = await wasmBackends();

interface Case extends Omit<AttentionParams, 'mask' | 'keyPaddingMask' | 'blockLayout'> {
  label: string;
  additive?: 'full' | 'broadcast';
  padded?: boolean;
  blocks?: number;
}

const base = { batch: 1, heads: 1, queryLength: 5, keyLength: 5, headDim: 8 };
const CASES: Case[] = [
  { label: 'T=1 d=1', ...base, queryLength: 1, keyLength: 1, headDim: 1 },
  { label: 'T=1 against 7 keys, d=3', ...base, queryLength: 1, keyLength: 7, headDim: 3 },
  { label: '3x7 d=5 dv=7', ...base, queryLength: 3, keyLength: 7, headDim: 5, valueDim: 7 },
  { label: '17x17 d=16 causal', ...base, queryLength: 17, keyLength: 17, headDim: 16, causal: true },
  { label: '65x63 d=17 bthd GQA', batch: 2, heads: 4, keyHeads: 2, queryLength: 65, keyLength: 63, headDim: 17, layout: 'bthd' },
  { label: '130x130 d=64 causal, 3 heads on 1 kv head', batch: 1, heads: 3, keyHeads: 1, queryLength: 130, keyLength: 130, headDim: 64, causal: true },
  { label: 'window 9 causal', ...base, queryLength: 70, keyLength: 70, headDim: 12, window: 9, causal: true },
  { label: 'window 5 non-causal bthd', ...base, heads: 2, queryLength: 40, keyLength: 40, headDim: 8, window: 5, layout: 'bthd' },
  { label: 'causal with queryOffset (cache decode)', ...base, queryLength: 3, keyLength: 77, headDim: 9, causal: true, queryOffset: 74 },
  { label: 'key padding, one batch fully padded', batch: 3, heads: 2, queryLength: 9, keyLength: 70, headDim: 7, padded: true },
  { label: 'additive mask with -Inf rows', batch: 2, heads: 2, queryLength: 11, keyLength: 66, headDim: 5, additive: 'full' },
  { label: 'broadcast additive mask + causal', batch: 2, heads: 2, queryLength: 20, keyLength: 20, headDim: 6, additive: 'broadcast', causal: true },
  { label: 'block layout 16 (local + strided)', ...base, queryLength: 100, keyLength: 100, headDim: 8, blocks: 16 },
  { label: 'block layout 5, causal', ...base, queryLength: 23, keyLength: 23, headDim: 4, blocks: 5, causal: true },
  { label: 'dropout 0.3', batch: 2, heads: 2, keyHeads: 1, queryLength: 33, keyLength: 70, headDim: 10, dropout: 0.3, seed: 7, causal: true },
  { label: 'scale 0.5, no keys', ...base, keyLength: 0, scale: 0.5 },
  // Logits of magnitude ~100: row maxima jump by far more than the rescale slack between key blocks.
  { label: 'large logits (scale 6): rows rescaled across key blocks', batch: 1, heads: 2, queryLength: 70, keyLength: 203, headDim: 19, scale: 6 },
  { label: 'window 100 causal, 8-key misaligned starts, d=24', ...base, queryLength: 301, keyLength: 301, headDim: 24, window: 100, causal: true },
  // Keys are packed from the first one a window lets any query see: 3 queries at the end of 203
  // keys (a cache) with a window of 13 read keys 181..202 only; then grouped heads sharing them.
  { label: 'window 13 causal over a long cache (queryOffset 200), d=11', ...base, queryLength: 3, keyLength: 203, headDim: 11, window: 13, causal: true, queryOffset: 200 },
  // Sliding windows at their edge cases: w = 1 and 2, w > T, and windows whose query blocks' keys
  // take several wide key blocks, with tiles starting on half panels (4-key edges), key padding and dropout.
  { label: 'window 1 causal', ...base, queryLength: 37, keyLength: 37, headDim: 8, window: 1, causal: true },
  { label: 'window 2 non-causal', ...base, heads: 2, queryLength: 19, keyLength: 19, headDim: 5, window: 2 },
  { label: 'window 50 > T causal', ...base, queryLength: 33, keyLength: 33, headDim: 9, window: 50, causal: true },
  { label: 'window 190 non-causal, 450 rows (three key blocks per query block)', ...base, queryLength: 450, keyLength: 450, headDim: 16, window: 190 },
  { label: 'window 300 causal, 700 rows, key padding', batch: 2, heads: 1, queryLength: 700, keyLength: 700, headDim: 12, window: 300, causal: true, padded: true },
  { label: 'window 37 causal, dropout 0.2', batch: 1, heads: 2, queryLength: 150, keyLength: 150, headDim: 7, window: 37, causal: true, dropout: 0.2, seed: 3 },
  { label: 'window 21 causal bthd, 4 heads on 2 kv heads, 131 rows', batch: 2, heads: 4, keyHeads: 2, queryLength: 131, keyLength: 131, headDim: 16, window: 21, causal: true, layout: 'bthd' },
  // Widths that are multiples of 8 and Tq a multiple of 4: the backward reads q, k and dO rows in place.
  { label: 'in-place rows: 64 rows d=16 dv=8 causal bthd, 4 heads on 2 kv heads', batch: 2, heads: 4, keyHeads: 2, queryLength: 64, keyLength: 64, headDim: 16, valueDim: 8, causal: true, layout: 'bthd' },
  { label: 'in-place rows: 36 queries on 50 keys d=24, key padding', batch: 2, heads: 2, queryLength: 36, keyLength: 50, headDim: 24, padded: true },
  { label: 'no queries', ...base, queryLength: 0 },
];

/** Block bitmap of a Sparse-Transformer-style layout: the diagonal block and its left neighbour, plus every 3rd column block. */
function sparseLayout(rows: number, cols: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out.push(c === r || c === r - 1 || c % 3 === 2 ? 1 : 0);
  return out;
}

function setup(backend: Backend, c: Case, seed: number): { params: AttentionParams; q: number; k: number; v: number; dO: number; n: Record<string, number> } {
  const hkv = c.keyHeads ?? c.heads, dv = c.valueDim ?? c.headDim;
  const n = {
    q: c.batch * c.heads * c.queryLength * c.headDim, k: c.batch * hkv * c.keyLength * c.headDim,
    v: c.batch * hkv * c.keyLength * dv, o: c.batch * c.heads * c.queryLength * dv, lse: c.batch * c.heads * c.queryLength,
  };
  const params: AttentionParams = { ...c };
  if (c.additive !== undefined) {
    const next = testRandom(seed + 9);
    const [sb, sh] = c.additive === 'full' ? [c.heads * c.queryLength * c.keyLength, c.queryLength * c.keyLength] : [0, 0];
    const count = c.additive === 'full' ? c.batch * c.heads * c.queryLength * c.keyLength : c.queryLength * c.keyLength;
    // Random biases, some -Inf entries, and (full) row 2 of every head entirely -Inf.
    const data = Array.from({ length: count }, (_, i) =>
      c.additive === 'full' && Math.floor(i / c.keyLength) % c.queryLength === 2 ? -Infinity : next() < 0.2 ? -Infinity : next() * 2 - 1);
    params.mask = { ptr: putF32(backend, data), strides: [sb, sh, c.keyLength] };
  }
  if (c.padded === true) {
    const pad = Array.from({ length: c.batch * c.keyLength }, (_, i) => (i < c.keyLength ? (i % 4 === 1 ? 1 : 0) : i < 2 * c.keyLength ? 1 : i % 5 === 0 ? 1 : 0));
    params.keyPaddingMask = putI32(backend, pad);
  }
  if (c.blocks !== undefined) {
    const rows = Math.ceil(c.queryLength / c.blocks), cols = Math.ceil(c.keyLength / c.blocks);
    params.blockLayout = { ptr: putI32(backend, sparseLayout(rows, cols)), blockSize: c.blocks };
  }
  return {
    params,
    q: putF32(backend, randomArray(n.q, seed, -2, 2), 1), k: putF32(backend, randomArray(n.k, seed + 1, -2, 2), 2),
    v: putF32(backend, randomArray(n.v, seed + 2), 3), dO: putF32(backend, randomArray(n.o, seed + 3)), n,
  };
}

function putI32(backend: Backend, data: number[]): number {
  const ptr = backend.heap.alloc(Math.max(data.length, 1) * 4);
  backend.heap.i32(ptr, data.length).set(data);
  return ptr;
}

describe.each(backends.map((b) => [b.variant, b] as const))('fused attention (%s)', (_, backend: Backend) => {
  const ref = referenceOf(backend);

  for (const c of CASES) {
    it(`forward and backward match the float64 reference: ${c.label}`, () => {
      const { params, q, k, v, dO, n } = setup(backend, c, CASES.indexOf(c) * 10 + 1);
      const got = attention(backend, params, q, k, v), want = attention(ref, params, q, k, v);
      const tol = reductionTolerance(Math.max(c.keyLength, c.headDim));
      assertClose(readF32(backend, got.out, n.o), readF32(backend, want.out, n.o), tol, `${c.label} out`);
      assertClose(readF32(backend, got.lse, n.lse), readF32(backend, want.lse, n.lse), tol, `${c.label} lse`);
      const g = attentionBackward(backend, params, q, k, v, got.out, got.lse, dO, { maskGradient: true });
      const w = attentionBackward(ref, params, q, k, v, got.out, got.lse, dO, { maskGradient: true });
      // Gradients sum Tk (dq) or Tq (dk, dv) products of O(1) terms: twice the reduction tolerance.
      const gt = reductionTolerance(Math.max(c.keyLength, c.queryLength, c.headDim));
      const gtol = { atol: 2 * gt.atol, rtol: 2 * gt.rtol };
      assertClose(readF32(backend, g.dq, n.q), readF32(backend, w.dq, n.q), gtol, `${c.label} dq`);
      assertClose(readF32(backend, g.dk, n.k), readF32(backend, w.dk, n.k), gtol, `${c.label} dk`);
      assertClose(readF32(backend, g.dv, n.v), readF32(backend, w.dv, n.v), gtol, `${c.label} dv`);
      // The logits' gradient P (dP - Drow): a sum of Dv products, 0 where masked.
      const nm = n.lse * c.keyLength;
      assertClose(readF32(backend, g.dMask, nm), readF32(backend, w.dMask, nm), gtol, `${c.label} dMask`);
    });
  }

  it('reads q, k, v from one packed [B, T, 3, H, D] block and writes dq, dk, dv into one such block (strides), as the contiguous call', () => {
    for (const [b, t, h, d, causal, tq] of [[2, 37, 3, 5, true, 37], [1, 70, 2, 16, false, 70], [2, 9, 2, 4, true, 0]] as const) {
      const e = h * d, n = b * t * 3 * e, no = b * tq * e;
      const qkv = putF32(backend, randomArray(n, t + d, -2, 2)), dO = putF32(backend, randomArray(Math.max(no, 1), t));
      // The contiguous [B, T, H, D] operands the packed block holds.
      const all = readF32(backend, qkv, n);
      const part = (which: number) => putF32(backend, Array.from({ length: b * t * e }, (_, i) => all[Math.floor(i / e) * 3 * e + which * e + (i % e)]!));
      const [q, k, v] = [part(0), part(1), part(2)];
      const plain: AttentionParams = { batch: b, heads: h, queryLength: tq, keyLength: t, headDim: d, causal, layout: 'bthd' };
      const s3: [number, number, number] = [t * 3 * e, 3 * e, d];
      const packed: AttentionParams = { ...plain, strides: { q: s3, k: s3, v: s3, dq: s3, dk: s3, dv: s3 } };
      const want = attention(backend, plain, q, k, v), got = attention(backend, packed, qkv, qkv + 4 * e, qkv + 8 * e);
      expect(readF32(backend, got.out, no)).toEqual(readF32(backend, want.out, no));
      const w = attentionBackward(backend, plain, q, k, v, want.out, want.lse, dO);
      const grads = putF32(backend, new Array(n).fill(Number.NaN));
      attentionBackward(backend, packed, qkv, qkv + 4 * e, qkv + 8 * e, got.out, got.lse, dO, { dq: grads, dk: grads + 4 * e, dv: grads + 8 * e });
      const g = readF32(backend, grads, n);
      const wq = readF32(backend, w.dq, b * tq * e), wk = readF32(backend, w.dk, b * t * e), wv = readF32(backend, w.dv, b * t * e);
      for (let row = 0; row < b * t; row++) {
        for (let c = 0; c < e; c++) {
          // Rows past tq (none here but the empty case) belong to no query: their dq lanes stay as given.
          if (row % t < tq) expect(g[row * 3 * e + c]).toBe(wq[Math.floor(row / t) * tq * e + (row % t) * e + c]);
          else expect(g[row * 3 * e + c]).toBeNaN();
          expect(g[row * 3 * e + e + c]).toBe(wk[row * e + c]);
          expect(g[row * 3 * e + 2 * e + c]).toBe(wv[row * e + c]);
        }
      }
    }
  });

  it('a row every key is masked from gives output 0, log-sum-exp -Inf and zero gradients', () => {
    // Batch 1 is entirely padding; in batch 0 the additive mask removes every key of row 1.
    const c: Case = { label: 'empty rows', batch: 2, heads: 1, queryLength: 3, keyLength: 9, headDim: 4 };
    const { params, q, k, v, dO, n } = setup(backend, c, 3);
    params.keyPaddingMask = putI32(backend, [...new Array(9).fill(0), ...new Array(9).fill(1)]);
    params.mask = { ptr: putF32(backend, Array.from({ length: 27 }, (_, i) => (i >= 9 && i < 18 ? -Infinity : 0))), strides: [0, 0, 9] };
    const { out, lse } = attention(backend, params, q, k, v);
    const o = readF32(backend, out, n.o), l = readF32(backend, lse, n.lse);
    for (const row of [1, 3, 4, 5]) {
      expect(Array.from(o.subarray(row * 4, row * 4 + 4))).toEqual([0, 0, 0, 0]);
      expect(l[row]).toBe(-Infinity);
    }
    expect(Number.isFinite(l[0]!) && Number.isFinite(l[2]!)).toBe(true);
    const g = attentionBackward(backend, params, q, k, v, out, lse, dO);
    const dq = readF32(backend, g.dq, n.q), dk = readF32(backend, g.dk, n.k), dv = readF32(backend, g.dv, n.v);
    expect(Array.from(dq.subarray(4, 8)).every((x) => x === 0)).toBe(true);
    expect(Array.from(dq.subarray(12)).every((x) => x === 0)).toBe(true);
    expect(Array.from(dk.subarray(36)).every((x) => x === 0) && Array.from(dv.subarray(36)).every((x) => x === 0)).toBe(true);
    expect(dq.every(Number.isFinite) && dk.every(Number.isFinite)).toBe(true);
    // The logits' gradient is 0 on empty rows and on every removed key; a given buffer is overwritten whole.
    const dMask = putF32(backend, new Array(2 * 3 * 9).fill(7));
    const gm = attentionBackward(backend, params, q, k, v, out, lse, dO, { dMask });
    expect(gm.dMask).toBe(dMask);
    const dm = readF32(backend, dMask, 54);
    expect(Array.from(dm.subarray(9, 18)).every((x) => x === 0) && Array.from(dm.subarray(27)).every((x) => x === 0)).toBe(true);
    expect(Array.from(dm.subarray(0, 9)).some((x) => x !== 0)).toBe(true);
    expect(attentionBackward(backend, params, q, k, v, out, lse, dO).dMask).toBe(0);
  });

  it('sliding window: the kernel only visits kept blocks (the output equals the window-masked reference)', () => {
    const c: Case = { label: 'long window', ...base, queryLength: 300, keyLength: 300, headDim: 16, window: 32, causal: true };
    const { params, q, k, v, n } = setup(backend, c, 5);
    const got = attention(backend, params, q, k, v), want = attention(ref, params, q, k, v);
    assertClose(readF32(backend, got.out, n.o), readF32(backend, want.out, n.o), reductionTolerance(32), 'window out');
  });

  it('frees its workspace and geometry block', () => {
    const { params, q, k, v, dO } = setup(backend, CASES[4]!, 1);
    const r = attention(backend, params, q, k, v);
    const before = backend.heap.stats().liveBlocks;
    const g = attentionBackward(backend, params, q, k, v, r.out, r.lse, dO);
    expect(backend.heap.stats().liveBlocks).toBe(before + 3);
    for (const p of [g.dq, g.dk, g.dv]) backend.heap.free(p);
  });
});

describe('attention float64 kernels', () => {
  it('match the reference (every mask kind at once, GQA, dropout)', async () => {
    const [backend] = await wasmBackends();
    const ref = referenceOf(backend!);
    const p: AttentionParams = {
      batch: 2, heads: 4, keyHeads: 2, queryLength: 13, keyLength: 21, headDim: 5, valueDim: 3, causal: true, window: 9, queryOffset: 8,
      dropout: 0.25, seed: 3, dtype: 'float64', layout: 'bthd',
    };
    const heap = backend!.heap;
    const put64 = (n: number, seed: number) => {
      const ptr = heap.alloc(n * 8);
      heap.f64(ptr, n).set(randomArray(n, seed));
      return ptr;
    };
    const q = put64(2 * 4 * 13 * 5, 1), k = put64(2 * 2 * 21 * 5, 2), v = put64(2 * 2 * 21 * 3, 3), dO = put64(2 * 4 * 13 * 3, 4);
    p.keyPaddingMask = putI32(backend!, Array.from({ length: 42 }, (_, i) => (i % 7 === 3 ? 1 : 0)));
    p.mask = { ptr: put64(13 * 21, 5), strides: [0, 0, 21] };
    const a = attention(backend!, p, q, k, v), b = attention(ref, p, q, k, v);
    const read = (ptr: number, n: number) => heap.f64(ptr, n).slice();
    const tight = { atol: 1e-12, rtol: 1e-12 };
    assertClose(read(a.out, 2 * 4 * 13 * 3), read(b.out, 2 * 4 * 13 * 3), tight, 'f64 out');
    assertClose(read(a.lse, 2 * 4 * 13), read(b.lse, 2 * 4 * 13), tight, 'f64 lse');
    const ga = attentionBackward(backend!, p, q, k, v, a.out, a.lse, dO, { maskGradient: true });
    const gb = attentionBackward(ref, p, q, k, v, a.out, a.lse, dO, { maskGradient: true });
    assertClose(read(ga.dMask, 2 * 4 * 13 * 21), read(gb.dMask, 2 * 4 * 13 * 21), tight, 'f64 dMask');
    assertClose(read(ga.dq, 520), read(gb.dq, 520), tight, 'f64 dq');
    assertClose(read(ga.dk, 420), read(gb.dk, 420), tight, 'f64 dk');
    assertClose(read(ga.dv, 252), read(gb.dv, 252), tight, 'f64 dv');
  });
});

describe('attention misuse', () => {
  it('rejects bad parameters before allocating or running anything', () => {
    const backend = createReferenceBackend({ initialPages: 2 });
    const q = putF32(backend, new Array(40).fill(0));
    const p = { batch: 1, heads: 1, queryLength: 5, keyLength: 5, headDim: 8 };
    expectCleanRejection(backend, (b) => attention(b, { ...p, heads: 3, keyHeads: 2 }, q, q, q), ShapeError, 'heads not a multiple');
    expectCleanRejection(backend, (b) => attention(b, { ...p, dropout: 1 }, q, q, q), ArgumentError, 'dropout 1');
    expectCleanRejection(backend, (b) => attention(b, { ...p, window: -1 }, q, q, q), ShapeError, 'window -1');
    expectCleanRejection(backend, (b) => attention(b, { ...p, queryLength: 6 }, q, q, q), ShapeError, 'q too small');
    expectCleanRejection(backend, (b) => attention(b, { ...p, blockLayout: { ptr: q, blockSize: 0 } }, q, q, q), ShapeError, 'block size 0');
    expectCleanRejection(backend, (b) => attention(b, { ...p, scale: NaN }, q, q, q), ArgumentError, 'scale NaN');
    const lse = putF32(backend, new Array(5).fill(0));
    expectCleanRejection(backend, (b) => attentionBackward(b, p, q, q, q, q, lse, q, { maskGradient: 1 as unknown as boolean }), ArgumentError, 'maskGradient 1');
    expectCleanRejection(backend, (b) => attentionBackward(b, p, q, q, q, q, lse, q, { dMask: lse }), ShapeError, 'dMask too small');
  });
});
