// Kernels split over the pool (optimizer steps and elementwise ops by ranges of elements, softmax by
// blocks of rows, convolutions by images) must give exactly the single-threaded result of the same build, bit for
// bit; the filter gradient, summed per part, must match closely and be deterministic (and, for N >= 2
// images above FILTER_HALVES_WORK, always computed as two batch halves, equal on every thread count).
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../backend.ts';
import { createReferenceBackend, detectFeatures, loadBackend } from '../loader.ts';
import { conv2d, conv2dBackwardFilter, conv2dBackwardInput, type Conv2dParams, FILTER_HALVES_WORK } from '../ops/conv.ts';
import { binary, unary, unaryBackward } from '../ops/elementwise.ts';
import { BinaryOp, type BinaryOpName, UnaryOp, type UnaryOpName } from '../ops/op-codes.ts';
import { adagradStep, adamStep, rmspropStep, sgdStep } from '../ops/optim.ts';
import { softmax, softmaxBackward, softmaxCrossEntropy } from '../ops/softmax.ts';
import { assertClose, putF32, randomArray, readF32, reductionTolerance } from '../testing.ts';
import { ThreadPoolError } from './pool.ts';

const variants = detectFeatures().relaxedSimd ? (['simd', 'relaxed'] as const) : (['simd'] as const);
const pairs: [Backend, Backend][] = [];
for (const variant of variants) {
  // minParallelWork 1: every call with at least two units is split.
  pairs.push([await loadBackend({ threads: 3, variant, minParallelWork: 1 }), await loadBackend({ variant })]);
}
afterAll(async () => {
  for (const [threaded] of pairs) await threaded.dispose?.();
});

type Update = (b: Backend, n: number, ptr: number[], t: number) => void;
const UPDATES: Record<string, Update> = {
  'sgd nesterov': (b, n, [param, grad, s1], t) => sgdStep(b, { n, param: param!, grad: grad!, velocity: s1!, lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01, firstStep: t === 1 }),
  'sgd plain': (b, n, [param, grad], _t) => sgdStep(b, { n, param: param!, grad: grad!, lr: 0.1 }),
  adagrad: (b, n, [param, grad, s1]) => adagradStep(b, { n, param: param!, grad: grad!, sum: s1!, lr: 0.1, weightDecay: 0.01 }),
  'rmsprop momentum': (b, n, [param, grad, s1, s2]) => rmspropStep(b, { n, param: param!, grad: grad!, squareAvg: s1!, buffer: s2!, lr: 1e-3, momentum: 0.5 }),
  adam: (b, n, [param, grad, s1, s2], t) => adamStep(b, { n, param: param!, grad: grad!, m: s1!, v: s2!, lr: 1e-3, weightDecay: 0.01, decoupled: false, step: t }),
  adamw: (b, n, [param, grad, s1, s2], t) => adamStep(b, { n, param: param!, grad: grad!, m: s1!, v: s2!, lr: 1e-3, weightDecay: 0.1, decoupled: true, step: t }),
};

/** Bit patterns, so that NaN payloads and signed zeros count. */
const bits = (a: Float32Array) => new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));

