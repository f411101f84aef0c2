import { describe, expect, it } from 'vitest';
import { ShapeError } from '../errors.ts';
import { createReferenceBackend } from '../loader.ts';
import { assertClose, putF32, randomArray, readF32, reductionTolerance, referenceOf, testRandom, wasmBackends } from '../testing.ts';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward, type Pool2dParams, pool2dOutputShape } from './pool.ts';

const backends = await wasmBackends();

// N 1-3, H/W including 1 and odd sizes, C 1/3/4/5/8/17; windows with and without overlap,
// windows that reach into the padding, asymmetric kernels and strides.
const CASES: Pool2dParams[] = [
  { xShape: [1, 1, 1, 1], kernel: [1, 1] },
  { xShape: [2, 8, 8, 4], kernel: [2, 2] },
  { xShape: [1, 7, 9, 3], kernel: [3, 3], stride: [1, 1], padding: [1, 1] },
  { xShape: [3, 9, 7, 5], kernel: [3, 3], stride: [2, 2], padding: [1, 1] },
  { xShape: [1, 6, 11, 17], kernel: [2, 3], stride: [1, 2], padding: [1, 1] },
  { xShape: [2, 1, 9, 8], kernel: [2, 2], stride: [1, 1], padding: [1, 0] },
  { xShape: [1, 13, 13, 1], kernel: [3, 3], stride: [3, 3] },
  { xShape: [2, 28, 28, 16], kernel: [2, 2] },
  // The 2x2 stride-2 path (C a multiple of 4): odd sizes (the last row and column left out), C 4 and 12.
  { xShape: [2, 7, 9, 4], kernel: [2, 2] },
  { xShape: [3, 11, 5, 12], kernel: [2, 2] },
  { xShape: [1, 5, 4, 9], kernel: [4, 4], stride: [1, 1], padding: [2, 2] },
];

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const label = (p: Pool2dParams) => `x ${p.xShape.join('x')} k ${p.kernel.join('x')} s ${p.stride ?? p.kernel} p ${p.padding ?? [0, 0]}`;

/** Values from {-1, 0, 1, 2}: every window has ties. */
function tiedArray(n: number, seed: number): Float32Array {
  const next = testRandom(seed);
  return Float32Array.from({ length: n }, () => Math.floor(next() * 4) - 1);
}

