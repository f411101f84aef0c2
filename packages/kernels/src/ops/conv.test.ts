import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { createReferenceBackend } from '../loader.ts';
import { assertClose, putF32, randomArray, readF32, reductionTolerance, referenceOf, wasmBackends } from '../testing.ts';
import {
  type Conv2dParams, conv2d, conv2dBackwardBias, conv2dBackwardFilter, conv2dBackwardInput, conv2dOutputShape,
} from './conv.ts';
import { ACTIVATIONS as ACTIVATION_NAMES } from './op-codes.ts';

const backends = await wasmBackends();

interface Case {
  x: [number, number, number, number];
  k: [number, number];
  cout: number;
  stride?: [number, number];
  padding?: [number, number];
  dilation?: [number, number];
}

// N 1-3, H/W including 1 and odd sizes, Cin 1/3/4/5/16/17, Cout 1/4/7/8/16/33, kernels 1x1, 3x3,
// 5x5, 2x3, 3x1, strides 1-3, padding 0-2 (also more than the kernel reach), dilation 1-2.
const CASES: Case[] = [
  { x: [1, 1, 1, 1], k: [1, 1], cout: 1 },
  { x: [2, 5, 7, 3], k: [3, 3], cout: 4, padding: [1, 1] },
  { x: [3, 6, 5, 4], k: [2, 3], cout: 7, stride: [2, 2], padding: [1, 1] },
  { x: [1, 9, 9, 5], k: [5, 5], cout: 8, padding: [2, 2] },
  { x: [2, 8, 8, 16], k: [3, 3], cout: 16, padding: [1, 1] },
  { x: [1, 7, 6, 17], k: [3, 3], cout: 33, stride: [2, 2] },
  { x: [2, 10, 9, 1], k: [3, 3], cout: 16 },
  { x: [1, 11, 13, 3], k: [3, 3], cout: 8, stride: [3, 3], padding: [1, 1], dilation: [2, 2] },
  { x: [1, 12, 12, 4], k: [3, 3], cout: 7, padding: [2, 2], dilation: [2, 2] },
  { x: [2, 1, 9, 3], k: [1, 3], cout: 5, padding: [0, 1] },
  { x: [1, 9, 1, 4], k: [3, 1], cout: 4, padding: [1, 0] },
  { x: [3, 4, 4, 16], k: [1, 1], cout: 33 },
  { x: [1, 14, 14, 8], k: [3, 3], cout: 8, padding: [1, 1] },
  { x: [2, 9, 8, 1], k: [5, 5], cout: 4, stride: [2, 2], padding: [2, 2] },
  { x: [1, 3, 3, 2], k: [2, 2], cout: 3, padding: [2, 2] },
  { x: [2, 7, 9, 5], k: [3, 2], cout: 9, stride: [1, 2], padding: [1, 0], dilation: [2, 1] },
  { x: [1, 6, 12, 1], k: [3, 3], cout: 1, stride: [1, 3], padding: [1, 1] },
  { x: [2, 9, 7, 9], k: [3, 3], cout: 5 }, // Cin >= 8 without padding: the input gradient as columns + col2im
  { x: [1, 13, 13, 16], k: [3, 3], cout: 32 }, // the small CNN's second layer
];

const ACTIVATIONS = ACTIVATION_NAMES.filter((a) => a !== 'none'); // every activation of the op table

function paramsOf(c: Case): Conv2dParams {
  return {
    xShape: c.x, wShape: [c.k[0], c.k[1], c.x[3], c.cout],
    ...(c.stride && { stride: c.stride }), ...(c.padding && { padding: c.padding }), ...(c.dilation && { dilation: c.dilation }),
  };
}

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const label = (c: Case) => `x ${c.x.join('x')} k ${c.k.join('x')} cout ${c.cout} s ${c.stride ?? [1, 1]} p ${c.padding ?? [0, 0]} d ${c.dilation ?? [1, 1]}`;

