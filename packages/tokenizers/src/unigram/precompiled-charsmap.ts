// SentencePiece's precompiled normalisation rules (NormalizerSpec.precompiled_charsmap, e.g. nmt_nfkc):
//   uint32 trie size in bytes (little-endian), a darts-clone double-array trie of that many bytes
//   (uint32 units) mapping UTF-8 byte sequences to offsets, then a blob of NUL-terminated replacement
//   strings that those offsets point into.
// A darts-clone unit packs: bit 8 has-leaf; bits 0-7 the label (bit 31 set on value units); bits 10-31
// the offset to the children, shifted left by 8 more when bit 9 is set; a leaf's value in bits 0-30.
// Lookups are common-prefix searches from the root (Yata et al., darts-clone); the longest match wins.
// The blob is untrusted: every unit index and string offset is bounds-checked.
import { TokenizerFileError } from '../errors.ts';

const FILE = 'sentencepiece.model#precompiled_charsmap';

export class PrecompiledCharsmap {
  private readonly units: Uint32Array;
  private readonly strings: Uint8Array;

  constructor(blob: Uint8Array) {
    if (blob.length < 4) throw new TokenizerFileError('bad-syntax', FILE, `${blob.length} bytes, fewer than the 4-byte header`);
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    const trieBytes = view.getUint32(0, true);
    if (trieBytes % 4 !== 0 || trieBytes < 4 || trieBytes > blob.length - 4) {
      throw new TokenizerFileError('bad-syntax', FILE, `trie size ${trieBytes} is not a positive multiple of 4 within the ${blob.length - 4} bytes that follow`);
    }
    this.units = new Uint32Array(trieBytes / 4);
    for (let i = 0; i < this.units.length; i++) this.units[i] = view.getUint32(4 + 4 * i, true);
    this.strings = blob.slice(4 + trieBytes);
  }

  private unit(position: number): number {
    if (position >= this.units.length) throw new TokenizerFileError('out-of-range', FILE, `trie node ${position} is outside the ${this.units.length}-unit trie`);
    return this.units[position]!;
  }

  /**
   * The longest rule matching `input` from `start`: its length in bytes and the replacement's bytes,
   * or undefined when no rule matches.
   */
  longestMatch(input: Uint8Array, start: number): { length: number; replacement: Uint8Array } | undefined {
    let position = 0;
    let unit = this.unit(0);
    position ^= offsetOf(unit);
    let bestLength = 0, bestValue = -1;
    for (let i = start; i < input.length; i++) {
      const c = input[i]!;
      position ^= c;
      unit = this.unit(position);
      if ((unit & 0x800000ff) >>> 0 !== c) break;
      position ^= offsetOf(unit);
      if ((unit >>> 8) & 1) {
        bestLength = i - start + 1;
        bestValue = this.unit(position) & 0x7fffffff;
      }
    }
    if (bestLength === 0) return undefined;
    if (bestValue >= this.strings.length) throw new TokenizerFileError('out-of-range', FILE, `replacement offset ${bestValue} is outside the ${this.strings.length}-byte string blob`);
    let end = bestValue;
    while (end < this.strings.length && this.strings[end] !== 0) end++;
    return { length: bestLength, replacement: this.strings.subarray(bestValue, end) };
  }
}

function offsetOf(unit: number): number {
  return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
}
