// Misuse of the elementwise, strided, gather, reduce, softmax and optimizer wrappers: fractional,
// NaN, negative, huge and out-of-range sizes, offsets, strides and pointers are rejected with a
// ShapeError before any kernel runs, any byte is written or any block is allocated.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from '../errors.ts';
import { expectCleanRejection } from '../testing.ts';
import { axpby, binary, binaryScalar, copy, fill, unary, unaryBackward, type UnaryOpName } from './elementwise.ts';
import { indexAdd, indexSelect32, oneHot, where } from './gather.ts';
import { blocks, misuseBackend, rejectsEveryBadArgument } from './misuse-testing.ts';
import { adagradStep, adamStep, rmspropStep, sgdStep } from './optim.ts';
import { argReduce, clipByValue, cumsum, moments, reduce, type ReduceOp, squaredNorm } from './reduce.ts';
import { softmax, softmaxBackward, softmaxCrossEntropy } from './softmax.ts';
import { castF32ToI32, castI32ToF32, fillI32, stridedCopy32 } from './strided.ts';

const backend = await misuseBackend();
const [x, y, dy, out, out2] = blocks(backend, 12, 12, 12, 12, 12) as [number, number, number, number, number];

describe('misuse of the elementwise wrappers', () => {
  it('unary, unaryBackward, binary (same shape, broadcast, scalar), fill, copy, axpby', () => {
    let n = 0;
    n += rejectsEveryBadArgument(backend, 'unary', [x, 12, out], ['ptr', 'count', 'ptr'], (b, [p, c, o]) => unary(b, 'exp', p!, c!, { out: o! }));
    n += rejectsEveryBadArgument(backend, 'unaryBackward', [x, y, dy, 12, out], ['ptr', 'ptr', 'ptr', 'count', 'ptr'],
      (b, [p, q, d, c, o]) => unaryBackward(b, 'tanh', p!, q!, d!, c!, { out: o! }));
    n += rejectsEveryBadArgument(backend, 'binary (same shape)', [x, 3, 4, y, 3, 4, out], ['ptr', 'count', 'count', 'ptr', 'count', 'count', 'ptr'],
      (b, [p, r1, c1, q, r2, c2, o]) => binary(b, 'add', p!, [r1!, c1!], q!, [r2!, c2!], { out: o! }));
    n += rejectsEveryBadArgument(backend, 'binary (broadcast)', [x, 3, 4, y, 1, 4, out], ['ptr', 'count', 'count', 'ptr', 'count', 'count', 'ptr'],
      (b, [p, r1, c1, q, r2, c2, o]) => binary(b, 'mul', p!, [r1!, c1!], q!, [r2!, c2!], { out: o! }));
    n += rejectsEveryBadArgument(backend, 'binary (scalar operand)', [x, 12, y, out], ['ptr', 'count', 'ptr', 'ptr'],
      (b, [p, c, q, o]) => binary(b, 'sub', p!, [c!], q!, [], { out: o! }));
    n += rejectsEveryBadArgument(backend, 'binaryScalar', [x, 12, out], ['ptr', 'count', 'ptr'], (b, [p, c, o]) => binaryScalar(b, 'pow', p!, c!, 2, { out: o! }));
    n += rejectsEveryBadArgument(backend, 'fill', [out, 12], ['ptr', 'count'], (b, [p, c]) => fill(b, p!, c!, 1));
    n += rejectsEveryBadArgument(backend, 'copy', [x, out, 12], ['ptr', 'ptr', 'count'], (b, [p, q, c]) => copy(b, p!, q!, c!));
    n += rejectsEveryBadArgument(backend, 'axpby', [x, out, 12], ['ptr', 'ptr', 'count'], (b, [p, q, c]) => axpby(b, 2, p!, 1, q!, c!));
    expect(n).toBeGreaterThan(300);
  });

  it('rejects op names that are not ops (inherited keys included) and shapes with negative sizes whose product looks fine', () => {
    for (const op of ['toString', 'constructor', '__proto__', 'nope']) {
      expectCleanRejection(backend, (b) => unary(b, op as UnaryOpName, x, 4, { out }), ShapeError, `unary ${op}`);
      expectCleanRejection(backend, (b) => binary(b, op as 'add', x, [4], y, [4], { out }), ShapeError, `binary ${op}`);
      expectCleanRejection(backend, (b) => binaryScalar(b, op as 'add', x, 4, 1, { out }), ShapeError, `binaryScalar ${op}`);
      expectCleanRejection(backend, (b) => reduce(b, op as ReduceOp, x, 1, 4, 1, { out }), ShapeError, `reduce ${op}`);
    }
    // [-1, -1] has size 1: it must not pass for a one-element shape.
    expectCleanRejection(backend, (b) => binary(b, 'add', x, [-1, -1], y, [-1, -1], { out }), ShapeError, 'binary [-1, -1]');
    expectCleanRejection(backend, (b) => binary(b, 'add', x, [-2, -2], y, [1], { out }), ShapeError, 'binary [-2, -2] x [1]');
    expectCleanRejection(backend, (b) => where(b, x, [-1, -1], y, [1], dy, [1], { out }), ShapeError, 'where [-1, -1]');
  });
});

