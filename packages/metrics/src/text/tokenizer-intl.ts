// sacreBLEU's 'intl' tokenizer (sacrebleu 2.6 TokenizerV14International, after mteval-v14.pl): a
// punctuation mark (Unicode category P) after a non-digit and one before a non-digit are split
// off, and every symbol (category S); then whitespace is collapsed (Python's str.split set).
// And the 'char' tokenizer: every code point is a token.
import { ArgumentError } from '@neurite/tensor';
import { describe } from '../classification/inputs.ts';
import { splitWhitespace } from './tokenizer-13a.ts';

const PUNCTUATION_AFTER_NON_DIGIT = /(\P{N})(\p{P})/gu;
const PUNCTUATION_BEFORE_NON_DIGIT = /(\p{P})(\P{N})/gu;
const SYMBOL = /(\p{S})/gu;

/** Tokenizes one segment as sacreBLEU's 'intl'. */
export function tokenizeIntl(line: string): string {
  if (typeof line !== 'string') throw new ArgumentError(`tokenizeIntl: line must be a string, got ${describe(line)}`);
  const s = line.replace(PUNCTUATION_AFTER_NON_DIGIT, '$1 $2 ').replace(PUNCTUATION_BEFORE_NON_DIGIT, ' $1 $2').replace(SYMBOL, ' $1 ');
  return splitWhitespace(s).join(' ');
}

/** Tokenizes one segment as sacreBLEU's 'char': code points joined by spaces. */
export function tokenizeChar(line: string): string {
  if (typeof line !== 'string') throw new ArgumentError(`tokenizeChar: line must be a string, got ${describe(line)}`);
  return Array.from(line).join(' ');
}
