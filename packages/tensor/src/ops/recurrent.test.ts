import { beforeAll, describe, expect, it } from 'vitest';
import { add, cast, clone, grad, init, memory, rand, recurrentSequence, type RecurrentKind, scope, sum, type Tensor } from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';

beforeAll(async () => {
  await init();
});

const GATES: Record<RecurrentKind, number> = { rnn: 1, lstm: 4, gru: 3 };
const sig = (x: number) => 1 / (1 + Math.exp(-x));

/** Plain float64 loops of the PyTorch cell equations: every step's h [N][T][H] and the final c. */
function naive(kind: RecurrentKind, xp: Tensor, whh: Tensor, bhh: Tensor | null, h0: Tensor, c0: Tensor | null): { out: Float64Array; c: Float64Array } {
  const [n, t, gh] = xp.shape as [number, number, number];
  const h = h0.shape[1]!;
  const x = Array.from(xp.toArray()), w = Array.from(whh.toArray()), b = bhh ? Array.from(bhh.toArray()) : new Array<number>(gh).fill(0);
  let hs = Array.from(h0.toArray());
  let cs = c0 ? Array.from(c0.toArray()) : new Array<number>(n * h).fill(0);
  const out = new Array<number>(n * t * h);
  for (let step = 0; step < t; step++) {
    const hNew = new Array<number>(n * h), cNew = new Array<number>(n * h);
    for (let r = 0; r < n; r++) {
      const proj = (k: number) => {
        let s = b[k]!;
        for (let j = 0; j < h; j++) s += w[k * h + j]! * hs[r * h + j]!;
        return s;
      };
      const xi = (k: number) => x[(r * t + step) * gh + k]!;
      for (let j = 0; j < h; j++) {
        let v: number;
        if (kind === 'rnn') v = Math.tanh(xi(j) + proj(j));
        else if (kind === 'lstm') {
          const i = sig(xi(j) + proj(j)), f = sig(xi(h + j) + proj(h + j)), g = Math.tanh(xi(2 * h + j) + proj(2 * h + j)), o = sig(xi(3 * h + j) + proj(3 * h + j));
          cNew[r * h + j] = f * cs[r * h + j]! + i * g;
          v = o * Math.tanh(cNew[r * h + j]!);
        } else {
          const rr = sig(xi(j) + proj(j)), z = sig(xi(h + j) + proj(h + j)), nn = Math.tanh(xi(2 * h + j) + rr * proj(2 * h + j));
          v = (1 - z) * nn + z * hs[r * h + j]!;
        }
        hNew[r * h + j] = v;
        out[(r * t + step) * h + j] = v;
      }
    }
    hs = hNew;
    if (kind === 'lstm') cs = cNew;
  }
  return { out: Float64Array.from(out), c: Float64Array.from(cs) };
}

function inputs(kind: RecurrentKind, n: number, t: number, h: number, seed: number) {
  const gh = GATES[kind] * h;
  return {
    xp: rand([n, t, gh], { seed, low: -1, high: 1 }),
    whh: rand([gh, h], { seed: seed + 1, low: -0.6, high: 0.6 }),
    bhh: rand([gh], { seed: seed + 2, low: -0.5, high: 0.5 }),
    h0: rand([n, h], { seed: seed + 3, low: -0.5, high: 0.5 }),
    c0: kind === 'lstm' ? rand([n, h], { seed: seed + 4, low: -0.5, high: 0.5 }) : null,
  };
}

