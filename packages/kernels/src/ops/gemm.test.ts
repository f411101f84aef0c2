import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { assertClose, putF32, randomArray, readF32, reductionTolerance, referenceOf, wasmBackends } from '../testing.ts';
import { unary } from './elementwise.ts';
import { type Activation, gemm, gemmBatched, gemmWorkspaceFloats } from './gemm.ts';
import { ACTIVATIONS as ACTIVATION_NAMES } from './op-codes.ts';

const backends = await wasmBackends();
const SIZES = [1, 3, 4, 5, 7, 8, 15, 16, 17, 63, 64, 65];
const ACTIVATIONS: readonly Activation[] = ACTIVATION_NAMES; // every activation of the op table

interface Case {
  m: number; n: number; k: number;
  transA?: boolean; transB?: boolean;
  /** Extra elements per row beyond the row length. */
  padA?: number; padB?: number; padC?: number;
  /** Element offset of each operand from its 16-byte-aligned block. */
  offset?: number;
  alpha?: number; beta?: number; bias?: boolean;
  activation?: Activation;
  batch?: number; broadcastA?: boolean; broadcastB?: boolean;
  seed?: number;
}

/** Counts gemm_f32 calls made through a backend. */
function counting(backend: Backend): { backend: Backend; calls: () => number } {
  let calls = 0;
  const kernels = { ...backend.kernels, gemm_f32: (...args: Parameters<Backend['kernels']['gemm_f32']>) => {
    calls++;
    return backend.kernels.gemm_f32(...args);
  } };
  return { backend: { ...backend, kernels }, calls: () => calls };
}

/** Runs one case on `backend` and on the reference over the same inputs; compares the two C's. */
function check(backend: Backend, t: Case): void {
  const { m, n, k } = t;
  const transA = t.transA ?? false, transB = t.transB ?? false;
  const lda = (transA ? m : k) + (t.padA ?? 0);
  const ldb = (transB ? k : n) + (t.padB ?? 0);
  const ldc = n + (t.padC ?? 0);
  const batch = t.batch ?? 1;
  const sizeA = (transA ? k : m) * lda, sizeB = (transB ? n : k) * ldb, sizeC = m * ldc;
  const strideA = t.broadcastA ? 0 : sizeA, strideB = t.broadcastB ? 0 : sizeB, strideC = sizeC;
  const seed = t.seed ?? m * 1000003 + n * 1009 + k;
  const offset = t.offset ?? 0;
  const beta = t.beta ?? 0;
  const cInit = randomArray(sizeC * batch, seed + 3);
  if (beta === 0) cInit.fill(NaN); // beta = 0 must ignore C entirely
  const a = putF32(backend, randomArray(t.broadcastA ? sizeA : sizeA * batch, seed + 1), offset);
  const b = putF32(backend, randomArray(t.broadcastB ? sizeB : sizeB * batch, seed + 2), offset);
  const bias = t.bias ? putF32(backend, randomArray(n, seed + 4, -2, 2), offset) : undefined;
  const cGot = putF32(backend, cInit, offset);
  const cWant = putF32(backend, cInit, offset);
  const common = {
    m, n, k, a, b, transA, transB, lda, ldb, ldc, alpha: t.alpha ?? 1, beta, bias,
    activation: t.activation ?? 'none', activationAlpha: 0.1, batch, strideA, strideB, strideC,
  };
  gemmBatched(backend, { ...common, c: cGot });
  gemmBatched(referenceOf(backend), { ...common, c: cWant });
  const label = `${backend.variant} ${JSON.stringify(t)}`;
  const got = readF32(backend, cGot, sizeC * batch), want = readF32(backend, cWant, sizeC * batch);
  // Padding columns of C (j >= n) must be left alone; compare only the m x n parts.
  for (let i = 0; i < sizeC * batch; i++) if (i % ldc >= n) expect(got[i], `${label} padding`).toBe(cInit[i]);
  assertClose(got, want, reductionTolerance(k), label);
  for (const p of [a, b, cGot, cWant, ...(bias === undefined ? [] : [bias])]) backend.heap.free(p - offset * 4);
}

const TRANSPOSES = [[false, false], [true, false], [false, true], [true, true]] as const;

