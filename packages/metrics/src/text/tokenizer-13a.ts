// sacreBLEU's default tokenizer '13a' (sacrebleu 2.6 Tokenizer13a + TokenizerRegexp), the
// tokenisation of the WMT mteval-v13a.pl script: drop '<skipped>', join lines ending in '-',
// unescape &quot; &amp; &lt; &gt;, split off punctuation and symbols, periods and commas unless
// between digits, and a dash after a digit; then collapse whitespace (Python's str.split set).

import { ArgumentError } from '@neurite/tensor';
import { describe } from '../classification/inputs.ts';

/** Python's str.isspace() characters (JavaScript's \s differs: it has U+FEFF, lacks U+001C-U+001F and U+0085). */
export const PYTHON_WHITESPACE = '\\t\\n\\v\\f\\r\\u001c-\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPACES = new RegExp(`[${PYTHON_WHITESPACE}]+`, 'u');
const TRAILING = new RegExp(`[${PYTHON_WHITESPACE}]+$`, 'u');

const SYMBOLS = /([{-~[-`\u0020-&(-+:-@/])/gu;
const PERIOD_COMMA_AFTER_NON_DIGIT = /([^0-9])([.,])/gu;
const PERIOD_COMMA_BEFORE_NON_DIGIT = /([.,])([^0-9])/gu;
const DASH_AFTER_DIGIT = /([0-9])(-)/gu;

/** Python's ' '.join(s.split()). */
export function splitWhitespace(s: string): string[] {
  return s.split(SPACES).filter((t) => t.length > 0);
}

/** Python's str.rstrip() (whitespace only). */
export function rstripWhitespace(s: string): string {
  return s.replace(TRAILING, '');
}

/** Tokenizes one segment as sacreBLEU's '13a'; tokens are separated by single spaces. */
export function tokenize13a(line: string): string {
  if (typeof line !== 'string') throw new ArgumentError(`tokenize13a: line must be a string, got ${describe(line)}`);
  let s = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (s.includes('&')) s = s.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  s = ` ${s} `;
  s = s.replace(SYMBOLS, ' $1 ');
  s = s.replace(PERIOD_COMMA_AFTER_NON_DIGIT, '$1 $2 ');
  s = s.replace(PERIOD_COMMA_BEFORE_NON_DIGIT, ' $1 $2');
  s = s.replace(DASH_AFTER_DIGIT, '$1 $2 ');
  return splitWhitespace(s).join(' ');
}
