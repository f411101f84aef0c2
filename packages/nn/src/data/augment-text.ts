import { checkCount, checkNumber, describeValue, invalidArgument } from '../validate.ts';
import { checkRandom, randomInt, type RandomSource } from './random.ts';

/** Tokens: an array of strings, else ArgumentError. */
function checkTokens(tokens: unknown, what: string): readonly string[] {
  if (!Array.isArray(tokens) || tokens.some((t) => typeof t !== 'string')) invalidArgument(`${what}: tokens must be an array of strings, got ${describeValue(tokens)}`);
  return tokens as string[];
}

/**
 * Text augmentation on token lists, after Wei and Zou, "EDA: Easy Data Augmentation Techniques
 * for Boosting Performance on Text Classification Tasks" (2019). All functions return new arrays.
 */

export type SynonymMap = ReadonlyMap<string, readonly string[]> | Readonly<Record<string, readonly string[]>>;

function synonymsOf(map: SynonymMap, word: string): readonly string[] | undefined {
  if (map instanceof Map) return map.get(word);
  return Object.prototype.hasOwnProperty.call(map, word) ? (map as Record<string, readonly string[]>)[word] : undefined;
}

/**
 * Replaces up to `count` distinct positions whose token has synonyms in `synonyms` (a user-given
 * map, e.g. { quick: ['fast', 'rapid'] }) with a synonym drawn uniformly.
 */
export function synonymReplacement(tokens: readonly string[], synonyms: SynonymMap, count: number, random: RandomSource): string[] {
  checkTokens(tokens, 'synonymReplacement');
  if (typeof synonyms !== 'object' || synonyms === null) invalidArgument(`synonymReplacement: synonyms must be a Map or an object of word lists, got ${describeValue(synonyms)}`);
  checkCount(count, 'synonymReplacement: count');
  checkRandom(random, 'synonymReplacement');
  const out = [...tokens];
  const candidates: number[] = [];
  for (let i = 0; i < out.length; i++) if ((synonymsOf(synonyms, out[i]!)?.length ?? 0) > 0) candidates.push(i);
  for (let k = 0; k < count && candidates.length > 0; k++) {
    const pick = randomInt(random, candidates.length);
    const position = candidates[pick]!;
    candidates.splice(pick, 1);
    const options = synonymsOf(synonyms, out[position]!)!;
    if (!Array.isArray(options) || options.some((o) => typeof o !== 'string')) invalidArgument(`synonymReplacement: synonyms of ${JSON.stringify(out[position])} must be an array of strings`);
    out[position] = options[randomInt(random, options.length)]!;
  }
  return out;
}

/** Deletes each token with probability `probability`; never returns an empty list for non-empty input. */
export function randomDeletion(tokens: readonly string[], probability: number, random: RandomSource): string[] {
  checkTokens(tokens, 'randomDeletion');
  checkNumber(probability, 'randomDeletion: probability', { min: 0, max: 1 });
  checkRandom(random, 'randomDeletion');
  const out = tokens.filter(() => random.random() >= probability);
  if (out.length === 0 && tokens.length > 0) return [tokens[randomInt(random, tokens.length)]!];
  return out;
}

/** Swaps two uniformly chosen positions, `count` times. */
export function randomSwap(tokens: readonly string[], count: number, random: RandomSource): string[] {
  checkTokens(tokens, 'randomSwap');
  checkCount(count, 'randomSwap: count');
  checkRandom(random, 'randomSwap');
  const out = [...tokens];
  if (out.length < 2) return out;
  for (let k = 0; k < count; k++) {
    const i = randomInt(random, out.length);
    const j = randomInt(random, out.length);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
