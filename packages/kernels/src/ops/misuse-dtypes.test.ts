// Misuse of the dtype option: an unknown dtype, or an op its dtype's kernel lacks (int32 division,
// powers, means, log-sum-exp, gradients; families without an int32 or float64 export), throws
// DTypeError naming the op and the dtype before any check, allocation or kernel call; and float64
// calls reject every bad size and every pointer that is not 8-byte aligned.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { DTypeError } from '../errors.ts';
import { expectCleanRejection } from '../testing.ts';
import type { KernelDType } from './dtype.ts';
import { axpby, binary, binaryScalar, copy, fill, unary, unaryBackward } from './elementwise.ts';
import { gemm, gemmBatched } from './gemm.ts';
import { blocks, misuseBackend, rejectsEveryBadArgument } from './misuse-testing.ts';
import { pairwiseSquaredDistances } from './pairwise.ts';
import { argReduce, clipByValue, cumsum, moments, reduce, squaredNorm } from './reduce.ts';
import { softmax, softmaxBackward, softmaxCrossEntropy } from './softmax.ts';

const backend = await misuseBackend();
// 24 words: 12 doubles or 24 floats each.
const [x, y, dy, out, labels] = blocks(backend, 24, 24, 24, 24, 4) as [number, number, number, number, number];
backend.heap.i32(labels, 4).fill(0);

describe('misuse of the dtype option', () => {
  it('an op its dtype lacks throws DTypeError naming op and dtype, before anything runs', () => {
    const i32 = { dtype: 'int32' as const };
    const cases: [string, RegExp, (b: Backend) => unknown][] = [
      ['unary exp int32', /unary exp has no int32 kernel/, (b) => unary(b, 'exp', x, 4, { ...i32, out })],
      ['unary sqrt int32', /unary sqrt has no int32/, (b) => unary(b, 'sqrt', x, 4, i32)],
      ['unaryBackward int32', /unaryBackward relu has no int32/, (b) => unaryBackward(b, 'relu', x, y, dy, 4, { ...i32, out })],
      ['binary div int32', /binary div has no int32/, (b) => binary(b, 'div', x, [4], y, [4], { ...i32, out })],
      ['binary pow int32 broadcast', /binary pow has no int32/, (b) => binary(b, 'pow', x, [2, 2], y, [1, 2], i32)],
      ['binaryScalar div int32', /binaryScalar div has no int32/, (b) => binaryScalar(b, 'div', x, 4, 2, { ...i32, out })],
      ['axpby int32', /axpby has no int32/, (b) => axpby(b, 1, x, 1, y, 4, i32)],
      ['reduce mean int32', /reduce mean has no int32/, (b) => reduce(b, 'mean', x, 1, 4, 1, { ...i32, out })],
      ['reduce logSumExp int32', /reduce logSumExp has no int32/, (b) => reduce(b, 'logSumExp', x, 1, 4, 1, i32)],
      ['moments int32', /moments has no int32/, (b) => moments(b, x, 1, 4, 1, i32)],
      ['squaredNorm int32', /squaredNorm has no int32/, (b) => squaredNorm(b, x, 4, i32)],
      ['clipByValue int32', /clipByValue has no int32/, (b) => clipByValue(b, x, 4, 0, 1, i32)],
      ['softmax int32', /softmax has no int32/, (b) => softmax(b, x, 2, 2, i32)],
      ['logSoftmax int32', /logSoftmax has no int32/, (b) => softmax(b, x, 2, 2, { ...i32, log: true })],
      ['softmaxBackward int32', /softmaxBackward has no int32/, (b) => softmaxBackward(b, x, y, 2, 2, i32)],
      ['softmaxCrossEntropy int32', /softmaxCrossEntropy has no int32/, (b) => softmaxCrossEntropy(b, x, labels, 2, 2, { dtype: 'int32' as 'float32' })],
      ['gemm int32', /gemm has no int32/, (b) => gemm(b, { dtype: 'int32' as 'float32', m: 2, n: 2, k: 2, a: x, b: y })],
      ['gemmBatched int32', /gemmBatched has no int32/, (b) => gemmBatched(b, { dtype: 'int32' as 'float32', m: 2, n: 2, k: 2, a: x, b: y, batch: 2, strideA: 4, strideB: 4, strideC: 4 })],
      ['pairwise int32', /pairwiseSquaredDistances has no int32/, (b) => pairwiseSquaredDistances(b, { dtype: 'int32' as 'float32', m: 2, n: 2, d: 2, x, y })],
    ];
    for (const [label, message, call] of cases) {
      const error = expectCleanRejection(backend, call, DTypeError, label);
      expect(error.message, label).toMatch(message);
    }
  });

  it('a dtype that is not one (a typo, float16, an inherited key, a non-string) throws DTypeError', () => {
    for (const dtype of ['float16', 'f64', 'Float32', 'toString', '__proto__', '', 4, null, {}]) {
      const d = dtype as unknown as KernelDType;
      const calls: [string, (b: Backend) => unknown][] = [
        ['unary', (b) => unary(b, 'neg', x, 4, { dtype: d, out })],
        ['binary', (b) => binary(b, 'add', x, [4], y, [4], { dtype: d, out })],
        ['fill', (b) => fill(b, x, 4, 0, { dtype: d })],
        ['copy', (b) => copy(b, x, y, 4, { dtype: d })],
        ['reduce', (b) => reduce(b, 'sum', x, 1, 4, 1, { dtype: d, out })],
        ['argReduce', (b) => argReduce(b, 'argmax', x, 1, 4, 1, { dtype: d, out })],
        ['cumsum', (b) => cumsum(b, x, 1, 4, 1, { dtype: d, out })],
        ['gemm', (b) => gemm(b, { dtype: d as 'float32', m: 2, n: 2, k: 2, a: x, b: y, c: out })],
      ];
      for (const [label, call] of calls) {
        const error = expectCleanRejection(backend, call, DTypeError, `${label} dtype ${String(dtype)}`);
        expect(error.message).toMatch(/dtype must be one of float32, float64, int32/);
      }
    }
  });

  it('int32 values must be i32 integers; int32 max and min over an empty axis have no identity', () => {
    for (const value of [0.5, NaN, 2 ** 31, -(2 ** 31) - 1]) {
      expectCleanRejection(backend, (b) => fill(b, x, 4, value, { dtype: 'int32' }), Error, `fill ${value}`);
      expectCleanRejection(backend, (b) => binaryScalar(b, 'add', x, 4, value, { dtype: 'int32', out }), Error, `binaryScalar ${value}`);
    }
    expectCleanRejection(backend, (b) => reduce(b, 'max', x, 2, 0, 2, { dtype: 'int32', out }), Error, 'int32 max of nothing');
  });
});