describe('misuse of the strided wrappers', () => {
  it('stridedCopy32: every size, offset, stride and pointer (the fractional offset of slice({ start: 0.5 }) included)', () => {
    const n = rejectsEveryBadArgument(backend, 'stridedCopy32', [2, 3, x, 12, 1, 4, 1, out, 12, 2, 3, 1],
      ['count', 'count', 'ptr', 'count', 'offset', 'stride', 'stride', 'ptr', 'count', 'offset', 'stride', 'stride'],
      (b, [d0, d1, src, srcSize, srcOffset, s0, s1, dst, dstSize, dstOffset, t0, t1]) => stridedCopy32(b, {
        shape: [d0!, d1!], src: src!, srcSize: srcSize!, srcOffset: srcOffset!, srcStrides: [s0!, s1!],
        dst: dst!, dstSize: dstSize!, dstOffset: dstOffset!, dstStrides: [t0!, t1!],
      }));
    expect(n).toBeGreaterThan(100);
    // The regression: a half-element offset used to reach the kernel 2 bytes off alignment.
    expectCleanRejection(backend, (b) => stridedCopy32(b, { shape: [3], src: x, srcSize: 12, srcOffset: 0.5, srcStrides: [1], dst: out, dstSize: 12, dstStrides: [-1], dstOffset: 2.5 }), ShapeError, 'slice start 0.5');
    // Stride-0 dims merge: their product must still fit the kernels' i32 sizes.
    expectCleanRejection(backend, (b) => stridedCopy32(b, { shape: [65536, 65536], src: x, srcSize: 1, srcStrides: [0, 0], dst: out, dstSize: 1, dstStrides: [0, 0] }), ShapeError, 'stride-0 dims');
  });

  it('casts and fillI32', () => {
    let n = 0;
    n += rejectsEveryBadArgument(backend, 'castF32ToI32', [x, out, 12], ['ptr', 'ptr', 'count'], (b, [p, q, c]) => castF32ToI32(b, p!, q!, c!));
    n += rejectsEveryBadArgument(backend, 'castI32ToF32', [x, out, 12], ['ptr', 'ptr', 'count'], (b, [p, q, c]) => castI32ToF32(b, p!, q!, c!));
    n += rejectsEveryBadArgument(backend, 'fillI32', [out, 12, -7], ['ptr', 'count', 'i32'], (b, [p, c, v]) => fillI32(b, p!, c!, v!));
    expect(n).toBeGreaterThan(50);
  });
});

describe('misuse of the gather wrappers', () => {
  const [indices, badIndices] = blocks(backend, [0, 2, 1], [0, 5, 1]) as [number, number];
  const asI32 = (ptr: number, values: number[]) => backend.heap.i32(ptr, values.length).set(values);
  asI32(indices, [0, 2, 1]);
  asI32(badIndices, [0, 5, 1]);

  it('indexSelect32, indexAdd, oneHot and where', () => {
    let n = 0;
    n += rejectsEveryBadArgument(backend, 'indexSelect32', [x, 1, 3, 4, indices, 3, out], ['ptr', 'count', 'count', 'count', 'ptr', 'count', 'ptr'],
      (b, [src, outer, axis, inner, idx, count, o]) => indexSelect32(b, { src: src!, outer: outer!, axis: axis!, inner: inner!, indices: idx!, count: count!, out: o! }));
    n += rejectsEveryBadArgument(backend, 'indexAdd', [out, 1, 3, 4, indices, 3, x], ['ptr', 'count', 'count', 'count', 'ptr', 'count', 'ptr'],
      (b, [dst, outer, axis, inner, idx, count, src]) => indexAdd(b, { dst: dst!, outer: outer!, axis: axis!, inner: inner!, indices: idx!, count: count!, src: src! }));
    n += rejectsEveryBadArgument(backend, 'oneHot', [indices, 3, 4, out], ['ptr', 'count', 'count', 'ptr'], (b, [idx, c, depth, o]) => oneHot(b, idx!, c!, depth!, { out: o! }));
    n += rejectsEveryBadArgument(backend, 'where', [x, 3, 4, y, 1, 4, dy, 3, 1, out], ['ptr', 'count', 'count', 'ptr', 'count', 'count', 'ptr', 'count', 'count', 'ptr'],
      (b, [c, c0, c1, a, a0, a1, q, b0, b1, o]) => where(b, c!, [c0!, c1!], a!, [a0!, a1!], q!, [b0!, b1!], { out: o! }));
    expect(n).toBeGreaterThan(150);
  });

  it('an index out of range is rejected before any allocation or kernel call', () => {
    expectCleanRejection(backend, (b) => indexSelect32(b, { src: x, outer: 1, axis: 3, inner: 4, indices: badIndices, count: 3 }), ShapeError, 'indexSelect32');
    expectCleanRejection(backend, (b) => indexSelect32(b, { src: x, outer: 1, axis: 3, inner: 4, indices: badIndices, count: 3, out }), ShapeError, 'indexSelect32 out');
    expectCleanRejection(backend, (b) => oneHot(b, badIndices, 3, 4), ShapeError, 'oneHot');
    expectCleanRejection(backend, (b) => indexAdd(b, { dst: out, outer: 1, axis: 3, inner: 4, indices: badIndices, count: 3, src: x }), ShapeError, 'indexAdd');
  });
});