describe.each(backends.map((b) => [b.variant, b] as const))('pooling (%s)', (_, backend) => {
  const ref = referenceOf(backend);
  const read = (ptr: number, n: number) => readF32(backend, ptr, n);
  const readI32 = (ptr: number, n: number) => Array.from(backend.heap.i32(ptr, n));

  CASES.forEach((p, ci) => {
    it(`max pool forward (first maximum on ties) and backward: ${label(p)}`, () => {
      const [n, oh, ow, c] = pool2dOutputShape(p);
      const count = n * oh * ow * c;
      const offset = ci % 2;
      for (const data of [tiedArray(size(p.xShape), ci), randomArray(size(p.xShape), 100 + ci)]) {
        const x = putF32(backend, data, offset);
        const got = maxPool2d(backend, x, p);
        const want = maxPool2d(ref, x, p);
        expect(got.shape).toEqual([n, oh, ow, c]);
        expect(Array.from(read(got.ptr, count))).toEqual(Array.from(read(want.ptr, count)));
        expect(readI32(got.argmax, count)).toEqual(readI32(want.argmax, count));
        const dy = putF32(backend, randomArray(count, 200 + ci), offset);
        const dxGot = maxPool2dBackward(backend, dy, got.argmax, p);
        const dxWant = maxPool2dBackward(ref, dy, want.argmax, p);
        const k = p.kernel[0] * p.kernel[1];
        assertClose(read(dxGot, size(p.xShape)), read(dxWant, size(p.xShape)), reductionTolerance(k), `max backward ${label(p)}`);
        for (const ptr of [got.ptr, got.argmax, want.ptr, want.argmax, dxGot, dxWant]) backend.heap.free(ptr);
        for (const ptr of [x, dy]) backend.heap.free(ptr - offset * 4);
      }
    });

    for (const countIncludePad of [false, true]) {
      it(`avg pool forward and backward (countIncludePad ${countIncludePad}): ${label(p)}`, () => {
        const [n, oh, ow, c] = pool2dOutputShape(p);
        const count = n * oh * ow * c;
        const q = { ...p, countIncludePad };
        const x = putF32(backend, randomArray(size(p.xShape), 300 + ci), 1);
        const tol = reductionTolerance(p.kernel[0] * p.kernel[1]);
        assertClose(read(avgPool2d(backend, x, q).ptr, count), read(avgPool2d(ref, x, q).ptr, count), tol, `avg ${label(p)}`);
        const dy = putF32(backend, randomArray(count, 400 + ci));
        const xCount = size(p.xShape);
        assertClose(read(avgPool2dBackward(backend, dy, q), xCount), read(avgPool2dBackward(ref, dy, q), xCount), tol, `avg backward ${label(p)}`);
      });
    }
  });

  it('sends the whole gradient of a tied window to its first maximum only', () => {
    const p: Pool2dParams = { xShape: [1, 2, 2, 1], kernel: [2, 2] };
    const x = putF32(backend, [3, 3, 3, 3]);
    const { argmax } = maxPool2d(backend, x, p);
    expect(readI32(argmax, 1)).toEqual([0]);
    expect(Array.from(read(maxPool2dBackward(backend, putF32(backend, [5]), argmax, p), 4))).toEqual([5, 0, 0, 0]);
  });

  it('propagates NaN (the first NaN wins) and picks the first of all -Inf', () => {
    const p: Pool2dParams = { xShape: [1, 2, 2, 5], kernel: [2, 2] };
    const data = new Float32Array(20).fill(-Infinity);
    data[5 + 1] = NaN; // pixel 1, channel 1
    data[15 + 1] = NaN; // pixel 3, channel 1
    data[10 + 4] = 7; // pixel 2, channel 4 (scalar tail lane)
    data[15 + 4] = NaN;
    const got = maxPool2d(backend, putF32(backend, data), p);
    const y = read(got.ptr, 5);
    expect([y[0], y[1], y[2], y[3]]).toEqual([-Infinity, NaN, -Infinity, -Infinity]);
    expect(Number.isNaN(y[4])).toBe(true);
    expect(readI32(got.argmax, 5)).toEqual([0, 6, 2, 3, 19]);
  });

  it('propagates NaN and picks the first of all -Inf on the 2x2 stride-2 path (C = 8)', () => {
    const p: Pool2dParams = { xShape: [1, 2, 2, 8], kernel: [2, 2] };
    const data = new Float32Array(32).fill(-Infinity);
    data[8 + 1] = NaN; // pixel 1, channel 1
    data[24 + 1] = NaN; // pixel 3, channel 1
    data[16 + 4] = 7; // pixel 2, channel 4
    data[24 + 4] = NaN; // pixel 3, channel 4: NaN after a number
    data[8 + 5] = 3; data[16 + 5] = 3; // a tie: pixel 1 wins
    data[24 + 6] = -1; // only the last pixel is finite
    const got = maxPool2d(backend, putF32(backend, data), p);
    const y = read(got.ptr, 8);
    expect([y[0], y[2], y[3], y[5], y[6], y[7]]).toEqual([-Infinity, -Infinity, -Infinity, 3, -1, -Infinity]);
    expect(Number.isNaN(y[1]) && Number.isNaN(y[4])).toBe(true);
    expect(readI32(got.argmax, 8)).toEqual([0, 9, 2, 3, 28, 13, 30, 7]);
  });

  it('averages only the pixels inside the image unless countIncludePad', () => {
    const p: Pool2dParams = { xShape: [1, 2, 2, 1], kernel: [2, 2], stride: [1, 1], padding: [1, 1] };
    const x = putF32(backend, [1, 2, 3, 4]);
    expect(Array.from(read(avgPool2d(backend, x, p).ptr, 9))).toEqual([1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4]);
    expect(Array.from(read(avgPool2d(backend, x, { ...p, countIncludePad: true }).ptr, 9))).toEqual([0.25, 0.75, 0.5, 1, 2.5, 1.5, 0.75, 1.75, 1]);
  });
});

