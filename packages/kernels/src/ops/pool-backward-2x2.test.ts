import { describe, expect, it } from 'vitest';
import { ShapeError } from '../errors.ts';
import { putF32, randomArray, readF32, wasmBackends } from '../testing.ts';
import { maxPool2d, maxPool2dBackward, type Pool2dParams } from './pool.ts';

const backends = await wasmBackends();

// 2x2 windows at stride 2: odd heights and widths (a row and a column outside every window), C 4 to
// 20, one image and several, sizes larger than the CNN's (26x26x16).
const SHAPES: [number, number, number, number][] = [[1, 2, 2, 4], [1, 3, 3, 4], [2, 7, 9, 8], [3, 5, 2, 12], [1, 2, 7, 20], [2, 26, 26, 16], [1, 31, 29, 32]];

describe.each(backends.map((b) => [b.variant, b] as const))('max pooling backward, 2x2 one-pass path (%s)', (_, backend) => {
  const count = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  /** The scatter export on the same argmax, the pre-existing path, for a bit-for-bit comparison. */
  function scatter(dy: number, argmax: number, n: number, xCount: number): Float32Array {
    const dx = backend.heap.alloc(xCount * 4);
    backend.kernels.max_pool2d_backward_f32(dy, argmax, dx, n, xCount);
    return readF32(backend, dx, xCount);
  }

  it('equals the zero fill and scatter bit for bit, with -0, NaN and Inf gradients and tied windows', () => {
    for (const [n, h, w, c] of SHAPES) {
      const p: Pool2dParams = { xShape: [n, h, w, c], kernel: [2, 2] };
      // Values from {-1, 0, 1}: ties in most windows (the first maximum takes the gradient).
      const x = putF32(backend, Array.from(randomArray(n * h * w * c, h * w + c, 0, 3), (v) => Math.floor(v) - 1));
      const { shape, argmax } = maxPool2d(backend, x, p);
      const k = count(shape);
      const values = Array.from(randomArray(k, k + 1, -2, 2));
      for (let e = 0; e < k; e += 7) values[e] = [-0, Number.NaN, Number.POSITIVE_INFINITY, -0][(e / 7) % 4]!;
      const dy = putF32(backend, values);
      const got = readF32(backend, maxPool2dBackward(backend, dy, argmax, p), n * h * w * c);
      const want = scatter(dy, argmax, k, n * h * w * c);
      expect(got.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) throw new Error(`${p.xShape}: dx[${i}] = ${got[i]}, scatter ${want[i]}`);
    }
  });

  it('an index outside its window (but inside dx) falls back to the scatter; one outside dx is a ShapeError', () => {
    const p: Pool2dParams = { xShape: [1, 4, 4, 4], kernel: [2, 2] };
    const x = putF32(backend, randomArray(64, 3, -1, 1));
    const { argmax } = maxPool2d(backend, x, p);
    const dy = putF32(backend, randomArray(16, 4, 1, 2));
    const idx = backend.heap.i32(argmax, 16);
    idx[5] = 0; // output (0, 1) channel 1 sent to pixel (0, 0) channel 0, another window's
    const want = scatter(dy, argmax, 16, 64);
    expect(Array.from(readF32(backend, maxPool2dBackward(backend, dy, argmax, p), 64))).toEqual(Array.from(want));
    backend.heap.i32(argmax, 16)[5] = 64;
    expect(() => maxPool2dBackward(backend, dy, argmax, p)).toThrow(ShapeError);
  });
});
