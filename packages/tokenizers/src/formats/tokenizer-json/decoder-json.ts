/** Decoders in tokenizer.json (ByteLevel is served with the byte-level model, see byte-level-json.ts). */
import { bpeSuffixDecoder } from '../../pipeline/decoders/bpe-suffix.ts';
import type { Decoder } from '../../pipeline/decoders/decoder.ts';
import { wordPieceDecoder } from '../../pipeline/decoders/word-piece.ts';
import { byteFallbackDecoder } from '../../pipeline/decoders/byte-fallback.ts';
import { type ChainDecoder, chainDecoder, fuseDecoder } from '../../pipeline/decoders/chain.ts';
import { metaspaceDecoder } from '../../pipeline/decoders/metaspace.ts';
import { readMetaspaceFields } from './pre-tokenizer-json.ts';
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
    case 'Metaspace':
    case 'ByteFallback':
    case 'Fuse':
    case 'Sequence':
      return chainDecoder(chainSteps(spec, 'decoder', 0));
    default:
      return fail('unsupported-type', 'decoder.type', `decoder type ${JSON.stringify((spec as { type: unknown }).type)} is not supported (supported: WordPiece, BPEDecoder, Metaspace, ByteFallback, Fuse, a Sequence of the last three, ByteLevel with byte-level BPE)`);
  }
}

/** The chain decoders of a Metaspace, ByteFallback, Fuse or Sequence of them (nested at most 8 deep). */
function chainSteps(spec: DecoderSpec, field: string, depth: number): ChainDecoder[] {
  if (depth > 8) fail('inconsistent', field, 'decoders nest deeper than 8 levels');
  if (spec === null || typeof spec !== 'object') fail('bad-syntax', field, 'expected a decoder object');
  switch (spec.type) {
    case 'Metaspace': {
      const { replacement, prependScheme } = readMetaspaceFields(spec, `tokenizer.json#${field}`);
      return [metaspaceDecoder(replacement, prependScheme)];
    }
    case 'ByteFallback':
      return [byteFallbackDecoder];
    case 'Fuse':
      return [fuseDecoder];
    case 'Sequence':
      if (!Array.isArray(spec.decoders)) fail('bad-syntax', `${field}.decoders`, 'expected an array');
      return spec.decoders.flatMap((d, i) => chainSteps(d, `${field}.decoders[${i}]`, depth + 1));
    default:
      return fail('unsupported-type', `${field}.type`, `decoder type ${JSON.stringify((spec as { type: unknown }).type)} is not supported in a decoder Sequence (supported: Metaspace, ByteFallback, Fuse)`);
  }
}
