/**
 * Builds a pre-tokenizer of the generic pipeline (WordPiece, word-level, character-level and
 * character-level BPE models) from its tokenizer.json description. ByteLevel is not here: a
 * byte-level BPE tokenizer.json is served by BpeTokenizer (see byte-level-json.ts).
 */
import { TokenizerFileError } from '../../errors.ts';
import { compilePattern, requireKnownPattern, type PatternName } from '../../pretokenize/patterns.ts';
import { literalMatches, MAX_LITERAL_LENGTH, regexMatches } from '../../pipeline/pre-tokenizers/matches.ts';
import { bertPreTokenizer } from '../../pipeline/pre-tokenizers/bert.ts';
import type { PreTokenizer } from '../../pipeline/pre-tokenizers/pre-tokenizer.ts';
import { preTokenizerSequence } from '../../pipeline/pre-tokenizers/sequence.ts';
import { SPLIT_BEHAVIORS, splitPreTokenizer, type SplitBehavior } from '../../pipeline/pre-tokenizers/split.ts';
import { whitespacePreTokenizer, whitespaceSplitPreTokenizer } from '../../pipeline/pre-tokenizers/whitespace.ts';
import { type Metaspace, metaspace, type PrependScheme } from '../../pipeline/pre-tokenizers/metaspace.ts';
import { flagIn, objectIn, oneOf } from './fields.ts';
import type { PreTokenizerSpec } from './types.ts';

/** Deepest nesting of Sequence pre-tokenizers. */
const MAX_DEPTH = 8;

type SplitSpec = Extract<PreTokenizerSpec, { type: 'Split' }>;

/** A Split's pattern, validated: a known split pattern (Regex or its name) or a literal (String). */
export type SplitPattern = { known: PatternName; literal?: undefined } | { known?: undefined; literal: string };

/**
 * A Split's pattern, behavior and invert flag, validated (`file` names the Split). A Regex must be
 * one of the known split patterns (no regular expression from a file is ever compiled); a String is
 * a literal, as in Hugging Face (at most MAX_LITERAL_LENGTH characters).
 */
export function readSplit(spec: SplitSpec, file: string): { pattern: SplitPattern; behavior: SplitBehavior; invert: boolean } {
  const raw = typeof spec.pattern === 'object' && spec.pattern !== null ? spec.pattern : undefined;
  let pattern: SplitPattern;
  if (typeof raw?.Regex === 'string') pattern = { known: requireKnownPattern(raw.Regex, `${file}.pattern`) };
  else if (typeof raw?.String === 'string') {
    if (raw.String.length > MAX_LITERAL_LENGTH) throw new TokenizerFileError('out-of-range', `${file}.pattern.String`, `has ${raw.String.length} characters; expected at most ${MAX_LITERAL_LENGTH}`);
    pattern = { literal: raw.String };
  } else throw new TokenizerFileError('bad-syntax', `${file}.pattern`, 'expected {"Regex": "..."} or {"String": "..."}');
  // absent: Isolated (Hugging Face requires the field; older files of this package omitted it)
  const behavior = spec.behavior ?? 'Isolated';
  if (!(SPLIT_BEHAVIORS as readonly unknown[]).includes(behavior)) {
    throw new TokenizerFileError('bad-syntax', `${file}.behavior`, `is ${String(JSON.stringify(behavior)).slice(0, 40)}; expected one of ${SPLIT_BEHAVIORS.join(', ')}`);
  }
  return { pattern, behavior: behavior as SplitBehavior, invert: flagIn(spec.invert, false, `${file}.invert`) };
}

/** Builds a pre-tokenizer from its tokenizer.json description (unknown types: TokenizerFileError). */
export function createPreTokenizer(spec: PreTokenizerSpec, file = 'tokenizer.json#pre_tokenizer', depth = 0): PreTokenizer {
  if (depth > MAX_DEPTH) throw new TokenizerFileError('inconsistent', file, `pre-tokenizers nest deeper than ${MAX_DEPTH} levels`);
  objectIn(spec, file);
  switch (spec.type) {
    case 'BertPreTokenizer':
      return bertPreTokenizer;
    case 'Whitespace':
      return whitespacePreTokenizer;
    case 'WhitespaceSplit':
      return whitespaceSplitPreTokenizer;
    case 'Split': {
      const { pattern, behavior, invert } = readSplit(spec, file);
      const matches = pattern.known !== undefined ? regexMatches(compilePattern(pattern.known)) : literalMatches(pattern.literal);
      return splitPreTokenizer(matches, behavior, invert);
    }
    case 'ByteLevel':
      throw new TokenizerFileError('inconsistent', `${file}.type`, 'ByteLevel is supported only with a BPE model (a byte-level BPE tokenizer)');
    case 'Metaspace':
      throw new TokenizerFileError('unsupported-type', `${file}.type`, 'Metaspace is supported as the whole pre-tokenizer of a Unigram model (not inside a Sequence)');
    case 'Sequence':
      if (!Array.isArray(spec.pretokenizers)) throw new TokenizerFileError('bad-syntax', `${file}.pretokenizers`, 'is not an array');
      return preTokenizerSequence(spec.pretokenizers.map((s, i) => createPreTokenizer(s, `${file}.pretokenizers[${i}]`, depth + 1)));
    default:
      throw new TokenizerFileError('unsupported-type', `${file}.type`, `pre-tokenizer type ${JSON.stringify((spec as { type: unknown }).type)} is not supported (supported: BertPreTokenizer, Whitespace, WhitespaceSplit, Split with a known pattern, ByteLevel with BPE, Sequence)`);
  }
}

type MetaspaceSpec = Extract<PreTokenizerSpec, { type: 'Metaspace' }>;

/** Metaspace's fields (pre-tokenizer or decoder): replacement (one character, default "▁"), prepend_scheme (or the older add_prefix_space), split. */
export function readMetaspaceFields(spec: MetaspaceSpec, file: string): { replacement: string; prependScheme: PrependScheme; split: boolean } {
  const replacement = spec.replacement ?? '\u2581';
  if (typeof replacement !== 'string' || [...replacement].length !== 1) throw new TokenizerFileError('bad-syntax', `${file}.replacement`, 'expected one character');
  const legacy = spec.add_prefix_space === undefined ? undefined : flagIn(spec.add_prefix_space, true, `${file}.add_prefix_space`) ? 'always' : 'never';
  const prependScheme = oneOf(spec.prepend_scheme, ['always', 'first', 'never'] as const, legacy ?? 'always', `${file}.prepend_scheme`);
  return { replacement, prependScheme, split: flagIn(spec.split, true, `${file}.split`) };
}

/** A Metaspace pre-tokenizer: its rewrite of the normalized text and its split. */
export function readMetaspace(spec: MetaspaceSpec, file: string): Metaspace {
  return metaspace(readMetaspaceFields(spec, file));
}