describe('recurrentSequence', () => {
  for (const kind of ['rnn', 'lstm', 'gru'] as const) {
    it(`${kind}: float32 and float64 match the cell equations at awkward sizes`, () => {
      expectNoLeak(() => scope(() => {
        for (const [n, t, h] of [[1, 1, 1], [3, 4, 5], [2, 3, 9], [5, 2, 17]] as const) {
          const p = inputs(kind, n, t, h, n * 100 + h);
          const want = naive(kind, p.xp, p.whh, p.bhh, p.h0, p.c0);
          const r32 = recurrentSequence(kind, p.xp, p.whh, p.bhh, p.h0, p.c0);
          expectClose(r32.output, want.out, { atol: 2e-5, rtol: 1e-4 });
          const c64 = (x: Tensor | null) => (x === null ? null : cast(x, 'float64'));
          const r64 = recurrentSequence(kind, cast(p.xp, 'float64'), cast(p.whh, 'float64'), cast(p.bhh, 'float64'), cast(p.h0, 'float64'), c64(p.c0));
          expectClose(r64.output, want.out, { atol: 1e-12, rtol: 1e-12 });
          if (kind === 'lstm') {
            expectClose(r32.c!, want.c, { atol: 2e-5, rtol: 1e-4 });
            expectClose(r64.c!, want.c, { atol: 1e-12, rtol: 1e-12 });
          } else {
            expect(r32.c).toBeNull();
          }
        }
      }));
    });

    it(`${kind}: gradients of xp, weight_hh, bias_hh and h0 pass gradCheck`, () => {
      expectNoLeak(() => scope(() => {
        const p = inputs(kind, 2, 3, 3, 7);
        gradCheck((xp, whh, bhh, h0) => recurrentSequence(kind, xp, whh, bhh, h0, p.c0 === null ? null : cast(p.c0, xp.dtype)).output, [p.xp, p.whh, p.bhh, p.h0]);
        // No bias, and a hidden size with a SIMD body and a tail.
        const q = inputs(kind, 3, 2, 5, 9);
        gradCheck((xp, whh, h0) => recurrentSequence(kind, xp, whh, null, h0).output, [q.xp, q.whh, q.h0]);
      }));
    });

    it(`${kind}: float64 gradients (float64 cell kernels) match float32 ones at hidden sizes with SIMD tails`, () => {
      expectNoLeak(() => scope(() => {
        for (const [n, t, h] of [[1, 2, 4], [2, 3, 7], [3, 2, 16]] as const) {
          const p = inputs(kind, n, t, h, 31 * h + n);
          const args = [p.xp, p.whh, p.bhh, p.h0, ...(p.c0 === null ? [] : [p.c0])];
          const loss = (...a: Tensor[]) => {
            const r = recurrentSequence(kind, a[0]!, a[1]!, a[2]!, a[3]!, a[4] ?? null);
            return r.c === null ? sum(r.output) : add(sum(r.output), sum(r.c));
          };
          const g32 = grad(loss)(...args);
          const g64 = grad(loss)(...args.map((a) => cast(a, 'float64')));
          g64.forEach((g, i) => {
            expect(g.dtype).toBe('float64');
            expectClose(cast(g, 'float32'), g32[i]!, { atol: 1e-4, rtol: 1e-3 });
          });
        }
      }));
    });

    it(`${kind}: frees every internal buffer after backward, after disposal and under noGrad`, () => {
      const p = inputs(kind, 4, 6, 8, 3);
      const before = memory();
      // backward: the saved buffers go with the graph.
      const grads = grad((xp, whh, bhh, h0) => sum(recurrentSequence(kind, xp, whh, bhh, h0, p.c0).output))(p.xp, p.whh, p.bhh, p.h0);
      expect(grads.map((g) => g.shape)).toEqual([p.xp.shape, p.whh.shape, p.bhh.shape, p.h0.shape]);
      for (const g of grads) g.dispose();
      // recorded, then dropped without backward.
      const xp = clone(p.xp).setRequiresGrad(true);
      const r = recurrentSequence(kind, xp, p.whh, p.bhh, p.h0, p.c0);
      r.output.dispose();
      r.c?.dispose();
      xp.dispose();
      // not recorded.
      const r2 = recurrentSequence(kind, p.xp, p.whh, p.bhh, p.h0, p.c0);
      r2.output.dispose();
      r2.c?.dispose();
      const after = memory();
      expect(after.liveTensors).toBe(before.liveTensors);
      expect(after.liveBytes).toBe(before.liveBytes);
      expect(after.heapLiveBlocks).toBe(before.heapLiveBlocks);
      for (const t of [p.xp, p.whh, p.bhh, p.h0, p.c0]) t?.dispose();
    });
  }

  it('backward leaves its saved buffers intact: a retained graph gives the same gradients twice', () => {
    expectNoLeak(() => scope(() => {
      const p = inputs('gru', 2, 4, 5, 12);
      const whh = clone(p.whh).setRequiresGrad(true);
      const loss = sum(recurrentSequence('gru', p.xp, whh, p.bhh, p.h0).output);
      loss.backward(undefined, { retainGraph: true });
      const first = whh.grad!.toArray();
      loss.backward();
      expectClose(whh.grad!, Float32Array.from(first, (x) => 2 * x), { atol: 1e-6, rtol: 1e-6 });
      whh.grad!.dispose();
      whh.grad = null;
    }));
  });

  it('handles zero steps and an empty batch', () => {
    expectNoLeak(() => scope(() => {
      const p = inputs('lstm', 2, 0, 3, 1);
      const r = recurrentSequence('lstm', p.xp, p.whh, p.bhh, p.h0, p.c0);
      expect(r.output.shape).toEqual([2, 0, 3]);
      expectClose(r.c!, p.c0!);
      const q = inputs('gru', 0, 3, 4, 2);
      expect(recurrentSequence('gru', q.xp, q.whh, q.bhh, q.h0).output.shape).toEqual([0, 3, 4]);
    }));
  });

  it('rejects mismatched shapes and dtypes, naming the argument', () => {
    scope(() => {
      const p = inputs('lstm', 2, 3, 4, 1);
      expect(() => recurrentSequence('gru', p.xp, p.whh, p.bhh, p.h0)).toThrow(/recurrentSequence\(gru\)/);
      expect(() => recurrentSequence('lstm', p.xp, p.whh, p.h0, p.h0)).toThrow(/bias_hh/);
      expect(() => recurrentSequence('lstm', p.xp, cast(p.whh, 'float64'), p.bhh, p.h0)).toThrow(/whh is float64/);
      expect(() => recurrentSequence('rnn' as RecurrentKind, p.xp, p.whh, p.bhh, p.h0)).toThrow(/do not fit/);
      expect(() => recurrentSequence('lstm', p.xp, p.whh, p.bhh, p.h0, p.xp)).toThrow(/c0/);
    });
  });
});
