// Association rules A -> C from frequent itemsets, with the measures of mlxtend's
// association_rules: support s(A ∪ C), confidence s(A ∪ C) / s(A), lift confidence / s(C),
// leverage s(A ∪ C) - s(A) s(C) and conviction (1 - s(C)) / (1 - confidence) (Infinity when the
// confidence is 1). Every subset of a frequent itemset is frequent, so all supports are known.
import { ArgumentError } from '@neurite/tensor';
import type { FrequentItemset, Item, MinedItemsets } from './apriori.ts';

export interface AssociationRule {
  antecedents: Item[];
  consequents: Item[];
  antecedentSupport: number;
  consequentSupport: number;
  support: number;
  confidence: number;
  lift: number;
  leverage: number;
  conviction: number;
}

export type RuleMetric = 'support' | 'confidence' | 'lift' | 'leverage' | 'conviction';

export interface RuleOptions {
  /** The measure to filter on (default 'confidence'). */
  metric?: RuleMetric;
  /** Keep rules whose metric is >= this (default 0.8). */
  minThreshold?: number;
}

function keyOf(items: readonly Item[]): string {
  return JSON.stringify(items);
}

/** Every rule with a non-empty antecedent and consequent from each itemset, filtered by one metric. */
export function associationRules(mined: MinedItemsets, options: RuleOptions = {}): AssociationRule[] {
  const metric = options.metric ?? 'confidence';
  const minThreshold = options.minThreshold ?? 0.8;
  if (!['support', 'confidence', 'lift', 'leverage', 'conviction'].includes(metric)) throw new ArgumentError(`associationRules: metric must be support, confidence, lift, leverage or conviction, got ${String(metric)}`);
  if (typeof minThreshold !== 'number' || Number.isNaN(minThreshold)) throw new ArgumentError(`associationRules: minThreshold must be a number, got ${String(minThreshold)}`);
  const support = new Map<string, number>();
  for (const s of mined.itemsets) support.set(keyOf(s.items), s.support);
  const rules: AssociationRule[] = [];
  const bySize = (set: FrequentItemset): boolean => set.items.length >= 2 && set.items.length <= 20;
  for (const set of mined.itemsets.filter(bySize)) {
    const k = set.items.length;
    for (let mask = 1; mask < (1 << k) - 1; mask++) {
      const antecedents: Item[] = [], consequents: Item[] = [];
      for (let i = 0; i < k; i++) (mask & (1 << i) ? antecedents : consequents).push(set.items[i]!);
      const sa = support.get(keyOf(antecedents)), sc = support.get(keyOf(consequents));
      if (sa === undefined || sc === undefined) continue;
      const confidence = set.support / sa;
      const rule: AssociationRule = {
        antecedents, consequents, antecedentSupport: sa, consequentSupport: sc, support: set.support, confidence,
        lift: confidence / sc, leverage: set.support - sa * sc, conviction: confidence >= 1 ? Infinity : (1 - sc) / (1 - confidence),
      };
      if (rule[metric] >= minThreshold) rules.push(rule);
    }
  }
  return rules;
}
