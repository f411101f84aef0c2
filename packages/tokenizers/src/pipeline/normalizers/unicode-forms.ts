/** Hugging Face's NFD, NFC, NFKD and NFKC normalizers. */
import { nextCluster, nextCodePoint, rewrite } from '../normalized.ts';
import type { Normalizer } from './normalizer.ts';

/**
 * Unicode normalization. Decompositions (NFD, NFKD) align each output character to the code point
 * it came from, as Hugging Face does, unless canonical reordering moved marks across code points;
 * compositions (and that case) align the output of a base character and its marks to all of them.
 */
export function unicodeForm(form: 'NFD' | 'NFC' | 'NFKC' | 'NFKD'): Normalizer {
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
