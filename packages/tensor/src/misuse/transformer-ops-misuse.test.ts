// Misuse suite, transformer ops: scaledDotProductAttention (every option), packedSelfAttention, rope, layerNorm, rmsNorm, swiglu.
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { init, layerNorm, packedSelfAttention, rmsNorm, rope, scaledDotProductAttention, swiglu } from '../index.ts';
import { expectNoLeak } from '../testing.ts';
import { type ArgSpec, assertMisuse, badValue, exact, objectArg, op, tensorArg, value } from '../../test/misuse.ts';

beforeAll(async () => {
  await init();
});

const floats = ['float32', 'float64'] as const;
const dims = (min: number, max: number, minLength: number, maxLength: number) => fc.array(fc.integer({ min, max }), { minLength, maxLength });
const maybe = (a: fc.Arbitrary<ArgSpec>) => fc.oneof({ weight: 3, arbitrary: exact(undefined) }, { weight: 2, arbitrary: a });

/** q, k, v that usually fit ([B, H, T, D] or [B, T, H, D] of one float dtype, key heads dividing the query heads) and options. */
const attention = fc.record({
  b: fc.integer({ min: 0, max: 2 }), h: fc.constantFrom(1, 2, 4), g: fc.constantFrom(1, 2), tq: fc.integer({ min: 0, max: 3 }),
  tk: fc.integer({ min: 0, max: 3 }), d: fc.integer({ min: 0, max: 3 }), dtype: fc.constantFrom(...floats), bthd: fc.boolean(),
}).chain(({ b, h, g, tq, tk, d, dtype, bthd }) => {
  const hk = Math.max(1, h / g);
  const shape = (t: number, heads: number) => (bthd ? [b, t, heads, d] : [b, heads, t, d]);
  const fixed = (s: number[], dtypes: readonly ('float32' | 'float64' | 'int32')[] = [dtype]) =>
    fc.oneof({ weight: 6, arbitrary: tensorArg({ shape: fc.constant(s), dtypes, always: true }) }, { weight: 1, arbitrary: tensorArg() });
  const bs = 2;
  const options = objectArg({
    layout: fc.oneof(value(fc.constant(bthd ? 'bthd' : 'bhtd')), value(fc.constantFrom('bhtd', 'bthd', 'nope'))),
    causal: value(fc.oneof(fc.boolean(), badValue)),
    window: value(fc.oneof(fc.integer({ min: -1, max: 3 }), badValue)),
    queryOffset: value(fc.oneof(fc.integer({ min: -2, max: 2 }), badValue)),
    scale: value(fc.oneof(fc.constantFrom(0.5, 1), badValue)),
    dropout: value(fc.oneof(fc.constantFrom(0, 0.25, 1), badValue)),
    seed: value(fc.oneof(fc.integer({ min: -5, max: 5 }), badValue)),
    attnMask: maybe(fc.oneof(fixed([tq, tk]), fixed([b, 1, tq, tk]))),
    keyPaddingMask: maybe(fixed([b, tk], ['int32', 'float32'])),
    blockLayout: maybe(fc.oneof(
      fc.constant({ kind: 'object' as const, fields: {
        layout: { kind: 'tensor' as const, shape: [Math.ceil(tq / bs), Math.ceil(tk / bs)], dtype: 'int32' as const, requiresGrad: false, offset: 1 },
        blockSize: { kind: 'value' as const, value: bs },
      } }),
      objectArg({ layout: tensorArg(), blockSize: value(fc.oneof(fc.integer({ min: 0, max: 3 }), badValue)) }),
    )),
  });
  return op('scaledDotProductAttention', scaledDotProductAttention, [fixed(shape(tq, h)), fixed(shape(tk, hk)), fixed(shape(tk, hk)), options]);
});