describe.each(pairs.map((p) => [p[0].variant, p] as const))('split kernels (%s, 3 threads)', (_, [threaded, single]) => {
  it('really splits: the pool takes calls with two units or more, and only those', () => {
    const spy = vi.spyOn(threaded.pool!, 'forRanges');
    try {
      for (const n of [16, 17]) {
        const ptrs = [0, 1, 2, 3].map(() => putF32(threaded, new Float32Array(n)));
        UPDATES.adam!(threaded, n, ptrs, 1);
        ptrs.forEach((p) => threaded.heap.free(p));
      }
      expect(spy.mock.results.map((r) => r.value)).toEqual([0, 2]);
    } finally {
      spy.mockRestore();
    }
  });

  for (const [name, update] of Object.entries(UPDATES)) {
    it(`${name}: three steps equal the single-threaded ones at awkward sizes`, () => {
      for (const n of [1, 15, 16, 17, 31, 33, 48, 100, 1029, 4099]) {
        const data = [randomArray(n, n + 1), randomArray(n, n + 2), new Float32Array(n), new Float32Array(n)];
        const run = (b: Backend) => {
          const ptrs = data.map((d) => putF32(b, d));
          for (let t = 1; t <= 3; t++) update(b, n, ptrs, t);
          const out = ptrs.map((p) => readF32(b, p, n));
          ptrs.forEach((p) => b.heap.free(p));
          return out;
        };
        const got = run(threaded), want = run(single);
        for (let s = 0; s < 4; s++) expect(bits(got[s]!), `${name} n=${n} buffer ${s}`).toEqual(bits(want[s]!));
      }
    });
  }

  it('unary ops, their gradients and same-shape binary ops split by ranges equal the single-threaded ones', () => {
    for (const n of [1, 17, 33, 100, 1029]) {
      const xd = randomArray(n, n, -3, 3), yd = randomArray(n, n + 1, 0.1, 2), dyd = randomArray(n, n + 2);
      const run = (b: Backend) => {
        const [x, y, dy] = [xd, yd, dyd].map((d) => putF32(b, d));
        const out: Float32Array[] = [];
        for (const op of Object.keys(UnaryOp) as UnaryOpName[]) {
          const u = unary(b, op, y, n), g = unaryBackward(b, op, y, u, dy, n);
          out.push(readF32(b, u, n), readF32(b, g, n));
          b.heap.free(u); b.heap.free(g);
        }
        for (const op of Object.keys(BinaryOp) as BinaryOpName[]) {
          const r = binary(b, op, x, [n], y, [n]);
          out.push(readF32(b, r.ptr, n));
          b.heap.free(r.ptr);
        }
        [x, y, dy].forEach((p) => b.heap.free(p));
        return out;
      };
      const got = run(threaded), want = run(single);
      got.forEach((g, i) => expect(bits(g), `n=${n} output ${i}`).toEqual(bits(want[i]!)));
    }
  });

  it('softmax, log-softmax and their gradients split by rows equal the single-threaded ones', () => {
    for (const [rows, cols] of [[1, 7], [2, 1], [3, 5], [7, 33], [64, 129]] as const) {
      for (const log of [false, true]) {
        const x = randomArray(rows * cols, rows * 31 + cols, -8, 8), dy = randomArray(rows * cols, cols, -1, 1);
        const run = (b: Backend) => {
          const px = putF32(b, x), pdy = putF32(b, dy);
          const y = softmax(b, px, rows, cols, { log });
          const dx = softmaxBackward(b, y, pdy, rows, cols, { log });
          const out = [readF32(b, y, rows * cols), readF32(b, dx, rows * cols)];
          [px, pdy, y, dx].forEach((p) => b.heap.free(p));
          return out;
        };
        const got = run(threaded), want = run(single);
        expect(bits(got[0]!), `softmax ${rows}x${cols} log=${log}`).toEqual(bits(want[0]!));
        expect(bits(got[1]!), `softmax backward ${rows}x${cols} log=${log}`).toEqual(bits(want[1]!));
      }
    }
  });

  it('softmax cross-entropy split by rows equals the single-threaded one (weights, smoothing, ignored rows)', () => {
    for (const [rows, cols] of [[1, 3], [2, 1], [5, 7], [33, 65]] as const) {
      const x = randomArray(rows * cols, rows + 7 * cols, -6, 6), w = randomArray(cols, cols, 0.5, 2);
      const labels = Int32Array.from({ length: rows }, (_, r) => (r % 4 === 3 ? -100 : (r * 5) % cols));
      const run = (b: Backend) => {
        const px = putF32(b, x), pw = putF32(b, w), pl = b.heap.alloc(rows * 4);
        b.heap.i32(pl, rows).set(labels);
        const { losses, grad } = softmaxCrossEntropy(b, px, pl, rows, cols, { weights: pw, labelSmoothing: 0.1, ignoreIndex: -100 });
        const out = [readF32(b, losses, rows), readF32(b, grad, rows * cols)];
        [px, pw, pl, losses, grad].forEach((p) => b.heap.free(p));
        return out;
      };
      const got = run(threaded), want = run(single);
      expect(bits(got[0]!), `losses ${rows}x${cols}`).toEqual(bits(want[0]!));
      expect(bits(got[1]!), `grad ${rows}x${cols}`).toEqual(bits(want[1]!));
    }
  });

  it('a failed split frees the outputs the wrapper allocated and leaves the backend usable', () => {
    const x = putF32(threaded, randomArray(2 * 6 * 6 * 3, 1)), w = putF32(threaded, randomArray(3 * 3 * 3 * 4, 2));
    const labels = threaded.heap.alloc(8);
    threaded.heap.i32(labels, 2).set([0, 1]);
    const conv: Conv2dParams = { xShape: [2, 6, 6, 3], wShape: [3, 3, 3, 4] };
    // A filter gradient above FILTER_HALVES_WORK (two batch halves).
    const halves: Conv2dParams = { xShape: [2, 20, 20, 8], wShape: [3, 3, 8, 16] };
    const xb = putF32(threaded, randomArray(2 * 20 * 20 * 8, 3)), dyb = putF32(threaded, randomArray(2 * 18 * 18 * 16, 4));
    const live = threaded.heap.stats().liveBlocks;
    const spy = vi.spyOn(threaded.pool!, 'forRanges').mockImplementation(() => {
      throw new ThreadPoolError('a worker died');
    });
    try {
      expect(() => conv2d(threaded, x, w, conv)).toThrow(ThreadPoolError);
      expect(() => conv2dBackwardInput(threaded, x, w, conv)).toThrow(ThreadPoolError); // x read as dy [2, 4, 4, 4]
      expect(() => conv2dBackwardFilter(threaded, x, x, { xShape: [2, 6, 6, 3], wShape: [1, 1, 3, 3] })).toThrow(ThreadPoolError);
      expect(() => conv2dBackwardFilter(threaded, xb, dyb, halves)).toThrow(ThreadPoolError);
      expect(() => softmax(threaded, x, 2, 54)).toThrow(ThreadPoolError);
      expect(() => softmaxBackward(threaded, x, x, 2, 54)).toThrow(ThreadPoolError);
      expect(() => softmaxCrossEntropy(threaded, x, labels, 2, 54)).toThrow(ThreadPoolError);
      expect(() => unary(threaded, 'exp', x, 108)).toThrow(ThreadPoolError);
      expect(() => unaryBackward(threaded, 'tanh', x, x, x, 108)).toThrow(ThreadPoolError);
      expect(() => binary(threaded, 'mul', x, [108], x, [108])).toThrow(ThreadPoolError);
      expect(threaded.heap.stats().liveBlocks).toBe(live);
    } finally {
      spy.mockRestore();
    }
    const y = conv2d(threaded, x, w, conv);
    expect(Array.from(readF32(threaded, y.ptr, 4 * 4 * 4 * 2)).every(Number.isFinite)).toBe(true);
    [x, w, labels, y.ptr, xb, dyb].forEach((p) => threaded.heap.free(p));
  });

  const CONVS: (Conv2dParams & { bias?: boolean })[] = [
    { xShape: [3, 9, 8, 3], wShape: [3, 3, 3, 5], padding: [1, 1], bias: true },
    { xShape: [2, 11, 10, 1], wShape: [3, 2, 1, 9], stride: [2, 2], padding: [1, 0] },
    { xShape: [5, 7, 7, 12], wShape: [3, 3, 12, 17], dilation: [2, 1], padding: [2, 1] },
    { xShape: [4, 6, 6, 20], wShape: [1, 1, 20, 4] },
    // One image: forward and filter gradient split by output rows over a padded copy, the input
    // gradient by dx rows at stride 1 (the first case keeps it on one thread: stride 2).
    { xShape: [1, 13, 9, 5], wShape: [3, 3, 5, 7], padding: [1, 2], stride: [2, 1], bias: true },
    { xShape: [1, 10, 10, 3], wShape: [2, 3, 3, 4], dilation: [2, 2] },
    { xShape: [1, 12, 11, 9], wShape: [3, 3, 9, 16], padding: [1, 1] },
    { xShape: [1, 9, 7, 10], wShape: [5, 3, 10, 12], padding: [2, 0], dilation: [2, 1] },
    { xShape: [1, 5, 6, 4], wShape: [3, 3, 4, 9], padding: [2, 2] },
    // Cin >= 8 without padding: the input gradient as columns + col2im (split by images; one image whole).
    { xShape: [3, 9, 8, 9], wShape: [3, 3, 9, 11] },
    { xShape: [1, 11, 10, 16], wShape: [3, 3, 16, 8] },
  ];

  it('convolutions split by images or rows: forward and input gradient equal one call; the filter gradient is close and deterministic', () => {
    const spy = vi.spyOn(threaded.pool!, 'forRanges');
    try {
      for (const c of CONVS) {
        const [n, h, w, cin] = c.xShape, [kh, kw, , cout] = c.wShape;
        const seed = n * 1000 + h * 10 + cout;
        const xd = randomArray(n * h * w * cin, seed), wd = randomArray(kh * kw * cin * cout, seed + 1);
        const bd = randomArray(cout, seed + 2);
        const run = (b: Backend) => {
          const x = putF32(b, xd), wt = putF32(b, wd), bias = c.bias ? putF32(b, bd) : undefined;
          const y = conv2d(b, x, wt, { ...c, ...(bias === undefined ? {} : { bias }), activation: 'relu' });
          const count = y.shape.reduce((a, d) => a * d, 1);
          const dy = putF32(b, randomArray(count, seed + 3));
          const dx = conv2dBackwardInput(b, dy, wt, c);
          const dw = conv2dBackwardFilter(b, x, dy, c);
          const dwTwice = conv2dBackwardFilter(b, x, dy, { ...c, out: putF32(b, wd), accumulate: true });
          const out = [readF32(b, y.ptr, count), readF32(b, dx, xd.length), readF32(b, dw, wd.length), readF32(b, dwTwice, wd.length)];
          [x, wt, y.ptr, dy, dx, dw, dwTwice, ...(bias === undefined ? [] : [bias])].forEach((p) => b.heap.free(p));
          return out;
        };
        const got = run(threaded), again = run(threaded), want = run(single);
        const label = JSON.stringify(c);
        expect(bits(got[0]!), `forward ${label}`).toEqual(bits(want[0]!));
        expect(bits(got[1]!), `input gradient ${label}`).toEqual(bits(want[1]!));
        const taps = c.xShape[0] * c.xShape[1] * c.xShape[2];
        assertClose(got[2]!, want[2]!, reductionTolerance(taps), `filter gradient ${label}`);
        assertClose(got[3]!, want[3]!, reductionTolerance(taps), `accumulated filter gradient ${label}`);
        expect(bits(got[2]!), `filter gradient deterministic ${label}`).toEqual(bits(again[2]!));
      }
      // Two threaded runs per case: forward, input gradient (a single image only at stride 1 and
      // unless the columns path takes it: no padding, Cin >= 8) and two filter gradients.
      const columns = (c: Conv2dParams) => (c.padding ?? [0, 0]).every((v) => v === 0) && c.xShape[3] >= 8;
      const splitsInput = (c: Conv2dParams) => c.xShape[0] >= 2 || ((c.stride ?? [1, 1]).every((v) => v === 1) && !columns(c));
      const calls = CONVS.reduce((sum, c) => sum + 2 * (splitsInput(c) ? 4 : 3), 0);
      expect(spy.mock.results.map((r) => (r.value as number) >= 2)).toEqual(new Array(calls).fill(true));
    } finally {
      spy.mockRestore();
    }
  });
});

