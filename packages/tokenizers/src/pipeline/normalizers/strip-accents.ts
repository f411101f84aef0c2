/** Hugging Face's StripAccents normalizer. */
import { nextCodePoint, rewrite, type Normalized } from '../normalized.ts';

const MARK = /\p{M}/u;

/** Removes every combining mark (general category M). */
export function stripAccents(input: Normalized): Normalized {
  if (!MARK.test(input.text)) return input;
  return rewrite(input, nextCodePoint, (ch) => (MARK.test(ch) ? '' : ch));
}
