// BLEU as NLTK 3.10's corpus_bleu and sentence_bleu (Papineni et al. 2002), with NLTK's
// SmoothingFunction methods 0-7 (Chen & Cherry 2014). Per n-gram order n the clipped matches and
// the hypothesis n-gram counts (at least 1 per sentence) are summed over the corpus into
// p_n = matches / total; the brevity penalty uses, per sentence, the closest reference length
// (the shorter one on a tie):  BLEU = BP exp(sum_n w_n log p_n), summing only p_n > 0 (math.fsum).
// Without smoothing (method0, NLTK's default) a zero p_n becomes the smallest normal double, so
// the score is tiny but not 0. The score is 0 when no unigram matches.
// NLTK's corpus_bleu hands its smoothing function the last sentence pair of the corpus (and the
// corpus hypothesis length); methods 5 and 6 use that pair, and so does this implementation.
import { ArgumentError, ShapeError } from '@neurite/tensor';
import { checkChoice, checkOptions, describe } from '../classification/inputs.ts';
import { fsum, ngramCounts, Vocabulary } from './ngrams.ts';

export type SmoothingMethod = 'method0' | 'method1' | 'method2' | 'method3' | 'method4' | 'method5' | 'method6' | 'method7';

export interface BleuOptions {
  /** n-gram weights (default [0.25, 0.25, 0.25, 0.25]); an array of weight arrays gives one score each. */
  weights?: readonly number[] | readonly (readonly number[])[];
  /** NLTK's SmoothingFunction method (default 'method0': none). */
  smoothing?: SmoothingMethod;
  /** SmoothingFunction(epsilon) of method1 (default 0.1). */
  epsilon?: number;
  /** SmoothingFunction(alpha) of method6 (default 5). */
  alpha?: number;
  /** SmoothingFunction(k) of methods 4 and 7 (default 5). */
  k?: number;
  /** Uniform weights over the hypothesis length when it is shorter than 4 and the weights are the default. */
  autoReweigh?: boolean;
}

/** A precision: a fraction (numerator and denominator as NLTK keeps them, unreduced) or a float. */
interface Precision { value: number; num?: number; den?: number }

const frac = (num: number, den: number): Precision => ({ value: num / den, num, den });
const SMALLEST_NORMAL = 2.2250738585072014e-308;

/** modified_precision of one hypothesis against its references for order n. */
function modifiedPrecision(refs: readonly number[][], hyp: readonly number[], n: number): [number, number] {
  const counts = ngramCounts(hyp, n);
  const maxCounts = new Map<string, number>();
  for (const ref of refs) {
    const rc = ngramCounts(ref, n);
    for (const key of counts.keys()) maxCounts.set(key, Math.max(maxCounts.get(key) ?? 0, rc.get(key) ?? 0));
  }
  let numerator = 0, total = 0;
  for (const [key, count] of counts) {
    numerator += Math.min(count, maxCounts.get(key)!);
    total += count;
  }
  return [numerator, Math.max(1, total)];
}

function checkTokens(x: unknown, what: string): readonly string[] {
  if (!Array.isArray(x)) throw new ArgumentError(`${what} must be an array of string tokens, got ${describe(x)}`);
  for (let i = 0; i < x.length; i++) if (typeof x[i] !== 'string') throw new ArgumentError(`${what}[${i}] is ${describe(x[i])}, expected a string token`);
  return x as readonly string[];
}

