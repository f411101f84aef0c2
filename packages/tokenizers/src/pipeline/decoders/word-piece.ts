/** Decoders: token strings -> text, as Hugging Face's tokenizer.json describes them. */
import type { Decoder } from './pipeline-tokenizer.ts';

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

/** Tokens joined by one space (Hugging Face's default when a tokenizer has no decoder). */
export const spaceJoinDecoder: Decoder = (tokens) => tokens.join(' ');

/** Tokens concatenated (character-level tokenizers that keep spaces as tokens). */
export const concatDecoder: Decoder = (tokens) => tokens.join('');

/** Hugging Face's BPEDecoder: the end-of-word suffix becomes a space (none after the last token). */
export function bpeSuffixDecoder(suffix = '</w>'): Decoder {
  return (tokens) =>
    tokens
      .map((t, i) => (t.endsWith(suffix) ? t.slice(0, t.length - suffix.length) + (i < tokens.length - 1 ? ' ' : '') : t))
      .join('');
}
