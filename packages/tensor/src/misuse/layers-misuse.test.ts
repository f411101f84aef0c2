// Misuse suite, layer primitives: matmul, pairwise distances, linear, conv2d and pooling (kernel, stride, padding,
// dilation, activation), recurrentSequence and the in-place optimizer steps.
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import {
  adagradStepInPlace_, adamStepInPlace_, avgPool2d, cdist, conv2d, csrMatmul, init, pairwiseSquaredDistances, linear, matmul, maxPool2d, recurrentSequence, rmspropStepInPlace_, rowDots, sgdStepInPlace_,
} from '../index.ts';
import { expectNoLeak } from '../testing.ts';
import { type ArgSpec, assertMisuse, badValue, exact, listArg, objectArg, op, tensorArg, value } from '../../test/misuse.ts';

beforeAll(async () => {
  await init();
});

const dims = (min: number, max: number, minLength: number, maxLength: number) => fc.array(fc.integer({ min, max }), { minLength, maxLength });
const floats = ['float32', 'float64'] as const;
const matrixArg = tensorArg({ shape: dims(1, 3, 1, 3), dtypes: floats });
const pairOrInt = (min: number, max: number): fc.Arbitrary<ArgSpec> => fc.oneof(
  value(fc.integer({ min, max })),
  listArg(value(fc.integer({ min, max })), 2),
);
const activation = value(fc.constantFrom('none', 'relu', 'sigmoid', 'tanh'));
const image = tensorArg({ shape: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 2 })), dtypes: floats });
const filter = tensorArg({ shape: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })), dtypes: floats });
const poolOptions = objectArg({ stride: pairOrInt(0, 2), padding: pairOrInt(0, 1), countIncludePad: value(fc.boolean()) });

/** A parameter and state tensors for the optimizer steps (sizes usually equal). */
const param = (n: number) => tensorArg({ shape: fc.constant([n]), dtypes: ['float32'], grad: false });
const stateOf = (n: number) => fc.oneof({ weight: 4, arbitrary: param(n) }, { weight: 1, arbitrary: tensorArg({ shape: fc.constant([n + 1]) }) });
const hyper = (extra: Record<string, fc.Arbitrary<ArgSpec>>) => fc.oneof(
  { weight: 4, arbitrary: fc.record({ lr: value(fc.constantFrom(0.1, 0.01)), ...extra }, { requiredKeys: ['lr'] }).map((fields) => ({ kind: 'object' as const, fields: fields as Record<string, ArgSpec> })) },
  { weight: 1, arbitrary: badValue.map((v) => ({ kind: 'value' as const, value: v })) },
);
const optimizerCase = (name: string, call: (...args: never[]) => unknown, states: number, extra: Record<string, fc.Arbitrary<ArgSpec>>) =>
  fc.integer({ min: 0, max: 3 }).chain((n) => op(name, call, [param(n), ...Array.from({ length: states }, () => stateOf(n)), hyper(extra)], { inPlace: true }));

/** Two point sets [..., m, d] and [..., n, d] (usually fitting: same dtype, features and batch). */
const pointSets = fc.record({ batch: dims(1, 2, 0, 1), m: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 1, max: 3 }), d: fc.integer({ min: 0, max: 3 }), dtype: fc.constantFrom(...floats) })
  .map(({ batch, m, n, d, dtype }) => {
    const fixed = (shape: number[]) => fc.oneof({ weight: 5, arbitrary: tensorArg({ shape: fc.constant(shape), dtypes: [dtype], always: true }) }, { weight: 1, arbitrary: tensorArg() });
    return [fixed([...batch, m, d]), fixed([...batch, n, d])] as const;
  });

const recurrent = fc.record({ kind: fc.constantFrom('rnn', 'lstm', 'gru'), n: fc.integer({ min: 1, max: 2 }), t: fc.integer({ min: 0, max: 2 }), h: fc.integer({ min: 1, max: 2 }), dtype: fc.constantFrom(...floats) })
  .chain(({ kind, n, t, h, dtype }) => {
    const g = kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1;
    const fixed = (shape: number[]) => fc.oneof({ weight: 5, arbitrary: tensorArg({ shape: fc.constant(shape), dtypes: [dtype], always: true }) }, { weight: 1, arbitrary: tensorArg() });
    return op('recurrentSequence', recurrentSequence, [
      value(fc.constant(kind)), fixed([n, t, g * h]), fixed([g * h, h]), fc.oneof(exact(null), fixed([g * h])), fixed([n, h]),
      fc.oneof(exact(null), exact(undefined), fixed([n, h])),
    ]);
  });

