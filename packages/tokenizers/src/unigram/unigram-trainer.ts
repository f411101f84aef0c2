// Unigram language-model training (Kudo 2018, "Subword Regularization", section 3.2), following
// sentencepiece's unigram trainer: normalise the sentences and split them into "▁"-prefixed words,
// seed the vocabulary with every valid substring seen at least twice (scored by frequency x length,
// the top `seedSize` kept) and every character, then alternate EM rounds (expected piece counts by
// forward-backward over each word's lattice; a Bayesian M-step, score = digamma(count) -
// digamma(total), dropping pieces expected fewer than 0.5 times) with pruning: each piece's loss is
// the drop in corpus likelihood when its Viterbi uses are re-segmented by its best alternative, and
// the `shrinkingFactor` share with the highest loss is kept, until 1.1 x vocabSize pieces are left;
// the final vocabulary is the best-scored pieces plus every required character.
import { TokenizerArgumentError } from '../errors.ts';
import { CancelCheck, type TrainingCancellation } from '../train/cancellation.ts';
import { isValidPiece } from './piece-validity.ts';
import type { SentencePiece, SentencePieceModelProto } from './sentencepiece-model-file.ts';
import { SentencePieceNormalizer, SPACE_SYMBOL } from './sentencepiece-normalizer.ts';
import { SentencePieceTokenizer } from './sentencepiece-tokenizer.ts';
import { type LatticeVocabulary, viterbi } from './unigram-lattice.ts';
import { expectedCounts } from './unigram-expectation.ts';

export interface UnigramTrainerOptions extends TrainingCancellation {
  vocabSize: number;
  /** Longest piece in characters. Default 16. */
  maxPieceLength?: number;
  /** Share of pieces kept by each pruning step. Default 0.75. */
  shrinkingFactor?: number;
  /** EM rounds between two pruning steps. Default 2. */
  numSubIterations?: number;
  /** Most seed pieces. Default 1,000,000. */
  seedSize?: number;
  /** Share of characters (by frequency) that must be in the vocabulary. Default 0.9995. */
  characterCoverage?: number;
  /** Digits never join other characters in a piece. Default true. */
  splitByNumber?: boolean;
  /** Progress after each EM round: the vocabulary size and the corpus negative log-likelihood per word. */
  onProgress?: (progress: { round: number; pieces: number; objective: number }) => void;
}

const META: SentencePiece[] = [
  { piece: '<unk>', score: 0, type: 'unknown' },
  { piece: '<s>', score: 0, type: 'control' },
  { piece: '</s>', score: 0, type: 'control' },
];

function digamma(x: number): number {
  let result = 0;
  for (; x < 7; x++) result -= 1 / x;
  x -= 0.5;
  const xx = 1 / x, xx2 = xx * xx, xx4 = xx2 * xx2;
  return result + Math.log(x) + (1 / 24) * xx2 - (7 / 960) * xx4 + (31 / 8064) * xx4 * xx2 - (127 / 30720) * xx4 * xx4;
}

function checkOptions(o: UnigramTrainerOptions): Required<Omit<UnigramTrainerOptions, 'shouldStop' | 'signal' | 'onProgress'>> {
  const int = (v: unknown, name: string, min: number, max: number, fallback: number): number => {
    const x = v === undefined ? fallback : v;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) throw new TokenizerArgumentError(name, `expected an integer in [${min}, ${max}], got ${String(v)}`);
    return x;
  };
  const real = (v: unknown, name: string, lo: number, hi: number, fallback: number): number => {
    const x = v === undefined ? fallback : v;
    if (typeof x !== 'number' || !(x > lo && x <= hi)) throw new TokenizerArgumentError(name, `expected a number in (${lo}, ${hi}], got ${String(v)}`);
    return x;
  };
  if (o === null || typeof o !== 'object') throw new TokenizerArgumentError('options', 'expected an object with vocabSize');
  return {
    vocabSize: int(o.vocabSize, 'vocabSize', META.length + 1, 1 << 20, NaN),
    maxPieceLength: int(o.maxPieceLength, 'maxPieceLength', 1, 64, 16),
    shrinkingFactor: real(o.shrinkingFactor, 'shrinkingFactor', 0, 0.999, 0.75),
    numSubIterations: int(o.numSubIterations, 'numSubIterations', 1, 100, 2),
    seedSize: int(o.seedSize, 'seedSize', 1, 1 << 24, 1_000_000),
    characterCoverage: real(o.characterCoverage, 'characterCoverage', 0, 1, 0.9995),
    splitByNumber: o.splitByNumber ?? true,
  };
}

