// Hugging Face's decoders work as a chain: each maps the list of token strings to a new list
// (decode_chain), and the last list is concatenated. A Sequence runs its decoders in order.
import type { Decoder } from './decoder.ts';

export type ChainDecoder = (tokens: readonly string[]) => string[];

/** The decoders in order, then the concatenation. */
export function chainDecoder(steps: readonly ChainDecoder[]): Decoder {
  return (tokens) => {
    let list: readonly string[] = tokens;
    for (const step of steps) list = step(list);
    return list.join('');
  };
}

/** Fuse: the tokens as one string. */
export const fuseDecoder: ChainDecoder = (tokens) => [tokens.join('')];