describe('misuse of the float64 wrappers: every size, and pointers 4 bytes off an 8-byte boundary', () => {
  const f64 = { dtype: 'float64' as const };
  it('elementwise, reductions and softmax', () => {
    let n = 0;
    n += rejectsEveryBadArgument(backend, 'unary f64', [x, 12, out], ['ptr8', 'count', 'ptr8'], (b, [p, c, o]) => unary(b, 'exp', p!, c!, { ...f64, out: o! }));
    n += rejectsEveryBadArgument(backend, 'unaryBackward f64', [x, y, dy, 12, out], ['ptr8', 'ptr8', 'ptr8', 'count', 'ptr8'],
      (b, [p, q, d, c, o]) => unaryBackward(b, 'tanh', p!, q!, d!, c!, { ...f64, out: o! }));
    n += rejectsEveryBadArgument(backend, 'binary f64 (broadcast)', [x, 3, 4, y, 1, 4, out], ['ptr8', 'count', 'count', 'ptr8', 'count', 'count', 'ptr8'],
      (b, [p, r1, c1, q, r2, c2, o]) => binary(b, 'mul', p!, [r1!, c1!], q!, [r2!, c2!], { ...f64, out: o! }));
    n += rejectsEveryBadArgument(backend, 'binary f64 (scalar)', [x, 12, y, out], ['ptr8', 'count', 'ptr8', 'ptr8'],
      (b, [p, c, q, o]) => binary(b, 'sub', p!, [c!], q!, [], { ...f64, out: o! }));
    n += rejectsEveryBadArgument(backend, 'fill f64', [out, 12], ['ptr8', 'count'], (b, [p, c]) => fill(b, p!, c!, 1, f64));
    n += rejectsEveryBadArgument(backend, 'copy f64', [x, out, 12], ['ptr8', 'ptr8', 'count'], (b, [p, q, c]) => copy(b, p!, q!, c!, f64));
    n += rejectsEveryBadArgument(backend, 'axpby f64', [x, out, 12], ['ptr8', 'ptr8', 'count'], (b, [p, q, c]) => axpby(b, 2, p!, 1, q!, c!, f64));
    n += rejectsEveryBadArgument(backend, 'reduce f64', [x, 2, 3, 2, out], ['ptr8', 'count', 'count', 'count', 'ptr8'],
      (b, [p, o1, a, i, o]) => reduce(b, 'logSumExp', p!, o1!, a!, i!, { ...f64, out: o! }));
    n += rejectsEveryBadArgument(backend, 'argReduce f64', [x, 2, 3, 2], ['ptr8', 'count', 'count', 'count'],
      (b, [p, o1, a, i]) => { const r = argReduce(b, 'argmin', p!, o1!, a!, i!, f64); b.heap.free(r); });
    n += rejectsEveryBadArgument(backend, 'moments f64', [x, 2, 3, 2, out, dy], ['ptr8', 'count', 'count', 'count', 'ptr8', 'ptr8'],
      (b, [p, o1, a, i, m, v]) => moments(b, p!, o1!, a!, i!, { ...f64, mean: m!, variance: v! }));
    n += rejectsEveryBadArgument(backend, 'cumsum f64', [x, 2, 3, 2, out], ['ptr8', 'count', 'count', 'count', 'ptr8'],
      (b, [p, o1, a, i, o]) => cumsum(b, p!, o1!, a!, i!, { ...f64, out: o! }));
    n += rejectsEveryBadArgument(backend, 'squaredNorm f64', [x, 12], ['ptr8', 'count'], (b, [p, c]) => squaredNorm(b, p!, c!, f64));
    n += rejectsEveryBadArgument(backend, 'clipByValue f64', [out, 12], ['ptr8', 'count'], (b, [p, c]) => clipByValue(b, p!, c!, -1, 1, f64));
    n += rejectsEveryBadArgument(backend, 'softmax f64', [x, 3, 4, out], ['ptr8', 'count', 'count', 'ptr8'],
      (b, [p, r, c, o]) => softmax(b, p!, r!, c!, { ...f64, out: o! }));
    n += rejectsEveryBadArgument(backend, 'softmaxBackward f64', [x, y, 3, 4, out], ['ptr8', 'ptr8', 'count', 'count', 'ptr8'],
      (b, [p, q, r, c, o]) => softmaxBackward(b, p!, q!, r!, c!, { ...f64, out: o!, log: true }));
    n += rejectsEveryBadArgument(backend, 'softmaxCrossEntropy f64', [x, labels, 4, 3, y, out, dy], ['ptr8', 'ptr', 'count', 'count', 'ptr8', 'ptr8', 'ptr8'],
      (b, [p, l, r, c, w, lo, g]) => softmaxCrossEntropy(b, p!, l!, r!, c!, { ...f64, weights: w!, losses: lo!, grad: g! }));
    expect(n).toBeGreaterThan(500);
  });

  it('gemm, gemmBatched and pairwiseSquaredDistances', () => {
    let n = 0;
    n += rejectsEveryBadArgument(backend, 'gemm f64', [3, 2, 4, x, 4, y, 2, out, 2, dy], ['count', 'count', 'count', 'ptr8', 'count', 'ptr8', 'count', 'ptr8', 'count', 'ptr8'],
      (b, [m, nn, k, a, lda, bb, ldb, c, ldc, bias]) => gemm(b, { ...f64, m: m!, n: nn!, k: k!, a: a!, lda: lda!, b: bb!, ldb: ldb!, c: c!, ldc: ldc!, bias: bias!, activation: 'tanh' }));
    n += rejectsEveryBadArgument(backend, 'gemmBatched f64', [2, 2, 2, x, y, out, 2, 4, 0, 4], ['count', 'count', 'count', 'ptr8', 'ptr8', 'ptr8', 'count', 'count', 'count', 'count'],
      (b, [m, nn, k, a, bb, c, batch, sa, sb, sc]) => gemmBatched(b, { ...f64, m: m!, n: nn!, k: k!, a: a!, b: bb!, c: c!, batch: batch!, strideA: sa!, strideB: sb!, strideC: sc! }));
    for (const dtype of ['float32', 'float64'] as const) {
      const kind = dtype === 'float64' ? 'ptr8' : 'ptr';
      n += rejectsEveryBadArgument(backend, `pairwise ${dtype}`, [3, 2, 3, x, 3, y, 4, out, 2], ['count', 'count', 'count', kind, 'count', kind, 'count', kind, 'count'],
        (b, [m, nn, d, p, ldx, q, ldy, o, ldo]) => pairwiseSquaredDistances(b, { dtype, m: m!, n: nn!, d: d!, x: p!, ldx: ldx!, y: q!, ldy: ldy!, out: o!, ldo: ldo! }));
    }
    expect(n).toBeGreaterThan(150);
    // out overlapping an operand is refused too.
    expectCleanRejection(backend, (b) => pairwiseSquaredDistances(b, { ...f64, m: 2, n: 2, d: 2, x, y, out: x + 8 }), Error, 'pairwise out overlaps x');
  });
});