/** A packed qkv [B, T, 3 H D] that usually fits its head count, and a few of the shared options. */
const packed = fc.record({
  b: fc.integer({ min: 0, max: 2 }), t: fc.integer({ min: 0, max: 3 }), h: fc.constantFrom(1, 2), d: fc.integer({ min: 0, max: 3 }),
  dtype: fc.constantFrom(...floats),
}).chain(({ b, t, h, d, dtype }) => op('packedSelfAttention', packedSelfAttention, [
  fc.oneof({ weight: 6, arbitrary: tensorArg({ shape: fc.constant([b, t, 3 * h * d]), dtypes: [dtype], always: true }) }, { weight: 1, arbitrary: tensorArg() }),
  fc.oneof({ weight: 4, arbitrary: exact(h) }, { weight: 1, arbitrary: value(fc.oneof(fc.integer({ min: -1, max: 4 }), badValue)) }),
  objectArg({
    causal: value(fc.oneof(fc.boolean(), badValue)),
    window: value(fc.oneof(fc.integer({ min: -1, max: 3 }), badValue)),
    layout: value(fc.constantFrom('bthd')),
    keyPaddingMask: maybe(tensorArg({ shape: fc.constant([b, t]), dtypes: ['int32'] })),
  }),
]));

describe('misuse: transformer ops', () => {
  it('every call returns a correct result or a typed error; nothing is corrupted or leaked', () => {
    expectNoLeak(() => assertMisuse([
      attention,
      packed,
      op('rope', rope, [tensorArg({ shape: dims(0, 4, 1, 4), dtypes: floats }), objectArg({
        layout: value(fc.constantFrom('interleaved', 'rotate-half', 'other')), base: value(fc.oneof(fc.constantFrom(10000, 0.5), badValue)),
        positionOffset: value(fc.oneof(fc.integer({ min: -3, max: 3 }), badValue)), rotaryDim: value(fc.oneof(fc.integer({ min: -1, max: 4 }), badValue)),
        timeAxis: value(fc.oneof(fc.integer({ min: -4, max: 3 }), badValue)),
      })]),
      fc.record({ rows: dims(0, 3, 0, 2), cols: fc.integer({ min: 0, max: 3 }), dtype: fc.constantFrom(...floats) }).chain(({ rows, cols, dtype }) => op('rmsNorm', rmsNorm, [
        fc.oneof({ weight: 5, arbitrary: tensorArg({ shape: fc.constant([...rows, cols]), dtypes: [dtype], always: true }) }, { weight: 1, arbitrary: tensorArg() }),
        fc.oneof(exact(undefined), exact(null), tensorArg({ shape: fc.constant([cols]), dtypes: [dtype] }), tensorArg()),
        objectArg({ eps: value(fc.oneof(fc.constantFrom(1e-6, 0), badValue)) }),
      ])),
      fc.record({ rows: dims(0, 3, 0, 2), cols: fc.integer({ min: 0, max: 3 }), dtype: fc.constantFrom(...floats) }).chain(({ rows, cols, dtype }) => op('layerNorm', layerNorm, [
        fc.oneof({ weight: 5, arbitrary: tensorArg({ shape: fc.constant([...rows, cols]), dtypes: [dtype], always: true }) }, { weight: 1, arbitrary: tensorArg() }),
        fc.oneof({ weight: 4, arbitrary: exact(cols) }, { weight: 1, arbitrary: exact([cols]) }, { weight: 1, arbitrary: value(fc.oneof(fc.integer({ min: -1, max: 4 }), badValue)) }),
        fc.oneof(exact(undefined), exact(null), tensorArg({ shape: fc.constant([cols]), dtypes: [dtype] }), tensorArg()),
        fc.oneof(exact(undefined), exact(null), tensorArg({ shape: fc.constant([cols]), dtypes: [dtype] }), tensorArg()),
        objectArg({ eps: value(fc.oneof(fc.constantFrom(1e-5, 0), badValue)) }),
      ])),
      fc.record({ rows: dims(0, 3, 0, 2), cols: fc.integer({ min: 0, max: 3 }), dtype: fc.constantFrom(...floats) }).chain(({ rows, cols, dtype }) => op('swiglu', swiglu, [
        fc.oneof({ weight: 5, arbitrary: tensorArg({ shape: fc.constant([...rows, 2 * cols]), dtypes: [dtype], always: true }) }, { weight: 1, arbitrary: tensorArg() }),
        fc.oneof(exact(undefined), tensorArg({ shape: fc.constant([...rows, 2 * cols]), dtypes: [dtype] }), tensorArg()),
      ])),
    ]));
  });
});
