import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  add, cast, concat, DTypeError, grad, init, matmul, mul, permute, rand, scaledDotProductAttention, scope, ShapeError, softmax, sum,
  tensor, type Tensor, transpose, zeros,
} from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';

beforeAll(async () => {
  await init();
});

/** The plain definition, composed from primitives: softmax(q k^T * scale + mask) v over [B, H, T, D]. */
function composed(q: Tensor, k: Tensor, v: Tensor, mask?: Tensor, scale = 1 / Math.sqrt(q.shape[q.rank - 1]!)): Tensor {
  const s = mul(matmul(q, transpose(k)), scale);
  return matmul(softmax(mask === undefined ? s : add(s, mask)), v);
}

/** Additive [Tq, Tk] mask of 0 / -1e30 from a predicate (finite, so the composed softmax stays defined). */
function maskOf(tq: number, tk: number, keep: (i: number, j: number) => boolean, dtype: 'float32' | 'float64' = 'float64'): Tensor {
  const data: number[] = [];
  for (let i = 0; i < tq; i++) for (let j = 0; j < tk; j++) data.push(keep(i, j) ? 0 : -1e30);
  return tensor(data, [tq, tk], { dtype });
}

describe('scaledDotProductAttention', () => {
  it('matches the composed definition (float64 and float32), no mask, causal, window, GQA', () => {
    expectNoLeak(() => scope(() => {
      const q = rand([2, 4, 7, 5], { seed: 1, low: -1, high: 1, dtype: 'float64' });
      const k = rand([2, 2, 9, 5], { seed: 2, low: -1, high: 1, dtype: 'float64' });
      const v = rand([2, 2, 9, 3], { seed: 3, low: -1, high: 1, dtype: 'float64' });
      // GQA reference: repeat each key head for its group of 2 query heads.
      const expandHeads = (t: Tensor) => concat([0, 0, 1, 1].map((h) => sliceHead(t, h)), 1);
      const kx = expandHeads(k), vx = expandHeads(v);
      const cases: [string, Parameters<typeof scaledDotProductAttention>[3], Tensor | undefined][] = [
        ['plain', {}, undefined],
        ['causal', { causal: true }, maskOf(7, 9, (i, j) => j <= i)],
        ['causal + offset 2', { causal: true, queryOffset: 2 }, maskOf(7, 9, (i, j) => j <= i + 2)],
        ['window 3 causal', { causal: true, window: 3 }, maskOf(7, 9, (i, j) => j <= i && i - j < 3)],
        ['window 2', { window: 2 }, maskOf(7, 9, (i, j) => Math.abs(i - j) < 2)],
        ['scale 0.3', { scale: 0.3 }, undefined],
      ];
      for (const [, options, mask] of cases) {
        const want = composed(q, kx, vx, mask, options?.scale);
        expectClose(scaledDotProductAttention(q, k, v, options), want, { atol: 1e-12, rtol: 1e-10 });
        const got32 = scaledDotProductAttention(cast(q, 'float32'), cast(k, 'float32'), cast(v, 'float32'), options);
        expectClose(got32, cast(want, 'float32'), { atol: 1e-5, rtol: 1e-4 });
      }
    }));
  });

  it("'bthd' layout equals 'bhtd' on permuted inputs, and rank 3 is one head", () => {
    expectNoLeak(() => scope(() => {
      const q = rand([2, 6, 3, 4], { seed: 4 }), k = rand([2, 5, 3, 4], { seed: 5 }), v = rand([2, 5, 3, 2], { seed: 6 });
      const p = (t: Tensor) => permute(t, [0, 2, 1, 3]);
      const got = scaledDotProductAttention(q, k, v, { layout: 'bthd', causal: true });
      expectClose(got, p(scaledDotProductAttention(p(q), p(k), p(v), { causal: true })), { atol: 1e-6, rtol: 1e-5 });
      const q3 = rand([2, 6, 4], { seed: 7 }), k3 = rand([2, 5, 4], { seed: 8 }), v3 = rand([2, 5, 2], { seed: 9 });
      expectClose(scaledDotProductAttention(q3, k3, v3), composed(q3, k3, v3), { atol: 1e-6, rtol: 1e-5 });
    }));
  });

  it('key padding and additive masks equal the composed definition; a fully masked row gives 0 and zero gradients', () => {
    expectNoLeak(() => scope(() => {
      const q = rand([2, 2, 4, 3], { seed: 10, dtype: 'float64' }), k = rand([2, 2, 6, 3], { seed: 11, dtype: 'float64' });
      const v = rand([2, 2, 6, 3], { seed: 12, dtype: 'float64' });
      const pad = tensor(new Int32Array([0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1]), [2, 6]);
      const bias = rand([2, 1, 4, 6], { seed: 13, dtype: 'float64' });
      const padAdd = tensor([0, 0, -1e30, 0, -1e30, 0, 0, 0, 0, 0, 0, -1e30], [2, 1, 1, 6], { dtype: 'float64' });
      const want = composed(q, k, v, add(bias, padAdd));
      expectClose(scaledDotProductAttention(q, k, v, { keyPaddingMask: pad, attnMask: bias }), want, { atol: 1e-12, rtol: 1e-10 });
      // Row 1 of every head: every key removed by the additive mask.
      const killRow = tensor(Array.from({ length: 24 }, (_, i) => (Math.floor(i / 6) === 1 ? -Infinity : 0)), [4, 6], { dtype: 'float64' });
      const out = scaledDotProductAttention(q, k, v, { attnMask: killRow });
      const rows = out.toArray();
      for (let bh = 0; bh < 4; bh++) for (let e = 0; e < 3; e++) expect(rows[bh * 12 + 3 + e]).toBe(0);
      const [gq] = grad((x: Tensor) => sum(scaledDotProductAttention(x, k, v, { attnMask: killRow })))(q);
      const g = gq!.toArray();
      for (let bh = 0; bh < 4; bh++) for (let e = 0; e < 3; e++) expect(g[bh * 12 + 3 + e]).toBe(0);
      expect(Array.from(g).every(Number.isFinite)).toBe(true);
    }));
  });

  it('passes gradCheck for q, k, v under every mask kind, GQA and both layouts', () => {
    expectNoLeak(() => scope(() => {
      const q = rand([1, 4, 5, 3], { seed: 20, low: -1, high: 1 });
      const k = rand([1, 2, 6, 3], { seed: 21, low: -1, high: 1 }), v = rand([1, 2, 6, 2], { seed: 22, low: -1, high: 1 });
      const pad = tensor(new Int32Array([0, 1, 0, 0, 0, 1]), [1, 6]);
      const bias = rand([5, 6], { seed: 23, low: -1, high: 1 });
      const layout = tensor(new Int32Array([1, 0, 1, 1]), [2, 2]);
      gradCheck((a, b, c) => scaledDotProductAttention(a, b, c), [q, k, v]);
      gradCheck((a, b, c) => scaledDotProductAttention(a, b, c, { causal: true, window: 2, queryOffset: 1 }), [q, k, v]);
      gradCheck((a, b, c) => scaledDotProductAttention(a, b, c, { keyPaddingMask: pad, attnMask: b.dtype === 'float64' ? cast(bias, 'float64') : bias }), [q, k, v]);
      gradCheck((a, b, c) => scaledDotProductAttention(a, b, c, { blockLayout: { layout, blockSize: 3 } }), [q, k, v]);
      const qt = rand([2, 3, 2, 4], { seed: 24 }), kt = rand([2, 4, 1, 4], { seed: 25 }), vt = rand([2, 4, 1, 4], { seed: 26 });
      gradCheck((a, b, c) => scaledDotProductAttention(a, b, c, { layout: 'bthd', causal: true }), [qt, kt, vt]);
    }));
  });

  it('dropout is seeded: the same seed gives the same output and a gradient that passes gradCheck', () => {
    expectNoLeak(() => scope(() => {
      const q = rand([1, 2, 8, 4], { seed: 30 }), k = rand([1, 2, 8, 4], { seed: 31 }), v = rand([1, 2, 8, 4], { seed: 32 });
      const a = scaledDotProductAttention(q, k, v, { dropout: 0.5, seed: 9 }), b = scaledDotProductAttention(q, k, v, { dropout: 0.5, seed: 9 });
      expectClose(a, b, { atol: 0, rtol: 0 });
      const c = scaledDotProductAttention(q, k, v, { dropout: 0.5, seed: 10 });
      expect(Array.from(a.toArray()).some((x, i) => x !== c.toArray()[i])).toBe(true);
      gradCheck((x, y, z) => scaledDotProductAttention(x, y, z, { dropout: 0.3, seed: 4 }), [q, k, v]);
    }));
  });

  it('an additive mask that requires grad gets the logits\' gradient (finite differences; broadcast axes summed)', () => {
    expectNoLeak(() => scope(() => {
      const q = rand([2, 2, 4, 3], { seed: 40, low: -1, high: 1 }), k = rand([2, 1, 6, 3], { seed: 41, low: -1, high: 1 });
      const v = rand([2, 1, 6, 2], { seed: 42, low: -1, high: 1 });
      const pad = tensor(new Int32Array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]), [2, 6]);
      for (const shape of [[4, 6], [2, 1, 4, 6], [1, 2, 4, 6], [2, 2, 4, 6]]) {
        const bias = rand(shape, { seed: 43, low: -1, high: 1 });
        gradCheck((a, b, c, m) => scaledDotProductAttention(a, b, c, { attnMask: m }), [q, k, v, bias]);
        gradCheck((a, b, c, m) => scaledDotProductAttention(a, b, c, { attnMask: m, causal: true, keyPaddingMask: pad }), [q, k, v, bias]);
      }
      // Dropout: the same seeded mask in the forward and backward.
      gradCheck((a, b, c, m) => scaledDotProductAttention(a, b, c, { attnMask: m, dropout: 0.25, seed: 3 }), [q, k, v, rand([4, 6], { seed: 44 })]);
      // Only the mask requires grad: q, k and v get none.
      const bias = rand([4, 6], { seed: 45 });
      const [gm] = grad((m: Tensor) => sum(scaledDotProductAttention(q, k, v, { attnMask: m })))(bias);
      expect(gm!.shape).toEqual([4, 6]);
      expect(q.grad).toBeNull();
    }));
  });

  it('an additive mask\'s gradient and q, k, v\'s match torch.nn.functional.scaled_dot_product_attention', () => {
    // fixtures/attention-mask-grad.json, written by fixtures/attention-mask-grad.py (torch 2.13).
    interface Data { shape: number[]; data: (number | null)[] }
    interface Case { name: string; causal: boolean; scale: number | null; q: Data; k: Data; v: Data; mask: Data; output: Data; weights: number[]; grads: Record<'q' | 'k' | 'v' | 'mask', number[]> }
    const fixture = JSON.parse(readFileSync(new URL('./fixtures/attention-mask-grad.json', import.meta.url), 'utf8')) as { producer: string; cases: Case[] };
    expect(fixture.producer).toMatch(/^torch 2\.13/);
    for (const c of fixture.cases) {
      for (const dtype of ['float64', 'float32'] as const) {
        expectNoLeak(() => scope(() => {
          const t = (d: Data) => tensor(d.data.map((x) => x ?? -Infinity), d.shape, { dtype });
          const [q, k, v, mask] = [t(c.q), t(c.k), t(c.v), t(c.mask)];
          const w = tensor(c.weights, c.output.shape, { dtype });
          const options = { causal: c.causal, scale: c.scale ?? undefined };
          const tol = dtype === 'float64' ? { atol: 1e-12, rtol: 1e-10 } : { atol: 1e-5, rtol: 1e-4 };
          expectClose(scaledDotProductAttention(q, k, v, { ...options, attnMask: mask }), tensor(c.output.data as number[], c.output.shape, { dtype }), tol);
          const grads = grad((a: Tensor, b: Tensor, e: Tensor, m: Tensor) => sum(mul(scaledDotProductAttention(a, b, e, { ...options, attnMask: m }), w)))(q, k, v, mask);
          (['q', 'k', 'v', 'mask'] as const).forEach((name, i) => {
            expectClose(grads[i]!, tensor(c.grads[name], grads[i]!.shape, { dtype }), dtype === 'float64' ? tol : { atol: 1e-4, rtol: 1e-3 });
          });
        }));
      }
    }
  });

  it('rejects bad shapes, dtypes and options before allocating', () => {
    expectNoLeak(() => scope(() => {
      const q = rand([1, 2, 3, 4]), k = rand([1, 2, 3, 4]);
      expect(() => scaledDotProductAttention(q, rand([1, 3, 3, 4]), rand([1, 3, 3, 4]))).toThrow(ShapeError);
      expect(() => scaledDotProductAttention(q, k, cast(k, 'float64'))).toThrow(DTypeError);
      expect(() => scaledDotProductAttention(q, k, k, { dropout: 1 })).toThrow(ShapeError);
      expect(() => scaledDotProductAttention(q, k, k, { window: 0 })).toThrow(/window/);
      expect(() => scaledDotProductAttention(q, k, k, { attnMask: zeros([3, 2]) })).toThrow(/attnMask/);
      expect(() => scaledDotProductAttention(q, k, k, { keyPaddingMask: zeros([1, 4]) })).toThrow(/keyPaddingMask/);
    }));
  });
});

/** Head h of a [B, H, T, D] tensor as [B, 1, T, D]. */
function sliceHead(t: Tensor, h: number): Tensor {
  const [b, , tt, d] = t.shape as [number, number, number, number];
  const src = t.toArray(), heads = t.shape[1]!;
  const out: number[] = [];
  for (let i = 0; i < b; i++) for (let j = 0; j < tt * d; j++) out.push(src[(i * heads + h) * tt * d + j]!);
  return tensor(out, [b, 1, tt, d], { dtype: t.dtype });
}
