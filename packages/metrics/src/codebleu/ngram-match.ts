// The n-gram match of CodeBLEU: corpus BLEU-4 as the reference computes it (its copy of NLTK's
// corpus_bleu): clipped n-gram counts summed over the corpus as unreduced fractions, the brevity
// penalty against the closest reference length, and NLTK's smoothing method1 (a zero numerator
// becomes 0.1 over the same denominator).
import { exactSum } from './exact-sum.ts';
import { MAX_ORDER, type CountedPair } from './ngram-counts.ts';

const SMOOTHING_EPSILON = 0.1;

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

/** exp(sum of log precisions / 4) with smoothing method1, times the penalty; 0 without unigram matches. */
export function geometricMean(numerators: readonly number[], denominators: readonly number[], penalty: number): number {
  if (numerators[0] === 0) return 0;
  const logs: number[] = [];
  for (let n = 0; n < MAX_ORDER; n++) {
    const numerator = numerators[n] === 0 ? SMOOTHING_EPSILON : numerators[n]!;
    logs.push((1 / MAX_ORDER) * Math.log(numerator / denominators[n]!));
  }
  return penalty * Math.exp(exactSum(logs));
}

/** Corpus BLEU-4 with uniform weights and smoothing method1, equal to the reference's bleu.corpus_bleu. */
export function corpusNgramMatch(pairs: readonly CountedPair[]): number {
  const numerators = new Array<number>(MAX_ORDER).fill(0);
  const denominators = new Array<number>(MAX_ORDER).fill(0);
  let hypothesisLengths = 0;
  let referenceLengths = 0;
  for (const { hypothesis, references } of pairs) {
    for (let n = 0; n < MAX_ORDER; n++) {
      const counts = hypothesis.counts[n]!;
      let clipped = 0;
      let total = 0;
      for (const [gram, count] of counts) {
        let maximum = 0;
        for (const reference of references) maximum = Math.max(maximum, reference.counts[n]!.get(gram) ?? 0);
        clipped += Math.min(count, maximum);
        total += count;
      }
      numerators[n]! += clipped;
      denominators[n]! += Math.max(1, total);
    }
    hypothesisLengths += hypothesis.length;
    referenceLengths += closestReferenceLength(references.map((r) => r.length), hypothesis.length);
  }
  return geometricMean(numerators, denominators, brevityPenalty(referenceLengths, hypothesisLengths));
}
