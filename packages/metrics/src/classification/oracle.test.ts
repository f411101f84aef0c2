// Every classification function against scikit-learn's values (fixtures/classification.json,
// written by fixtures/generate.py): exact counts, floats within 1e-12 (absolute + relative).
import { describe, expect, it } from 'vitest';
import { difference, failuresOf, loadCases } from '../../fixtures/oracle.ts';
import * as classification from './index.ts';

const { producer, cases } = loadCases('classification.json');
const functions = classification as unknown as Record<string, (...args: unknown[]) => unknown>;

describe(`classification metrics equal ${producer}`, () => {
  for (const fn of new Set(cases.map((c) => c.fn))) {
    const list = cases.filter((c) => c.fn === fn);
    it(`${fn} (${list.length} cases)`, () => {
      expect(failuresOf(list, functions[fn]!).slice(0, 5)).toEqual([]);
    });
  }
});

describe('the oracle comparison', () => {
  it('tells values apart beyond 1e-12 and NaN from numbers', () => {
    expect(difference(0.5, 0.5 + 1e-9)).not.toBeNull();
    expect(difference([1, NaN], [1, 0])).not.toBeNull();
    expect(difference(Float64Array.of(Infinity, NaN), [Infinity, NaN])).toBeNull();
    expect(difference({ a: [1] }, { a: [1], b: 2 })).not.toBeNull();
    expect(difference('0.12', '0.13')).not.toBeNull();
  });
});
