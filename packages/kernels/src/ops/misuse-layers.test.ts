// Misuse of the GEMM, convolution, pooling, normalization and recurrent-cell wrappers: bad sizes,
// leading dimensions, strides, paddings, group counts and pointers are rejected with a ShapeError
// before any kernel runs, any byte is written or any block is allocated; a bad output given by the
// caller never leaks the outputs the wrapper would have allocated beside it.
import { describe, expect, it } from 'vitest';
import { OutOfMemoryError, ShapeError } from '../errors.ts';
import { sizeClass } from '../heap.ts';
import { loadBackend } from '../loader.ts';
import { expectCleanRejection } from '../testing.ts';
import { conv2d, conv2dBackwardBias, conv2dBackwardFilter, conv2dBackwardInput } from './conv.ts';
import { gemm, gemmBatched } from './gemm.ts';
import { blocks, type Kind, misuseBackend, rejectsEveryBadArgument } from './misuse-testing.ts';
import { batchNormBackward, batchNormInference, batchNormTrain, groupNorm, groupNormBackward, layerNorm, layerNormBackward } from './norm.ts';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.ts';
import { gruCell, gruCellBackward, lstmCell, lstmCellBackward, rnnCell, rnnCellBackward } from './recurrent.ts';

const backend = await misuseBackend();
const [a, b, c, d, e, f, g, h] = blocks(backend, 64, 64, 64, 64, 64, 64, 64, 64) as number[] as [number, number, number, number, number, number, number, number];
const shape4: Kind[] = ['count', 'count', 'count', 'count'];

describe('misuse of the GEMM wrappers', () => {
  it('gemm and gemmBatched: sizes, leading dimensions, batch strides and pointers', () => {
    let n = 0;
    n += rejectsEveryBadArgument(backend, 'gemm', [3, 4, 5, a, b, c, 5, 4, 4, d], ['count', 'count', 'count', 'ptr', 'ptr', 'ptr', 'count', 'count', 'count', 'ptr'],
      (be, [m, nn, k, pa, pb, pc, lda, ldb, ldc, bias]) => gemm(be, { m: m!, n: nn!, k: k!, a: pa!, b: pb!, c: pc!, lda: lda!, ldb: ldb!, ldc: ldc!, bias: bias! }));
    n += rejectsEveryBadArgument(backend, 'gemmBatched', [2, 2, 3, 4, a, b, c, 8, 12, 8], ['count', 'count', 'count', 'count', 'ptr', 'ptr', 'ptr', 'count', 'count', 'count'],
      (be, [batch, m, nn, k, pa, pb, pc, sa, sb, sc]) =>
        gemmBatched(be, { batch: batch!, m: m!, n: nn!, k: k!, a: pa!, b: pb!, c: pc!, strideA: sa!, strideB: sb!, strideC: sc! }));
    expect(n).toBeGreaterThan(200);
  });
});

describe('misuse of the convolution wrappers', () => {
  const geometry = [1, 4, 4, 2, 2, 2, 2, 3, 1, 1, 1, 1, 1, 1];
  const kinds: Kind[] = [...shape4, ...shape4, 'step', 'step', 'count', 'count', 'step', 'step'];
  const params = ([n, hh, w, cin, kh, kw, ci, co, sh, sw, ph, pw, dh, dw]: number[]) => ({
    xShape: [n!, hh!, w!, cin!] as const, wShape: [kh!, kw!, ci!, co!] as const, stride: [sh!, sw!] as const, padding: [ph!, pw!] as const, dilation: [dh!, dw!] as const,
  });

  it('conv2d, conv2dBackwardInput, conv2dBackwardFilter and conv2dBackwardBias', () => {
    let n = 0;
    n += rejectsEveryBadArgument(backend, 'conv2d', [a, b, c, d, ...geometry], ['ptr', 'ptr', 'ptr', 'ptr', ...kinds],
      (be, [x, w, bias, out, ...rest]) => conv2d(be, x!, w!, { ...params(rest), bias: bias!, out: out! }));
    n += rejectsEveryBadArgument(backend, 'conv2dBackwardInput', [a, b, d, ...geometry], ['ptr', 'ptr', 'ptr', ...kinds],
      (be, [dy, w, out, ...rest]) => conv2dBackwardInput(be, dy!, w!, { ...params(rest), out: out! }));
    n += rejectsEveryBadArgument(backend, 'conv2dBackwardFilter', [a, b, d, ...geometry], ['ptr', 'ptr', 'ptr', ...kinds],
      (be, [x, dy, out, ...rest]) => conv2dBackwardFilter(be, x!, dy!, { ...params(rest), out: out!, accumulate: true }));
    n += rejectsEveryBadArgument(backend, 'conv2dBackwardBias', [a, 1, 3, 3, 3, d], ['ptr', ...shape4, 'ptr'],
      (be, [dy, s0, s1, s2, s3, out]) => conv2dBackwardBias(be, dy!, [s0!, s1!, s2!, s3!], { out: out! }));
    expect(n).toBeGreaterThan(500);
  });
});

