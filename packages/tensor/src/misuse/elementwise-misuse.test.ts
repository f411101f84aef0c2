// Misuse suite, elementwise and reductions: every unary and binary op, clamp, where, the
// reductions (axes, keepdims, correction), arg reductions, cumsum, sumTo, softmax and logSoftmax.
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import {
  abs, add, argmax, argmin, ceil, clamp, cos, cumsum, div, eq, exp, expm1, floor, ge, gelu, geluTanh, gt, le, leakyRelu, log, log1p, logSoftmax, logsumexp, lt,
  max, maximum, mean, min, minimum, mul, ne, neg, pow, reciprocal, relu, round, rsqrt, sigmoid, sign, silu, mish, sin, softmax, softplus, sqrt, square, std, sub,
  sum, sumTo, tanh, init, variance, where,
} from '../index.ts';
import { expectNoLeak } from '../testing.ts';
import { assertMisuse, exact, listArg, objectArg, op, type ArgSpec, smallInt, tensorArg, value } from '../../test/misuse.ts';

beforeAll(async () => {
  await init();
});

const broadcastable = fc.array(fc.constantFrom(1, 2), { maxLength: 3 });
const operand: fc.Arbitrary<ArgSpec> = fc.oneof({ weight: 3, arbitrary: tensorArg({ shape: broadcastable }) }, { weight: 1, arbitrary: value(fc.constantFrom(2, -1.5, 0, 3e9)) });
const axes: fc.Arbitrary<ArgSpec> = fc.oneof(exact(undefined), value(smallInt), listArg(value(smallInt)));
const flag = fc.oneof(exact(undefined), value(fc.boolean()));

const unary = { abs, ceil, cos, exp, expm1, floor, gelu, geluTanh, log, log1p, neg, reciprocal, relu, round, rsqrt, sigmoid, sign, silu, mish, sin, softplus, sqrt, square, tanh };
const binary = { add, div, eq, ge, gt, le, lt, maximum, minimum, mul, ne, pow, sub };
const reductions = { sum, mean, max, min, logsumexp };

describe('misuse: elementwise ops and reductions', () => {
  it('every call returns a correct result or a typed error; nothing is corrupted or leaked', () => {
    expectNoLeak(() => assertMisuse([
      ...Object.entries(unary).map(([name, f]) => op(name, f, [tensorArg()])),
      op('leakyRelu', leakyRelu, [tensorArg(), fc.oneof(exact(undefined), value(fc.constantFrom(0.1, 0.2)))]),
      ...Object.entries(binary).map(([name, f]) => op(name, f, [operand, operand])),
      op('clamp', clamp, [tensorArg(), value(fc.constantFrom(-1, 0)), value(fc.constantFrom(1, 2))]),
      op('where', where, [tensorArg({ shape: broadcastable, grad: false }), operand, operand]),
      ...Object.entries(reductions).map(([name, f]) => op(name, f, [tensorArg(), axes, flag])),
      op('variance', variance, [tensorArg(), axes, flag, fc.oneof(exact(undefined), value(fc.constantFrom(0, 1)))]),
      op('std', std, [tensorArg(), axes, flag, fc.oneof(exact(undefined), value(fc.constantFrom(0, 1)))]),
      op('argmax', argmax, [tensorArg(), fc.oneof(exact(undefined), value(smallInt)), flag]),
      op('argmin', argmin, [tensorArg(), fc.oneof(exact(undefined), value(smallInt)), flag]),
      op('cumsum', cumsum, [tensorArg(), value(smallInt), objectArg({ reverse: value(fc.boolean()) })]),
      op('sumTo', sumTo, [tensorArg({ shape: broadcastable }), listArg(value(fc.constantFrom(1, 2)))]),
      op('softmax', softmax, [tensorArg(), fc.oneof(exact(undefined), value(smallInt))]),
      op('logSoftmax', logSoftmax, [tensorArg(), fc.oneof(exact(undefined), value(smallInt))]),
    ]));
  });
});
