// The n-gram match of CodeBLEU: corpus BLEU-4 as the reference computes it (its copy of NLTK's
// corpus_bleu): clipped n-gram counts summed over the corpus as unreduced fractions, the brevity
// penalty against the closest reference length, and NLTK's smoothing method1 (a zero numerator
// becomes 0.1 over the same denominator).
import { exactSum } from './exact-sum.ts';

/** Tokens of one hypothesis and of its references. */
export interface TokenizedPair {
  readonly hypothesis: readonly string[];
  readonly references: readonly (readonly string[])[];
}

const ORDERS = 4;
const SMOOTHING_EPSILON = 0.1;

/** Counts of the n-grams of `tokens` (keys join the tokens with a space, which no token contains), in first-occurrence order. */
export function countNgrams(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    let key = tokens[i]!;
    for (let j = 1; j < n; j++) key += ' ' + tokens[i + j]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The length of the reference closest to `hypothesisLength` (the shorter one on a tie), as NLTK's closest_ref_length. */
export function closestReferenceLength(referenceLengths: readonly number[], hypothesisLength: number): number {
  let best = referenceLengths[0]!;
  for (const length of referenceLengths) {
    const distance = Math.abs(length - hypothesisLength);
    const bestDistance = Math.abs(best - hypothesisLength);
    if (distance < bestDistance || (distance === bestDistance && length < best)) best = length;
  }
  return best;
}

/** NLTK's brevity_penalty(closest_ref_len, hyp_len). */
export function brevityPenalty(referenceLength: number, hypothesisLength: number): number {
  if (hypothesisLength > referenceLength) return 1;
  if (hypothesisLength === 0) return 0;
  return Math.exp(1 - referenceLength / hypothesisLength);
}

/** Corpus BLEU-4 with uniform weights and smoothing method1, equal to the reference's bleu.corpus_bleu. */
export function corpusNgramMatch(pairs: readonly TokenizedPair[]): number {
  const numerators = new Array<number>(ORDERS + 1).fill(0);
  const denominators = new Array<number>(ORDERS + 1).fill(0);
  let hypothesisLengths = 0;
  let referenceLengths = 0;
  for (const { hypothesis, references } of pairs) {
    for (let n = 1; n <= ORDERS; n++) {
      const counts = n <= hypothesis.length ? countNgrams(hypothesis, n) : new Map<string, number>();
      const maxCounts = new Map<string, number>();
      for (const reference of references) {
        const referenceCounts = countNgrams(reference, n);
        for (const ngram of counts.keys()) {
          maxCounts.set(ngram, Math.max(maxCounts.get(ngram) ?? 0, referenceCounts.get(ngram) ?? 0));
        }
      }
      let clipped = 0;
      let total = 0;
      for (const [ngram, count] of counts) {
        clipped += Math.min(count, maxCounts.get(ngram) ?? 0);
        total += count;
      }
      numerators[n]! += clipped;
      denominators[n]! += Math.max(1, total);
    }
    hypothesisLengths += hypothesis.length;
    referenceLengths += closestReferenceLength(references.map((r) => r.length), hypothesis.length);
  }
  const penalty = brevityPenalty(referenceLengths, hypothesisLengths);
  if (numerators[1] === 0) return 0;
  const logs: number[] = [];
  for (let n = 1; n <= ORDERS; n++) {
    const numerator = numerators[n] === 0 ? SMOOTHING_EPSILON : numerators[n]!;
    logs.push((1 / ORDERS) * Math.log(numerator / denominators[n]!));
  }
  return penalty * Math.exp(exactSum(logs));
}
