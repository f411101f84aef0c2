// Association rules: Apriori on transaction bitsets, rules with support, confidence, lift,
// leverage and conviction, and a documented synthetic basket generator.
export { apriori, type AprioriOptions, type FrequentItemset, type Item, type MinedItemsets } from './apriori.ts';
export { type AssociationRule, associationRules, type RuleMetric, type RuleOptions } from './association-rules.ts';
export { type BasketOptions, generateBaskets } from './generate-baskets.ts';
