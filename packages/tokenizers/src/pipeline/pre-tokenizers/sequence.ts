import { IdBuffer } from '../../bpe/id-buffer.ts';
import { pushRange, type PreTokenizer } from './pre-tokenizer.ts';

/** Hugging Face's Sequence pre-tokenizer: each stage splits every piece of the previous one. */
export function preTokenizerSequence(parts: readonly PreTokenizer[]): PreTokenizer {
  return (text, start, end, out) => {
    let pieces = new IdBuffer(16);
    pushRange(pieces, start, end);
    for (const part of parts) {
      const next = new IdBuffer(pieces.length * 2);
      for (let i = 0; i < pieces.length; i += 2) part(text, pieces.data[i]!, pieces.data[i + 1]!, next);
      pieces = next;
    }
    for (let i = 0; i < pieces.length; i++) out.push(pieces.data[i]!);
  };
}
