/** Hugging Face's Whitespace and WhitespaceSplit pre-tokenizers. */
import { whitespaceRegExp, whitespaceSplitRegExp } from '../../pretokenize/whitespace.ts';
import { regexMatches, type MatchFinder } from './matches.ts';
import { pushRange, type PreTokenizer } from './pre-tokenizer.ts';

function piecesOf(matches: MatchFinder): PreTokenizer {
  return (text, start, end, out) => matches(text, start, end, (a, b) => pushRange(out, a, b));
}

/** Hugging Face's Whitespace: runs of word characters, or of other non-space characters. */
export const whitespacePreTokenizer: PreTokenizer = piecesOf(regexMatches(whitespaceRegExp()));
/** Hugging Face's WhitespaceSplit: runs of non-space characters. */
export const whitespaceSplitPreTokenizer: PreTokenizer = piecesOf(regexMatches(whitespaceSplitRegExp()));
