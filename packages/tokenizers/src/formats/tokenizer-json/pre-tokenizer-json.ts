/**
 * Builds a pre-tokenizer of the generic pipeline (WordPiece, word-level, character-level and
 * character-level BPE models) from its tokenizer.json description. ByteLevel is not here: a
 * byte-level BPE tokenizer.json is served by BpeTokenizer (see byte-level-json.ts).
 */
import { TokenizerFileError } from '../../errors.ts';
import { compilePattern, requireKnownPattern, type PatternName } from '../../pretokenize/patterns.ts';
import { bertPreTokenizer } from '../../pipeline/pre-tokenizers/bert.ts';
import type { PreTokenizer } from '../../pipeline/pre-tokenizers/pre-tokenizer.ts';
import { preTokenizerSequence } from '../../pipeline/pre-tokenizers/sequence.ts';
import { SPLIT_BEHAVIORS, splitPreTokenizer, type SplitBehavior } from '../../pipeline/pre-tokenizers/split.ts';
import { whitespacePreTokenizer, whitespaceSplitPreTokenizer } from '../../pipeline/pre-tokenizers/whitespace.ts';
import { flagIn, objectIn } from './fields.ts';
import type { PreTokenizerSpec } from './types.ts';

/** Deepest nesting of Sequence pre-tokenizers. */
const MAX_DEPTH = 8;

type SplitSpec = Extract<PreTokenizerSpec, { type: 'Split' }>;

/**
 * A Split's known pattern, behavior and invert flag, validated (`file` names the Split). The pattern
 * must be one of the known ones: no regular expression from a file is ever compiled.
 */
export function readSplit(spec: SplitSpec, file: string): { pattern: PatternName; behavior: SplitBehavior; invert: boolean } {
  const pattern = spec.pattern === null || typeof spec.pattern !== 'object' ? undefined : (spec.pattern.Regex ?? spec.pattern.String);
  if (typeof pattern !== 'string') throw new TokenizerFileError('bad-syntax', `${file}.pattern`, 'expected {"Regex": "..."} or {"String": "..."}');
  const name = requireKnownPattern(pattern, `${file}.pattern`);
  const behavior = spec.behavior ?? 'Isolated';
  if (!(SPLIT_BEHAVIORS as readonly unknown[]).includes(behavior)) {
    throw new TokenizerFileError('bad-syntax', `${file}.behavior`, `is ${String(JSON.stringify(behavior)).slice(0, 40)}; expected one of ${SPLIT_BEHAVIORS.join(', ')}`);
  }
  return { pattern: name, behavior: behavior as SplitBehavior, invert: flagIn(spec.invert, false, `${file}.invert`) };
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
      const split = readSplit(spec, file);
      return splitPreTokenizer(compilePattern(split.pattern), split.behavior, split.invert);
    }
    case 'ByteLevel':
      throw new TokenizerFileError('inconsistent', `${file}.type`, 'ByteLevel is supported only with a BPE model (a byte-level BPE tokenizer)');
    case 'Sequence':
      if (!Array.isArray(spec.pretokenizers)) throw new TokenizerFileError('bad-syntax', `${file}.pretokenizers`, 'is not an array');
      return preTokenizerSequence(spec.pretokenizers.map((s, i) => createPreTokenizer(s, `${file}.pretokenizers[${i}]`, depth + 1)));
    default:
      throw new TokenizerFileError('unsupported-type', `${file}.type`, `pre-tokenizer type ${JSON.stringify((spec as { type: unknown }).type)} is not supported (supported: BertPreTokenizer, Whitespace, WhitespaceSplit, Split with a known pattern, ByteLevel with BPE, Sequence)`);
  }
}
