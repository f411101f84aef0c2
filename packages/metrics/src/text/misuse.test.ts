// Misuse fuzzing of every public function of the classification, regression, clustering and text
// areas (TESTING.md): random arguments of every kind; the outcome must be a result or a typed
// NeuriteError (ArgumentError or ShapeError), never another exception, and inputs are not modified.
import { NeuriteError } from '@neurite/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as classification from '../classification/index.ts';
import * as clustering from '../clustering/index.ts';
import * as regression from '../regression/index.ts';
import * as text from './index.ts';

const functions = Object.entries({ ...classification, ...regression, ...clustering, ...text })
  .filter(([, f]) => typeof f === 'function') as [string, (...args: unknown[]) => unknown][];

const scalar = fc.oneof(
  fc.integer({ min: -3, max: 3 }), fc.double(), fc.constantFrom(NaN, Infinity, -0, 1e308, 0.5),
  fc.string({ maxLength: 4 }), fc.boolean(), fc.constant(null), fc.constant(undefined),
);
const vector = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 8 }),
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
  fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 8 }),
  fc.array(scalar, { maxLength: 6 }),
  fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 8 }).map((a) => Int32Array.from(a)),
  fc.array(fc.double({ noNaN: false }), { maxLength: 8 }).map((a) => Float64Array.from(a)),
);
const matrix = fc.oneof(
  fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 3 }), { maxLength: 6 }),
  fc.array(fc.array(fc.constantFrom('x', 'y'), { maxLength: 4 }), { maxLength: 4 }),
  fc.array(vector, { maxLength: 4 }),
  fc.array(fc.array(fc.array(fc.constantFrom('a', 'b'), { maxLength: 4 }), { maxLength: 3 }), { maxLength: 3 }),
);
const options = fc.oneof(
  fc.constant(undefined), fc.constant({}), scalar, vector,
  fc.record({
    average: fc.constantFrom('binary', 'micro', 'macro', 'weighted', null, 'samples', 3),
    labels: fc.oneof(vector, scalar),
    posLabel: scalar,
    zeroDivision: fc.constantFrom('warn', 0, 1, NaN, 2, 'x'),
    normalize: fc.constantFrom('true', 'pred', 'all', true, false, 'x'),
    multioutput: fc.oneof(fc.constantFrom('uniform_average', 'raw_values', 'variance_weighted', 'x'), vector),
    beta: scalar,
    weights: fc.oneof(vector, matrix),
    smoothing: fc.constantFrom('method0', 'method4', 'method5', 'method6', 'method7', 'x'),
    multiClass: fc.constantFrom('ovr', 'ovo', 'raise', 'x'),
    maxFpr: scalar,
    base: scalar,
    sampleWeight: fc.oneof(vector, scalar),
  }, { requiredKeys: [] }),
);
const argument = fc.oneof(scalar, vector, matrix, options);

describe('misuse of every public function', () => {
  it(`${functions.length} functions give a result or a typed error, and leave their inputs alone`, () => {
    fc.assert(fc.property(fc.constantFrom(...functions), fc.array(argument, { maxLength: 3 }), ([name, f], args) => {
      const before = JSON.stringify(args, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v));
      try {
        f(...args);
      } catch (error) {
        if (!(error instanceof NeuriteError)) throw new Error(`${name}(${before}) threw ${String(error)}`);
      }
      const after = JSON.stringify(args, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v));
      expect(after, `${name} modified its arguments`).toBe(before);
    }), { seed: 20261207, numRuns: 3000 });
  });

  it('near-valid calls (two inputs of one length, random options) give a result or a typed error', () => {
    const n = fc.integer({ min: 1, max: 7 });
    const sameLength = n.chain((k) => {
      const column = fc.oneof(
        fc.array(fc.integer({ min: -1, max: 3 }), { minLength: k, maxLength: k }),
        fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: k, maxLength: k }),
        fc.array(fc.double({ min: -1, max: 2, noNaN: true }), { minLength: k, maxLength: k }),
        fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: k, maxLength: k }),
        fc.array(fc.array(fc.constantFrom('the', 'cat', 'sat', 'on'), { maxLength: 6 }), { minLength: k, maxLength: k }),
        fc.array(fc.array(fc.array(fc.constantFrom('the', 'cat', 'sat'), { maxLength: 6 }), { minLength: 1, maxLength: 2 }), { minLength: k, maxLength: k }),
        fc.array(fc.string({ maxLength: 12 }), { minLength: k, maxLength: k }),
        fc.array(fc.array(fc.string({ maxLength: 12 }), { minLength: k, maxLength: k }), { minLength: 1, maxLength: 2 }),
      );
      return fc.tuple(column, column);
    });
    fc.assert(fc.property(fc.constantFrom(...functions), sameLength, options, ([name, f], [a, b], o) => {
      try {
        f(a, b, o);
      } catch (error) {
        if (!(error instanceof NeuriteError)) throw new Error(`${name}(${JSON.stringify([a, b, o])}) threw ${String(error)}`);
      }
    }), { seed: 20261207, numRuns: 5000 });
  });
});