describe('pooling shape errors', () => {
  const backend = createReferenceBackend();
  const x = backend.heap.alloc(4 * 100);
  it('rejects bad kernels, strides, padding and output sizes, naming the argument', () => {
    expect(() => pool2dOutputShape({ xShape: [1, 2, 2, 1], kernel: [3, 3] })).toThrow(/output size .* <= 0/);
    expect(() => maxPool2d(backend, x, { xShape: [1, 4, 4, 1], kernel: [0, 2] })).toThrow(/kernel\[0\]/);
    expect(() => avgPool2d(backend, x, { xShape: [1, 4, 4, 1], kernel: [2, 2], stride: [2, 0] })).toThrow(/stride\[1\]/);
    expect(() => avgPool2d(backend, x, { xShape: [1, 4, 4, 1], kernel: [2, 2], padding: [2, 0] })).toThrow(/at most half the kernel/);
    expect(() => maxPool2d(backend, x, { xShape: [1, 4, 4], kernel: [2, 2] } as unknown as Pool2dParams)).toThrow(ShapeError);
    expect(() => maxPool2d(backend, x, { xShape: [1, 40, 40, 1], kernel: [2, 2] })).toThrow(/maxPool2d: x/);
    expect(() => avgPool2d(backend, x, { xShape: [1, 4, 4, 1], kernel: [2, 2], out: x + 16 })).toThrow(/avgPool2d: out .* overlaps x/);
    expect(() => maxPool2d(backend, x, { xShape: [1, 4, 4, 1], kernel: [2, 2], out: x + 60 })).toThrow(/overlaps x/);
  });
  it('rejects an argmax that points outside the input', () => {
    const p: Pool2dParams = { xShape: [1, 2, 2, 1], kernel: [2, 2] };
    const argmax = backend.heap.alloc(4);
    backend.heap.i32(argmax, 1)[0] = 4;
    expect(() => maxPool2dBackward(backend, x, argmax, p)).toThrow(/argmax\[0\] = 4/);
  });
  it('handles an empty batch without a kernel call', () => {
    const p: Pool2dParams = { xShape: [0, 4, 4, 3], kernel: [2, 2] };
    expect(maxPool2d(backend, x, p).shape).toEqual([0, 2, 2, 3]);
    expect(avgPool2d(backend, x, p).shape).toEqual([0, 2, 2, 3]);
  });
});

describe.each(backends.map((b) => [b.variant, b] as const))('first_index_outside_i32 (%s)', (_, backend) => {
  const ref = referenceOf(backend);
  // Sizes covering the 16-index SIMD body, its tails and several iterations; an unaligned start.
  const SIZES = [0, 1, 3, 4, 5, 7, 8, 15, 16, 17, 63, 64, 65, 812, 1029];
  const first = (b: typeof backend, ptr: number, n: number, limit: number) => b.kernels.first_index_outside_i32(ptr, n, limit);
  it('finds the first index outside [0, limit) as the reference does, at every position and in no position', () => {
    for (const n of SIZES) {
      for (const offset of [0, 4]) {
        const limit = 1000;
        const base = Int32Array.from({ length: n }, (_, i) => (i * 37) % limit);
        const cases: [number, number][] = [[-1, 0]];
        for (const at of new Set([0, n >> 1, n - 1].filter((i) => i >= 0 && i < n))) {
          for (const value of [-1, limit, 2 ** 31 - 1, -(2 ** 31)]) cases.push([at, value]);
        }
        for (const [at, value] of cases) {
          const data = base.slice();
          if (at >= 0) data[at] = value;
          if (at >= 0 && at + 5 < n) data[at + 5] = -7; // a later bad index must not win
          for (const b of [backend, ref]) {
            const block = b.heap.alloc(n * 4 + 16);
            b.heap.i32(block + offset, n).set(data);
            expect(first(b, block + offset, n, limit), `n ${n} offset ${offset} at ${at} value ${value}`).toBe(at);
            b.heap.free(block);
          }
        }
      }
    }
  });
  it('takes limit 0 as "every index is outside" and counts no elements as none outside', () => {
    const p = backend.heap.alloc(16);
    backend.heap.i32(p, 4).set([0, 1, 2, 3]);
    expect(first(backend, p, 4, 0)).toBe(0);
    expect(first(backend, p, 0, 0)).toBe(-1);
    expect(first(backend, p, 4, 4)).toBe(-1);
    expect(first(backend, p, 4, 3)).toBe(3);
    backend.heap.free(p);
  });
  it('makes maxPool2dBackward name the first bad argmax in a large gradient', () => {
    const p: Pool2dParams = { xShape: [2, 28, 28, 16], kernel: [2, 2] };
    const x = putF32(backend, randomArray(2 * 28 * 28 * 16, 5));
    const pooled = maxPool2d(backend, x, p);
    const count = 2 * 14 * 14 * 16;
    const dy = putF32(backend, randomArray(count, 6));
    const idx = backend.heap.i32(pooled.argmax, count);
    idx[4001] = 2 * 28 * 28 * 16;
    idx[5000] = -3;
    expect(() => maxPool2dBackward(backend, dy, pooled.argmax, p)).toThrow(/argmax\[4001\] = 25088 is outside the input's 25088 elements/);
    [x, pooled.ptr, pooled.argmax, dy].forEach((q) => backend.heap.free(q));
  });
});