describe.each(backends.map((b) => [b.variant, b] as const))('conv2d (%s)', (_, backend) => {
  const ref = referenceOf(backend);
  const read = (ptr: number, n: number) => readF32(backend, ptr, n);

  CASES.forEach((c, ci) => {
    it(`forward, input and filter gradients match the reference: ${label(c)}`, () => {
      const p = paramsOf(c);
      const [n, oh, ow, cout] = conv2dOutputShape(p);
      const [kh, kw, cin] = p.wShape;
      const offset = ci % 2; // every other case starts x and dy off the 16-byte alignment
      const x = putF32(backend, randomArray(size(p.xShape), 10 + ci), offset);
      const w = putF32(backend, randomArray(size(p.wShape), 20 + ci, -0.5, 0.5));
      const bias = putF32(backend, randomArray(cout, 30 + ci), offset);
      const yCount = n * oh * ow * cout;
      const dy = putF32(backend, randomArray(yCount, 40 + ci), offset);
      const tolK = reductionTolerance(kh * kw * cin);

      const got = conv2d(backend, x, w, p);
      const want = conv2d(ref, x, w, p);
      expect(got.shape).toEqual([n, oh, ow, cout]);
      assertClose(read(got.ptr, yCount), read(want.ptr, yCount), tolK, `forward ${label(c)}`);

      const act = ACTIVATIONS[ci % ACTIVATIONS.length]!;
      const fused = { ...p, bias, activation: act, activationAlpha: 0.1 };
      assertClose(read(conv2d(backend, x, w, fused).ptr, yCount), read(conv2d(ref, x, w, fused).ptr, yCount), tolK, `forward + bias + ${act}`);

      const xCount = size(p.xShape);
      const dxGot = conv2dBackwardInput(backend, dy, w, p);
      const dxWant = conv2dBackwardInput(ref, dy, w, p);
      assertClose(read(dxGot, xCount), read(dxWant, xCount), reductionTolerance(kh * kw * cout), `input gradient ${label(c)}`);

      const wCount = size(p.wShape);
      const dwGot = conv2dBackwardFilter(backend, x, dy, p);
      const dwWant = conv2dBackwardFilter(ref, x, dy, p);
      assertClose(read(dwGot, wCount), read(dwWant, wCount), reductionTolerance(n * oh * ow), `filter gradient ${label(c)}`);

      // accumulate adds to what `out` holds
      const prior = randomArray(wCount, 50 + ci);
      const accGot = putF32(backend, prior);
      const accWant = putF32(backend, prior);
      conv2dBackwardFilter(backend, x, dy, { ...p, out: accGot, accumulate: true });
      conv2dBackwardFilter(ref, x, dy, { ...p, out: accWant, accumulate: true });
      assertClose(read(accGot, wCount), read(accWant, wCount), reductionTolerance(n * oh * ow), `accumulated filter gradient`);

      const dbGot = conv2dBackwardBias(backend, dy, [n, oh, ow, cout]);
      const dbWant = conv2dBackwardBias(ref, dy, [n, oh, ow, cout]);
      assertClose(read(dbGot, cout), read(dbWant, cout), reductionTolerance(n * oh * ow), 'bias gradient');

      for (const ptr of [got.ptr, want.ptr, dxGot, dxWant, dwGot, dwWant, accGot, accWant, dbGot, dbWant, w]) backend.heap.free(ptr);
      for (const ptr of [x, bias, dy]) backend.heap.free(ptr - offset * 4);
    });
  });

  it('writes into `out` and reuses its workspace without leaking blocks', () => {
    const p = paramsOf(CASES[4]!);
    const [n, oh, ow, cout] = conv2dOutputShape(p);
    const x = putF32(backend, randomArray(size(p.xShape), 1));
    const w = putF32(backend, randomArray(size(p.wShape), 2));
    const out = backend.heap.alloc(n * oh * ow * cout * 4);
    conv2d(backend, x, w, { ...p, out });
    const live = backend.heap.stats().liveBlocks;
    for (let i = 0; i < 3; i++) expect(conv2d(backend, x, w, { ...p, out }).ptr).toBe(out);
    expect(backend.heap.stats().liveBlocks).toBe(live);
    const want = conv2d(ref, x, w, p);
    assertClose(read(out, n * oh * ow * cout), read(want.ptr, n * oh * ow * cout), reductionTolerance(144), 'out');
  });

  it('handles empty batches and channels without a kernel call', () => {
    const p: Conv2dParams = { xShape: [0, 5, 5, 3], wShape: [3, 3, 3, 4], padding: [1, 1] };
    expect(conv2d(backend, 0 + backend.heap.base, backend.heap.alloc(3 * 3 * 3 * 4 * 4), p).shape).toEqual([0, 5, 5, 4]);
    // No input channels: every output pixel is act(bias).
    const bias = putF32(backend, [-1, 0.5]);
    const q: Conv2dParams = { xShape: [1, 2, 2, 0], wShape: [1, 1, 0, 2] };
    const y = conv2d(backend, backend.heap.base, backend.heap.base, { ...q, bias, activation: 'relu' });
    expect(Array.from(read(y.ptr, 8))).toEqual([0, 0.5, 0, 0.5, 0, 0.5, 0, 0.5]);
    // No output channels: the input gradient is zero.
    const r: Conv2dParams = { xShape: [1, 2, 2, 3], wShape: [1, 1, 3, 0] };
    const dx = conv2dBackwardInput(backend, backend.heap.base, backend.heap.base, r);
    expect(Array.from(read(dx, 12))).toEqual(new Array(12).fill(0));
    // Empty batch: the filter gradient is zero (or left as is when accumulating).
    const s: Conv2dParams = { xShape: [0, 3, 3, 1], wShape: [2, 2, 1, 1] };
    expect(Array.from(read(conv2dBackwardFilter(backend, backend.heap.base, backend.heap.base, s), 4))).toEqual([0, 0, 0, 0]);
  });
});

