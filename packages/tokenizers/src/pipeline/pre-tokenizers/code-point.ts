import { addWork } from '../../work-counter.ts';
import { pushRange, type PreTokenizer } from './pre-tokenizer.ts';

/** Every code point is its own piece. */
export const codePointPreTokenizer: PreTokenizer = (text, start, end, out) => {
  addWork('scanned', end - start);
  for (let i = start; i < end; ) {
    const next = i + (text.codePointAt(i)! > 0xffff ? 2 : 1);
    pushRange(out, i, next);
    i = next;
  }
};
