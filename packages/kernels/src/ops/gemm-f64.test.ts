// gemm_f64 and pairwise_sqdist_f32 / _f64 (raw exports) against the dtype-generic references.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { assertClose, referenceOf, reductionTolerance, type Tolerance, wasmBackends } from '../testing.ts';
import { freeTyped, gemmF64WorkspaceDoubles, pairwiseWorkspaceBytes, putTyped, randomTyped, readTyped } from './dtype-testing.ts';
import { UnaryOp } from './op-codes.ts';
import { ACTIVATIONS as ACTIVATION_NAMES } from './op-codes.ts';

const backends = await wasmBackends();
const SIZES = [1, 3, 4, 5, 7, 8, 15, 16, 17, 63, 64, 65];
const ACTIVATIONS = ACTIVATION_NAMES.map((a) => (a === 'none' ? -1 : UnaryOp[a])); // every activation of the op table
const TRANSPOSES = [[false, false], [true, false], [false, true], [true, true]] as const;

/** Float64 against the float64 reference: only the order of the k products differs. */
const f64Tolerance = (k: number): Tolerance => ({ atol: 1e-14 * Math.sqrt(Math.max(k, 1)), rtol: 1e-12 });

interface Case {
  m: number; n: number; k: number;
  transA?: boolean; transB?: boolean;
  padA?: number; padB?: number; padC?: number;
  offset?: number;
  alpha?: number; beta?: number; bias?: boolean; act?: number;
  batch?: number; broadcastA?: boolean; broadcastB?: boolean;
}

function check(backend: Backend, t: Case): void {
  const { m, n, k } = t;
  const transA = t.transA ?? false, transB = t.transB ?? false;
  const lda = (transA ? m : k) + (t.padA ?? 0), ldb = (transB ? k : n) + (t.padB ?? 0), ldc = n + (t.padC ?? 0);
  const batch = t.batch ?? 1;
  const sizeA = (transA ? k : m) * lda, sizeB = (transB ? n : k) * ldb, sizeC = m * ldc;
  const strideA = t.broadcastA ? 0 : sizeA, strideB = t.broadcastB ? 0 : sizeB;
  const seed = m * 1000003 + n * 1009 + k;
  const offset = t.offset ?? 0, beta = t.beta ?? 0, alpha = t.alpha ?? 1;
  const cInit = randomTyped('f64', sizeC * batch, seed + 3);
  if (beta === 0) cInit.fill(NaN);
  const a = putTyped(backend, 'f64', randomTyped('f64', t.broadcastA ? sizeA : sizeA * batch, seed + 1), offset);
  const b = putTyped(backend, 'f64', randomTyped('f64', t.broadcastB ? sizeB : sizeB * batch, seed + 2), offset);
  const bias = t.bias ? putTyped(backend, 'f64', randomTyped('f64', n, seed + 4, -2, 2), offset) : 0;
  const cGot = putTyped(backend, 'f64', cInit, offset), cWant = putTyped(backend, 'f64', cInit, offset);
  const work = backend.heap.alloc(gemmF64WorkspaceDoubles(m, n, k) * 8);
  const run = (impl: Backend, c: number) => impl.kernels.gemm_f64(batch, transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha,
    a, lda, strideA, b, ldb, strideB, beta, c, ldc, sizeC, bias, t.act ?? -1, 0.1, work);
  run(backend, cGot);
  run(referenceOf(backend), cWant);
  const label = `${backend.variant} ${JSON.stringify(t)}`;
  const got = readTyped(backend, 'f64', cGot, sizeC * batch), want = readTyped(backend, 'f64', cWant, sizeC * batch);
  for (let i = 0; i < sizeC * batch; i++) if (i % ldc >= n) expect(Object.is(got[i], cInit[i]), `${label} padding`).toBe(true);
  assertClose(got, want, f64Tolerance(k), label);
  for (const p of [a, b, cGot, cWant, ...(bias ? [bias] : [])]) freeTyped(backend, 'f64', p, offset);
  backend.heap.free(work);
}

