// Hugging Face's Metaspace decoder: the replacement character ("▁") becomes a space, except in the
// first token, where every replacement character is dropped when a prefix was prepended
// (prepend_scheme 'always' or 'first'): Hugging Face's decode_chain, quirks included.
import type { PrependScheme } from '../pre-tokenizers/metaspace.ts';
import type { ChainDecoder } from './chain.ts';

export function metaspaceDecoder(replacement = '\u2581', prependScheme: PrependScheme = 'always'): ChainDecoder {
  return (tokens) => tokens.map((token, i) => {
    if (replacement.length === 0) return token;
    const by = i === 0 && prependScheme !== 'never' ? '' : ' ';
    return token.split(replacement).join(by);
  });
}
