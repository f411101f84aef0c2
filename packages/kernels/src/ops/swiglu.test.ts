import { describe, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { createReferenceBackend } from '../loader.ts';
import { AWKWARD_SIZES, assertClose, ELEMENTWISE_TOLERANCE, expectCleanRejection, putF32, randomArray, readF32, referenceOf, wasmBackends } from '../testing.ts';
import { swiglu, swigluBackward } from './swiglu.ts';

const backends = await wasmBackends();

describe.each(backends.map((b) => [b.variant, b] as const))('swiglu (%s)', (_, backend: Backend) => {
  const ref = referenceOf(backend);
  it('forward and backward match the reference on the two halves of one block, at awkward sizes', () => {
    for (const cols of AWKWARD_SIZES) {
      const rows = 3, n = rows * cols;
      const x = putF32(backend, randomArray(2 * n, cols + 5, -6, 6), 1), dy = putF32(backend, randomArray(n, cols + 6));
      const p = { rows, cols, a: x, b: x + cols * 4, lda: 2 * cols, ldb: 2 * cols };
      const got = swiglu(backend, p), want = swiglu(ref, p);
      assertClose(readF32(backend, got, n), readF32(backend, want, n), ELEMENTWISE_TOLERANCE, `swiglu ${cols}`);
      const g = putF32(backend, new Array(2 * n).fill(0)), w = putF32(backend, new Array(2 * n).fill(0));
      swigluBackward(backend, p, dy, g, g + cols * 4);
      swigluBackward(ref, p, dy, w, w + cols * 4);
      assertClose(readF32(backend, g, 2 * n), readF32(backend, w, 2 * n), ELEMENTWISE_TOLERANCE, `swiglu backward ${cols}`);
    }
  });
});

describe('swiglu misuse', () => {
  it('rejects a stride below cols and short operands before allocating', () => {
    const backend = createReferenceBackend({ initialPages: 2 });
    const x = putF32(backend, new Array(12).fill(1));
    expectCleanRejection(backend, (b) => swiglu(b, { rows: 2, cols: 4, a: x, b: x, lda: 3 }), ShapeError, 'lda < cols');
    expectCleanRejection(backend, (b) => swiglu(b, { rows: 4, cols: 4, a: x, b: x }), ShapeError, 'a too small');
  });
});
