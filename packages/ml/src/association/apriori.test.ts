import { describe, expect, it } from 'vitest';
import { ArgumentError } from '@neurite/tensor';
import { FitAbortedError } from '../base/estimator.ts';
import { apriori } from './apriori.ts';
import { associationRules } from './association-rules.ts';
import { popcount32 } from './bitset.ts';
import { generateBaskets } from './generate-baskets.ts';

// The five baskets of mlxtend's apriori documentation example; supports counted by hand.
const baskets = [
  ['Milk', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Dill', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Milk', 'Apple', 'Kidney Beans', 'Eggs'],
  ['Milk', 'Unicorn', 'Corn', 'Kidney Beans', 'Yogurt'],
  ['Corn', 'Onion', 'Onion', 'Kidney Beans', 'Ice cream', 'Eggs'],
];

const sortedKey = (items: readonly (string | number)[]): string => [...items].map(String).sort().join('|');

describe('apriori', () => {
  it('finds the frequent itemsets of the textbook example at minSupport 0.6', () => {
    const { itemsets, nTransactions } = apriori(baskets, { minSupport: 0.6 });
    expect(nTransactions).toBe(5);
    const got = Object.fromEntries(itemsets.map((s) => [sortedKey(s.items), s.support]));
    expect(got).toEqual({
      Eggs: 0.8, 'Kidney Beans': 1, Milk: 0.6, Onion: 0.6, Yogurt: 0.6,
      'Eggs|Kidney Beans': 0.8, 'Eggs|Onion': 0.6, 'Kidney Beans|Milk': 0.6, 'Kidney Beans|Onion': 0.6, 'Kidney Beans|Yogurt': 0.6,
      'Eggs|Kidney Beans|Onion': 0.6,
    });
    expect(apriori(baskets, { minSupport: 0.6, maxLength: 1 }).itemsets).toHaveLength(5);
  });

  it('derives rules with support, confidence, lift, leverage and conviction', () => {
    const rules = associationRules(apriori(baskets, { minSupport: 0.6 }), { metric: 'confidence', minThreshold: 0.7 });
    const rule = rules.find((r) => sortedKey(r.antecedents) === 'Eggs' && sortedKey(r.consequents) === 'Onion')!;
    // s(Eggs) = 0.8, s(Onion) = 0.6, s(both) = 0.6: confidence 0.75, lift 1.25, leverage 0.12, conviction 1.6
    expect(rule.support).toBeCloseTo(0.6, 12);
    expect(rule.confidence).toBeCloseTo(0.75, 12);
    expect(rule.lift).toBeCloseTo(1.25, 12);
    expect(rule.leverage).toBeCloseTo(0.12, 12);
    expect(rule.conviction).toBeCloseTo(1.6, 12);
    const sure = rules.find((r) => sortedKey(r.antecedents) === 'Onion' && sortedKey(r.consequents) === 'Eggs')!;
    expect(sure.conviction).toBe(Infinity);
    expect(rules.every((r) => r.confidence >= 0.7)).toBe(true);
    // By hand: {E,K} 2, {E,O} 2, {K,M} 1, {K,O} 1, {K,Y} 1, {E,K,O} 5 rules with confidence >= 0.7.
    expect(rules).toHaveLength(12);
    expect(associationRules(apriori(baskets, { minSupport: 0.6 }), { metric: 'lift', minThreshold: 1.2 }).every((r) => r.lift >= 1.2)).toBe(true);
  });

  it('matches brute-force support counts on generated baskets (500 baskets x 200 items)', () => {
    const data = generateBaskets({ nTransactions: 500, nItems: 200, nPatterns: 30, seed: 3 });
    const { itemsets } = apriori(data, { minSupport: 0.02 });
    const sets = data.map((b) => new Set(b));
    for (const s of itemsets) expect(s.count).toBe(sets.filter((b) => s.items.every((i) => b.has(i as string))).length);
    // Completeness for pairs: every pair with support >= 2% is reported.
    const pairCounts = new Map<string, number>();
    for (const b of data) for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) {
      const key = sortedKey([b[i]!, b[j]!]);
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
    }
    const frequentPairs = [...pairCounts].filter(([, c]) => c >= 10).map(([k]) => k).sort();
    expect(itemsets.filter((s) => s.items.length === 2).map((s) => sortedKey(s.items)).sort()).toEqual(frequentPairs);
    expect(itemsets.some((s) => s.items.length >= 3)).toBe(true);
  });

  it('validates its input', () => {
    expect(() => apriori(baskets, { minSupport: 0 })).toThrow(ArgumentError);
    expect(() => apriori([['a'], [null as never]])).toThrow(/transaction 1 holds null/);
    expect(() => apriori(['a' as never])).toThrow(/transaction 0 is not an array/);
    expect(() => associationRules(apriori(baskets), { metric: 'gain' as never })).toThrow(/metric/);
    const controller = new AbortController();
    controller.abort();
    expect(() => apriori(baskets, { minSupport: 0.2, signal: controller.signal })).toThrow(FitAbortedError);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
  });
});