describe.each(backends.map((b) => [b.variant, b] as const))('gemm (%s)', (_, backend) => {
  it('computes a hand-checked product in every layout (A [[1,2,3],[4,5,6]], B [[1,0],[0,1],[1,1]])', () => {
    const want = [4, 5, 10, 11];
    const layouts = [
      { transA: false, transB: false, a: [1, 2, 3, 4, 5, 6], b: [1, 0, 0, 1, 1, 1] },
      { transA: true, transB: false, a: [1, 4, 2, 5, 3, 6], b: [1, 0, 0, 1, 1, 1] },
      { transA: false, transB: true, a: [1, 2, 3, 4, 5, 6], b: [1, 0, 1, 0, 1, 1] },
      { transA: true, transB: true, a: [1, 4, 2, 5, 3, 6], b: [1, 0, 1, 0, 1, 1] },
    ];
    for (const impl of [backend, referenceOf(backend)]) {
      for (const l of layouts) {
        const a = putF32(backend, l.a), b = putF32(backend, l.b);
        const c = gemm(impl, { m: 2, n: 2, k: 3, a, b, transA: l.transA, transB: l.transB });
        expect(Array.from(readF32(backend, c, 4)), `${impl.variant} ${JSON.stringify(l)}`).toEqual(want);
        for (const ptr of [a, b, c]) backend.heap.free(ptr);
      }
    }
  });

  it('matches the reference over the awkward sizes (transposes rotate through the grid)', () => {
    let i = 0;
    for (const m of SIZES) {
      for (const n of SIZES) {
        for (const k of [1, 5, 16, 17, 64, 65]) {
          const [transA, transB] = TRANSPOSES[i++ % 4]!;
          check(backend, { m, n, k, transA, transB });
        }
      }
    }
  });

  it('runs all four transpose combinations at larger sizes, with padded leading dimensions', () => {
    for (const [transA, transB] of TRANSPOSES) {
      check(backend, { m: 129, n: 257, k: 65, transA, transB });
      check(backend, { m: 67, n: 37, k: 300, transA, transB, padA: 3, padB: 5, padC: 2 });
      check(backend, { m: 3, n: 300, k: 129, transA, transB, padA: 1, padB: 2, padC: 7 });
    }
  });

  it('packs transposed A and untransposed B panels in groups, with whole and partial panels left over', () => {
    // m = 53: two groups of 4 six-row panels or three of 4 four-row panels, then a whole and a partial
    // panel; n = 59: three pairs of 8-column panels, one more and a partial one; lda a multiple of 16.
    for (const [transA, transB] of TRANSPOSES) check(backend, { m: 53, n: 59, k: 70, transA, transB, padA: 11, padB: 5 });
    check(backend, { m: 48, n: 64, k: 300, transA: true, padA: 16, padB: 0 });
  });

  it('packs a transposed B of several K blocks whole rows at a time, in column chunks (one row block of A)', () => {
    // m <= 144, k > 256, transB: A packed once for every K block, B in chunks of 136 / 120 / 144 columns
    // (workspace-bound), the last chunk partial or one column; ldb a multiple of 16; prime k.
    check(backend, { m: 33, n: 300, k: 517, transB: true, padB: 11, alpha: 0.5, beta: -1.25, bias: true, activation: 'gelu' });
    check(backend, { m: 9, n: 601, k: 1031, transA: true, transB: true, padA: 7 });
    check(backend, { m: 128, n: 513, k: 600, transB: true, bias: true });
  });

  it('crosses every block boundary (m > 144, n > 512, k > 256) with alpha, beta, bias and an activation', () => {
    // Each pair of loops crosses its blocks: (ic, pc) and (jc, pc); all three at once would cost 36M reference products.
    check(backend, { m: 146, n: 19, k: 258, alpha: 0.5, beta: -1.25, bias: true, activation: 'tanh' });
    check(backend, { m: 9, n: 963, k: 260, alpha: 0.5, beta: -1.25, bias: true, activation: 'tanh' });
    check(backend, { m: 150, n: 21, k: 300, transA: true, transB: true, bias: true, activation: 'relu' });
    check(backend, { m: 6, n: 970, k: 270, transA: true, transB: true, bias: true, activation: 'relu' });
    check(backend, { m: 9, n: 20, k: 785, beta: 1, bias: true, activation: 'sigmoid' }); // 4 K blocks of 197 and 194
  });

  it('handles 1xN, Nx1, tall-skinny, wide-short and mat-vec shapes', () => {
    for (const [transA, transB] of TRANSPOSES) {
      check(backend, { m: 1, n: 1029, k: 33, transA, transB });
      check(backend, { m: 812, n: 1, k: 17, transA, transB });
      check(backend, { m: 1, n: 1, k: 1029, transA, transB });
      check(backend, { m: 1000, n: 3, k: 9, transA, transB });
      check(backend, { m: 2, n: 700, k: 40, transA, transB, padC: 3 });
      check(backend, { m: 1, n: 257, k: 515, transA, transB, padA: 2, padB: 1 });
      check(backend, { m: 7, n: 259, k: 300, transA, transB, padB: 3 }); // 5-8 rows with a large B: few-rows path
    }
  });

  it('reads unaligned operands and honours alpha and beta (beta = 0 ignores NaN in C)', () => {
    for (const offset of [1, 2, 3]) {
      for (const [m, n, k] of [[4, 8, 16], [5, 9, 17], [17, 13, 33], [3, 17, 5]] as const) {
        for (const [alpha, beta] of [[1.5, 0], [-0.5, 0.75], [1, 1], [0, 2]] as const) {
          check(backend, { m, n, k, offset, alpha, beta, transB: offset === 2, transA: offset === 3 });
        }
      }
    }
  });

  it('fuses every epilogue (bias, activation) on both the packed and the few-rows paths', () => {
    for (const activation of ACTIVATIONS) {
      for (const bias of [false, true]) {
        check(backend, { m: 33, n: 21, k: 300, activation, bias, beta: 0.5 });
        check(backend, { m: 3, n: 19, k: 17, activation, bias, transB: true });
        check(backend, { m: 4, n: 70, k: 9, activation, bias, padC: 1 });
        check(backend, { m: 8, n: 260, k: 260, activation, bias, beta: -1, transA: bias });
        check(backend, { m: 9, n: 13, k: 7, activation, bias, transA: true, offset: 1 });
      }
    }
  });

  it('gives the same bits as GEMM followed by the elementwise activation', () => {
    const m = 9, n = 23, k = 31;
    const a = putF32(backend, randomArray(m * k, 5, -3, 3));
    const b = putF32(backend, randomArray(k * n, 6, -3, 3));
    for (const activation of ACTIVATIONS.slice(1)) {
      const fused = readF32(backend, gemm(backend, { m, n, k, a, b, activation, activationAlpha: 0.2 }), m * n);
      const plain = gemm(backend, { m, n, k, a, b });
      const op = activation as Exclude<Activation, 'none'>;
      const separate = readF32(backend, unary(backend, op, plain, m * n, { alpha: 0.2 }), m * n);
      expect(Array.from(fused), activation).toEqual(Array.from(separate));
    }
  });

  it('batches with strides, broadcasting A or B with stride 0', () => {
    for (const [transA, transB] of TRANSPOSES) {
      check(backend, { m: 5, n: 7, k: 9, batch: 3, transA, transB, broadcastA: true });
      check(backend, { m: 20, n: 17, k: 33, batch: 4, transA, transB, broadcastB: true, bias: true, activation: 'gelu' });
      check(backend, { m: 2, n: 30, k: 12, batch: 2, transA, transB, beta: 0.5, padC: 2 });
    }
  });

  it('makes no call when m, n, k or batch is 0, and gives act(beta C + bias) for k = 0', () => {
    const counted = counting(backend);
    const a = putF32(backend, randomArray(64, 1)), b = putF32(backend, randomArray(64, 2));
    for (const [m, n] of [[0, 5], [5, 0], [0, 0]] as const) {
      const c = gemm(counted.backend, { m, n, k: 4, a, b });
      expect(backend.heap.isLive(c)).toBe(true);
    }
    gemmBatched(counted.backend, { m: 3, n: 3, k: 3, a, b, batch: 0, strideA: 9, strideB: 9, strideC: 9 });
    const m = 3, n = 5;
    const cInit = randomArray(m * (n + 1), 3);
    const biasData = randomArray(n, 4);
    const c = putF32(backend, cInit), bias = putF32(backend, biasData);
    gemm(counted.backend, { m, n, k: 0, a, b, c, ldc: n + 1, beta: 0.5, bias, activation: 'relu' });
    const got = readF32(backend, c, m * (n + 1));
    for (let i = 0; i < m; i++) {
      for (let j = 0; j <= n; j++) {
        const at = i * (n + 1) + j;
        const want = j === n ? cInit[at]! : Math.max(0, Math.fround(Math.fround(0.5 * cInit[at]!) + biasData[j]!));
        expect(got[at]).toBeCloseTo(want, 6);
      }
    }
    const zeros = readF32(backend, gemm(counted.backend, { m: 2, n: 3, k: 0, a, b }), 6);
    expect(Array.from(zeros)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(counted.calls()).toBe(0);
    gemm(counted.backend, { m: 2, n: 3, k: 1, a, b });
    expect(counted.calls()).toBe(1);
  });

  it('stays inside the workspace that gemmWorkspaceFloats sizes (sentinel after it)', () => {
    const shapes = [[1, 4096, 3], [4, 9, 2049], [8, 300, 300], [9, 17, 5], [150, 970, 40], [13, 8, 700], [145, 7, 1]] as const;
    for (const [m, n, k] of shapes) {
      for (const [transA, transB] of TRANSPOSES) {
        const floats = gemmWorkspaceFloats(m, n, k);
        const work = backend.heap.alloc(floats * 4 + 64);
        const a = putF32(backend, randomArray(m * k, 1)), b = putF32(backend, randomArray(k * n, 2));
        const c = backend.heap.alloc(m * n * 4);
        backend.heap.f32(work + floats * 4, 16).fill(12345);
        backend.kernels.gemm_f32(1, transA ? 1 : 0, transB ? 1 : 0, m, n, k, 1, a, transA ? m : k, 0, b, transB ? k : n, 0,
          0, c, n, 0, 0, -1, 0, work);
        expect(Array.from(backend.heap.f32(work + floats * 4, 16)), `${m}x${n}x${k} ${transA} ${transB}`).toEqual(new Array(16).fill(12345));
        for (const p of [work, a, b, c]) backend.heap.free(p);
      }
    }
  });

  it('rejects bad leading dimensions, strides, ranges and options with a ShapeError naming the argument', () => {
    const a = putF32(backend, randomArray(12, 1)), b = putF32(backend, randomArray(12, 2));
    const c = putF32(backend, new Float32Array(16));
    const far = 0x7ff00000; // beyond any heap this test makes
    const cases: [() => unknown, RegExp][] = [
      [() => gemm(backend, { m: 3, n: 3, k: 4, a, b, lda: 3 }), /lda = 3 is smaller than the row length 4/],
      [() => gemm(backend, { m: 3, n: 3, k: 4, a, b, transA: true, lda: 2 }), /lda = 2 is smaller than the row length 3/],
      [() => gemm(backend, { m: 3, n: 3, k: 4, a, b, ldb: 2 }), /ldb = 2/],
      [() => gemm(backend, { m: 3, n: 3, k: 3, a, b, ldc: 2 }), /ldc = 2/],
      [() => gemm(backend, { m: 3, n: 3, k: 4, a: far, b }), /gemm: a \(m x k.*outside the heap/],
      [() => gemm(backend, { m: 3, n: 3, k: 4, a, b: 0 }), /gemm: b \(k x n.*outside the heap/],
      [() => gemm(backend, { m: 3, n: 3, k: 3, a, b, bias: far }), /bias \(n = 3 values\).*outside the heap/],
      [() => gemm(backend, { m: 3, n: 3, k: 3, a, b, c: far }), /c \(m x n.*outside the heap/],
      [() => gemm(backend, { m: 3, n: 3, k: 3, a, b, c: a + 2 }), /not aligned/],
      [() => gemm(backend, { m: 1.5, n: 3, k: 3, a, b }), /gemm: m must be a non-negative integer/],
      [() => gemm(backend, { m: 3, n: 3, k: -1, a, b }), /gemm: k must be a non-negative integer/],
      [() => gemm(backend, { m: 2, n: 2, k: 2, a, b, beta: 1 }), /beta = 1 reads C, but no c was given/],
      [() => gemm(backend, { m: 2, n: 2, k: 2, a, b, c: a }), /c overlaps a/],
      [() => gemm(backend, { m: 2, n: 2, k: 2, a, b, activation: 'swish' as Activation }), /activation 'swish'/],
      [() => gemm(backend, { m: 2, n: 2, k: 2, a, b, activation: 'constructor' as Activation }), /activation 'constructor'/],
      [() => gemmBatched(backend, { m: 2, n: 2, k: 2, a, b, batch: 2, strideA: 0, strideB: 0, strideC: 3 }), /strideC = 3 makes the 2 outputs overlap/],
      [() => gemmBatched(backend, { m: 2, n: 2, k: 2, a, b, batch: 4, strideA: 1 << 28, strideB: 0, c, strideC: 4 }), /a \(m x k.*4 problem/],
      [() => gemmBatched(backend, { m: 2, n: 2, k: 2, a, b, batch: 2, strideA: -4, strideB: 0, strideC: 4 }), /strideA must be a non-negative integer/],
    ];
    for (const [fn, message] of cases) {
      expect(fn).toThrow(ShapeError);
      expect(fn).toThrow(message);
    }
  });
});
