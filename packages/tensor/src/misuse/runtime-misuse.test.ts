// Misuse suite, runtime, autograd, Tensor methods and linalg: backward, grad/valueAndGrad,
// noGrad, scope, keep, dispose, record, needsGrad, assertFinite, setDebugMode, setBackend,
// promoteTypes, adoptPointer, the Tensor methods, linalg (tensor and dense) and gradCheck.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  add, adoptPointer, ArgumentError, assertFinite, backward, cholesky, clone, correlation, covariance, determinant, dispose, eigh, getBackend, grad,
  gradCheck, identity, init, inverse, keep, lstsq, lstsqDense, matrix, mul, multiply, needsGrad, noGrad, promoteTypes, qr,
  qrDense, record, scope, setBackend, setDebugMode, solve, sum, svd, svdDense, type Tensor, transposeMatrix, valueAndGrad, zeros, eighDense, choleskyDense,
  determinantDense, inverseDense, solveDense, toMatrix,
} from '../index.ts';
import { expectNoLeak } from '../testing.ts';
import { type ArgSpec, assertMisuse, badValue, dtypeArb, exact, listArg, objectArg, op, shapeArb, smallInt, tensorArg, value } from '../../test/misuse.ts';

beforeAll(async () => {
  await init();
});

const fnArg = (valid: readonly unknown[]): fc.Arbitrary<ArgSpec> => value(fc.constantFrom(...valid));
const square = (a: Tensor) => sum(mul(a, a));
const matrixTensor = tensorArg({ shape: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), dtypes: ['float32', 'float64'] });
const matrixLike = fc.oneof({ weight: 4, arbitrary: matrixTensor }, { weight: 1, arbitrary: value(fc.constantFrom([[2, 1], [1, 2]], [[1]], [[1, 2]])) }, { weight: 1, arbitrary: tensorArg() });
const denseMatrix = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([r, c]) => ({ kind: 'value' as const, value: matrix(r, c, Array.from({ length: r * c }, (_, i) => ((i * 3) % 5) - 2 + (i % (c + 1) === 0 ? 4 : 0))) })) },
  { weight: 1, arbitrary: badValue.map((v) => ({ kind: 'value' as const, value: v })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'value' as const, value: { rows: 2, cols: 2, data: new Float64Array(3) } }) },
);

/** A square, diagonally dominant system A [n, n] and b [n, k] for the solvers (always solvable). */
const system = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 })).map(([n, k]) => ({
  a: matrix(n, n, Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 5 : (i % 3) - 1))),
  b: matrix(n, k, Array.from({ length: n * k }, (_, i) => i - 1)),
}));

/** Sets a clone of `g` as t's gradient (a rejected one is disposed again), then clears it. */
const setGrad = (t: Tensor, g: unknown) => {
  const cloned = g instanceof Object && 'shape' in g && !(g as Tensor).isDisposed;
  const own = cloned ? clone(g as Tensor) : (g as Tensor);
  try {
    t.grad = own;
  } catch (error) {
    if (cloned) own.dispose(); // a rejected gradient stays the caller's
    throw error;
  }
  t.grad = null;
};

