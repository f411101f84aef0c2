/**
 * Normalizers, as Hugging Face's tokenizer.json describes them. Each maps a Normalized text to a
 * new one keeping the alignment to the original, so offsets always refer to the input.
 */
import { TokenizerFileError } from '../errors.ts';
import { flagIn as flag, objectIn } from './json-fields.ts';
import { bertNormalize } from '../wordpiece/bert-normalize.ts';
import { nextCluster, nextCodePoint, rewrite, type Normalized } from './normalized.ts';

export type NormalizerSpec =
  | { type: 'BertNormalizer'; clean_text?: boolean; handle_chinese_chars?: boolean; strip_accents?: boolean | null; lowercase?: boolean }
  | { type: 'Lowercase' }
  | { type: 'NFD' }
  | { type: 'NFC' }
  | { type: 'NFKC' }
  | { type: 'NFKD' }
  | { type: 'StripAccents' }
  | { type: 'Sequence'; normalizers: NormalizerSpec[] };

export type Normalizer = (input: Normalized) => Normalized;

const MARK = /\p{M}/u;
const CAPITAL_SIGMA = /\u03a3/;

/** Rust's char::to_lowercase applied to each code point (no final-sigma rule). */
function lowercaseEach(input: Normalized): Normalized {
  const text = input.text;
  if (!CAPITAL_SIGMA.test(text)) {
    const lower = text.toLowerCase();
    // Only U+0130 grows when lowercased; equal lengths mean a unit-for-unit mapping.
    if (lower.length === text.length) return lower === text ? input : { ...input, text: lower };
  }
  return rewrite(input, nextCodePoint, (ch) => ch.toLowerCase());
}

/** Hugging Face's StripAccents: removes every combining mark (general category M). */
function stripAccents(input: Normalized): Normalized {
  if (!MARK.test(input.text)) return input;
  return rewrite(input, nextCodePoint, (ch) => (MARK.test(ch) ? '' : ch));
}

/**
 * Unicode normalization. Decompositions (NFD, NFKD) align each output character to the code point
 * it came from, as Hugging Face does, unless canonical reordering moved marks across code points;
 * compositions (and that case) align the output of a base character and its marks to all of them.
 */
function unicodeForm(form: 'NFD' | 'NFC' | 'NFKC' | 'NFKD'): Normalizer {
  return (input) => {
    const whole = input.text.normalize(form);
    if (whole === input.text) return input;
    if (form === 'NFD' || form === 'NFKD') {
      const each = rewrite(input, nextCodePoint, (ch) => ch.normalize(form));
      if (each.text === whole) return each;
    }
    return rewrite(input, nextCluster, (chunk) => chunk.normalize(form));
  };
}

export interface BertNormalizerOptions {
  cleanText?: boolean;
  handleChineseChars?: boolean;
  /** Default: the value of `lowercase` (BERT uncased strips accents, cased keeps them). */
  stripAccents?: boolean | undefined;
  lowercase?: boolean;
}

/**
 * BERT's text cleaning: drop NUL, U+FFFD and control characters, turn whitespace into spaces,
 * surround CJK ideographs with spaces, strip accents (NFD, then drop non-spacing marks), lowercase.
 */
export function bertNormalizer(options: BertNormalizerOptions = {}): Normalizer {
  const lowercase = options.lowercase ?? true;
  const resolved = {
    cleanText: options.cleanText ?? true,
    handleChineseChars: options.handleChineseChars ?? true,
    lowercase,
    stripAccents: options.stripAccents ?? lowercase,
  };
  return (input) => bertNormalize(input, resolved);
}

function sequence(normalizers: Normalizer[]): Normalizer {
  return (input) => normalizers.reduce((n, f) => f(n), input);
}

/** Builds a normalizer from its tokenizer.json description (unknown types: TokenizerFileError). */
export function createNormalizer(spec: NormalizerSpec, file = 'tokenizer.json#normalizer', depth = 0): Normalizer {
  if (depth > 8) throw new TokenizerFileError('inconsistent', file, 'normalizers nest deeper than 8 levels');
  objectIn(spec, file);
  switch (spec.type) {
    case 'BertNormalizer':
      return bertNormalizer({
        cleanText: flag(spec.clean_text, true, `${file}.clean_text`),
        handleChineseChars: flag(spec.handle_chinese_chars, true, `${file}.handle_chinese_chars`),
        stripAccents: spec.strip_accents === null || spec.strip_accents === undefined ? undefined : flag(spec.strip_accents, false, `${file}.strip_accents`),
        lowercase: flag(spec.lowercase, true, `${file}.lowercase`),
      });
    case 'Lowercase':
      return lowercaseEach;
    case 'StripAccents':
      return stripAccents;
    case 'NFD':
    case 'NFC':
    case 'NFKC':
    case 'NFKD':
      return unicodeForm(spec.type);
    case 'Sequence':
      if (!Array.isArray(spec.normalizers)) throw new TokenizerFileError('bad-syntax', `${file}.normalizers`, 'is not an array');
      return sequence(spec.normalizers.map((s, i) => createNormalizer(s, `${file}.normalizers[${i}]`, depth + 1)));
    default:
      throw new TokenizerFileError('unsupported-type', `${file}.type`, `normalizer type ${JSON.stringify((spec as { type: unknown }).type)} is not supported (supported: BertNormalizer, Lowercase, NFD, NFC, NFKC, NFKD, StripAccents, Sequence)`);
  }
}