describe('misuse: layer primitives and optimizer steps', () => {
  it('every call returns a correct result or a typed error; nothing is corrupted or leaked', () => {
    expectNoLeak(() => assertMisuse([
      op('matmul', matmul, [matrixArg, matrixArg]),
      pointSets.chain(([x, y]) => op('pairwiseSquaredDistances', pairwiseSquaredDistances, [x, y])),
      fc.record({ m: fc.integer({ min: 0, max: 3 }), n: fc.integer({ min: 0, max: 3 }), d: fc.integer({ min: 0, max: 3 }), dtype: fc.constantFrom('float64', 'int32') }).chain(({ m, n, d, dtype }) => {
        const fixed = (shape: number[]) => fc.oneof({ weight: 5, arbitrary: tensorArg({ shape: fc.constant(shape), dtypes: [dtype], always: true }) }, { weight: 1, arbitrary: tensorArg() });
        return op('rowDots', rowDots, [fixed([m, d]), fixed([n, d])]);
      }),
      // Valid CSR arrays need indptr = [0, ...] non-decreasing: [0] (m = 0, offset 1 of the harness's values) often.
      fc.record({ m: fc.constantFrom(0, 0, 1), nnz: fc.constantFrom(0, 0, 1), cols: fc.integer({ min: 0, max: 3 }), k: fc.integer({ min: 0, max: 2 }), transpose: fc.boolean() })
        .chain(({ m, nnz, cols, k, transpose }) => {
          const fixed = (shape: number[], dtype: 'int32' | 'float64') => fc.oneof({ weight: 5, arbitrary: tensorArg({ shape: fc.constant(shape), dtypes: [dtype], always: true }) }, { weight: 1, arbitrary: tensorArg() });
          const indptr = fc.oneof({ weight: 4, arbitrary: fc.constant({ kind: 'tensor' as const, shape: [m + 1], dtype: 'int32' as const, requiresGrad: false, offset: 1 }) }, { weight: 1, arbitrary: fixed([m + 1], 'int32') });
          const options = fc.oneof(
            { weight: 4, arbitrary: fc.constant({ kind: 'object' as const, fields: { cols: { kind: 'value' as const, value: cols }, transpose: { kind: 'value' as const, value: transpose } } }) },
            { weight: 1, arbitrary: objectArg({ cols: value(fc.integer({ min: -1, max: 4 })), transpose: value(fc.boolean()) }) },
          );
          return op('csrMatmul', csrMatmul, [indptr, fixed([nnz], 'int32'), fixed([nnz], 'float64'), fixed([transpose ? m : cols, k], 'float64'), options]);
        }),
      pointSets.chain(([x, y]) => op('cdist', cdist, [x, y, fc.oneof({ weight: 4, arbitrary: exact(undefined) }, { weight: 1, arbitrary: value(fc.constantFrom(2, 1, 2.5)) })])),
      op('linear', linear, [
        tensorArg({ shape: dims(1, 3, 1, 2), dtypes: floats }), tensorArg({ shape: dims(1, 3, 2, 2), dtypes: floats }),
        fc.oneof(exact(undefined), exact(null), tensorArg({ shape: dims(1, 3, 1, 1), dtypes: floats })),
        objectArg({ activation, weightLayout: value(fc.constantFrom('io', 'oi')) }),
      ]),
      op('conv2d', conv2d, [image, filter, objectArg({
        stride: pairOrInt(1, 2), padding: fc.oneof(pairOrInt(0, 1), value(fc.constantFrom('same', 'valid'))), dilation: pairOrInt(1, 2),
        activation, bias: tensorArg({ shape: dims(1, 2, 1, 1), dtypes: floats }),
      })]),
      fc.record({ c: fc.integer({ min: 1, max: 2 }), k: fc.integer({ min: 1, max: 2 }), o: fc.integer({ min: 1, max: 2 }), dtype: fc.constantFrom(...floats) })
        .chain(({ c, k, o, dtype }) => op('conv2d', conv2d, [
          tensorArg({ shape: fc.constant([1, 3, 3, c]), dtypes: [dtype], always: true }), tensorArg({ shape: fc.constant([k, k, c, o]), dtypes: [dtype], always: true }),
          fc.oneof(exact(undefined), objectArg({ stride: pairOrInt(1, 2), activation })),
        ])),
      op('maxPool2d', maxPool2d, [image, pairOrInt(1, 2), poolOptions]),
      op('avgPool2d', avgPool2d, [image, pairOrInt(1, 2), poolOptions]),
      recurrent,
      optimizerCase('sgdStepInPlace_', sgdStepInPlace_, 2, { momentum: value(fc.constantFrom(0, 0.9)), nesterov: value(fc.boolean()), weightDecay: value(fc.constant(0.1)) }),
      optimizerCase('adamStepInPlace_', adamStepInPlace_, 3, { decoupled: value(fc.boolean()), step: value(fc.integer({ min: 1, max: 3 })) }),
      optimizerCase('adagradStepInPlace_', adagradStepInPlace_, 2, { eps: value(fc.constant(1e-8)) }),
      optimizerCase('rmspropStepInPlace_', rmspropStepInPlace_, 3, { momentum: value(fc.constantFrom(0, 0.5)), alpha: value(fc.constant(0.9)) }),
    ]));
  });
});
