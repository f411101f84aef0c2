// Corpus and sentence BLEU as sacreBLEU 2.6's BLEU metric (Post 2018), on detokenised text:
// segments are right-stripped, optionally lowercased and tokenised ('13a' by default, 'intl',
// 'char' or 'none'),
// n-grams of orders 1-4 are matched against the per-n-gram maximum over the segment's references,
// and the statistics are summed over the corpus:
//   p_n = 100 matches_n / total_n,  BP = exp(1 - ref_len / sys_len) when sys_len < ref_len,
//   score = BP exp(mean_n log p_n)  (log 0 is floored to -9999999999 as sacreBLEU does),
// with smoothing 'exp' (default: the k-th zero precision becomes 100 / (2^k total_n)), 'floor',
// 'add-k' or 'none'. The closest reference length is the shorter one on a tie. Scores are 0-100.
import { ArgumentError, ShapeError } from '@neurite/tensor';
import { checkChoice, checkOptions, describe } from '../classification/inputs.ts';
import { ngramCounts, Vocabulary } from './ngrams.ts';
import { rstripWhitespace, splitWhitespace, tokenize13a } from './tokenizer-13a.ts';
import { tokenizeChar, tokenizeIntl } from './tokenizer-intl.ts';

export interface SacreBleuOptions {
  /** Lowercase before tokenising (default false). */
  lowercase?: boolean;
  /** '13a' (default), 'intl', 'char' or 'none' (split on whitespace only). */
  tokenize?: '13a' | 'intl' | 'char' | 'none';
  /** 'exp' (default), 'floor', 'add-k' or 'none'. */
  smoothMethod?: 'exp' | 'floor' | 'add-k' | 'none';
  /** The value of 'floor' (default 0.1) and 'add-k' (default 1). */
  smoothValue?: number;
  /** Average only over the orders that have n-grams (default false for the corpus, true for a sentence). */
  effectiveOrder?: boolean;
}

export interface SacreBleuScore {
  /** BLEU, 0-100. */
  score: number;
  /** Matching n-grams per order (plus the add-k value for orders > 1 with 'add-k'). */
  counts: number[];
  /** Hypothesis n-grams per order (likewise). */
  totals: number[];
  /** Per-order precisions, 0-100. */
  precisions: number[];
  /** Brevity penalty. */
  bp: number;
  /** Hypothesis tokens in the corpus. */
  sysLen: number;
  /** Closest reference tokens in the corpus. */
  refLen: number;
}

const ORDER = 4;
const SMOOTH_DEFAULTS = { none: 0, floor: 0.1, 'add-k': 1, exp: 0 };

function checkSegment(x: unknown, what: string): string {
  if (typeof x !== 'string') throw new ArgumentError(`${what} is ${describe(x)}, expected a string`);
  return x;
}

/**
 * Corpus BLEU of detokenised `hypotheses` against reference streams: `references[r][i]` is the
 * r-th reference of hypothesis i (null or undefined where a segment has fewer references), as
 * sacrebleu.corpus_bleu(hypotheses, references).
 */
export function corpusSacreBleu(hypotheses: readonly string[], references: readonly (readonly (string | null | undefined)[])[], options?: SacreBleuOptions): SacreBleuScore {
  return sacreBleu(hypotheses, references, options, false, 'corpusSacreBleu');
}

/** Sentence BLEU of one hypothesis as sacrebleu.sentence_bleu (effective order on by default). */
export function sentenceSacreBleu(hypothesis: string, references: readonly string[], options?: SacreBleuOptions): SacreBleuScore {
  if (!Array.isArray(references)) throw new ArgumentError(`sentenceSacreBleu: references must be an array of strings, got ${describe(references)}`);
  return sacreBleu([hypothesis], references.map((r) => [r]), options, true, 'sentenceSacreBleu');
}

