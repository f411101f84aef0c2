// Every clustering function against scikit-learn's values (fixtures/clustering.json, written by
// fixtures/generate.py), within 1e-12 (absolute + relative).
import { describe, expect, it } from 'vitest';
import { failuresOf, loadCases } from '../../fixtures/oracle.ts';
import * as metrics from './index.ts';

const { producer, cases } = loadCases('clustering.json');
const functions = metrics as unknown as Record<string, (...args: unknown[]) => unknown>;

describe(`clustering metrics equal ${producer}`, () => {
  for (const fn of new Set(cases.map((c) => c.fn))) {
    const list = cases.filter((c) => c.fn === fn);
    it(`${fn} (${list.length} cases)`, () => {
      expect(failuresOf(list, functions[fn]!).slice(0, 5)).toEqual([]);
    });
  }
});
