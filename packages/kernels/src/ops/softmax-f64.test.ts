// softmax_f64 and softmax_backward_f64 (raw exports) against the dtype-generic reference.
import { describe, expect, it } from 'vitest';
import { AWKWARD_SIZES, assertClose, referenceOf, wasmBackends } from '../testing.ts';
import { freeTyped, putTyped, randomTyped, readTyped } from './dtype-testing.ts';

const backends = await wasmBackends();
const TOL = { atol: 1e-15, rtol: 1e-13 };

describe.each(backends.map((b) => [b.variant, b] as const))('softmax_f64 (%s)', (_, backend) => {
  const ref = referenceOf(backend);

  function forward(rows: number, cols: number, data: ArrayLike<number>, log: number, offset = 0): [Float64Array, Float64Array] {
    const n = rows * cols;
    const x = putTyped(backend, 'f64', data, offset);
    const got = putTyped(backend, 'f64', new Float64Array(n), offset), want = putTyped(backend, 'f64', new Float64Array(n), offset);
    backend.kernels.softmax_f64(rows, cols, x, got, log);
    ref.kernels.softmax_f64(rows, cols, x, want, log);
    const out: [Float64Array, Float64Array] = [readTyped(backend, 'f64', got, n) as Float64Array, readTyped(backend, 'f64', want, n) as Float64Array];
    for (const p of [x, got, want]) freeTyped(backend, 'f64', p, offset);
    return out;
  }

  it('matches the reference at the awkward row lengths, aligned and not, softmax and log-softmax', () => {
    for (const cols of AWKWARD_SIZES.filter((n) => n > 0)) {
      for (const log of [0, 1]) {
        for (const offset of [0, 1]) {
          const [got, want] = forward(3, cols, randomTyped('f64', 3 * cols, cols, -5, 5), log, offset);
          assertClose(got, want, TOL, `cols ${cols} log ${log} offset ${offset}`);
        }
      }
    }
  });

  it('is finite and exact for logits of +-1e4 and rows of -1e9; NaN and -Inf rows give NaN', () => {
    const rows = [[1e4, -1e4, 0, 1e4], [-1e9, -1e9, -1e9, -1e9], [1, NaN, 2, 3], [-Infinity, -Infinity, -Infinity, -Infinity]];
    for (const log of [0, 1]) {
      const [got, want] = forward(4, 4, rows.flat(), log);
      assertClose(got, want, TOL, `special log ${log}`);
      assertClose(got.subarray(4, 8), new Float64Array(4).fill(log ? -Math.log(4) : 0.25), TOL, `uniform row log ${log}`);
      expect(got.subarray(0, 8).every(Number.isFinite)).toBe(true);
      expect(got.subarray(8).every(Number.isNaN)).toBe(true);
    }
  });

  it('keeps the exponential accurate over its whole range: relative 1e-15 down to subnormal results', () => {
    // A row of 0 (the max) and 401 logits spread over [-745, 0]: the vector exponential against
    // Math.exp(x) / sum (the reference's own rounding path differs from that by a few ulp).
    const cols = 402, data = new Float64Array(cols);
    for (let i = 1; i < cols; i++) data[i] = -745 * (i - 1) / 400 - (i % 7) * 1e-3;
    const [got] = forward(1, cols, data, 0);
    const sum = data.reduce((s, v) => s + Math.exp(v), 0);
    assertClose(got, data.map((v) => Math.exp(v) / sum), { atol: 1e-322, rtol: 1e-15 }, 'softmax over [-745, 0]');
    expect(got[cols - 1]).toBe(0);
    expect(got.slice(0, cols - 1).every((v) => v > 0)).toBe(true);
  });

  it('runs in place (y = x) with the same bits', () => {
    const data = randomTyped('f64', 2 * 17, 9, -3, 3);
    for (const log of [0, 1]) {
      const [want] = forward(2, 17, data, log);
      const x = putTyped(backend, 'f64', data);
      backend.kernels.softmax_f64(2, 17, x, x, log);
      expect(Array.from(readTyped(backend, 'f64', x, 34))).toEqual(Array.from(want));
      backend.heap.free(x);
    }
  });

  it('backward matches the reference from the forward output', () => {
    for (const cols of [1, 2, 3, 5, 16, 17, 65, 1029]) {
      for (const log of [0, 1]) {
        const n = 2 * cols;
        const x = putTyped(backend, 'f64', randomTyped('f64', n, cols + 1, -4, 4));
        const y = putTyped(backend, 'f64', new Float64Array(n));
        backend.kernels.softmax_f64(2, cols, x, y, log);
        const dy = putTyped(backend, 'f64', randomTyped('f64', n, cols + 2));
        const got = putTyped(backend, 'f64', new Float64Array(n)), want = putTyped(backend, 'f64', new Float64Array(n));
        backend.kernels.softmax_backward_f64(2, cols, y, dy, got, log);
        ref.kernels.softmax_backward_f64(2, cols, y, dy, want, log);
        assertClose(readTyped(backend, 'f64', got, n), readTyped(backend, 'f64', want, n), { atol: 1e-15 * Math.sqrt(cols), rtol: 1e-13 }, `cols ${cols} log ${log}`);
        for (const p of [x, y, dy, got, want]) backend.heap.free(p);
      }
    }
  });

  it('softmax_cross_entropy_f64 matches the reference (weights, label smoothing, ignored rows, logits of +-1e4)', () => {
    for (const cols of [1, 2, 3, 5, 16, 17, 65, 1029]) {
      const rows = 4;
      const logits = randomTyped('f64', rows * cols, cols, -4, 4);
      if (cols > 2) logits[cols] = 1e4, logits[cols + 1] = -1e4;
      const z = putTyped(backend, 'f64', logits);
      const labels = putTyped(backend, 'i32', [0, cols - 1, -100, Math.floor(cols / 2)]);
      const w = putTyped(backend, 'f64', randomTyped('f64', cols, cols + 5, 0.5, 2));
      for (const weights of [0, w]) {
        for (const smoothing of [0, 0.1]) {
          const bufs = [rows, rows * cols, rows, rows * cols].map((n) => putTyped(backend, 'f64', new Float64Array(n).fill(NaN)));
          const [lossGot, gradGot, lossWant, gradWant] = bufs as [number, number, number, number];
          backend.kernels.softmax_cross_entropy_f64(rows, cols, z, labels, weights, smoothing, -100, lossGot, gradGot);
          ref.kernels.softmax_cross_entropy_f64(rows, cols, z, labels, weights, smoothing, -100, lossWant, gradWant);
          const label = `cols ${cols} weights ${weights !== 0} smoothing ${smoothing}`;
          const lg = readTyped(backend, 'f64', lossGot, rows);
          assertClose(lg, readTyped(backend, 'f64', lossWant, rows), { atol: 1e-12, rtol: 1e-13 }, `${label} loss`);
          assertClose(readTyped(backend, 'f64', gradGot, rows * cols), readTyped(backend, 'f64', gradWant, rows * cols), { atol: 1e-15, rtol: 1e-12 }, `${label} grad`);
          expect(lg[2]).toBe(0);
          expect(lg.every(Number.isFinite)).toBe(true);
          for (const p of bufs) backend.heap.free(p);
        }
      }
      for (const p of [z, labels, w]) backend.heap.free(p);
    }
  });
});