describe.each(backends.map((b) => [b.variant, b] as const))('gemm_f64 (%s)', (_, backend) => {
  it('computes a hand-checked product in every layout, exactly', () => {
    const layouts = [
      { transA: 0, transB: 0, a: [1, 2, 3, 4, 5, 6], b: [1, 0, 0, 1, 1, 1] },
      { transA: 1, transB: 0, a: [1, 4, 2, 5, 3, 6], b: [1, 0, 0, 1, 1, 1] },
      { transA: 0, transB: 1, a: [1, 2, 3, 4, 5, 6], b: [1, 0, 1, 0, 1, 1] },
      { transA: 1, transB: 1, a: [1, 4, 2, 5, 3, 6], b: [1, 0, 1, 0, 1, 1] },
    ];
    const work = backend.heap.alloc(gemmF64WorkspaceDoubles(2, 2, 3) * 8);
    for (const l of layouts) {
      const a = putTyped(backend, 'f64', l.a), b = putTyped(backend, 'f64', l.b), c = putTyped(backend, 'f64', [0, 0, 0, 0]);
      backend.kernels.gemm_f64(1, l.transA, l.transB, 2, 2, 3, 1, a, l.transA ? 2 : 3, 0, b, l.transB ? 3 : 2, 0, 0, c, 2, 0, 0, -1, 0, work);
      expect(Array.from(readTyped(backend, 'f64', c, 4)), JSON.stringify(l)).toEqual([4, 5, 10, 11]);
      for (const p of [a, b, c]) backend.heap.free(p);
    }
    backend.heap.free(work);
  });

  it('keeps float64 precision (products that float32 would round)', () => {
    // (1 + 2^-40) * (1 - 2^-40) = 1 - 2^-80: exactly 1 in float64, the 2^-40 terms survive a sum.
    const e = 2 ** -40;
    const a = putTyped(backend, 'f64', [1 + e, 1]), b = putTyped(backend, 'f64', [1, -1]), c = putTyped(backend, 'f64', [0]);
    const work = backend.heap.alloc(gemmF64WorkspaceDoubles(1, 1, 2) * 8);
    backend.kernels.gemm_f64(1, 0, 0, 1, 1, 2, 1, a, 2, 0, b, 1, 0, 0, c, 1, 0, 0, -1, 0, work);
    expect(readTyped(backend, 'f64', c, 1)[0]).toBe(e);
    for (const p of [a, b, c, work]) backend.heap.free(p);
  });

  it('matches the reference over the awkward sizes (transposes rotate through the grid)', () => {
    let i = 0;
    for (const m of SIZES) {
      for (const n of SIZES) {
        for (const k of [1, 5, 16, 17, 65]) {
          const [transA, transB] = TRANSPOSES[i++ % 4]!;
          check(backend, { m, n, k, transA, transB });
        }
      }
    }
  });

  it('runs every transpose form across block boundaries (m > 96, n > 512, k > 256) with padded strides', () => {
    for (const [transA, transB] of TRANSPOSES) {
      check(backend, { m: 99, n: 37, k: 300, transA, transB, padA: 3, padB: 5, padC: 2, alpha: 0.5, beta: -1.25, bias: true, act: UnaryOp.tanh });
      check(backend, { m: 7, n: 517, k: 33, transA, transB, padC: 1 });
      check(backend, { m: 13, n: 9, k: 515, transA, transB, beta: 1 }); // 3 K blocks of 172, 172, 171
    }
  });

  it('handles 1xN, Nx1, tall-skinny and wide-short shapes and unaligned operands', () => {
    for (const [transA, transB] of TRANSPOSES) {
      check(backend, { m: 1, n: 1029, k: 17, transA, transB });
      check(backend, { m: 812, n: 1, k: 17, transA, transB });
      check(backend, { m: 1, n: 1, k: 1029, transA, transB });
      check(backend, { m: 300, n: 3, k: 9, transA, transB, offset: 1 });
      check(backend, { m: 2, n: 300, k: 40, transA, transB, offset: 1, padA: 1, padB: 1 });
      check(backend, { m: 3, n: 1030, k: 9, transA, transB, beta: 0.5, bias: true, act: UnaryOp.sigmoid, padC: 1 }); // few rows, 2 column chunks
      check(backend, { m: 4, n: 5, k: 2, transA, transB, offset: 1 });
    }
  });

  it('fuses alpha, beta, bias and every activation (beta = 0 ignores NaN in C)', () => {
    for (const act of ACTIVATIONS) {
      for (const bias of [false, true]) {
        check(backend, { m: 13, n: 11, k: 20, act, bias, beta: 0.5, alpha: -1.5 });
        check(backend, { m: 5, n: 6, k: 7, act, bias, transA: true, offset: 1 });
      }
    }
  });

  it('stays inside the workspace that gemmF64WorkspaceDoubles sizes (sentinel after it)', () => {
    for (const [m, n, k, transA, transB] of [[1, 3000, 300, 0, 0], [4, 70, 1029, 1, 1], [5, 600, 300, 0, 1], [200, 7, 600, 1, 0], [3, 5, 0, 0, 0]] as const) {
      const words = gemmF64WorkspaceDoubles(m, n, k);
      const work = backend.heap.alloc(words * 8 + 64);
      backend.heap.f64(work + words * 8, 8).fill(-123.5);
      const a = putTyped(backend, 'f64', randomTyped('f64', m * k, 1)), b = putTyped(backend, 'f64', randomTyped('f64', k * n, 2));
      const c = putTyped(backend, 'f64', new Float64Array(m * n));
      backend.kernels.gemm_f64(1, transA, transB, m, n, k, 1, a, transA ? m : k, 0, b, transB ? k : n, 0, 0, c, n, 0, 0, -1, 0, work);
      expect(Array.from(backend.heap.f64(work + words * 8, 8)), `${m}x${n}x${k}`).toEqual(new Array(8).fill(-123.5));
      for (const p of [a, b, c, work]) backend.heap.free(p);
    }
  });

  it('batches with strides, broadcasting A or B with stride 0, and gives act(beta C + bias) for k = 0', () => {
    for (const [transA, transB] of TRANSPOSES) {
      check(backend, { m: 5, n: 7, k: 9, batch: 3, transA, transB, broadcastA: true });
      check(backend, { m: 20, n: 17, k: 33, batch: 3, transA, transB, broadcastB: true, bias: true, act: UnaryOp.gelu });
    }
    check(backend, { m: 3, n: 5, k: 0, beta: 0.5, bias: true, act: UnaryOp.relu, padC: 1 });
    check(backend, { m: 3, n: 5, k: 0 });
  });
});