describe('one padded image split by rows', () => {
  it('makes its padded copy of x only when the pool splits the call (a declined split pads in the single call)', async () => {
    const gated = await loadBackend({ threads: 2, variant: 'simd' }); // the measured split gate
    const single = pairs[0]![1];
    const [h, w, cin, cout] = [40, 40, 16, 16];
    const c = { xShape: [1, h, w, cin], wShape: [3, 3, cin, cout], padding: [1, 1] } as const;
    expect(h * w * cout * 9 * cin).toBeGreaterThanOrEqual(gated.pool!.minWork);
    const xd = randomArray(h * w * cin, 31), wd = randomArray(9 * cin * cout, 32);
    const run = (b: Backend) => {
      const x = putF32(b, xd), wt = putF32(b, wd), y = b.heap.alloc(h * w * cout * 4);
      conv2d(b, x, wt, { ...c, out: y });
      const out = readF32(b, y, h * w * cout);
      [x, wt, y].forEach((p) => b.heap.free(p));
      return out;
    };
    const want = run(single);
    const split = vi.spyOn(gated.pool!.gate!, 'shouldSplit').mockReturnValue(true);
    const alloc = vi.spyOn(gated.heap, 'alloc');
    try {
      run(gated);
      split.mockReturnValue(false);
      run(gated); // the pool's and the single call's workspaces exist from here on
      alloc.mockClear();
      expect(bits(run(gated))).toEqual(bits(want));
      expect(alloc.mock.calls.map(([bytes]) => bytes)).toEqual([xd.length * 4, wd.length * 4, want.length * 4]);
      split.mockReturnValue(true);
      alloc.mockClear();
      expect(bits(run(gated))).toEqual(bits(want));
      expect(alloc.mock.calls.map(([bytes]) => bytes)).toContain((h + 2) * (w + 2) * cin * 4); // the padded copy
    } finally {
      split.mockRestore();
      alloc.mockRestore();
      await gated.dispose?.();
    }
  });
});

