// Misuse suite, gather family and losses: indexSelect, gather, scatterAdd, oneHot and
// softmaxCrossEntropy, with out-of-range, negative and non-int32 indices.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { gather, indexSelect, init, oneHot, scatterAdd, softmaxCrossEntropy, type Tensor, tensor } from '../index.ts';
import { expectNoLeak } from '../testing.ts';
import { assertMisuse, exact, indexArg, objectArg, op, smallInt, tensorArg, value } from '../../test/misuse.ts';
import { expectGather } from '../../test/reference.ts';

beforeAll(async () => {
  await init();
});

function verifySelect(result: unknown, [x, axis, indices]: unknown[]): void {
  const t = x as Tensor, ix = indices as Tensor;
  const ax = (axis as number) < 0 ? (axis as number) + t.rank : (axis as number);
  const idx = Array.from(ix.toArray());
  const shape = [...t.shape.slice(0, ax), ...ix.shape, ...t.shape.slice(ax + 1)];
  expectGather(result as Tensor, t, shape, (index) => {
    let flat = 0;
    for (let d = 0; d < ix.rank; d++) flat = flat * ix.shape[d]! + index[ax + d]!;
    return [...index.slice(0, ax), idx[flat]!, ...index.slice(ax + ix.rank)];
  });
}

function verifyOneHot(result: unknown, [indices, depth, options]: unknown[]): void {
  const ix = Array.from((indices as Tensor).toArray());
  const o = (options ?? {}) as { on?: number; off?: number };
  const out = Array.from((result as Tensor).toArray());
  const d = depth as number;
  expect(out).toEqual(ix.flatMap((i) => Array.from({ length: d }, (_, j) => Math.fround(j === i ? (o.on ?? 1) : (o.off ?? 0)))));
}

const labels = fc.record({ n: fc.integer({ min: 0, max: 3 }), offset: fc.integer({ min: -1, max: 2 }) })
  .map((r) => ({ kind: 'tensor' as const, shape: [r.n], dtype: 'int32' as const, requiresGrad: false, offset: r.offset }));

/** scatterAdd arguments whose shapes fit (indices may still be out of range). */
const fitting = fc.record({
  shape: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), axisSeed: fc.nat(), count: fc.integer({ min: 0, max: 3 }),
  dtype: fc.constantFrom('float32' as const, 'float64' as const), offset: fc.integer({ min: -1, max: 1 }),
}).map((r) => ({ ...r, axis: r.axisSeed % r.shape.length }));

describe('misuse: gather family and cross-entropy', () => {
  it('every call returns a correct result or a typed error; nothing is corrupted or leaked', () => {
    expectNoLeak(() => assertMisuse([
      op('indexSelect', indexSelect, [tensorArg(), value(smallInt), indexArg()], { verify: verifySelect }),
      op('gather', gather, [tensorArg(), value(smallInt), indexArg()], { verify: verifySelect }),
      op('scatterAdd', scatterAdd, [tensorArg(), value(smallInt), indexArg(), tensorArg()]),
      fitting.chain(({ shape, axis, count, dtype, offset }) => op('scatterAdd', scatterAdd, [
        fc.constant({ kind: 'tensor' as const, shape, dtype, requiresGrad: true, offset: 0 }),
        exact(axis),
        fc.constant({ kind: 'tensor' as const, shape: [count], dtype: 'int32' as const, requiresGrad: false, offset }),
        fc.constant({ kind: 'tensor' as const, shape: shape.map((d, i) => (i === axis ? count : d)), dtype, requiresGrad: true, offset: 1 }),
      ])),
      op('oneHot', oneHot, [indexArg(), value(fc.integer({ min: 0, max: 5 })), objectArg({ on: value(fc.constantFrom(1, 2)), off: value(fc.constantFrom(0, -1)) })], { verify: verifyOneHot }),
      op('softmaxCrossEntropy', softmaxCrossEntropy, [
        tensorArg({ shape: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 })) }),
        fc.oneof({ weight: 3, arbitrary: labels }, { weight: 1, arbitrary: tensorArg() }),
        objectArg({
          weights: tensorArg({ shape: fc.tuple(fc.integer({ min: 0, max: 4 })), dtypes: ['float32', 'float64'] }),
          labelSmoothing: value(fc.constantFrom(0, 0.1)),
          ignoreIndex: value(fc.constantFrom(-1, 0, -100)),
          reduction: value(fc.constantFrom('mean', 'sum', 'none')),
        }),
      ]),
      fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 })).chain(([n, c]) => op('softmaxCrossEntropy', (logits: Tensor, classes: unknown, options: unknown) => {
        const labels = tensor(Int32Array.from(classes as number[]));
        try {
          return softmaxCrossEntropy(logits, labels, options as object);
        } finally {
          labels.dispose();
        }
      }, [
        tensorArg({ shape: fc.constant([n, c]), dtypes: ['float32', 'float64'], always: true }), exact(Array.from({ length: n }, (_, i) => i % c)),
        objectArg({ labelSmoothing: value(fc.constantFrom(0, 0.1)), reduction: value(fc.constantFrom('mean', 'sum', 'none')) }),
      ])),
      op('softmaxCrossEntropy (no options)', softmaxCrossEntropy, [tensorArg({ shape: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 })) }), labels, exact(undefined)]),
    ]));
  });
});