describe('misuse: runtime, autograd, Tensor methods and linalg', () => {
  it('every call returns a correct result or a typed error; nothing is corrupted or leaked', () => {
    expectNoLeak(() => assertMisuse([
      op('Tensor.backward', (t: Tensor, g: unknown, o: unknown) => t.backward(g as Tensor, o as object), [tensorArg({ always: true }), fc.oneof(exact(undefined), tensorArg()), objectArg({ retainGraph: value(fc.boolean()) })]),
      op('Tensor.backward', (t: Tensor, g: unknown, o: unknown) => {
        const y = mul(t, 2);
        try {
          y.backward(g as Tensor, o as object);
        } finally {
          y.dispose();
        }
      }, [tensorArg({ always: true, shape: fc.constantFrom([], [2]), dtypes: ['float32', 'float64'] }), fc.oneof(exact(undefined), tensorArg({ shape: fc.constantFrom([], [2]), dtypes: ['float32', 'float64'] })), objectArg({ retainGraph: value(fc.boolean()) })]),
      fc.constantFrom('float32' as const, 'float64' as const).chain((dtype) => op('backward', backward, [
        fc.constant({ kind: 'tensor' as const, shape: [], dtype, requiresGrad: true, offset: 0 }), exact(undefined), objectArg({ retainGraph: value(fc.boolean()) }),
      ])),
      op('backward', backward, [tensorArg({ shape: fc.constantFrom([], [1], [2]) }), fc.oneof(exact(undefined), tensorArg()), objectArg({ retainGraph: value(fc.boolean()) })]),
      op('grad', (f: unknown, ...xs: unknown[]) => grad(f as (a: Tensor) => Tensor)(...(xs as Tensor[])), [fnArg([square, (a: Tensor) => a]), tensorArg()]),
      op('valueAndGrad', (f: unknown, ...xs: unknown[]) => valueAndGrad(f as (a: Tensor) => Tensor)(...(xs as Tensor[])), [fnArg([square, () => 'not a tensor']), tensorArg()]),
      op('noGrad', noGrad, [fnArg([() => zeros([2]), () => 1])]),
      op('scope', scope, [fnArg([() => zeros([2]), () => [zeros([1]), { a: zeros([3]) }], async () => zeros([1]), () => { zeros([2]); throw new ArgumentError('inside'); }])]),
      op('keep', keep, [fc.oneof(tensorArg(), listArg(tensorArg()))]),
      op('dispose', dispose, [value(fc.constantFrom(1, 'a', [1], { a: 1 }))], { acceptsAnything: true }),
      op('record', record, [value(fc.constant('custom')), listArg(tensorArg({ grad: false })), tensorArg({ grad: false }), listArg(tensorArg({ grad: false })), fnArg([() => []])]),
      op('needsGrad', (...xs: unknown[]) => needsGrad(...(xs as Tensor[])), [tensorArg(), tensorArg()]),
      op('assertFinite', assertFinite, [tensorArg(), fc.oneof(exact(undefined), value(fc.constant('check')))]),
      op('setDebugMode', setDebugMode, [value(fc.boolean())]),
      op('setBackend', setBackend, [fc.oneof(value(fc.constant(null)).map(() => ({ kind: 'value' as const, value: getBackend() })), value(fc.constant({ kernels: 1 })))]),
      op('promoteTypes', promoteTypes, [value(dtypeArb), value(dtypeArb)]),
      op('adoptPointer', adoptPointer, [value(fc.integer({ min: 0, max: 64 })), value(shapeArb), fc.oneof(exact(undefined), value(dtypeArb))]),
      op('adoptPointer', (shape: unknown, dtype: unknown) => {
        const heap = getBackend().heap, ptr = heap.alloc(256);
        try {
          return adoptPointer(ptr, shape as number[], dtype as 'float32');
        } catch (error) {
          heap.free(ptr); // a refused block stays the caller's
          throw error;
        }
      }, [value(shapeArb), fc.oneof(exact(undefined), value(dtypeArb))]),
      op('Tensor.item', (t: Tensor) => t.item(), [tensorArg({ always: true })]),
      op('Tensor.toNested', (t: Tensor) => [t.toNested(), t.toString()], [tensorArg({ always: true })]),
      op('Tensor.detach', (t: Tensor) => t.detach(), [tensorArg({ always: true })]),
      op('Tensor.setRequiresGrad', (t: Tensor, f: unknown) => t.setRequiresGrad(f as boolean), [tensorArg({ always: true }), value(fc.boolean())]),
      op('Tensor.grad =', setGrad, [tensorArg({ always: true }), tensorArg()]),
      fc.record({ shape: fc.constantFrom([], [2]), dtype: fc.constantFrom('float32' as const, 'float64' as const) }).chain(({ shape, dtype }) =>
        op('Tensor.grad =', setGrad, [tensorArg({ always: true, shape: fc.constant(shape), dtypes: [dtype] }), tensorArg({ shape: fc.constant(shape), dtypes: [dtype] })])),
      op('Tensor.assignInPlace_', (t: Tensor, s: unknown) => t.assignInPlace_(s as Tensor), [tensorArg({ always: true, shape: fc.constantFrom([2], [3]) }), tensorArg({ shape: fc.constantFrom([2], [3]) })], { inPlace: true }),
      dtypeArb.chain((dtype) => op('Tensor.assignInPlace_', (t: Tensor, s: unknown) => t.assignInPlace_(s as Tensor), [
        tensorArg({ always: true, shape: fc.constant([2]), dtypes: [dtype] }), tensorArg({ shape: fc.constant([2]), dtypes: [dtype] }),
      ], { inPlace: true })),
      op('Tensor.addScaledInPlace_', (t: Tensor, s: unknown, a: unknown) => t.addScaledInPlace_(s as Tensor, a as number), [tensorArg({ always: true, shape: fc.constantFrom([2], [3]) }), tensorArg({ shape: fc.constantFrom([2], [3]) }), value(fc.constantFrom(0.5, -1))], { inPlace: true }),
      fc.constantFrom('float32' as const, 'float64' as const).chain((dtype) => op('Tensor.addScaledInPlace_', (t: Tensor, s: unknown, a: unknown) => t.addScaledInPlace_(s as Tensor, a as number), [
        tensorArg({ always: true, shape: fc.constant([2]), dtypes: [dtype] }), tensorArg({ shape: fc.constant([2]), dtypes: [dtype] }), value(fc.constantFrom(0.5, -1)),
      ], { inPlace: true })),
      op('cholesky', cholesky, [matrixLike]),
      op('cholesky', cholesky, [value(fc.constantFrom([[2, 1], [1, 2]], [[4]], [[1, 2], [2, 1]]))]),
      op('qr', qr, [matrixLike]),
      op('svd', svd, [matrixLike]),
      op('eigh', eigh, [matrixLike]),
      op('solve', solve, [matrixLike, fc.oneof(matrixLike, tensorArg({ shape: fc.tuple(fc.integer({ min: 0, max: 3 })), dtypes: ['float64'] }))]),
      op('lstsq', lstsq, [matrixLike, matrixLike, fc.oneof(exact(undefined), value(fc.constant(1e-10)))]),
      op('solve', solve, [exact([[2, 1], [1, 3]]), value(fc.constantFrom([1, 2], [[1], [0]]))]),
      op('lstsq', lstsq, [exact([[2, 1], [1, 3], [0, 1]]), value(fc.constantFrom([1, 2, 3], [[1], [0], [2]])), fc.oneof(exact(undefined), value(fc.constant(1e-10)))]),
      op('inverse', inverse, [matrixLike]),
      op('determinant', determinant, [matrixLike]),
      op('covariance', covariance, [matrixLike, fc.oneof(exact(undefined), value(fc.constantFrom(0, 1)))]),
      op('correlation', correlation, [matrixLike]),
      op('matrix', matrix, [value(fc.integer({ min: 0, max: 3 })), value(fc.integer({ min: 0, max: 3 })), fc.oneof(exact(undefined), value(fc.constantFrom([1, 2, 3, 4], [1])))]),
      op('identity', identity, [value(fc.integer({ min: 0, max: 3 }))]),
      op('multiply', multiply, [denseMatrix, denseMatrix]),
      system.chain(({ a, b }) => op('multiply', multiply, [exact(a), exact(b)])),
      op('transposeMatrix', transposeMatrix, [denseMatrix]),
      op('toMatrix', (x: unknown, what: unknown, o: unknown) => toMatrix(x as never, what as string, o as object), [
        fc.oneof(matrixLike, denseMatrix, value(fc.constantFrom({ data: [1, 2, 3, 4], shape: [2, 2] }, { data: new Float32Array(3), shape: [1, 3] }, [[1, Number.NaN]], [[1, 2], [3]]))),
        fc.oneof(exact(undefined), value(fc.constant('X'))),
        objectArg({ allowNonFinite: value(fc.boolean()) }),
      ]),
      op('choleskyDense', choleskyDense, [denseMatrix]),
      op('qrDense', qrDense, [denseMatrix]),
      op('svdDense', svdDense, [denseMatrix, objectArg({ tolerance: value(fc.constant(1e-12)), maxSweeps: value(fc.constant(30)) })]),
      op('eighDense', eighDense, [denseMatrix, objectArg({ tolerance: value(fc.constant(1e-12)), maxSweeps: value(fc.constant(30)) })]),
      op('solveDense', solveDense, [denseMatrix, denseMatrix]),
      system.chain(({ a, b }) => op('solveDense', solveDense, [exact(a), exact(b)])),
      op('lstsqDense', lstsqDense, [denseMatrix, denseMatrix, fc.oneof(exact(undefined), value(fc.constant(1e-10)))]),
      system.chain(({ a, b }) => op('lstsqDense', lstsqDense, [exact(a), exact(b), value(fc.constant(1e-10))])),
      op('inverseDense', inverseDense, [denseMatrix]),
      op('determinantDense', determinantDense, [denseMatrix]),
      op('gradCheck', gradCheck, [fnArg([(a: Tensor) => add(a, a)]), listArg(tensorArg({ shape: fc.constantFrom([1], [2]), dtypes: ['float32', 'float64'] }), 2), objectArg({
        eps: value(fc.constant(1e-6)), atol: value(fc.constant(1e-5)), seed: value(smallInt), skipFloat32: value(fc.boolean()), wrt: listArg(value(fc.integer({ min: 0, max: 1 }))),
      })]),
    ]));
  });

  it('init rejects a value that is neither a Backend nor load options with ArgumentError', async () => {
    await expect(init('simd' as never)).rejects.toThrow(ArgumentError);
  });
});