/** Trains a unigram model on `sentences` (identity normalisation with sentencepiece's whitespace rules). */
export function trainUnigram(sentences: Iterable<string>, options: UnigramTrainerOptions): SentencePieceTokenizer {
  const o = checkOptions(options);
  const cancel = new CancelCheck(options);
  const normalizer = new SentencePieceNormalizer({ addDummyPrefix: true, removeExtraWhitespaces: true, escapeWhitespaces: true, treatWhitespaceAsSuffix: false });

  // Words and their counts; character frequencies for the coverage rule.
  const wordCounts = new Map<string, number>();
  const charCounts = new Map<string, number>();
  for (const sentence of sentences) {
    if (typeof sentence !== 'string') throw new TokenizerArgumentError('sentences', `expected strings, got ${typeof sentence}`);
    const text = normalizer.normalize(sentence);
    for (const word of text.split(new RegExp(`(?=${SPACE_SYMBOL})`, 'u'))) {
      if (word.length === 0) continue;
      wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
      cancel.tick(word.length, 'words');
    }
  }
  if (wordCounts.size === 0) throw new TokenizerArgumentError('sentences', 'no text to train on');
  for (const [word, count] of wordCounts) for (const ch of word) charCounts.set(ch, (charCounts.get(ch) ?? 0) + count);
  const chars = [...charCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const totalChars = chars.reduce((s, [, c]) => s + c, 0);
  const required = new Set<string>();
  let covered = 0;
  for (const [ch, count] of chars) {
    if (required.size > 0 && covered / totalChars >= o.characterCoverage) break;
    required.add(ch);
    covered += count;
  }
  if (required.size + META.length > o.vocabSize) throw new TokenizerArgumentError('vocabSize', `${o.vocabSize} is smaller than the ${required.size} required characters plus ${META.length} meta pieces`);

  // Seeds: valid substrings seen at least twice, by frequency x length.
  const substringCounts = new Map<string, number>();
  for (const [word, count] of wordCounts) {
    const cps = [...word];
    for (let a = 0; a < cps.length; a++) {
      for (let b = a + 2; b <= Math.min(cps.length, a + o.maxPieceLength); b++) {
        const piece = cps.slice(a, b);
        if (!isValidPiece(piece, o.maxPieceLength, o.splitByNumber)) break;
        const key = piece.join('');
        substringCounts.set(key, (substringCounts.get(key) ?? 0) + count);
      }
      cancel.tick(cps.length - a, 'words');
    }
  }
  const seeds = [...substringCounts].filter(([, c]) => c >= 2).map(([p, c]) => [p, c * [...p].length] as [string, number]);
  seeds.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  seeds.length = Math.min(seeds.length, o.seedSize);
  for (const ch of required) seeds.push([ch, charCounts.get(ch)!]);
  const seedTotal = seeds.reduce((s, [, c]) => s + c, 0);
  let pieces = new Map<string, number>(seeds.map(([p, c]) => [p, Math.log(c) - Math.log(seedTotal)]));

  const words = [...wordCounts.keys()];
  const counts = Float64Array.from(wordCounts.values());
  const desired = Math.floor(o.vocabSize * 1.1);
  let round = 0;
  for (;;) {
    for (let sub = 0; sub < o.numSubIterations; sub++) {
      cancel.check('em', round);
      const { expected, objective } = expectedCounts(words, counts, pieces, cancel);
      let sum = 0;
      const next = new Map<string, number>();
      for (const [piece, e] of expected) {
        if (e < 0.5 && !required.has(piece)) continue;
        next.set(piece, e);
        sum += e;
      }
      for (const ch of required) if (!next.has(ch)) next.set(ch, 0);
      const logSum = digamma(sum);
      pieces = new Map([...next].map(([p, e]) => [p, e > 0 ? digamma(e) - logSum : Math.log(1e-30)]));
      round++;
      options.onProgress?.({ round, pieces: pieces.size, objective: objective / words.length });
    }
    if (pieces.size <= desired) break;
    pieces = prune(pieces, words, counts, required, Math.max(desired, Math.floor(o.shrinkingFactor * pieces.size)));
  }

  const finalPieces = [...pieces].filter(([p]) => !required.has(p)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  finalPieces.length = Math.min(finalPieces.length, o.vocabSize - META.length - required.size);
  const minScore = Math.min(...pieces.values());
  for (const ch of required) finalPieces.push([ch, pieces.get(ch) ?? minScore]);
  finalPieces.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const model: SentencePieceModelProto = {
    pieces: [...META, ...finalPieces.map(([piece, score]) => ({ piece, score: Math.fround(score), type: 'normal' as const }))],
    modelType: 'unigram', byteFallback: false, treatWhitespaceAsSuffix: false,
    unkId: 0, bosId: 1, eosId: 2, padId: -1, unkSurface: ' \u2047 ',
    normalizer: { name: 'identity', precompiledCharsmap: new Uint8Array(0), addDummyPrefix: true, removeExtraWhitespaces: true, escapeWhitespaces: true },
  };
  return new SentencePieceTokenizer(model);
}

function latticeOf(pieces: Map<string, number>, skip?: string): { vocab: LatticeVocabulary; names: string[] } {
  const names = [...pieces.keys()];
  const ids = new Map<string, number>();
  const scores = new Float32Array(names.length);
  let min = Infinity, max = -Infinity, maxChars = 1;
  names.forEach((p, i) => {
    const s = pieces.get(p)!;
    scores[i] = s;
    min = Math.min(min, s);
    max = Math.max(max, s);
    if (p !== skip) ids.set(p, i);
    maxChars = Math.max(maxChars, [...p].length);
  });
  return { vocab: { ids, scores, userDefined: new Uint8Array(names.length), maxPieceChars: maxChars, unkId: -1, minScore: min, maxScore: max }, names };
}

/** Keeps the `keep` pieces whose removal costs the corpus likelihood most (required characters always). */
function prune(pieces: Map<string, number>, words: string[], counts: Float64Array, required: Set<string>, keep: number): Map<string, number> {
  const { vocab, names } = latticeOf(pieces);
  // Each piece's best segmentation without itself (its alternative).
  const alternatives: number[][] = names.map((p, i) => {
    if ([...p].length === 1) return [];
    vocab.ids.delete(p);
    const alt = viterbi(p, vocab).map((s) => s[2]);
    vocab.ids.set(p, i);
    return alt.includes(-1) ? [] : alt;
  });
  // Viterbi frequencies and, per piece, the words that use it.
  const freq = new Float64Array(names.length);
  const usedBy: number[][] = names.map(() => []);
  let total = 0;
  words.forEach((word, w) => {
    for (const [, , id] of viterbi(word, vocab)) {
      if (id < 0) continue;
      freq[id]! += counts[w]!;
      total += counts[w]!;
      usedBy[id]!.push(w);
    }
  });
  const wordTotal = counts.reduce((s, c) => s + c, 0);
  const logTotal = Math.log(total);
  const losses: [number, number][] = [];
  names.forEach((p, i) => {
    if (required.has(p) || alternatives[i]!.length === 0) return;
    if (freq[i] === 0) { losses.push([i, -Infinity]); return; }
    const share = [...new Set(usedBy[i])].reduce((s, w) => s + counts[w]!, 0) / wordTotal;
    const logProb = Math.log(freq[i]!) - logTotal;
    const logSumAlt = Math.log(total + freq[i]! * (alternatives[i]!.length - 1));
    let logProbAlt = 0;
    for (const n of alternatives[i]!) logProbAlt += Math.log(freq[n]! + freq[i]!) - logSumAlt;
    losses.push([i, share * (logProb - logProbAlt)]);
  });
  losses.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const kept = new Map<string, number>();
  names.forEach((p, i) => { if (required.has(p) || alternatives[i]!.length === 0) kept.set(p, pieces.get(p)!); });
  for (const [i] of losses) {
    if (kept.size >= keep) break;
    kept.set(names[i]!, pieces.get(names[i]!)!);
  }
  return kept;
}
