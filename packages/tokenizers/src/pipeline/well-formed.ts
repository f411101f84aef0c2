/**
 * Lone surrogates become U+FFFD, as UTF-8 encoders (TextEncoder, the Rust and Node bindings of
 * Hugging Face's tokenizers) and this package's byte-level BPE treat them. The length in UTF-16
 * units is unchanged, so offsets need no alignment.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function toWellFormed(text: string): string {
  LONE_SURROGATE.lastIndex = 0;
  return LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '\ufffd') : text;
}
