import { describe, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { createReferenceBackend } from '../loader.ts';
import {
  AWKWARD_SIZES, assertClose, expectCleanRejection, putF32, randomArray, readF32, reductionTolerance, referenceOf, wasmBackends,
} from '../testing.ts';
import { rmsNorm, rmsNormBackward } from './rms-norm.ts';

const backends = await wasmBackends();

describe.each(backends.map((b) => [b.variant, b] as const))('rmsNorm (%s)', (_, backend: Backend) => {
  const ref = referenceOf(backend);
  it('forward and backward match the reference at awkward sizes, with and without a weight', () => {
    for (const [rows, cols] of [...AWKWARD_SIZES.map((c) => [3, c]), [1, 1], [17, 7], [5, 1029]] as [number, number][]) {
      const n = rows * cols;
      const x = putF32(backend, randomArray(n, n + 1, -3, 3), 1), dy = putF32(backend, randomArray(n, n + 2), 3);
      const weight = putF32(backend, randomArray(cols, cols, 0.5, 1.5), 2);
      for (const opts of [{}, { weight, eps: 1e-5 }]) {
        const label = `rmsNorm ${rows}x${cols} ${'weight' in opts ? 'weighted' : ''}`;
        const tol = { atol: 2 * reductionTolerance(cols).atol, rtol: 2 * reductionTolerance(cols).rtol };
        const got = rmsNorm(backend, x, rows, cols, opts), want = rmsNorm(ref, x, rows, cols, opts);
        assertClose(readF32(backend, got.y, n), readF32(backend, want.y, n), tol, `${label} y`);
        assertClose(readF32(backend, got.rstd, rows), readF32(backend, want.rstd, rows), tol, `${label} rstd`);
        const gb = rmsNormBackward(backend, dy, x, got.rstd, rows, cols, opts), wb = rmsNormBackward(ref, dy, x, got.rstd, rows, cols, opts);
        assertClose(readF32(backend, gb.dx, n), readF32(backend, wb.dx, n), tol, `${label} dx`);
        if (gb.dweight !== undefined) {
          const t = reductionTolerance(rows);
          assertClose(readF32(backend, gb.dweight, cols), readF32(backend, wb.dweight!, cols), { atol: 2 * t.atol, rtol: 2 * t.rtol }, `${label} dw`);
        }
      }
    }
  });
});

describe('rmsNorm misuse', () => {
  it('rejects a short weight or a negative eps before allocating', () => {
    const backend = createReferenceBackend({ initialPages: 2 });
    const x = putF32(backend, new Array(12).fill(1));
    expectCleanRejection(backend, (b) => rmsNorm(b, x, 3, 5), ShapeError, 'x too small');
    expectCleanRejection(backend, (b) => rmsNorm(b, x, 3, 4, { eps: -1 }), Error, 'negative eps');
  });
});
