/** Hugging Face's Lowercase normalizer. */
import { nextCodePoint, rewrite, type Normalized } from '../normalized.ts';

const CAPITAL_SIGMA = /\u03a3/;

/** Rust's char::to_lowercase applied to each code point (no final-sigma rule). */
export function lowercaseEach(input: Normalized): Normalized {
  const text = input.text;
  if (!CAPITAL_SIGMA.test(text)) {
    const lower = text.toLowerCase();
    // Only U+0130 grows when lowercased; equal lengths mean a unit-for-unit mapping.
    if (lower.length === text.length) return lower === text ? input : { ...input, text: lower };
  }
  return rewrite(input, nextCodePoint, (ch) => ch.toLowerCase());
}
