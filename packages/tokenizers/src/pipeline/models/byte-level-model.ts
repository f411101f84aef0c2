/**
 * A byte-level BPE (BpeTokenizer: split pattern + byte-pair model) used as the model of a
 * PipelineTokenizer, for tokenizer.json files whose byte-level BPE comes with a normalizer,
 * template tokens (RoBERTa's <s> ... </s>, Llama 3's begin-of-text), a prefix space or offset
 * trimming. Tokens are strings in GPT-2's byte alphabet, as in the file.
 */
import type { IdBuffer } from '../../bpe/id-buffer.ts';
import type { BpeTokenizer } from '../../bpe/bpe-tokenizer.ts';
import { bytesToUnicode, unicodeToBytes } from '../../bpe/byte-unicode.ts';
import type { TokenModel } from './token-model.ts';

export interface ByteLevelModelOptions {
  /** Put a space before a piece that does not start with one (ByteLevel add_prefix_space). */
  addPrefixSpace?: boolean;
  /** Leave leading and trailing spaces out of each token's offsets (the post-processor's trim_offsets). */
  trimOffsets?: boolean;
  /**
   * The post-processor's add_prefix_space: when trimming, the single leading space of the token at
   * the start of the text is kept (Hugging Face's process_offsets). Default true.
   */
  trimKeepsPrefixSpace?: boolean;
}

const AS_TEXT = { allowedSpecial: [], disallowedSpecial: [] } as const;

export class ByteLevelModel implements TokenModel {
  readonly bpe: BpeTokenizer;
  readonly vocabSize: number;
  readonly addPrefixSpace: boolean;
  readonly trimOffsets: boolean;
  readonly trimKeepsPrefixSpace: boolean;

  constructor(bpe: BpeTokenizer, options: ByteLevelModelOptions = {}) {
    this.bpe = bpe;
    this.vocabSize = bpe.model.tokens.idCount;
    this.addPrefixSpace = options.addPrefixSpace ?? false;
    this.trimOffsets = options.trimOffsets ?? false;
    this.trimKeepsPrefixSpace = options.trimKeepsPrefixSpace ?? true;
  }

  tokenToId(token: string): number | undefined {
    const bytes = unicodeToBytes(token);
    if (bytes === undefined || bytes.length === 0) return undefined;
    const id = this.bpe.model.tokens.lookup(bytes, 0, bytes.length);
    return id < 0 ? undefined : id;
  }

  idToToken(id: number): string | undefined {
    const tokens = this.bpe.model.tokens;
    return tokens.has(id) ? bytesToUnicode(tokens.tokenBytes(id)) : undefined;
  }

  tokenizeWord(word: string, ids: IdBuffer, offsets: IdBuffer): void {
    this.tokenizeRange(word, 0, word.length, ids, offsets);
  }

  tokenizeRange(text: string, start: number, end: number, ids: IdBuffer, offsets: IdBuffer | undefined, textStart = 0): void {
    const piece = start === 0 && end === text.length ? text : text.slice(start, end);
    const prefixed = this.addPrefixSpace && !piece.startsWith(' ');
    const input = prefixed ? ` ${piece}` : piece;
    if (offsets === undefined) {
      const encoded = this.bpe.encode(input, AS_TEXT);
      for (let i = 0; i < encoded.length; i++) ids.push(encoded[i]!);
      return;
    }
    const e = this.bpe.encodeWithOffsets(input, AS_TEXT);
    const shift = prefixed ? 1 : 0;
    // The added prefix space stands for the piece's first character (Hugging Face aligns it so).
    const firstLength = piece.length > 1 && piece.charCodeAt(0) >= 0xd800 && piece.charCodeAt(0) <= 0xdbff ? 2 : 1;
    const tokens = this.bpe.model.tokens;
    for (let i = 0; i < e.ids.length; i++) {
      const id = e.ids[i]!;
      ids.push(id);
      const inputEnd = e.offsets[2 * i + 1]!;
      let a = start + Math.max(0, e.offsets[2 * i]! - shift);
      let b = start + (prefixed && inputEnd === 1 ? Math.min(firstLength, piece.length) : Math.max(0, inputEnd - shift));
      if (this.trimOffsets && tokens.has(id)) {
        // Hugging Face's ByteLevel process_offsets: drop the token's leading and trailing spaces
        // from its range, except the one space a prefix space put before the first token.
        const bytes = tokens.tokenBytes(id);
        let lead = 0;
        while (lead < bytes.length && bytes[lead] === 0x20) lead++;
        let trail = 0;
        while (trail < bytes.length && bytes[bytes.length - 1 - trail] === 0x20) trail++;
        if (lead > 0) {
          if (textStart + a === 0 && this.trimKeepsPrefixSpace && lead === 1) lead = 0;
          a = Math.min(a + lead, b);
        }
        if (trail > 0 && b >= trail) b = Math.max(b - trail, a);
        // Never cut a surrogate pair (the prefix space aligned to an astral character): the start
        // moves to the next character, the end to the previous one.
        if (isLowSurrogate(piece.charCodeAt(a - start))) a++;
        if (isLowSurrogate(piece.charCodeAt(b - start))) b--;
        if (b < a) b = a;
      }
      offsets.push(a);
      offsets.push(b);
    }
  }
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
