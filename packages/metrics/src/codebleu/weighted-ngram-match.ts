// The weighted n-gram match of CodeBLEU, as the reference computes it (weighted_ngram_match.py):
// - a recall against each reference, not a precision: for every reference, its n-gram counts
//   clipped by the hypothesis counts, over the reference's own counts;
// - for unigrams each reference token weighs 1 if it is a keyword of the language and 0.2 otherwise
//   (sums taken in the reference's first-occurrence order, as the reference's dict iteration);
//   bigrams to 4-grams are unweighted;
// - NLTK's smoothing method1 (a zero numerator becomes 0.1 over the same denominator);
// - the brevity penalty compares the hypothesis lengths with 2 per hypothesis: the reference passes
//   each reference as a [tokens, weights] pair to closest_ref_length, whose len() is 2. We keep that
//   behaviour because the published scores depend on it.
import { MAX_ORDER, type CountedPair } from './ngram-counts.ts';
import { brevityPenalty, closestReferenceLength, geometricMean } from './ngram-match.ts';

const KEYWORD_WEIGHT = 1;
const OTHER_WEIGHT = 0.2;

/**
 * Corpus weighted n-gram match, equal to the reference's weighted_ngram_match.corpus_bleu with its
 * keyword weights; `isKeyword` tells, for a unigram id, whether its token is a keyword.
 */
export function corpusWeightedNgramMatch(pairs: readonly CountedPair[], isKeyword: (unigram: number) => boolean): number {
  const numerators = new Array<number>(MAX_ORDER).fill(0);
  const denominators = new Array<number>(MAX_ORDER).fill(0);
  let hypothesisLengths = 0;
  let referenceLengths = 0;
  for (const { hypothesis, references } of pairs) {
    for (let n = 0; n < MAX_ORDER; n++) {
      const counts = hypothesis.counts[n]!;
      let numerator = 0;
      let denominator = 0;
      for (const reference of references) {
        let clippedSum = 0;
        let referenceSum = 0;
        for (const [gram, count] of reference.counts[n]!) {
          const clipped = Math.min(count, counts.get(gram) ?? 0);
          const weight = n === 0 ? (isKeyword(gram) ? KEYWORD_WEIGHT : OTHER_WEIGHT) : 1;
          clippedSum += clipped * weight;
          referenceSum += count * weight;
        }
        numerator += clippedSum;
        denominator += Math.max(1, referenceSum);
      }
      numerators[n]! += numerator;
      denominators[n]! += denominator;
    }
    hypothesisLengths += hypothesis.length;
    referenceLengths += closestReferenceLength(references.map(() => 2), hypothesis.length);
  }
  return geometricMean(numerators, denominators, brevityPenalty(referenceLengths, hypothesisLengths));
}
