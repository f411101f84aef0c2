/** Hugging Face's BertPreTokenizer. */
import { addWork } from '../../work-counter.ts';
import { bertClass, PUNCTUATION, WHITESPACE } from '../../pretokenize/bert-chars.ts';
import { pushRange, type PreTokenizer } from './pre-tokenizer.ts';

/** BERT: split on whitespace (dropped) and around each punctuation character. */
export const bertPreTokenizer: PreTokenizer = (text, start, end, out) => {
  addWork('scanned', end - start);
  let wordStart = -1;
  for (let i = start; i < end; ) {
    const unit = text.charCodeAt(i);
    if ((unit >= 97 && unit <= 122) || (unit >= 48 && unit <= 57) || (unit >= 65 && unit <= 90)) {
      if (wordStart < 0) wordStart = i;
      i++;
      continue;
    }
    const cp = unit >= 0xd800 && unit <= 0xdbff ? text.codePointAt(i)! : unit;
    const next = i + (cp > 0xffff ? 2 : 1);
    const cls = bertClass(cp);
    if ((cls & WHITESPACE) !== 0) {
      if (wordStart >= 0) pushRange(out, wordStart, i);
      wordStart = -1;
    } else if ((cls & PUNCTUATION) !== 0) {
      if (wordStart >= 0) pushRange(out, wordStart, i);
      pushRange(out, i, next);
      wordStart = -1;
    } else if (wordStart < 0) wordStart = i;
    i = next;
  }
  if (wordStart >= 0) pushRange(out, wordStart, end);
};
