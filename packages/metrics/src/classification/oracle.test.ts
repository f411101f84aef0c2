// Every classification function against scikit-learn's values (fixtures/classification.json,
// written by fixtures/generate.py): exact counts, floats within 1e-12 (absolute + relative).
import { describe, expect, it } from 'vitest';
import { difference, loadCases } from '../../fixtures/oracle.ts';
import * as classification from './index.ts';

const { producer, cases } = loadCases('classification.json');
const functions = classification as unknown as Record<string, (...args: unknown[]) => unknown>;

describe(`classification metrics equal ${producer}`, () => {
  const byFn = new Map<string, typeof cases>();
  for (const c of cases) byFn.set(c.fn, [...(byFn.get(c.fn) ?? []), c]);
  for (const [fn, list] of byFn) {
    it(`${fn} (${list.length} cases)`, () => {
      const failures: string[] = [];
      for (const c of list) {
        const result = functions[fn]!(...c.args);
        const d = difference(result, c.expected);
        if (d) failures.push(`${fn}(${JSON.stringify(c.args).slice(0, 300)}): ${d}`);
      }
      expect(failures.slice(0, 5)).toEqual([]);
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
