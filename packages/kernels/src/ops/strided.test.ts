import { describe, expect, it } from 'vitest';
import { ShapeError } from '../errors.ts';
import { AWKWARD_SIZES, assertClose, putF32, randomArray, readF32, referenceOf, SPECIAL_VALUES, wasmBackends } from '../testing.ts';
import { contiguousStrides } from './broadcast.ts';
import { castF32ToI32, castI32ToF32, fillI32, stridedCopy32 } from './strided.ts';

const backends = await wasmBackends();

describe.each(backends.map((b) => [b.variant, b] as const))('strided (%s)', (_, backend) => {
  const ref = referenceOf(backend);

  /** Runs the same copy with both backends into separate outputs; returns both results. */
  function both(shape: number[], src: number, srcSize: number, srcOffset: number, srcStrides: number[], dstSize: number, dstOffset: number, dstStrides: number[]) {
    const outs = [backend, ref].map((b) => {
      const dst = putF32(backend, new Float32Array(dstSize).fill(-7));
      stridedCopy32(b, { shape, src, srcSize, srcOffset, srcStrides, dst, dstSize, dstOffset, dstStrides });
      return readF32(backend, dst, dstSize);
    });
    return outs as [Float32Array, Float32Array];
  }

  it('transposes, slices, expands and flips like the reference at awkward sizes', () => {
    for (const n of AWKWARD_SIZES) {
      const rows = 3, size = rows * n;
      for (const offset of [0, 1]) {
        const src = putF32(backend, randomArray(size, n + 1), offset);
        // transpose [rows, n] -> [n, rows]
        const [t1, t2] = both([n, rows], src, size, 0, [1, n], size, 0, [rows, 1]);
        assertClose(t1, t2, { atol: 0, rtol: 0 }, `transpose n=${n}`);
        // flip the last axis
        const [f1, f2] = both([rows, n], src, size, n - 1 < 0 ? 0 : Math.max(n - 1, 0), [n, -1], size, 0, contiguousStrides([rows, n]));
        if (n > 0) assertClose(f1, f2, { atol: 0, rtol: 0 }, `flip n=${n}`);
        // expand a row: stride 0 on the first axis
        const [e1, e2] = both([4, n], src, size, 0, [0, 1], 4 * n, 0, [n, 1]);
        assertClose(e1, e2, { atol: 0, rtol: 0 }, `expand n=${n}`);
        // a strided slice into the interior of a bigger block (pad/concat pieces)
        const [s1, s2] = both([rows, Math.ceil(n / 2)], src, size, 0, [n, 2], rows * (n + 2), 1, [n + 2, 1]);
        assertClose(s1, s2, { atol: 0, rtol: 0 }, `slice n=${n}`);
      }
    }
  });

  it('copies the exact bits of special values and of i32 data', () => {
    const src = putF32(backend, SPECIAL_VALUES);
    const [a] = both([SPECIAL_VALUES.length], src, SPECIAL_VALUES.length, SPECIAL_VALUES.length - 1, [-1], SPECIAL_VALUES.length, 0, [1]);
    expect(Array.from(a)).toEqual(Array.from(new Float32Array([...SPECIAL_VALUES].reverse())));
  });

  it('rejects reads and writes outside the blocks, naming the argument', () => {
    const src = putF32(backend, new Float32Array(6));
    const dst = putF32(backend, new Float32Array(6));
    expect(() => stridedCopy32(backend, { shape: [2, 3], src, srcSize: 6, srcStrides: [3, 1], dst, dstSize: 6, dstOffset: 1, dstStrides: [3, 1] })).toThrow(/destination offsets reach/);
    expect(() => stridedCopy32(backend, { shape: [2, 3], src, srcSize: 6, srcStrides: [-3, 1], dst, dstSize: 6, dstStrides: [3, 1] })).toThrow(ShapeError);
    expect(() => stridedCopy32(backend, { shape: [2, 3], src, srcSize: 6, srcStrides: [3], dst, dstSize: 6, dstStrides: [3, 1] })).toThrow(/rank/);
    // Empty shapes make no call and need no valid offsets.
    stridedCopy32(backend, { shape: [0, 3], src, srcSize: 6, srcOffset: 100, srcStrides: [3, 1], dst, dstSize: 6, dstStrides: [3, 1] });
  });

  it('casts f32 <-> i32 like the reference (truncation, NaN -> 0, saturation)', () => {
    for (const n of AWKWARD_SIZES) {
      const values = randomArray(n, n + 3, -1e3, 1e3);
      const x = putF32(backend, values);
      const [y1, y2] = [backend, ref].map((b) => {
        const y = backend.heap.alloc(Math.max(n, 1) * 4);
        castF32ToI32(b, x, y, n);
        return backend.heap.i32(y, n).slice();
      });
      expect(Array.from(y1!)).toEqual(Array.from(y2!));
      const [z1, z2] = [backend, ref].map((b) => {
        const z = backend.heap.alloc(Math.max(n, 1) * 4);
        castI32ToF32(b, x, z, n);
        return readF32(backend, z, n);
      });
      assertClose(z1!, z2!, { atol: 0, rtol: 0 }, `i32->f32 n=${n}`);
    }
    const special = putF32(backend, [NaN, Infinity, -Infinity, 3e9, -3e9, -2.7, 2.7, -0]);
    const out = backend.heap.alloc(32);
    castF32ToI32(backend, special, out, 8);
    expect(Array.from(backend.heap.i32(out, 8))).toEqual([0, 2147483647, -2147483648, 2147483647, -2147483648, -2, 2, 0]);
  });

  it('fillI32 fills with any i32, including bit patterns that are NaN as f32', () => {
    for (const n of [0, 1, 5, 17]) {
      const x = backend.heap.alloc(Math.max(n, 1) * 4);
      fillI32(backend, x, n, -1);
      expect(Array.from(backend.heap.i32(x, n))).toEqual(new Array(n).fill(-1));
    }
    expect(() => fillI32(backend, backend.heap.alloc(4), 1, 2 ** 31)).toThrow(/i32 range/);
  });
});