describe('misuse of the pooling wrappers', () => {
  const geometry = [1, 4, 4, 2, 2, 2, 2, 2, 1, 1];
  const kinds: Kind[] = [...shape4, 'count', 'count', 'step', 'step', 'count', 'count'];
  const params = ([n, hh, w, ch, kh, kw, sh, sw, ph, pw]: number[]) => ({
    xShape: [n!, hh!, w!, ch!] as const, kernel: [kh!, kw!] as const, stride: [sh!, sw!] as const, padding: [ph!, pw!] as const,
  });

  it('maxPool2d, maxPool2dBackward, avgPool2d and avgPool2dBackward', () => {
    const [argmax] = blocks(backend, 18) as [number];
    backend.heap.i32(argmax, 18).fill(0);
    let n = 0;
    n += rejectsEveryBadArgument(backend, 'maxPool2d', [a, c, d, ...geometry], ['ptr', 'ptr', 'ptr', ...kinds],
      (be, [x, out, am, ...rest]) => maxPool2d(be, x!, { ...params(rest), out: out!, argmaxOut: am! }));
    n += rejectsEveryBadArgument(backend, 'maxPool2dBackward', [a, argmax, d, ...geometry], ['ptr', 'ptr', 'ptr', ...kinds],
      (be, [dy, am, out, ...rest]) => maxPool2dBackward(be, dy!, am!, { ...params(rest), out: out! }));
    n += rejectsEveryBadArgument(backend, 'avgPool2d', [a, d, ...geometry], ['ptr', 'ptr', ...kinds],
      (be, [x, out, ...rest]) => avgPool2d(be, x!, { ...params(rest), out: out! }));
    n += rejectsEveryBadArgument(backend, 'avgPool2dBackward', [a, d, ...geometry], ['ptr', 'ptr', ...kinds],
      (be, [dy, out, ...rest]) => avgPool2dBackward(be, dy!, { ...params(rest), out: out! }));
    expect(n).toBeGreaterThan(400);
  });

  it('a bad argmaxOut does not leak the output maxPool2d allocates beside it (and the other way round)', () => {
    const p = { xShape: [1, 4, 4, 2] as const, kernel: [2, 2] as const };
    for (const bad of [a + 2, -16, 0.5, NaN, 1 << 28]) {
      expectCleanRejection(backend, (be) => maxPool2d(be, a, { ...p, argmaxOut: bad }), ShapeError, `argmaxOut ${bad}`);
      expectCleanRejection(backend, (be) => maxPool2d(be, a, { ...p, out: bad }), ShapeError, `out ${bad}`);
    }
    expectCleanRejection(backend, (be) => maxPool2d(be, a, { ...p, out: a }), ShapeError, 'out overlaps x');
  });
});