describe('conv2d shape errors', () => {
  const backend = createReferenceBackend();
  const x = backend.heap.alloc(4 * 1000);
  const w = backend.heap.alloc(4 * 1000);
  const cases: [string, Conv2dParams, RegExp][] = [
    ['output size <= 0', { xShape: [1, 2, 2, 1], wShape: [3, 3, 1, 1] }, /output size .* <= 0/],
    ['channel mismatch', { xShape: [1, 4, 4, 2], wShape: [3, 3, 3, 1] }, /wShape\[2\].*xShape\[3\]/],
    ['zero stride', { xShape: [1, 4, 4, 1], wShape: [1, 1, 1, 1], stride: [0, 1] }, /stride\[0\]/],
    ['negative padding', { xShape: [1, 4, 4, 1], wShape: [1, 1, 1, 1], padding: [1, -1] }, /padding\[1\]/],
    ['zero dilation', { xShape: [1, 4, 4, 1], wShape: [1, 1, 1, 1], dilation: [1, 0] }, /dilation\[1\]/],
    ['rank 3 input', { xShape: [4, 4, 1] as unknown as Conv2dParams['xShape'], wShape: [1, 1, 1, 1] }, /xShape must be an array of 4/],
    ['fractional size', { xShape: [1, 4.5, 4, 1], wShape: [1, 1, 1, 1] }, /xShape\[1\]/],
  ];
  for (const [what, p, message] of cases) {
    it(`rejects ${what} in every wrapper`, () => {
      expect(() => conv2dOutputShape(p)).toThrow(ShapeError);
      expect(() => conv2d(backend, x, w, p)).toThrow(message);
      expect(() => conv2dBackwardInput(backend, x, w, p)).toThrow(message);
      expect(() => conv2dBackwardFilter(backend, x, w, p)).toThrow(message);
    });
  }
  it('names the pointer that does not hold its tensor', () => {
    const p: Conv2dParams = { xShape: [1, 100, 100, 1], wShape: [3, 3, 1, 1] };
    expect(() => conv2d(backend, x, w, p)).toThrow(/conv2d: x/);
    expect(() => conv2d(backend, x, w, { xShape: [1, 4, 4, 1], wShape: [3, 3, 1, 1], bias: x + 4 * 999 + 4 * 1000 * 5 })).toThrow(/conv2d: bias/);
    expect(() => conv2dBackwardFilter(backend, x, w, { xShape: [1, 4, 4, 1], wShape: [3, 3, 1, 1], accumulate: true })).toThrow(/accumulate needs `out`/);
    expect(() => conv2d(backend, x, w, { xShape: [1, 4, 4, 1], wShape: [3, 3, 1, 1], activation: 'swish' as 'relu' })).toThrow(/activation/);
    expect(() => conv2d(backend, x, w, { xShape: [1, 4, 4, 1], wShape: [3, 3, 1, 1], out: x + 8 })).toThrow(/conv2d: out .* overlaps x/);
    expect(() => conv2dBackwardInput(backend, x, w, { xShape: [1, 4, 4, 1], wShape: [3, 3, 1, 1], out: w })).toThrow(/overlaps w/);
    expect(() => conv2dBackwardFilter(backend, x, w, { xShape: [1, 4, 4, 1], wShape: [3, 3, 1, 1], out: w + 4 })).toThrow(/overlaps dy/);
  });
});

