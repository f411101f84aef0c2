// reduce_f64, arg_reduce_f64, reduce_i32 and arg_reduce_i32 (raw exports) against the
// dtype-generic references, on both layouts (last axis and strided axis).
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { AWKWARD_SIZES, assertClose, referenceOf, wasmBackends } from '../testing.ts';
import { type DType, freeTyped, putTyped, randomTyped, readTyped } from './dtype-testing.ts';

const backends = await wasmBackends();
const OPS = { sum: 0, mean: 1, max: 2, min: 3, prod: 4, sumSquares: 5, logSumExp: 6 } as const;
const I32_OPS = ['sum', 'max', 'min', 'prod', 'sumSquares'] as const;

/** [outer, axis, inner] layouts: every awkward axis length as a last axis, and strided axes. */
const LAYOUTS: [number, number, number][] = [
  ...AWKWARD_SIZES.filter((n) => n > 0).map((n) => [2, n, 1] as [number, number, number]),
  [3, 5, 2], [2, 7, 3], [1, 17, 8], [2, 4, 16], [2, 3, 17], [1, 65, 35], [2, 9, 65], [1, 1, 1029],
];

describe.each(backends.map((b) => [b.variant, b] as const))('reductions f64 and i32 (%s)', (_, backend) => {
  const ref = referenceOf(backend);

  function run(dtype: DType, op: number, [outer, axis, inner]: [number, number, number], data: ArrayLike<number>, offset: number, arg: boolean): [ArrayLike<number>, ArrayLike<number>] {
    const x = putTyped(backend, dtype, data, offset);
    const outType: DType = arg ? 'i32' : dtype;
    const got = putTyped(backend, outType, new Float64Array(outer * inner), offset), want = putTyped(backend, outType, new Float64Array(outer * inner), offset);
    const name = `${arg ? 'arg_reduce' : 'reduce'}_${dtype}` as 'reduce_f64';
    (backend.kernels[name] as Backend['kernels']['reduce_f64'])(op, outer, axis, inner, x, got);
    (ref.kernels[name] as Backend['kernels']['reduce_f64'])(op, outer, axis, inner, x, want);
    const out: [ArrayLike<number>, ArrayLike<number>] = [readTyped(backend, outType, got, outer * inner), readTyped(backend, outType, want, outer * inner)];
    freeTyped(backend, dtype, x, offset);
    for (const p of [got, want]) freeTyped(backend, outType, p, offset);
    return out;
  }

  it('reduce_f64: every op on both layouts, aligned and not', () => {
    for (const [name, op] of Object.entries(OPS)) {
      for (const layout of LAYOUTS) {
        const n = layout[0] * layout[1] * layout[2];
        // Products of many terms stay finite near 1; the rest use [-3, 3).
        const data = name === 'prod' ? randomTyped('f64', n, n, 0.9, 1.1) : randomTyped('f64', n, n + 1, -3, 3);
        for (const offset of [0, 1]) {
          const [got, want] = run('f64', op, layout, data, offset, false);
          assertClose(got, want, { atol: 1e-15 * Math.sqrt(layout[1]), rtol: 1e-14 }, `${name} ${layout} offset ${offset}`);
        }
      }
    }
  });

  it('reduce_f64: NaN and infinities propagate as the references say', () => {
    const rows = [[1, NaN, 3, 4, 5], [Infinity, 1, 2, 3, 4], [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity], [1e308, 1e308, 1e308, 1, 2]];
    const data = rows.flat();
    for (const [name, op] of Object.entries(OPS)) {
      for (const layout of [[4, 5, 1], [1, 5, 4]] as [number, number, number][]) {
        const x = layout[2] === 1 ? data : Array.from({ length: 20 }, (_, i) => rows[i % 4]![Math.floor(i / 4)]!);
        const [got, want] = run('f64', op, layout, x, 0, false);
        assertClose(got, want, { atol: 0, rtol: 1e-15 }, `${name} special ${layout}`);
      }
    }
  });

  it('arg_reduce_f64 and arg_reduce_i32: the first extreme, ties and NaN', () => {
    for (const dtype of ['f64', 'i32'] as const) {
      for (const layout of LAYOUTS) {
        const n = layout[0] * layout[1] * layout[2];
        // Few distinct values: many ties.
        const data = Array.from(randomTyped('f64', n, n + 5, 0, 4), Math.floor);
        if (dtype === 'f64' && n > 3) data[n >> 1] = NaN;
        for (const op of [0, 1]) {
          const [got, want] = run(dtype, op, layout, data, op, true);
          expect(Array.from(got), `${dtype} ${op} ${layout}`).toEqual(Array.from(want));
        }
      }
    }
  });

  it('reduce_i32: sum, max, min, prod, sum of squares exactly, wrapping at 2^32', () => {
    for (const name of I32_OPS) {
      for (const layout of LAYOUTS) {
        const n = layout[0] * layout[1] * layout[2];
        const data = randomTyped('i32', n, n + 9, name === 'prod' ? -3 : -100000, name === 'prod' ? 4 : 100000);
        for (const offset of [0, 3]) {
          const [got, want] = run('i32', OPS[name], layout, data, offset, false);
          expect(Array.from(got), `${name} ${layout}`).toEqual(Array.from(want));
        }
      }
    }
    const [got] = run('i32', OPS.sum, [1, 3, 1], [2147483647, 1, 1], 0, false);
    expect(got[0]).toBe(-2147483647);
  });

  it('moments_f64: two-pass mean and variance on both layouts; 1e4 + U(0,1) and constant rows exactly', () => {
    for (const layout of [...LAYOUTS, [2, 1000, 1], [1, 300, 3]] as [number, number, number][]) {
      const [outer, axis, inner] = layout;
      const n = outer * axis * inner;
      const data = randomTyped('f64', n, n + 3, 1e4, 1e4 + 1);
      for (const correction of [0, 1]) {
        const x = putTyped(backend, 'f64', data, correction);
        const bufs = [0, 1, 2, 3].map(() => putTyped(backend, 'f64', new Float64Array(outer * inner)));
        backend.kernels.moments_f64(outer, axis, inner, x, bufs[0]!, bufs[1]!, correction);
        ref.kernels.moments_f64(outer, axis, inner, x, bufs[2]!, bufs[3]!, correction);
        const [m, v, mr, vr] = bufs.map((p) => readTyped(backend, 'f64', p, outer * inner));
        // The reference's plain sum of ~1e4 values loses ~1e-13 relative; the kernel sums x - x[0].
        assertClose(m!, mr!, { atol: 0, rtol: 1e-13 }, `mean ${layout}`);
        assertClose(v!, vr!, { atol: 1e-15, rtol: 1e-9 }, `variance ${layout} correction ${correction}`);
        freeTyped(backend, 'f64', x, correction);
        for (const p of bufs) backend.heap.free(p);
      }
    }
    const x = putTyped(backend, 'f64', new Float64Array(6).fill(0.1)), m = putTyped(backend, 'f64', [0, 0]), v = putTyped(backend, 'f64', [0, 0]);
    backend.kernels.moments_f64(2, 3, 1, x, m, v, 0);
    expect(Array.from(readTyped(backend, 'f64', m, 2))).toEqual([0.1, 0.1]);
    expect(Array.from(readTyped(backend, 'f64', v, 2))).toEqual([0, 0]);
    for (const p of [x, m, v]) backend.heap.free(p);
  });

  it('cumsum_f64 and cumsum_i32: forward and reverse on both layouts, in place too', () => {
    for (const dtype of ['f64', 'i32'] as const) {
      for (const layout of LAYOUTS) {
        const [outer, axis, inner] = layout;
        const n = outer * axis * inner;
        const data = randomTyped(dtype, n, n + 4, -1000, 1000);
        for (const reverse of [0, 1]) {
          const x = putTyped(backend, dtype, data, reverse);
          const got = putTyped(backend, dtype, new Float64Array(n), reverse), want = putTyped(backend, dtype, new Float64Array(n), reverse);
          const name = dtype === 'f64' ? 'cumsum_f64' : 'cumsum_i32';
          backend.kernels[name](outer, axis, inner, x, got, reverse);
          ref.kernels[name](outer, axis, inner, x, want, reverse);
          const w = readTyped(backend, dtype, want, n);
          if (dtype === 'i32') expect(Array.from(readTyped(backend, dtype, got, n))).toEqual(Array.from(w));
          else assertClose(readTyped(backend, dtype, got, n), w, { atol: 1e-12, rtol: 1e-14 }, `cumsum ${layout} reverse ${reverse}`);
          backend.kernels[name](outer, axis, inner, x, x, reverse); // in place: same bits
          expect(Array.from(readTyped(backend, dtype, x, n))).toEqual(Array.from(readTyped(backend, dtype, got, n)));
          for (const p of [x, got, want]) freeTyped(backend, dtype, p, reverse);
        }
      }
    }
  });

  it('squared_norm_f64 and clip_by_value_f64 match the reference at the awkward sizes (NaN stays NaN)', () => {
    for (const n of AWKWARD_SIZES) {
      for (const offset of [0, 1]) {
        const data = Array.from(randomTyped('f64', n, n + 6, -3, 3), (v, i) => (i === 5 ? NaN : v));
        const x = putTyped(backend, 'f64', data, offset), y = putTyped(backend, 'f64', data, offset);
        const got = backend.kernels.squared_norm_f64(n, x), want = ref.kernels.squared_norm_f64(n, x);
        assertClose([got], [want], { atol: 0, rtol: 1e-14 }, `squared norm n=${n}`);
        backend.kernels.clip_by_value_f64(n, x, -1.5, 2);
        ref.kernels.clip_by_value_f64(n, y, -1.5, 2);
        expect(Array.from(readTyped(backend, 'f64', x, n)), `clip n=${n}`).toEqual(Array.from(readTyped(backend, 'f64', y, n)));
        for (const p of [x, y]) freeTyped(backend, 'f64', p, offset);
      }
    }
  });
});
