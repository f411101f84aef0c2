/** Decoders in tokenizer.json (ByteLevel is served with the byte-level model, see byte-level-json.ts). */
import { bpeSuffixDecoder } from '../../pipeline/decoders/bpe-suffix.ts';
import type { Decoder } from '../../pipeline/decoders/decoder.ts';
import { wordPieceDecoder } from '../../pipeline/decoders/word-piece.ts';
import { fail, flag, optionalString } from './fields.ts';
import type { DecoderSpec } from './types.ts';

/** The decoder a spec describes, or `fallback` when there is none. */
export function createDecoder(spec: DecoderSpec | null, fallback: Decoder): Decoder {
  if (spec === null || spec === undefined) return fallback;
  switch (spec.type) {
    case 'WordPiece':
      return wordPieceDecoder(optionalString(spec.prefix, 'decoder.prefix') ?? '##', flag(spec.cleanup, true, 'decoder.cleanup'));
    case 'BPEDecoder':
      return bpeSuffixDecoder(optionalString(spec.suffix, 'decoder.suffix') ?? '</w>');
    case 'ByteLevel':
      return fail('inconsistent', 'decoder.type', 'ByteLevel decoding needs a byte-level BPE model');
    default:
      return fail('unsupported-type', 'decoder.type', `decoder type ${JSON.stringify((spec as { type: unknown }).type)} is not supported (supported: WordPiece, BPEDecoder, ByteLevel with byte-level BPE)`);
  }
}