describe('misuse of the reduce and softmax wrappers', () => {
  it('reduce, argReduce, moments, cumsum, squaredNorm, clipByValue', () => {
    const view = ['ptr', 'count', 'count', 'count', 'ptr'] as const;
    let n = 0;
    n += rejectsEveryBadArgument(backend, 'reduce', [x, 3, 2, 2, out], view, (b, [p, o1, a, i, o]) => reduce(b, 'sum', p!, o1!, a!, i!, { out: o! }));
    n += rejectsEveryBadArgument(backend, 'argReduce', [x, 3, 2, 2, out], view, (b, [p, o1, a, i, o]) => argReduce(b, 'argmax', p!, o1!, a!, i!, { out: o! }));
    n += rejectsEveryBadArgument(backend, 'cumsum', [x, 3, 2, 2, out], view, (b, [p, o1, a, i, o]) => cumsum(b, p!, o1!, a!, i!, { out: o! }));
    n += rejectsEveryBadArgument(backend, 'moments', [x, 3, 2, 2, out, out2], [...view, 'ptr'],
      (b, [p, o1, a, i, m, v]) => moments(b, p!, o1!, a!, i!, { mean: m!, variance: v! }));
    n += rejectsEveryBadArgument(backend, 'squaredNorm', [x, 12], ['ptr', 'count'], (b, [p, c]) => squaredNorm(b, p!, c!));
    n += rejectsEveryBadArgument(backend, 'clipByValue', [out, 12], ['ptr', 'count'], (b, [p, c]) => clipByValue(b, p!, c!, -1, 1));
    expect(n).toBeGreaterThan(200);
  });

  it('an empty axis does not let a huge result through', () => {
    expectCleanRejection(backend, (b) => reduce(b, 'sum', x, 2 ** 30, 0, 2 ** 30), ShapeError, 'reduce outer * inner');
  });

  it('softmax, softmaxBackward and softmaxCrossEntropy', () => {
    const [labels] = blocks(backend, 3) as [number];
    backend.heap.i32(labels, 3).set([0, 3, 1]);
    let n = 0;
    n += rejectsEveryBadArgument(backend, 'softmax', [x, 3, 4, out], ['ptr', 'count', 'count', 'ptr'], (b, [p, r, c, o]) => softmax(b, p!, r!, c!, { out: o! }));
    n += rejectsEveryBadArgument(backend, 'softmaxBackward', [y, dy, 3, 4, out], ['ptr', 'ptr', 'count', 'count', 'ptr'],
      (b, [p, d, r, c, o]) => softmaxBackward(b, p!, d!, r!, c!, { out: o!, log: true }));
    n += rejectsEveryBadArgument(backend, 'softmaxCrossEntropy', [x, labels, 3, 4, y, out2, out, -100],
      ['ptr', 'ptr', 'count', 'count', 'ptr', 'ptr', 'ptr', 'i32'],
      (b, [l, lab, r, c, w, losses, grad, ignore]) => softmaxCrossEntropy(b, l!, lab!, r!, c!, { weights: w!, losses: losses!, grad: grad!, ignoreIndex: ignore! }));
    expect(n).toBeGreaterThan(150);
  });
});

