/**
 * Decodes the compact rank data shipped in ./data (see scripts/generate-encodings.mjs):
 * base64 of zlib(deflate) of [u32 LE id count][varint byte length per id (0: unused)][token bytes].
 */
import { TokenizerFileError } from '../errors.ts';
import { base64Length, decodeBase64Into } from './base64.ts';
import { LIMITS } from '../formats/limits.ts';
import type { RankTable } from '../formats/rank-file.ts';

/** Inflates zlib data with the platform's DecompressionStream (Node >= 18, every current browser). */
async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Parses the uncompressed layout. */
export function parseCompactRanks(raw: Uint8Array, file: string): RankTable {
  if (raw.length < 4) throw new TokenizerFileError('bad-syntax', file, 'shorter than its header');
  const idCount = (raw[0]! | (raw[1]! << 8) | (raw[2]! << 16) | (raw[3]! << 24)) >>> 0;
  if (idCount > LIMITS.maxId + 1) throw new TokenizerFileError('too-many-entries', file, `${idCount} ids; expected at most ${LIMITS.maxId + 1}`);
  const starts = new Uint32Array(idCount + 1);
  let p = 4;
  for (let id = 0; id < idCount; id++) {
    let n = 0;
    let shift = 0;
    for (;;) {
      if (p >= raw.length || shift > 21) throw new TokenizerFileError('bad-syntax', file, `truncated length of id ${id}`);
      const b = raw[p++]!;
      n |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
    }
    starts[id + 1] = starts[id]! + n;
  }
  if (p + starts[idCount]! !== raw.length) throw new TokenizerFileError('inconsistent', file, `token bytes take ${raw.length - p} bytes; the lengths say ${starts[idCount]}`);
  return { bytes: raw.subarray(p), starts };
}

/** Decodes one shipped data string. */
export async function decodeCompactRanks(data: string, file: string): Promise<RankTable> {
  const size = base64Length(data, 0, data.length);
  const packed = new Uint8Array(Math.max(size, 0));
  if (size < 0 || decodeBase64Into(data, 0, data.length, packed, 0) !== size) throw new TokenizerFileError('bad-syntax', file, 'not base64');
  let raw: Uint8Array;
  try {
    raw = await inflate(packed);
  } catch (error) {
    throw new TokenizerFileError('bad-syntax', file, `not zlib data (${(error as Error).message})`);
  }
  return parseCompactRanks(raw, file);
}
