import type { Decoder } from './decoder.ts';

/** Hugging Face's BPEDecoder: the end-of-word suffix becomes a space (none after the last token). */
export function bpeSuffixDecoder(suffix = '</w>'): Decoder {
  return (tokens) =>
    tokens
      .map((t, i) => (t.endsWith(suffix) ? t.slice(0, t.length - suffix.length) + (i < tokens.length - 1 ? ' ' : '') : t))
      .join('');
}
