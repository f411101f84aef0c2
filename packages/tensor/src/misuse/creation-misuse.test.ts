// Misuse suite, creation and random ops: tensor, scalar, full/zeros/ones(+Like), eye, arange,
// linspace, rand, randn, truncatedNormal, bernoulli, randint, randperm and the Generator's
// array-sized methods.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  arange, bernoulli, eye, full, fullLike, Generator, init, linspace, manualSeed, ones, onesLike, rand, randint, randn, randperm, scalar, type Tensor,
  tensor, truncatedNormal, zeros, zerosLike,
} from '../index.ts';
import { expectNoLeak } from '../testing.ts';
import { assertMisuse, badValue, dtypeArb, exact, listArg, objectArg, op, type ArgSpec, shapeArb, smallInt, tensorArg, value } from '../../test/misuse.ts';

beforeAll(async () => {
  await init();
});

const shapeArg: fc.Arbitrary<ArgSpec> = fc.oneof({ weight: 3, arbitrary: listArg(value(fc.integer({ min: 0, max: 3 })), 3) }, { weight: 1, arbitrary: value(shapeArb) });
const createOptions = objectArg({ dtype: value(dtypeArb), requiresGrad: value(fc.boolean()) });
const randomOptions = objectArg({
  dtype: value(dtypeArb), requiresGrad: value(fc.boolean()), seed: value(fc.integer({ min: 0, max: 99 })),
  generator: value(fc.integer({ min: 0, max: 9 }).map((s) => new Generator(s))),
});

/** A nested array of numbers (or of misuse values) of a random shape. */
const nested: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: false }), badValue, fc.array(tie('node'), { maxLength: 3 })),
})).node;

const typedArrays: fc.Arbitrary<unknown> = fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 4 }).chain((v) => fc.constantFrom<unknown>(
  Float32Array.from(v), Float64Array.from(v), Int32Array.from(v), Uint8Array.from(v), Int8Array.from(v), Int16Array.from(v), Uint16Array.from(v),
  Uint8ClampedArray.from(v), Uint32Array.from(v), Uint32Array.from(v, (x) => x * 2 ** 23), BigInt64Array.from(v, (x) => BigInt(x)),
  new DataView(new ArrayBuffer(4)),
));

/** The values a valid `tensor(data)` call must hold: data flattened, then rounded to the dtype. */
function verifyTensor(result: unknown, [data]: unknown[]): void {
  const t = result as Tensor;
  const flat: number[] = ArrayBuffer.isView(data) ? Array.from(data as unknown as ArrayLike<number>, Number) : [data].flat(Infinity).map(Number);
  const round = t.dtype === 'float32' ? Math.fround : (v: number) => v;
  expect(Array.from(t.toArray())).toEqual(flat.map(round));
  if (t.dtype === 'int32') for (const v of flat) expect(Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31).toBe(true);
}

function verifyFilled(fill: (args: unknown[]) => number) {
  return (result: unknown, args: unknown[]) => {
    const t = result as Tensor, v = fill(args);
    for (const x of t.toArray()) expect(x).toBe(t.dtype === 'float32' ? Math.fround(v) : v);
  };
}

describe('misuse: creation and random ops', () => {
  it('every call returns a correct result or a typed error; nothing is corrupted or leaked', () => {
    expectNoLeak(() => assertMisuse([
      op('tensor', tensor, [fc.oneof(value(nested), value(typedArrays)), fc.oneof({ weight: 3, arbitrary: exact(undefined) }, { weight: 1, arbitrary: shapeArg }), createOptions], { verify: verifyTensor }),
      op('scalar', scalar, [value(fc.integer({ min: -3, max: 3 })), createOptions], { verify: verifyFilled(([v]) => v as number) }),
      op('full', full, [shapeArg, value(fc.double({ min: -10, max: 10, noNaN: true })), createOptions], { verify: verifyFilled(([, v]) => v as number) }),
      op('zeros', zeros, [shapeArg, createOptions], { verify: verifyFilled(() => 0) }),
      op('ones', ones, [shapeArg, createOptions], { verify: verifyFilled(() => 1) }),
      op('zerosLike', zerosLike, [tensorArg(), createOptions], { verify: verifyFilled(() => 0) }),
      op('onesLike', onesLike, [tensorArg(), createOptions], { verify: verifyFilled(() => 1) }),
      op('fullLike', fullLike, [tensorArg(), value(smallInt), createOptions], { verify: verifyFilled(([, v]) => v as number) }),
      op('eye', eye, [value(fc.integer({ min: 0, max: 4 })), fc.oneof(exact(undefined), value(fc.integer({ min: 0, max: 4 }))), createOptions]),
      op('arange', arange, [value(smallInt), fc.oneof(exact(undefined), value(fc.integer({ min: -3, max: 9 }))), fc.oneof(exact(undefined), value(fc.constantFrom(1, 2, -1, 0.5))), createOptions]),
      op('linspace', linspace, [value(smallInt), value(smallInt), value(fc.integer({ min: 0, max: 5 })), createOptions]),
      op('rand', rand, [shapeArg, randomOptions]),
      op('randn', randn, [shapeArg, randomOptions]),
      op('truncatedNormal', truncatedNormal, [shapeArg, randomOptions]),
      op('bernoulli', bernoulli, [shapeArg, value(fc.constantFrom(0, 0.3, 1)), randomOptions]),
      op('randint', randint, [value(smallInt), value(fc.integer({ min: -2, max: 9 })), shapeArg, randomOptions]),
      op('randperm', randperm, [value(fc.integer({ min: 0, max: 6 })), randomOptions]),
      op('Generator.permutation', (n: unknown) => new Generator(1).permutation(n as number), [value(fc.integer({ min: 0, max: 6 }))]),
      op('Generator.choice', (n: unknown, k: unknown) => new Generator(1).choice(n as number, k as number), [value(fc.integer({ min: 0, max: 6 })), value(fc.integer({ min: 0, max: 6 }))]),
      op('Generator.split', (n: unknown) => new Generator(1).split(n as number), [value(fc.integer({ min: 0, max: 3 }))]),
      op('Generator.shuffle', (a: unknown) => new Generator(1).shuffle(a as number[]), [value(fc.constantFrom([1, 2, 3], new Int32Array(2)))]),
      op('Generator.integer', (lo: unknown, hi: unknown) => new Generator(1).integer(lo as number, hi as number), [value(smallInt), value(fc.integer({ min: -2, max: 9 }))]),
      op('Generator.setState', (state: unknown) => new Generator(1).setState(state as never), [value(fc.constantFrom({ words: [1, 2, 3, 4] }, { words: [0, 0, 0, 0] }, { words: [1, 2] }))]),
      op('Generator.choice (weighted)', (n: unknown, w: unknown, replace: unknown) => new Generator(1).choice(n as number, 1, { weights: w as number[], replace: replace as boolean }), [
        value(fc.integer({ min: 1, max: 3 })), value(fc.constantFrom([1, 2, 3], [0, 0, 0], [-1, 1, 1], [1])), value(fc.boolean()),
      ]),
      op('manualSeed', (s: unknown) => { manualSeed(s as number); manualSeed(0); }, [value(fc.integer({ min: 0, max: 9 }))]),
    ]));
  });
});
