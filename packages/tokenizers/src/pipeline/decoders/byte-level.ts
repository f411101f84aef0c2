import { unicodeToBytes } from '../../bpe/byte-unicode.ts';
import type { Decoder } from './decoder.ts';

/** ByteLevel decoding: byte-alphabet tokens back to bytes, then UTF-8; other tokens (added ones) as they are. */
export const byteLevelDecoder: Decoder = (tokens) => {
  const decoder = new TextDecoder('utf-8');
  let out = '';
  let pending: number[] = [];
  const flush = (): void => {
    if (pending.length > 0) out += decoder.decode(Uint8Array.from(pending));
    pending = [];
  };
  for (const token of tokens) {
    const bytes = unicodeToBytes(token);
    if (bytes === undefined) {
      flush();
      out += token;
    } else for (const b of bytes) pending.push(b);
  }
  flush();
  return out;
};