describe('misuse of the normalization wrappers', () => {
  it('layer, batch and group norm, forward and backward', () => {
    let n = 0;
    n += rejectsEveryBadArgument(backend, 'layerNorm', [a, 3, 4, b, c, d], ['ptr', 'count', 'count', 'ptr', 'ptr', 'ptr'],
      (be, [x, r, co, gm, bt, out]) => layerNorm(be, x!, r!, co!, { gamma: gm!, beta: bt!, out: out! }));
    n += rejectsEveryBadArgument(backend, 'layerNormBackward', [a, b, c, d, 3, 4, e], ['ptr', 'ptr', 'ptr', 'ptr', 'count', 'count', 'ptr'],
      (be, [dy, x, mean, rstd, r, co, gm]) => layerNormBackward(be, dy!, x!, mean!, rstd!, r!, co!, { gamma: gm! }));
    n += rejectsEveryBadArgument(backend, 'batchNormTrain', [a, 3, 4, b, c, d, e, f], ['ptr', 'count', 'count', 'ptr', 'ptr', 'ptr', 'ptr', 'ptr'],
      (be, [x, r, ch, gm, bt, rm, rv, out]) => batchNormTrain(be, x!, r!, ch!, { gamma: gm!, beta: bt!, runningMean: rm!, runningVar: rv!, out: out! }));
    n += rejectsEveryBadArgument(backend, 'batchNormInference', [a, 3, 4, b, c, d, e, f], ['ptr', 'count', 'count', 'ptr', 'ptr', 'ptr', 'ptr', 'ptr'],
      (be, [x, r, ch, rm, rv, gm, bt, out]) => batchNormInference(be, x!, r!, ch!, rm!, rv!, { gamma: gm!, beta: bt!, out: out! }));
    n += rejectsEveryBadArgument(backend, 'batchNormBackward', [a, b, c, d, 3, 4, e], ['ptr', 'ptr', 'ptr', 'ptr', 'count', 'count', 'ptr'],
      (be, [dy, x, mean, rstd, r, ch, gm]) => batchNormBackward(be, dy!, x!, mean!, rstd!, r!, ch!, { gamma: gm! }));
    n += rejectsEveryBadArgument(backend, 'groupNorm', [a, 2, 3, 4, 2, b, c, d], ['ptr', 'count', 'count', 'count', 'count', 'ptr', 'ptr', 'ptr'],
      (be, [x, nn, hw, ch, groups, gm, bt, out]) => groupNorm(be, x!, [nn!, hw!, ch!], groups!, { gamma: gm!, beta: bt!, out: out! }));
    n += rejectsEveryBadArgument(backend, 'groupNormBackward', [a, b, c, d, 2, 3, 4, 2, e], ['ptr', 'ptr', 'ptr', 'ptr', 'count', 'count', 'count', 'count', 'ptr'],
      (be, [dy, x, mean, rstd, nn, hw, ch, groups, gm]) => groupNormBackward(be, dy!, x!, mean!, rstd!, [nn!, hw!, ch!], groups!, { gamma: gm! }));
    expect(n).toBeGreaterThan(600);
    // No channels: any group count divides C = 0, but N * groups statistics must still fit.
    expectCleanRejection(backend, (be) => groupNorm(be, a, [2, 3, 0], 2 ** 40), ShapeError, 'groupNorm groups 2^40');
  });

  it('a backward pass that runs out of memory for its scratch frees the outputs it allocated', async () => {
    const small = await loadBackend({ variant: 'simd', initialPages: 2, maximumPages: 2 });
    const [x, dy, mean, rstd] = blocks(small, 12, 12, 3, 3) as [number, number, number, number];
    // Leave room for dx, dgamma and dbeta (80 bytes) but not for the 80-byte float64 scratch.
    while (small.heap.stats().tailBytes > 96 + 16) {
      const room = small.heap.stats().tailBytes - 96;
      let request = room;
      while (sizeClass(request) > room) request -= 16;
      small.heap.alloc(request);
    }
    const before = small.heap.stats();
    expect(() => layerNormBackward(small, dy, x, mean, rstd, 3, 4)).toThrow(OutOfMemoryError);
    expect(small.heap.stats()).toMatchObject({ liveBlocks: before.liveBlocks, liveBytes: before.liveBytes });
  });
});

