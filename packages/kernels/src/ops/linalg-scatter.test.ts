// The scatter-matrix kernel against its plain-TypeScript reference: row counts below, at and past
// one panel of 256 rows, column counts below, at and past one GEMM block row of 192, padded row
// strides and operands off a 16-byte boundary; data far from 0; exact symmetry; typed errors.
import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError } from '../errors.ts';
import { assertClose, referenceOf, wasmBackends } from '../testing.ts';
import { freeTyped, putTyped, randomTyped, readTyped } from './dtype-testing.ts';
import { scatterMatrix } from './linalg-scatter.ts';

const backends = await wasmBackends();

describe.each(backends.map((b) => [b.variant, b] as const))('scatterMatrix (%s)', (_, backend) => {
  it('matches the reference (mean and C) across panels and block rows; C exactly symmetric', () => {
    for (const dtype of ['f64', 'f32'] as const) {
      for (const [n, d] of [[1, 1], [3, 17], [7, 3], [256, 128], [257, 129], [300, 192], [301, 193], [600, 300], [40, 1]] as const) {
        const ldx = d + (n % 3), offset = d % 2;
        const x = randomTyped('f64', n * ldx, 31 * n + d);
        const outs = [backend, referenceOf(backend)].map((b) => {
          const ptr = putTyped(b, dtype, x, offset);
          const r = scatterMatrix(b, { dtype: dtype === 'f64' ? 'float64' : 'float32', n, d, x: ptr, ldx });
          const out = [readTyped(b, dtype, r.mean, d), readTyped(b, dtype, r.c, d * d)];
          b.heap.free(r.mean);
          b.heap.free(r.c);
          freeTyped(b, dtype, ptr, offset);
          return out;
        });
        const tol = dtype === 'f64' ? { atol: 1e-12 * Math.sqrt(n), rtol: 1e-12 } : { atol: 1e-5 * Math.sqrt(n), rtol: 1e-4 };
        assertClose(outs[0]![0]!, outs[1]![0]!, tol, `${dtype} mean ${n}x${d}`);
        assertClose(outs[0]![1]!, outs[1]![1]!, tol, `${dtype} C ${n}x${d}`);
        const c = outs[0]![1]!;
        let asymmetric = 0;
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) if (c[i * d + j] !== c[j * d + i]) asymmetric++;
        expect(asymmetric).toBe(0);
      }
    }
  });

  it('centres before the product: 1e4 + U(0, 1) columns keep their variance to 1e-9 relative', () => {
    const n = 1000, d = 5;
    const x = Float64Array.from(randomTyped('f64', n * d, 8, 0, 1), (v) => 1e4 + v);
    const ptr = putTyped(backend, 'f64', x);
    const r = scatterMatrix(backend, { n, d, x: ptr });
    const c = readTyped(backend, 'f64', r.c, d * d);
    for (let j = 0; j < d; j++) {
      let mean = 0, s = 0;
      for (let i = 0; i < n; i++) mean += x[i * d + j]! / n;
      for (let i = 0; i < n; i++) s += (x[i * d + j]! - mean) ** 2;
      expect(Math.abs(c[j * d + j]! - s) / s).toBeLessThan(1e-9);
    }
    backend.heap.free(r.mean);
    backend.heap.free(r.c);
    freeTyped(backend, 'f64', ptr);
  });

  it('n = 0 gives a zero C and NaN means with no kernel call; bad arguments throw typed errors before allocating', () => {
    const x = putTyped(backend, 'f64', randomTyped('f64', 12, 1));
    const empty = scatterMatrix(backend, { n: 0, d: 3, x });
    expect(Array.from(readTyped(backend, 'f64', empty.c, 9))).toEqual(new Array(9).fill(0));
    expect(Array.from(readTyped(backend, 'f64', empty.mean, 3)).every(Number.isNaN)).toBe(true);
    backend.heap.free(empty.c);
    backend.heap.free(empty.mean);
    const before = backend.heap.stats();
    expect(() => scatterMatrix(backend, { n: -1, d: 3, x })).toThrow(ShapeError);
    expect(() => scatterMatrix(backend, { n: 4, d: 3, x, ldx: 2 })).toThrow(ShapeError);
    expect(() => scatterMatrix(backend, { n: 1 << 20, d: 3, x })).toThrow(ShapeError);
    expect(() => scatterMatrix(backend, { n: 4, d: 3, x: x + 4 })).toThrow(ShapeError);
    expect(() => scatterMatrix(backend, { n: 4, d: 3, x, c: x })).toThrow(ShapeError);
    expect(() => scatterMatrix(backend, { n: 4, d: 3, x, mean: x + 8 })).toThrow(ShapeError);
    expect(() => scatterMatrix(backend, { dtype: 'int32' as 'float64', n: 4, d: 3, x })).toThrow(DTypeError);
    expect(backend.heap.stats().liveBlocks).toBe(before.liveBlocks);
    freeTyped(backend, 'f64', x);
  });
});
