// silu, mish and erf beyond the generic elementwise tests: erf against golden values (Python 3.11's
// math.erf), its odd symmetry and limits, in both precisions and in the reference; silu and mish
// fused into the GEMM store equal GEMM then the unary op.
import { describe, expect, it } from 'vitest';
import { erfReference } from '../reference/elementwise.ts';
import { assertClose, putF32, randomArray, readF32, referenceOf, wasmBackends } from '../testing.ts';
import { freeTyped, putTyped, readTyped } from './dtype-testing.ts';
import { unary } from './elementwise.ts';
import { gemm } from './gemm.ts';

const backends = await wasmBackends();
// x, erf(x): Python 3.11 math.erf.
const GOLDEN: [number, number][] = [
  [1e-10, 1.1283791670955126e-10], [0.25, 0.2763263901682369], [0.5, 0.5204998778130465], [1, 0.8427007929497149],
  [1.5, 0.9661051464753108], [2, 0.9953222650189527], [3, 0.9999779095030014], [5, 0.9999999999984626],
  [-0.75, -0.7111556336535151],
];

describe.each(backends.map((b) => [b.variant, b] as const))('silu, mish and erf (%s)', (_, backend) => {
  it('erf matches golden values in float64 (kernel and reference), float32 within its rounding', () => {
    const xs = [...GOLDEN.map(([x]) => x), 0, -0, Infinity, -Infinity, NaN, 30, -30];
    const want = [...GOLDEN.map(([, y]) => y), 0, -0, 1, -1, NaN, 1, -1];
    assertClose(xs.map(erfReference), want, { atol: 0, rtol: 4e-16 }, 'reference erf');
    const x = putTyped(backend, 'f64', xs, 1);
    const y = unary(backend, 'erf', x, xs.length, { dtype: 'float64' });
    assertClose(readTyped(backend, 'f64', y, xs.length), want, { atol: 0, rtol: 4e-16 }, 'erf_f64');
    expect(Object.is(readTyped(backend, 'f64', y, xs.length)[10], -0), 'erf(-0) is -0').toBe(true);
    backend.heap.free(y);
    freeTyped(backend, 'f64', x, 1);
    const x32 = putF32(backend, xs);
    const y32 = unary(backend, 'erf', x32, xs.length);
    assertClose(readF32(backend, y32, xs.length), Float32Array.from(want), { atol: 0, rtol: 0 }, 'erf_f32 is erf rounded once');
    [x32, y32].forEach((p) => backend.heap.free(p));
  });

  it('silu and mish as GEMM epilogues equal the product then the unary op (float32 and float64)', () => {
    const m = 9, n = 13, k = 21;
    for (const activation of ['silu', 'mish'] as const) {
      const a = putF32(backend, randomArray(m * k, 1, -2, 2)), b = putF32(backend, randomArray(k * n, 2, -2, 2));
      const fused = gemm(backend, { m, n, k, a, b, activation });
      const plain = gemm(backend, { m, n, k, a, b });
      const after = unary(backend, activation, plain, m * n);
      expect(readF32(backend, fused, m * n), `${activation} f32`).toEqual(readF32(backend, after, m * n));
      [a, b, fused, plain, after].forEach((p) => backend.heap.free(p));
      const a64 = putTyped(backend, 'f64', randomArray(m * k, 3, -2, 2)), b64 = putTyped(backend, 'f64', randomArray(k * n, 4, -2, 2));
      const fused64 = gemm(backend, { dtype: 'float64', m, n, k, a: a64, b: b64, activation });
      const want64 = gemm(referenceOf(backend), { dtype: 'float64', m, n, k, a: a64, b: b64, activation });
      assertClose(readTyped(backend, 'f64', fused64, m * n), readTyped(backend, 'f64', want64, m * n), { atol: 1e-14, rtol: 1e-13 }, `${activation} f64`);
      [a64, b64, fused64, want64].forEach((p) => backend.heap.free(p));
    }
  });
});