function sacreBleu(hypotheses: unknown, references: unknown, options: SacreBleuOptions | undefined, sentence: boolean, where: string): SacreBleuScore {
  const o = checkOptions(options, ['lowercase', 'tokenize', 'smoothMethod', 'smoothValue', 'effectiveOrder'], where);
  const lowercase = checkChoice(o.lowercase ?? false, [true, false], `${where}: lowercase`);
  const tokenize = checkChoice(o.tokenize ?? '13a', ['13a', 'intl', 'char', 'none'] as const, `${where}: tokenize`);
  const smoothMethod = checkChoice(o.smoothMethod ?? 'exp', ['exp', 'floor', 'add-k', 'none'] as const, `${where}: smoothMethod`);
  const smoothValue = o.smoothValue ?? SMOOTH_DEFAULTS[smoothMethod];
  if (typeof smoothValue !== 'number' || !Number.isFinite(smoothValue)) throw new ArgumentError(`${where}: smoothValue must be a finite number, got ${describe(smoothValue)}`);
  const effectiveOrder = checkChoice(o.effectiveOrder ?? sentence, [true, false], `${where}: effectiveOrder`);
  if (!Array.isArray(hypotheses)) throw new ArgumentError(`${where}: hypotheses must be an array of strings, got ${describe(hypotheses)}`);
  if (!Array.isArray(references) || references.length === 0) throw new ArgumentError(`${where}: references must be a non-empty array of reference streams`);
  for (let r = 0; r < references.length; r++) {
    const stream = references[r] as unknown;
    if (!Array.isArray(stream)) throw new ArgumentError(`${where}: references[${r}] must be an array of strings, got ${describe(stream)}`);
    if (stream.length !== hypotheses.length) throw new ShapeError(`${where}: references[${r}] has ${stream.length} segments but there are ${hypotheses.length} hypotheses`);
  }
  const preprocess = (s: string): number[] => {
    let t = rstripWhitespace(s);
    if (lowercase) t = t.toLowerCase();
    if (tokenize === '13a') t = tokenize13a(t);
    else if (tokenize === 'intl') t = tokenizeIntl(t);
    else if (tokenize === 'char') t = tokenizeChar(t);
    return vocabulary.encode(splitWhitespace(t));
  };
  const vocabulary = new Vocabulary();
  const correct = new Array<number>(ORDER).fill(0), total = new Array<number>(ORDER).fill(0);
  let sysLen = 0, refLen = 0;
  for (let i = 0; i < hypotheses.length; i++) {
    const refNgrams = Array.from({ length: ORDER }, () => new Map<string, number>());
    const refLens: number[] = [];
    for (let r = 0; r < references.length; r++) {
      const seg = (references[r] as unknown[])[i];
      if (seg === null || seg === undefined) continue;
      const ids = preprocess(checkSegment(seg, `${where}: references[${r}][${i}]`));
      refLens.push(ids.length);
      for (let n = 1; n <= ORDER; n++) {
        for (const [key, c] of ngramCounts(ids, n)) refNgrams[n - 1]!.set(key, Math.max(refNgrams[n - 1]!.get(key) ?? 0, c));
      }
    }
    if (refLens.length === 0) throw new ArgumentError(`${where}: hypothesis ${i} has no reference`);
    const hyp = preprocess(checkSegment(hypotheses[i], `${where}: hypotheses[${i}]`));
    let closest = -1, closestDiff = -1;
    for (const len of refLens) {
      const diff = Math.abs(hyp.length - len);
      if (closestDiff === -1 || diff < closestDiff) [closestDiff, closest] = [diff, len];
      else if (diff === closestDiff && len < closest) closest = len;
    }
    sysLen += hyp.length;
    refLen += closest;
    for (let n = 1; n <= ORDER; n++) {
      for (const [key, c] of ngramCounts(hyp, n)) {
        total[n - 1]! += c;
        const ref = refNgrams[n - 1]!.get(key);
        if (ref !== undefined) correct[n - 1]! += Math.min(c, ref);
      }
    }
  }
  return computeBleu(correct, total, sysLen, refLen, smoothMethod, smoothValue, effectiveOrder);
}

/** sacreBLEU's BLEU.compute_bleu from summed statistics. */
function computeBleu(correct: number[], total: number[], sysLen: number, refLen: number, smoothMethod: string, smoothValue: number, effectiveOrder: boolean): SacreBleuScore {
  let bp = 1;
  if (sysLen < refLen) bp = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;
  const precisions = new Array<number>(ORDER).fill(0);
  if (!correct.some((c) => c !== 0)) return { score: 0, counts: correct, totals: total, precisions, bp, sysLen, refLen };
  let smoothMteval = 1, effOrder = ORDER;
  for (let n = 1; n <= ORDER; n++) {
    if (smoothMethod === 'add-k' && n > 1) {
      correct[n - 1]! += smoothValue;
      total[n - 1]! += smoothValue;
    }
    if (total[n - 1] === 0) break;
    if (effectiveOrder) effOrder = n;
    if (correct[n - 1] === 0) {
      if (smoothMethod === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * total[n - 1]!);
      } else if (smoothMethod === 'floor') {
        precisions[n - 1] = (100 * smoothValue) / total[n - 1]!;
      }
    } else {
      precisions[n - 1] = (100 * correct[n - 1]!) / total[n - 1]!;
    }
  }
  let logSum = 0;
  for (let n = 0; n < effOrder; n++) logSum += precisions[n] === 0 ? -9999999999 : Math.log(precisions[n]!);
  return { score: bp * Math.exp(logSum / effOrder), counts: correct, totals: total, precisions, bp, sysLen, refLen };
}