// Central finite differences of a float64 convolution (this file's own naive loop) against the
// reference gradients, on a tiny case with stride, padding and dilation.
describe('conv2d gradients against finite differences', () => {
  const p: Conv2dParams = { xShape: [2, 5, 4, 2], wShape: [2, 3, 2, 3], stride: [2, 1], padding: [1, 2], dilation: [1, 2] };
  const [n, oh, ow, cout] = conv2dOutputShape(p);
  const [, h, wd, cin] = p.xShape;
  const [kh, kw] = p.wShape;
  const conv64 = (xs: Float64Array, ws: Float64Array): Float64Array => {
    const y = new Float64Array(n * oh * ow * cout);
    for (let b = 0; b < n; b++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++)
      for (let a = 0; a < kh; a++) for (let c = 0; c < kw; c++) {
        const r = i * 2 - 1 + a, s = j - 2 + c * 2;
        if (r < 0 || r >= h || s < 0 || s >= wd) continue;
        for (let ci = 0; ci < cin; ci++) for (let co = 0; co < cout; co++) {
          y[((b * oh + i) * ow + j) * cout + co]! += xs[((b * h + r) * wd + s) * cin + ci]! * ws[((a * kw + c) * cin + ci) * cout + co]!;
        }
      }
    return y;
  };
  it('input and filter gradients of sum(y * g) agree with central differences (eps 1e-6)', () => {
    const backend = createReferenceBackend();
    const xs = Float64Array.from(randomArray(size(p.xShape), 7));
    const ws = Float64Array.from(randomArray(size(p.wShape), 8));
    const g = Float64Array.from(randomArray(n * oh * ow * cout, 9));
    const loss = (xv: Float64Array, wv: Float64Array) => conv64(xv, wv).reduce((acc, y, e) => acc + y * g[e]!, 0);
    const x = putF32(backend, xs), w = putF32(backend, ws), dy = putF32(backend, g);
    const dx = readF32(backend, conv2dBackwardInput(backend, dy, w, p), xs.length);
    const dw = readF32(backend, conv2dBackwardFilter(backend, x, dy, p), ws.length);
    const eps = 1e-6;
    const numeric = (v: Float64Array, f: (t: Float64Array) => number) => Array.from(v, (_, e) => {
      const plus = v.slice(), minus = v.slice();
      plus[e]! += eps;
      minus[e]! -= eps;
      return (f(plus) - f(minus)) / (2 * eps);
    });
    // The inputs were rounded to f32 by putF32; use those exact values for the float64 loss.
    const x32 = Float64Array.from(readF32(backend, x, xs.length)), w32 = Float64Array.from(readF32(backend, w, ws.length));
    assertClose(dx, numeric(x32, (t) => loss(t, w32)), { atol: 1e-5, rtol: 1e-3 }, 'dx vs finite differences');
    assertClose(dw, numeric(w32, (t) => loss(x32, t)), { atol: 1e-5, rtol: 1e-3 }, 'dw vs finite differences');
  });
});