describe('misuse of the recurrent-cell wrappers', () => {
  it('rnn, LSTM and GRU cells, forward and backward (every output given)', () => {
    let n = 0;
    n += rejectsEveryBadArgument(backend, 'rnnCell', [a, 8, b], ['ptr', 'count', 'ptr'], (be, [pre, count, out]) => rnnCell(be, pre!, count!, { out: out! }));
    n += rejectsEveryBadArgument(backend, 'rnnCellBackward', [a, b, 8, c], ['ptr', 'ptr', 'count', 'ptr'],
      (be, [hn, dh, count, out]) => rnnCellBackward(be, hn!, dh!, count!, { out: out! }));
    n += rejectsEveryBadArgument(backend, 'lstmCell', [2, 3, a, b, c, d, e, f], ['count', 'count', 'ptr', 'ptr', 'ptr', 'ptr', 'ptr', 'ptr'],
      (be, [nn, hh, pre, cPrev, gates, cNext, tanhC, hNext]) =>
        lstmCell(be, { n: nn!, h: hh!, pre: pre!, cPrev: cPrev!, gates: gates!, cNext: cNext!, tanhC: tanhC!, hNext: hNext! }));
    n += rejectsEveryBadArgument(backend, 'lstmCellBackward', [2, 3, a, b, c, d, e, f], ['count', 'count', 'ptr', 'ptr', 'ptr', 'ptr', 'ptr', 'ptr'],
      (be, [nn, hh, gates, cPrev, tanhC, dh, dc, dPre]) =>
        lstmCellBackward(be, { n: nn!, h: hh!, gates: gates!, cPrev: cPrev!, tanhC: tanhC!, dh: dh!, dc: dc!, dPre: dPre! }));
    n += rejectsEveryBadArgument(backend, 'gruCell', [2, 3, a, b, c, d, e, f], ['count', 'count', 'ptr', 'ptr', 'ptr', 'ptr', 'ptr', 'ptr'],
      (be, [nn, hh, xp, hp, hPrev, gates, hn, hNext]) => gruCell(be, { n: nn!, h: hh!, xp: xp!, hp: hp!, hPrev: hPrev!, gates: gates!, hn: hn!, hNext: hNext! }));
    n += rejectsEveryBadArgument(backend, 'gruCellBackward', [2, 3, a, b, c, d, e, f, g], ['count', 'count', 'ptr', 'ptr', 'ptr', 'ptr', 'ptr', 'ptr', 'ptr'],
      (be, [nn, hh, gates, hn, hPrev, dh, dhPrev, dXp, dHp]) =>
        gruCellBackward(be, { n: nn!, h: hh!, gates: gates!, hn: hn!, hPrev: hPrev!, dh: dh!, dhPrev: dhPrev!, dXp: dXp!, dHp: dHp! }));
    expect(n).toBeGreaterThan(500);
  });

  it('one bad or overlapping output does not leak the outputs allocated beside it', () => {
    const lstm = { n: 2, h: 3, pre: a, cPrev: b };
    const gru = { n: 2, h: 3, xp: a, hp: b, hPrev: c };
    for (const bad of [h + 2, -16, 0.5, NaN, 1 << 28, a]) {
      expectCleanRejection(backend, (be) => lstmCell(be, { ...lstm, hNext: bad }), ShapeError, `lstmCell hNext ${bad}`);
      expectCleanRejection(backend, (be) => lstmCell(be, { ...lstm, tanhC: bad }), ShapeError, `lstmCell tanhC ${bad}`);
      expectCleanRejection(backend, (be) => gruCell(be, { ...gru, hNext: bad }), ShapeError, `gruCell hNext ${bad}`);
      expectCleanRejection(backend, (be) => gruCellBackward(be, { n: 2, h: 3, gates: a, hn: b, hPrev: c, dh: d, dhPrev: e, dHp: bad }), ShapeError, `gruCellBackward dHp ${bad}`);
    }
  });
});