describe.each(backends.map((b) => [b.variant, b] as const))('pairwise_sqdist (%s)', (_, backend) => {
  function checkPairwise(dtype: 'f32' | 'f64', m: number, n: number, d: number, pad = 0, offset = 0): void {
    const ldx = d + pad, ldy = d + 2 * pad, ldo = n + pad;
    const seed = m * 7919 + n * 31 + d;
    const x = putTyped(backend, dtype, randomTyped(dtype, m * ldx, seed), offset);
    const y = putTyped(backend, dtype, randomTyped(dtype, n * ldy, seed + 1), offset);
    const init = new Float64Array(m * ldo).fill(-7);
    const got = putTyped(backend, dtype, init, offset), want = putTyped(backend, dtype, init, offset);
    const work = backend.heap.alloc(pairwiseWorkspaceBytes(dtype, m, n, d));
    const name = dtype === 'f32' ? 'pairwise_sqdist_f32' : 'pairwise_sqdist_f64';
    backend.kernels[name](m, n, d, x, ldx, y, ldy, got, ldo, work);
    referenceOf(backend).kernels[name](m, n, d, x, ldx, y, ldy, want, ldo, work);
    const g = readTyped(backend, dtype, got, m * ldo), w = readTyped(backend, dtype, want, m * ldo);
    const label = `${backend.variant} ${dtype} ${m}x${n}x${d} pad ${pad} offset ${offset}`;
    // The GEMM form loses about eps (|x|^2 + |y|^2) <= eps * 2d to cancellation.
    const eps = dtype === 'f32' ? 2 ** -23 : 2 ** -52;
    const tol = dtype === 'f32' ? reductionTolerance(d) : f64Tolerance(d);
    assertClose(g, w, { atol: tol.atol + 8 * eps * 2 * d, rtol: tol.rtol }, label);
    for (let i = 0; i < g.length; i++) {
      if (i % ldo >= n) expect(g[i], `${label} padding`).toBe(-7);
      else expect(g[i]! >= 0, `${label} clamped`).toBe(true);
    }
    for (const p of [x, y, got, want]) freeTyped(backend, dtype, p, offset);
    backend.heap.free(work);
  }

  it.each(['f32', 'f64'] as const)('matches the direct sum of squared differences (%s)', (dtype) => {
    for (const m of [1, 3, 4, 5, 8, 17]) {
      for (const n of [1, 3, 4, 7, 16, 65]) {
        for (const d of [0, 1, 3, 4, 17, 64]) checkPairwise(dtype, m, n, d);
      }
    }
    checkPairwise(dtype, 150, 31, 300, 3, 1);
    checkPairwise(dtype, 2, 1029, 5, 1, 1);
    checkPairwise(dtype, 812, 3, 7);
  });

  it.each(['f32', 'f64'] as const)('gives exactly 0 between identical rows, never a negative (%s)', (dtype) => {
    const d = 33;
    const rows = randomTyped(dtype, 4 * d, 11, -100, 100);
    const x = putTyped(backend, dtype, rows), out = putTyped(backend, dtype, new Float64Array(16));
    const work = backend.heap.alloc(pairwiseWorkspaceBytes(dtype, 4, 4, d));
    backend.kernels[dtype === 'f32' ? 'pairwise_sqdist_f32' : 'pairwise_sqdist_f64'](4, 4, d, x, d, x, d, out, 4, work);
    const g = readTyped(backend, dtype, out, 16);
    const scale = d * 1e4 * (dtype === 'f32' ? 2 ** -23 : 2 ** -52);
    for (let i = 0; i < 4; i++) {
      expect(g[i * 4 + i]! >= 0 && g[i * 4 + i]! <= 8 * scale, `diagonal ${i}`).toBe(true);
    }
    for (const v of g) expect(v >= 0).toBe(true);
    for (const p of [x, out, work]) backend.heap.free(p);
  });
});
