import type { IdBuffer } from '../../bpe/id-buffer.ts';

/** Appends the pieces of text[start, end) to `out` as (start, end) pairs of UTF-16 offsets. */
export type PreTokenizer = (text: string, start: number, end: number, out: IdBuffer) => void;

/** Appends the range [start, end) to `out`. */
export function pushRange(out: IdBuffer, start: number, end: number): void {
  if (out.length + 2 > out.data.length) out.reserve(out.length + 2);
  out.data[out.length++] = start;
  out.data[out.length++] = end;
}

/** No pre-tokenization: the whole range is one piece (a tokenizer.json without pre_tokenizer). */
export const wholePreTokenizer: PreTokenizer = (_text, start, end, out) => pushRange(out, start, end);
