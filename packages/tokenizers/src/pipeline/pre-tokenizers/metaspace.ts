// Hugging Face's Metaspace pre-tokenizer (SentencePiece's whitespace convention): spaces become the
// replacement character (default "▁", U+2581), one is prepended ('always'; 'first': only to the text
// at the start of the input; 'never'), then with `split` the text is cut before every replacement
// character (MergedWithNext: "▁the▁cat" -> "▁the", "▁cat"). The rewrite keeps the alignment: a
// replaced space maps to the space, the prepended character to the first character.
import type { IdBuffer } from '../../bpe/id-buffer.ts';
import type { Normalized } from '../normalized.ts';
import { originalRange } from '../normalized.ts';
import { addWork } from '../../work-counter.ts';
import { pushRange, type PreTokenizer } from './pre-tokenizer.ts';

export type PrependScheme = 'always' | 'first' | 'never';

export interface MetaspaceOptions {
  /** One character. Default "▁". */
  replacement?: string;
  /** Default 'always'. */
  prependScheme?: PrependScheme;
  /** Default true. */
  split?: boolean;
}

export interface Metaspace {
  /** The text after the replacement and the prepended character; `atInputStart`: the segment begins the input. */
  rewrite(input: Normalized, atInputStart: boolean): Normalized;
  preTokenizer: PreTokenizer;
}

export function metaspace(options: MetaspaceOptions = {}): Metaspace {
  const replacement = options.replacement ?? '\u2581';
  const scheme = options.prependScheme ?? 'always';
  const split = options.split ?? true;
  const rewrite = (input: Normalized, atInputStart: boolean): Normalized => {
    const text = input.text;
    if (text.length === 0) return input;
    // Hugging Face replaces first, then prepends unless the text starts with the replacement.
    const prepend = (scheme === 'always' || (scheme === 'first' && atInputStart)) && !(text.startsWith(replacement) || text[0] === ' ');
    let out = prepend ? replacement : '';
    const starts: number[] = [], ends: number[] = [];
    if (prepend) {
      const [s, e] = originalRange(input, 0, 1);
      for (let k = 0; k < replacement.length; k++) {
        starts.push(s);
        ends.push(e);
      }
    }
    for (let i = 0; i < text.length; i++) {
      const [s, e] = originalRange(input, i, i + 1);
      if (text[i] === ' ') {
        out += replacement;
        for (let k = 0; k < replacement.length; k++) {
          starts.push(s);
          ends.push(e);
        }
      } else {
        out += text[i];
        starts.push(s);
        ends.push(e);
      }
    }
    return { text: out, starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
  };
  const preTokenizer: PreTokenizer = (text: string, start: number, end: number, out: IdBuffer) => {
    addWork('scanned', end - start);
    if (!split || replacement.length === 0) {
      if (end > start) pushRange(out, start, end);
      return;
    }
    let from = start;
    for (let i = text.indexOf(replacement, start); i >= 0 && i < end; i = text.indexOf(replacement, i + replacement.length)) {
      if (i > from) pushRange(out, from, i);
      from = i;
    }
    if (end > from) pushRange(out, from, end);
  };
  return { rewrite, preTokenizer };
}
