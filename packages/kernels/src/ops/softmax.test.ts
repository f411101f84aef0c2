import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { logSoftmaxRow } from '../reference/softmax.ts';
import {
  AWKWARD_SIZES, assertClose, putF32, randomArray, readF32, reductionTolerance, referenceOf, testRandom, wasmBackends,
} from '../testing.ts';
import { softmax, softmaxBackward, softmaxCrossEntropy } from './softmax.ts';

const backends = await wasmBackends();

const SHAPES: [number, number][] = [
  ...AWKWARD_SIZES.map((c) => [3, c] as [number, number]),
  ...AWKWARD_SIZES.map((r) => [r, 7] as [number, number]),
  [2, 50257],
];

/** Central differences in float64 of f at x (a plain array), step h. */
function numericGradient(f: (x: number[]) => number, x: number[], h = 1e-6): number[] {
  return x.map((_, i) => {
    const p = x.slice(), m = x.slice();
    p[i]! += h; m[i]! -= h;
    return (f(p) - f(m)) / (2 * h);
  });
}

function putLabels(backend: Backend, labels: number[]): number {
  const p = backend.heap.alloc(Math.max(labels.length, 1) * 4);
  backend.heap.i32(p, labels.length).set(labels);
  return p;
}

describe.each(backends.map((b) => [b.variant, b] as const))('softmax family (%s)', (_, backend: Backend) => {
  const ref = referenceOf(backend);

  for (const log of [false, true]) {
    const name = log ? 'logSoftmax' : 'softmax';
    it(`${name} matches the reference at awkward shapes and an unaligned start`, () => {
      for (const [rows, cols] of SHAPES) {
        const n = rows * cols;
        for (const offset of [0, 1]) {
          const x = putF32(backend, randomArray(n, n + offset, -8, 8), offset);
          const got = softmax(backend, x, rows, cols, { log });
          const want = softmax(ref, x, rows, cols, { log });
          assertClose(readF32(backend, got, n), readF32(backend, want, n), reductionTolerance(cols), `${name} ${rows}x${cols}`);
          backend.heap.free(got); backend.heap.free(want); backend.heap.free(x - offset * 4);
        }
      }
    });

    it(`${name} in place (out = x) equals the out-of-place result bit for bit, NaN rows included`, () => {
      // Each row's finishing pass also takes the next row's max: in place, that row is still unread.
      for (const [rows, cols] of [[5, 1], [4, 15], [7, 16], [6, 33], [3, 1029]] as const) {
        const data = randomArray(rows * cols, rows * cols, -8, 8);
        data[cols + (cols >> 1)] = NaN; // row 1
        const x = putF32(backend, data), y = softmax(backend, x, rows, cols, { log });
        const want = readF32(backend, y, rows * cols);
        softmax(backend, x, rows, cols, { log, out: x });
        expect(new Uint32Array(readF32(backend, x, rows * cols).buffer)).toEqual(new Uint32Array(want.buffer));
        expect(want.slice(cols, 2 * cols).every(Number.isNaN)).toBe(true);
        expect(want.slice(2 * cols).every(Number.isFinite)).toBe(true);
        backend.heap.free(x); backend.heap.free(y);
      }
    });

    it(`${name} is stable for logits up to +-1e4 and rows of -1e9`, () => {
      const cols = 37;
      const rows = [
        Array.from(randomArray(cols, 1, -1e4, 1e4)),
        new Array(cols).fill(-1e9),
        Array.from({ length: cols }, (_, i) => (i === 5 ? 1e4 : -1e4)),
        Array.from(randomArray(cols, 2, 9990, 1e4)),
      ];
      const x = putF32(backend, rows.flat());
      const got = readF32(backend, softmax(backend, x, rows.length, cols, { log }), rows.length * cols);
      const want = readF32(backend, softmax(ref, x, rows.length, cols, { log }), rows.length * cols);
      expect(got.every(Number.isFinite)).toBe(true);
      assertClose(got, want, reductionTolerance(cols), `${name} extreme logits`);
      if (!log) expect(got[cols]).toBeCloseTo(1 / cols, 6);
    });

    it(`${name}: a NaN or an all -Inf row gives a NaN row, other rows are untouched`, () => {
      const data = [1, 2, NaN, 4, 5, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, 0, 1, 2, 3, 4];
      const x = putF32(backend, data);
      const got = readF32(backend, softmax(backend, x, 3, 5, { log }), 15);
      const want = readF32(backend, softmax(ref, x, 3, 5, { log }), 15);
      assertClose(got, want, reductionTolerance(5), `${name} special rows`);
      expect(got.slice(0, 10).every(Number.isNaN)).toBe(true);
    });

    it(`${name} backward matches the reference and float64 finite differences`, () => {
      for (const [rows, cols] of SHAPES.filter(([r, c]) => r * c <= 20000)) {
        const n = rows * cols;
        const x = putF32(backend, randomArray(n, n + 3, -4, 4));
        const y = softmax(backend, x, rows, cols, { log });
        const dy = putF32(backend, randomArray(n, n + 4), 1);
        const got = softmaxBackward(backend, y, dy, rows, cols, { log });
        const want = softmaxBackward(ref, y, dy, rows, cols, { log });
        assertClose(readF32(backend, got, n), readF32(backend, want, n), reductionTolerance(cols), `${name}' ${rows}x${cols}`);
      }
      // Finite differences of sum(g * f(x)) on one small row, f the float64 reference.
      const xs = Array.from(randomArray(6, 9, -2, 2)), gs = Array.from(randomArray(6, 10));
      const f = (v: number[]) => logSoftmaxRow(v).reduce((s, lp, i) => s + gs[i]! * (log ? lp : Math.exp(lp)), 0);
      const x = putF32(backend, xs);
      const y = softmax(backend, x, 1, 6, { log });
      const dx = readF32(backend, softmaxBackward(backend, y, putF32(backend, gs), 1, 6, { log }), 6);
      assertClose(dx, numericGradient(f, xs), { atol: 1e-4, rtol: 1e-3 }, `${name}' vs finite differences`);
    });
  }

  it('softmaxCrossEntropy matches the reference (weights, smoothing, ignoreIndex) at awkward shapes', () => {
    for (const [rows, cols] of SHAPES.filter(([, c]) => c > 0)) {
      const n = rows * cols;
      const next = testRandom(rows * 31 + cols);
      const labels = Array.from({ length: rows }, (_, r) => (r % 4 === 3 ? -100 : Math.floor(next() * cols)));
      const lp = putLabels(backend, labels);
      const z = putF32(backend, randomArray(n, n + 5, -6, 6), 1);
      const w = putF32(backend, randomArray(cols, cols, 0.2, 2), 3);
      for (const opts of [{}, { labelSmoothing: 0.1 }, { weights: w }, { weights: w, labelSmoothing: 0.25 }]) {
        const o = { ...opts, ignoreIndex: -100 };
        const got = softmaxCrossEntropy(backend, z, lp, rows, cols, o);
        const want = softmaxCrossEntropy(ref, z, lp, rows, cols, o);
        const label = `CE ${rows}x${cols} ${JSON.stringify(Object.keys(opts))}`;
        assertClose(readF32(backend, got.losses, rows), readF32(backend, want.losses, rows), reductionTolerance(cols), `${label} losses`);
        assertClose(readF32(backend, got.grad, n), readF32(backend, want.grad, n), reductionTolerance(cols), `${label} grad`);
      }
    }
  });

  it('softmaxCrossEntropy is stable for logits up to +-1e4 and rows of -1e9, and ignored rows are zero', () => {
    const cols = 29;
    const data = [
      ...Array.from(randomArray(cols, 3, -1e4, 1e4)),
      ...new Array(cols).fill(-1e9),
      ...Array.from({ length: cols }, (_, i) => (i === 2 ? 1e4 : -1e4)),
      ...Array.from(randomArray(cols, 4, -1e4, 1e4)),
    ];
    const z = putF32(backend, data);
    const lp = putLabels(backend, [4, 0, 7, 3]);
    for (const opts of [{ labelSmoothing: 0.1 }, { ignoreIndex: 3 }]) {
      const got = softmaxCrossEntropy(backend, z, lp, 4, cols, opts);
      const want = softmaxCrossEntropy(ref, z, lp, 4, cols, opts);
      const losses = readF32(backend, got.losses, 4), grad = readF32(backend, got.grad, 4 * cols);
      expect(losses.every(Number.isFinite) && grad.every(Number.isFinite)).toBe(true);
      assertClose(losses, readF32(backend, want.losses, 4), reductionTolerance(cols), 'CE extreme losses');
      assertClose(grad, readF32(backend, want.grad, 4 * cols), reductionTolerance(cols), 'CE extreme grad');
    }
    const ignored = softmaxCrossEntropy(backend, z, lp, 4, cols, { ignoreIndex: 3 });
    expect(readF32(backend, ignored.losses, 4)[3]).toBe(0);
    expect(readF32(backend, ignored.grad + 3 * cols * 4, cols).every((v) => v === 0)).toBe(true);
    expect(readF32(backend, ignored.losses, 4)[1]).toBeCloseTo(Math.log(cols), 4);
  });

  it('softmaxCrossEntropy gradient matches float64 finite differences of the loss', () => {
    const cols = 5;
    const zs = Array.from(randomArray(cols, 21, -2, 2)), ws = Array.from(randomArray(cols, 22, 0.5, 1.5));
    const label = 3, e = 0.2;
    const loss = (v: number[]) => {
      const lp = logSoftmaxRow(v);
      return -(1 - e) * ws[label]! * lp[label]! - (e / cols) * lp.reduce((s, l, c) => s + ws[c]! * l, 0);
    };
    const z = putF32(backend, zs);
    const { losses, grad } = softmaxCrossEntropy(backend, z, putLabels(backend, [label]), 1, cols, { weights: putF32(backend, ws), labelSmoothing: e });
    expect(readF32(backend, losses, 1)[0]).toBeCloseTo(loss(zs), 5);
    assertClose(readF32(backend, grad, cols), numericGradient(loss, zs), { atol: 1e-4, rtol: 1e-3 }, 'CE grad vs finite differences');
  });

  it('rejects bad arguments with a ShapeError naming them', () => {
    const z = putF32(backend, new Float32Array(12));
    expect(() => softmax(backend, z, 1 << 28, 4)).toThrow(/softmax: x/); // past the end of any heap
    expect(() => softmax(backend, z, -3, 4)).toThrow(/softmax: rows/);
    expect(() => softmaxBackward(backend, z, z, 1 << 28, 4, { log: true })).toThrow(/logSoftmaxBackward: y/);
    const lp = putLabels(backend, [0, 4, 1]);
    expect(() => softmaxCrossEntropy(backend, z, lp, 3, 4)).toThrow(/labels\[1\] is 4, expected a class in \[0, 4\)/);
    expect(() => softmaxCrossEntropy(backend, z, lp, 3, 4, { labelSmoothing: 1.5 })).toThrow(/labelSmoothing/);
    const ok = putLabels(backend, [0, 3, 1]);
    expect(() => softmaxCrossEntropy(backend, z, ok, 3, 4, { weights: z + 2 })).toThrow(/softmaxCrossEntropy: weights/);
    expect(() => softmaxCrossEntropy(backend, z, lp, 3, 0)).toThrow(ShapeError);
    expect(() => softmaxCrossEntropy(backend, z, ok, 3, 4, { grad: z })).toThrow(/grad overlaps logits/);
    expect(readF32(backend, softmax(backend, z, 0, 4), 0).length).toBe(0);
  });
});
