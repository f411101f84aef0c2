/** Hugging Face's WordPiece decoder. */
import type { Decoder } from './decoder.ts';

/**
 * Hugging Face's `cleanup` of the WordPiece decoder, applied to one token (after its joining space
 * was added): removes the space before punctuation and contractions.
 */
export function cleanUpTokenization(text: string): string {
  return text
    .replaceAll(' .', '.')
    .replaceAll(' ?', '?')
    .replaceAll(' !', '!')
    .replaceAll(' ,', ',')
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(' do not', " don't")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}

/**
 * WordPiece: tokens joined by spaces, continuation tokens glued to the previous one without their
 * prefix; with `cleanup`, each token is cleaned as Hugging Face does (token by token).
 */
export function wordPieceDecoder(prefix = '##', cleanup = true): Decoder {
  return (tokens) => {
    let out = '';
    for (let i = 0; i < tokens.length; i++) {
      let token = tokens[i]!;
      if (i > 0) token = token.startsWith(prefix) ? token.slice(prefix.length) : ` ${token}`;
      out += cleanup ? cleanUpTokenization(token) : token;
    }
    return out;
  };
}
