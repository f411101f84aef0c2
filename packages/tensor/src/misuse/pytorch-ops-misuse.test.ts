// Misuse suite, the PyTorch-parity ops: sort, argsort, topk, tril, triu, maskedFill, repeat, tile,
// norm, any, all, isnan, isinf, isfinite, multinomial, einsum and erf.
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import {
  all, any, argsort, einsum, erf, Generator, init, isfinite, isinf, isnan, maskedFill, multinomial, norm, repeat, sort, tile, topk, tril, triu,
} from '../index.ts';
import { expectNoLeak } from '../testing.ts';
import { assertMisuse, exact, listArg, objectArg, op, type ArgSpec, smallInt, tensorArg, value } from '../../test/misuse.ts';

beforeAll(async () => {
  await init();
});

const flag = fc.oneof(exact(undefined), value(fc.boolean()));
const axes: fc.Arbitrary<ArgSpec> = fc.oneof(exact(undefined), value(smallInt), listArg(value(smallInt)));
const sortOptions = objectArg({ dim: value(smallInt), descending: value(fc.boolean()), stable: value(fc.boolean()) });
const broadcastable = fc.array(fc.constantFrom(1, 2), { maxLength: 3 });
const equations = fc.constantFrom('ij,jk->ik', 'ij', 'ii', 'ii->i', 'i,j->ij', '...ij->...ji', 'ij->', 'ij,ij', 'i', '', '->', 'ij->ii', 'i1', 'ij,jk', 'ijk,kl');

const predicates = { isnan, isinf, isfinite, erf };

describe('misuse: sort, triangles, fills, repeats, norms, predicates, sampling, einsum', () => {
  it('every call returns a correct result or a typed error; nothing is corrupted or leaked', () => {
    expectNoLeak(() => assertMisuse([
      op('sort', sort, [tensorArg(), sortOptions]),
      op('argsort', argsort, [tensorArg(), sortOptions]),
      op('topk', topk, [tensorArg(), value(fc.integer({ min: 0, max: 3 })), objectArg({ dim: value(smallInt), largest: value(fc.boolean()), sorted: value(fc.boolean()) })]),
      op('tril', tril, [tensorArg(), fc.oneof(exact(undefined), value(smallInt))]),
      op('triu', triu, [tensorArg(), fc.oneof(exact(undefined), value(smallInt))]),
      op('maskedFill', maskedFill, [tensorArg({ shape: broadcastable }), tensorArg({ shape: broadcastable, grad: false }), value(fc.constantFrom(0, -1, 2.5))]),
      op('repeat', repeat, [tensorArg(), listArg(value(fc.integer({ min: 0, max: 3 })), 4)]),
      op('tile', tile, [tensorArg(), listArg(value(fc.integer({ min: 0, max: 3 })), 4)]),
      op('norm', norm, [tensorArg(), objectArg({ p: value(fc.constantFrom<unknown>('fro', 'nuc', 0, 1, 2, 3, 0.5, Infinity, -Infinity)), dim: axes, keepdim: value(fc.boolean()) })]),
      op('any', any, [tensorArg(), axes, flag]),
      op('all', all, [tensorArg(), axes, flag]),
      ...Object.entries(predicates).map(([name, f]) => op(name, f, [tensorArg()])),
      op('multinomial', multinomial, [
        tensorArg({ shape: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 2 }) }),
        value(fc.integer({ min: 1, max: 3 })),
        objectArg({ replacement: value(fc.boolean()), generator: exact(new Generator(1)) }),
      ]),
      op('einsum', einsum, [
        value(fc.constantFrom('ij,jk->ik', 'ij,jk', 'ij,kj->ik', 'ij,ij->j', '...j,j', 'ij,k')),
        tensorArg({ shape: fc.constantFrom([2, 3], [3, 3]) }),
        tensorArg({ shape: fc.constantFrom([3, 2], [3, 3], [3], [1]) }),
      ]),
      op('einsum (any)', einsum, [value(equations), tensorArg({ shape: fc.array(fc.constantFrom(2, 3), { maxLength: 3 }) }), tensorArg({ shape: fc.array(fc.constantFrom(2, 3), { maxLength: 3 }) })]),
      op('einsum (one operand)', einsum, [value(equations), tensorArg({ shape: fc.array(fc.constantFrom(1, 2), { maxLength: 3 }) })]),
    ]));
  });
});