describe('filter gradient of N >= 2 images above FILTER_HALVES_WORK: two batch halves on any thread count', () => {
  it('gives the same bits on 1, 2 (gated or not) and 3 threads, accumulating or not, N odd and even', async () => {
    const gated = await loadBackend({ threads: 2, variant: 'simd' }); // the measured split gate
    const two = await loadBackend({ threads: 2, variant: 'simd', minParallelWork: 1 });
    const three = pairs[0]![0], single = pairs[0]![1];
    try {
      const CASES: Conv2dParams[] = [
        { xShape: [4, 12, 12, 8], wShape: [3, 3, 8, 16] },
        { xShape: [5, 13, 13, 16], wShape: [3, 3, 16, 32] },
        { xShape: [5, 9, 11, 5], wShape: [3, 2, 5, 33], padding: [1, 1], stride: [2, 1] },
      ];
      for (const c of CASES) {
        const [n, h, w, cin] = c.xShape, [kh, kw, , cout] = c.wShape;
        const [, oh, ow] = [n, Math.floor((h + 2 * (c.padding?.[0] ?? 0) - kh) / (c.stride?.[0] ?? 1)) + 1, Math.floor((w + 2 * (c.padding?.[1] ?? 0) - kw) / (c.stride?.[1] ?? 1)) + 1];
        expect(n * oh! * ow! * cout * kh * kw * cin).toBeGreaterThanOrEqual(FILTER_HALVES_WORK);
        const xd = randomArray(n * h * w * cin, n + h), dyd = randomArray(n * oh! * ow! * cout, n + w), start = randomArray(kh * kw * cin * cout, 7);
        const run = (b: Backend) => {
          const x = putF32(b, xd), dy = putF32(b, dyd);
          const dw = conv2dBackwardFilter(b, x, dy, c);
          const acc = conv2dBackwardFilter(b, x, dy, { ...c, out: putF32(b, start), accumulate: true });
          const out = [readF32(b, dw, start.length), readF32(b, acc, start.length)];
          [x, dy, dw, acc].forEach((p) => b.heap.free(p));
          return out;
        };
        const want = run(single);
        assertClose(want[0]!, run(createReferenceBackend())[0]!, reductionTolerance(n * oh! * ow!), `reference ${JSON.stringify(c)}`);
        for (const [name, b] of [['2 threads, gated', gated], ['2 threads', two], ['3 threads', three]] as const) {
          const got = run(b);
          expect(bits(got[0]!), `${name} ${JSON.stringify(c)}`).toEqual(bits(want[0]!));
          expect(bits(got[1]!), `${name} accumulated ${JSON.stringify(c)}`).toEqual(bits(want[1]!));
        }
      }
    } finally {
      await gated.dispose?.();
      await two.dispose?.();
    }
  });
});

