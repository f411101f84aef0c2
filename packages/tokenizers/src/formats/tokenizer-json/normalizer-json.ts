/** Builds a normalizer from its tokenizer.json description. */
import { TokenizerFileError } from '../../errors.ts';
import { bertNormalizer } from '../../pipeline/normalizers/bert.ts';
import { lowercaseEach } from '../../pipeline/normalizers/lowercase.ts';
import type { Normalizer } from '../../pipeline/normalizers/normalizer.ts';
import { normalizerSequence } from '../../pipeline/normalizers/sequence.ts';
import { stripAccents } from '../../pipeline/normalizers/strip-accents.ts';
import { unicodeForm } from '../../pipeline/normalizers/unicode-forms.ts';
import { flagIn as flag, objectIn } from './fields.ts';
import type { NormalizerSpec } from './types.ts';

/** Deepest nesting of Sequence normalizers. */
const MAX_DEPTH = 8;

/** Builds a normalizer from its tokenizer.json description (unknown types: TokenizerFileError). */
export function createNormalizer(spec: NormalizerSpec, file = 'tokenizer.json#normalizer', depth = 0): Normalizer {
  if (depth > MAX_DEPTH) throw new TokenizerFileError('inconsistent', file, `normalizers nest deeper than ${MAX_DEPTH} levels`);
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
      return normalizerSequence(spec.normalizers.map((s, i) => createNormalizer(s, `${file}.normalizers[${i}]`, depth + 1)));
    default:
      throw new TokenizerFileError('unsupported-type', `${file}.type`, `normalizer type ${JSON.stringify((spec as { type: unknown }).type)} is not supported (supported: BertNormalizer, Lowercase, NFD, NFC, NFKC, NFKD, StripAccents, Sequence)`);
  }
}