describe('misuse of the optimizer wrappers', () => {
  it('sgdStep, adagradStep, rmspropStep and adamStep check n and every buffer (a velocity given without momentum too)', () => {
    const [p, g, s1, s2] = blocks(backend, 12, 12, 12, 12) as [number, number, number, number];
    const ptrs = ['count', 'ptr', 'ptr', 'ptr'] as const;
    let n = 0;
    n += rejectsEveryBadArgument(backend, 'sgdStep', [12, p, g, s1], ptrs, (b, [c, q, gr, v]) => sgdStep(b, { n: c!, param: q!, grad: gr!, velocity: v!, lr: 0.1, momentum: 0.9 }));
    n += rejectsEveryBadArgument(backend, 'sgdStep (no momentum)', [12, p, g, s1], ptrs, (b, [c, q, gr, v]) => sgdStep(b, { n: c!, param: q!, grad: gr!, velocity: v!, lr: 0.1 }));
    n += rejectsEveryBadArgument(backend, 'adagradStep', [12, p, g, s1], ptrs, (b, [c, q, gr, s]) => adagradStep(b, { n: c!, param: q!, grad: gr!, sum: s!, lr: 0.1 }));
    n += rejectsEveryBadArgument(backend, 'rmspropStep', [12, p, g, s1, s2], [...ptrs, 'ptr'],
      (b, [c, q, gr, sq, buf]) => rmspropStep(b, { n: c!, param: q!, grad: gr!, squareAvg: sq!, buffer: buf!, lr: 0.1, momentum: 0.5 }));
    n += rejectsEveryBadArgument(backend, 'adamStep', [12, p, g, s1, s2], [...ptrs, 'ptr'],
      (b, [c, q, gr, m, v]) => adamStep(b, { n: c!, param: q!, grad: gr!, m: m!, v: v!, lr: 0.1, decoupled: true, step: 1 }));
    expect(n).toBeGreaterThan(200);
    // Hyperparameters are ArgumentErrors, and just as clean.
    expectCleanRejection(backend, (b) => adamStep(b, { n: 12, param: p, grad: g, m: s1, v: s2, lr: 0.1, decoupled: true, step: 1.5 }), ArgumentError, 'adam step 1.5');
  });
});

describe('stridedCopy32 property: any mix of good and bad arguments', () => {
  it('copies exactly what the index arithmetic says, or throws a ShapeError having written nothing', () => {
    const [src, dst] = blocks(backend, 24, 24) as [number, number];
    backend.heap.f32(src, 24).set(Array.from({ length: 24 }, (_, i) => i + 1));
    // Mostly good values (so that many calls copy), now and then a bad one.
    const mostly = <T,>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: bad, weight: 1 });
    const size = mostly(fc.integer({ min: 0, max: 4 }), fc.constantFrom(0.5, -1, NaN, 2 ** 31));
    const stride = mostly(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, NaN, 2 ** 31, -(2 ** 40)));
    const offset = mostly(fc.integer({ min: 0, max: 12 }), fc.constantFrom(0.5, 1.5, -1, NaN, Infinity, 25));
    const blockSize = mostly(fc.constantFrom(24, 24, 12, 0), fc.constantFrom(0.5, -2, 1 << 28));
    const params = fc.integer({ min: 0, max: 3 }).chain((rank) => fc.record({
      shape: fc.array(size, { minLength: rank, maxLength: rank }),
      srcStrides: fc.array(stride, { minLength: rank, maxLength: rank }),
      dstStrides: fc.array(stride, { minLength: rank, maxLength: rank }),
      srcOffset: offset, dstOffset: offset,
      srcSize: blockSize, dstSize: blockSize,
    }));
    let copies = 0;
    fc.assert(fc.property(params, (p) => {
      backend.heap.f32(dst, 24).fill(-1);
      const call = { ...p, src, dst };
      // Integers in range (sizes of 1 << 28 elements reach past the heap), whatever the offsets reach.
      const valid = [...p.shape, p.srcOffset, p.dstOffset].every((v) => Number.isSafeInteger(v) && v >= 0 && v < 2 ** 31)
        && [p.srcSize, p.dstSize].every((v) => Number.isSafeInteger(v) && v >= 0 && v <= 24)
        && [...p.srcStrides, ...p.dstStrides].every((v) => Number.isSafeInteger(v) && Math.abs(v) < 2 ** 31);
      // The expected writes: every index of the shape, or none if any offset leaves its block.
      const expected = new Float32Array(24).fill(-1);
      let inside = valid;
      const walk = (d: number, s: number, t: number) => {
        if (d === p.shape.length) {
          if (s < 0 || s >= p.srcSize || t < 0 || t >= p.dstSize) inside = false;
          else expected[t] = s + 1;
          return;
        }
        for (let i = 0; i < p.shape[d]!; i++) walk(d + 1, s + i * p.srcStrides[d]!, t + i * p.dstStrides[d]!);
      };
      if (valid) walk(0, p.srcOffset, p.dstOffset);
      const empty = valid && p.shape.includes(0);
      if (inside || empty) {
        stridedCopy32(backend, call);
        copies++;
        // Stride 0 on the destination writes an element more than once: the last write wins in both.
        expect(Array.from(backend.heap.f32(dst, 24))).toEqual(Array.from(empty ? new Float32Array(24).fill(-1) : expected));
      } else {
        expectCleanRejection(backend, (b) => stridedCopy32(b, call), ShapeError, JSON.stringify(p));
      }
    }), { seed: 20261207, numRuns: 500 });
    expect(copies).toBeGreaterThan(100);
  });
});
