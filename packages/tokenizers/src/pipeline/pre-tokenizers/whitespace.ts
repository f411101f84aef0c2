/** Hugging Face's Whitespace and WhitespaceSplit pre-tokenizers. */
import { whitespaceRegExp, whitespaceSplitRegExp } from '../../pretokenize/whitespace.ts';
import { pushRange, type PreTokenizer } from './pre-tokenizer.ts';
import { forEachMatch } from './regex-matches.ts';

function matchesOf(regex: RegExp): PreTokenizer {
  return (text, start, end, out) => forEachMatch(regex, text, start, end, (a, b) => pushRange(out, a, b));
}

/** Hugging Face's Whitespace: runs of word characters, or of other non-space characters. */
export const whitespacePreTokenizer: PreTokenizer = matchesOf(whitespaceRegExp());
/** Hugging Face's WhitespaceSplit: runs of non-space characters. */
export const whitespaceSplitPreTokenizer: PreTokenizer = matchesOf(whitespaceSplitRegExp());
