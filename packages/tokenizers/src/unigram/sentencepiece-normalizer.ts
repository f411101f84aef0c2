// SentencePiece's normaliser (normalizer.cc, 0.1.97): rewrite the text with the precompiled rules
// (longest match first; a byte sequence without a rule is copied one UTF-8 character at a time,
// a malformed byte becoming U+FFFD), drop leading whitespace, collapse runs of whitespace, add the
// dummy-prefix space, drop trailing whitespace, and write spaces as U+2581 ("▁").
import { PrecompiledCharsmap } from './precompiled-charsmap.ts';

export const SPACE_SYMBOL = '\u2581';
const SPACE_BYTES = [0xe2, 0x96, 0x81];
const REPLACEMENT = Uint8Array.of(0xef, 0xbf, 0xbd);
const encoder = new TextEncoder();

export interface SentencePieceNormalizerOptions {
  precompiledCharsmap?: Uint8Array;
  addDummyPrefix: boolean;
  removeExtraWhitespaces: boolean;
  escapeWhitespaces: boolean;
  treatWhitespaceAsSuffix: boolean;
}

/** Length of the valid UTF-8 character at `i`, or 0 when the bytes there are malformed. */
function utf8Length(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
  if (n === 0 || i + n > bytes.length) return n === 1 ? 1 : 0;
  for (let k = 1; k < n; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return 0;
  return n;
}

export class SentencePieceNormalizer {
  private readonly charsmap: PrecompiledCharsmap | undefined;

  constructor(private readonly options: SentencePieceNormalizerOptions) {
    const blob = options.precompiledCharsmap;
    this.charsmap = blob && blob.length > 0 ? new PrecompiledCharsmap(blob) : undefined;
  }

  /** One normalisation step: the replacement for the text at `i` and how many input bytes it consumes. */
  private prefix(input: Uint8Array, i: number): [Uint8Array, number] {
    const match = this.charsmap?.longestMatch(input, i);
    if (match) return [match.replacement, match.length];
    const n = utf8Length(input, i);
    return n === 0 ? [REPLACEMENT, 1] : [input.subarray(i, i + n), n];
  }

  /** The normalised text as UTF-8 bytes. */
  normalizeBytes(text: string): Uint8Array {
    const input = encoder.encode(text);
    const { addDummyPrefix, removeExtraWhitespaces, escapeWhitespaces, treatWhitespaceAsSuffix } = this.options;
    const out: number[] = [];
    let i = 0;
    if (removeExtraWhitespaces) {
      while (i < input.length) {
        const [rep, n] = this.prefix(input, i);
        if (!(rep.length === 1 && rep[0] === 0x20)) break;
        i += n;
      }
    }
    if (i >= input.length) return new Uint8Array(0);
    const space = escapeWhitespaces ? SPACE_BYTES : [0x20];
    if (addDummyPrefix && !treatWhitespaceAsSuffix) out.push(...space);
    let previousSpace = removeExtraWhitespaces;
    while (i < input.length) {
      const [rep, n] = this.prefix(input, i);
      i += n;
      let s = 0;
      if (previousSpace) while (s < rep.length && rep[s] === 0x20) s++;
      if (s < rep.length) {
        for (let k = s; k < rep.length; k++) {
          if (escapeWhitespaces && rep[k] === 0x20) out.push(...SPACE_BYTES);
          else out.push(rep[k]!);
        }
        previousSpace = rep[rep.length - 1] === 0x20;
      }
    }
    if (addDummyPrefix && treatWhitespaceAsSuffix) out.push(...space);
    if (removeExtraWhitespaces) {
      const w = space.length;
      while (out.length >= w && space.every((b, k) => out[out.length - w + k] === b)) out.length -= w;
    }
    return Uint8Array.from(out);
  }

  normalize(text: string): string {
    return new TextDecoder().decode(this.normalizeBytes(text));
  }
}