describe('split kernels under grow torture (memory grows before every call, workers running)', () => {
  it('adam, softmax and conv2d still equal one call', async () => {
    const tortured = await loadBackend({ threads: 2, variant: 'simd', minParallelWork: 1, growTorture: true, maximumPages: 2048 });
    const single = pairs[0]![1];
    try {
      const n = 1000, rows = 9, cols = 31;
      const conv: Conv2dParams = { xShape: [3, 8, 8, 4], wShape: [3, 3, 4, 6], padding: [1, 1] };
      const run = (b: Backend) => {
        const ptrs = [randomArray(n, 1), randomArray(n, 2), new Float32Array(n), new Float32Array(n)].map((d) => putF32(b, d));
        UPDATES.adam!(b, n, ptrs, 1);
        const x = putF32(b, randomArray(rows * cols, 3)), y = softmax(b, x, rows, cols);
        const cx = putF32(b, randomArray(3 * 8 * 8 * 4, 4)), cw = putF32(b, randomArray(3 * 3 * 4 * 6, 5));
        const cy = conv2d(b, cx, cw, conv);
        const out = [readF32(b, ptrs[0]!, n), readF32(b, y, rows * cols), readF32(b, cy.ptr, 3 * 8 * 8 * 6)];
        [...ptrs, x, y, cx, cw, cy.ptr].forEach((p) => b.heap.free(p));
        return out;
      };
      const got = run(tortured), want = run(single);
      for (let i = 0; i < 3; i++) expect(bits(got[i]!), `output ${i}`).toEqual(bits(want[i]!));
    } finally {
      await tortured.dispose?.();
    }
  });
});