function checkWeights(value: unknown, where: string): { list: number[][]; many: boolean } {
  if (value === undefined) return { list: [[0.25, 0.25, 0.25, 0.25]], many: false };
  if (!Array.isArray(value) || value.length === 0) throw new ArgumentError(`${where}: weights must be a non-empty array of numbers or of weight arrays, got ${describe(value)}`);
  const many = Array.isArray(value[0]);
  const list = (many ? value : [value]) as unknown[];
  for (const w of list) {
    if (!Array.isArray(w) || w.length === 0 || w.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw new ArgumentError(`${where}: each weight vector must be a non-empty array of finite numbers, got ${describe(w)}`);
  }
  return { list: list as number[][], many };
}

/**
 * Applies NLTK's smoothing method to the corpus precisions. `refs` and `hyp` are the last pair of
 * the corpus and `hypLength` the corpus hypothesis length, as NLTK passes them.
 */
function smooth(method: SmoothingMethod, p: Precision[], refs: number[][], hyp: number[], hypLength: number, c: { epsilon: number; alpha: number; k: number }): Precision[] {
  const zero = (q: Precision): boolean => q.num !== undefined && q.num === 0;
  switch (method) {
    case 'method0':
      return p.map((q) => (q.num !== 0 ? q : { value: SMALLEST_NORMAL }));
    case 'method1':
      return p.map((q) => (zero(q) ? { value: (q.num! + c.epsilon) / q.den! } : q));
    case 'method2':
      return p.map((q, i) => (i === 0 ? q : frac(q.num! + 1, q.den! + 1)));
    case 'method3': {
      let inc = 1;
      return p.map((q) => (zero(q) ? { value: 1 / (2 ** inc++ * q.den!) } : q));
    }
    case 'method4': {
      let inc = 1;
      const len = hypLength ? hypLength : hyp.length;
      return p.map((q) => {
        if (!(zero(q) && len > 1)) return q;
        const numerator = 1 / ((2 ** inc++ * c.k) / Math.log(len));
        return { value: numerator / q.den! };
      });
    }
    case 'method5': {
      const [num5, den5] = modifiedPrecision(refs, hyp, 5);
      const plus = [...p, frac(num5, den5)];
      const out: Precision[] = [];
      let previous = p[0]!.value + 1;
      for (let i = 0; i < p.length; i++) {
        previous = (previous + p[i]!.value + plus[i + 1]!.value) / 3;
        out.push({ value: previous });
      }
      return out;
    }
    case 'method6': {
      if (p.length < 3 || !(p[2]!.value !== 0)) throw new ArgumentError("smoothing 'method6' requires non-zero precision for trigrams (and at least three weights)");
      const out = p.slice();
      for (let i = 2; i < p.length; i++) {
        const pi0 = out[i - 2]!.value === 0 ? 0 : out[i - 1]!.value ** 2 / out[i - 2]!.value;
        const l = Math.max(0, hyp.length - i);
        out[i] = { value: (p[i]!.num! + c.alpha * pi0) / (l + c.alpha) };
      }
      return out;
    }
    case 'method7':
      return smooth('method5', smooth('method4', p, refs, hyp, hypLength, c), refs, hyp, hypLength, c);
  }
}

/**
 * Corpus BLEU of tokenised hypotheses against their references: `listOfReferences[i]` holds the
 * references (token arrays) of `hypotheses[i]`. Returns one score, or one per weight vector when
 * options.weights is an array of arrays. Equal to nltk.translate.bleu_score.corpus_bleu.
 */
export function corpusBleu(listOfReferences: readonly (readonly (readonly string[])[])[], hypotheses: readonly (readonly string[])[], options: BleuOptions & { weights: readonly (readonly number[])[] }): number[];
export function corpusBleu(listOfReferences: readonly (readonly (readonly string[])[])[], hypotheses: readonly (readonly string[])[], options?: BleuOptions & { weights?: readonly number[] }): number;
export function corpusBleu(listOfReferences: readonly (readonly (readonly string[])[])[], hypotheses: readonly (readonly string[])[], options?: BleuOptions): number | number[];
export function corpusBleu(listOfReferences: readonly (readonly (readonly string[])[])[], hypotheses: readonly (readonly string[])[], options?: BleuOptions): number | number[] {
  return bleu(listOfReferences, hypotheses, options, 'corpusBleu');
}

/** Sentence BLEU: corpusBleu of one hypothesis (nltk's sentence_bleu). */
export function sentenceBleu(references: readonly (readonly string[])[], hypothesis: readonly string[], options: BleuOptions & { weights: readonly (readonly number[])[] }): number[];
export function sentenceBleu(references: readonly (readonly string[])[], hypothesis: readonly string[], options?: BleuOptions & { weights?: readonly number[] }): number;
export function sentenceBleu(references: readonly (readonly string[])[], hypothesis: readonly string[], options?: BleuOptions): number | number[];
export function sentenceBleu(references: readonly (readonly string[])[], hypothesis: readonly string[], options?: BleuOptions): number | number[] {
  return bleu([references], [hypothesis], options, 'sentenceBleu');
}

function bleu(listOfReferences: unknown, hypotheses: unknown, options: BleuOptions | undefined, where: string): number | number[] {
  const o = checkOptions(options, ['weights', 'smoothing', 'epsilon', 'alpha', 'k', 'autoReweigh'], where);
  const { list: weights, many } = checkWeights(o.weights, where);
  const method = checkChoice(o.smoothing ?? 'method0', ['method0', 'method1', 'method2', 'method3', 'method4', 'method5', 'method6', 'method7'] as const, `${where}: smoothing`);
  const constants = { epsilon: o.epsilon ?? 0.1, alpha: o.alpha ?? 5, k: o.k ?? 5 };
  for (const [name, v] of Object.entries(constants)) if (typeof v !== 'number' || !Number.isFinite(v)) throw new ArgumentError(`${where}: ${name} must be a finite number, got ${describe(v)}`);
  const autoReweigh = checkChoice(o.autoReweigh ?? false, [true, false], `${where}: autoReweigh`);
  if (!Array.isArray(listOfReferences) || !Array.isArray(hypotheses)) throw new ArgumentError(`${where}: references and hypotheses must be arrays`);
  if (listOfReferences.length !== hypotheses.length) throw new ShapeError(`${where}: ${hypotheses.length} hypotheses but ${listOfReferences.length} reference lists; they must have the same length`);
  const maxOrder = Math.max(...weights.map((w) => w.length));
  const numerators = new Float64Array(maxOrder), denominators = new Float64Array(maxOrder);
  const vocabulary = new Vocabulary();
  let hypLength = 0, refLength = 0;
  let lastRefs: number[][] = [], lastHyp: number[] = [];
  for (let s = 0; s < hypotheses.length; s++) {
    const refsIn = listOfReferences[s] as unknown;
    if (!Array.isArray(refsIn) || refsIn.length === 0) throw new ArgumentError(`${where}: the references of hypothesis ${s} must be a non-empty array of token arrays`);
    const refs = refsIn.map((r, j) => vocabulary.encode(checkTokens(r, `${where}: references[${s}][${j}]`)));
    const hyp = vocabulary.encode(checkTokens(hypotheses[s], `${where}: hypotheses[${s}]`));
    for (let n = 1; n <= maxOrder; n++) {
      const [num, den] = modifiedPrecision(refs, hyp, n);
      numerators[n - 1]! += num;
      denominators[n - 1]! += den;
    }
    hypLength += hyp.length;
    // closest_ref_length: the smallest |r - h|, the shorter reference on a tie.
    let best = refs[0]!.length;
    for (const r of refs) {
      const d = Math.abs(r.length - hyp.length), bd = Math.abs(best - hyp.length);
      if (d < bd || (d === bd && r.length < best)) best = r.length;
    }
    refLength += best;
    lastRefs = refs;
    lastHyp = hyp;
  }
  const bp = hypLength > refLength ? 1 : hypLength === 0 ? 0 : Math.exp(1 - refLength / hypLength);
  if (numerators[0] === 0) return many ? weights.map(() => 0) : 0;
  const precisions: Precision[] = [];
  for (let n = 0; n < maxOrder; n++) precisions.push(frac(numerators[n]!, denominators[n]!));
  const smoothed = smooth(method, precisions, lastRefs, lastHyp, hypLength, constants);
  const scores = weights.map((w0) => {
    let w = w0;
    if (autoReweigh && hypLength < 4 && w.length === 4 && w.every((x) => x === 0.25)) w = new Array<number>(hypLength).fill(1 / hypLength);
    const terms: number[] = [];
    for (let i = 0; i < Math.min(w.length, smoothed.length); i++) if (smoothed[i]!.value > 0) terms.push(w[i]! * Math.log(smoothed[i]!.value));
    return bp * Math.exp(fsum(terms));
  });
  return many ? scores : scores[0]!;
}
