// Reader of llama2.c's `tokenizer.bin` (the format `run.c` loads; Karpathy's llama2.c, MIT):
//   int32 max_token_length, then for each of `vocabSize` tokens: float32 score, int32 byte length,
//   the token's bytes (no terminator). All little-endian. The vocabulary size is not in the file:
//   it comes from the checkpoint header (or is read to the end of the file when omitted).
// The file is untrusted: every length is checked against the bytes left before anything is sliced.
import { TokenizerFileError } from '../errors.ts';
import { LIMITS } from '../formats/limits.ts';

const FILE = 'tokenizer.bin';

export interface Llama2cVocabulary {
  /** The longest token in bytes, as the file's header states it. */
  maxTokenLength: number;
  /** Each token's bytes, by id. */
  pieces: Uint8Array[];
  /** Each token's merge score (float32 values), by id: higher merges first. */
  scores: Float32Array;
}

/**
 * Parses a tokenizer.bin. With `vocabSize` exactly that many tokens are read and trailing bytes are an
 * error; without it tokens are read to the end of the file.
 */
export function parseLlama2cTokenizer(bytes: Uint8Array, vocabSize?: number): Llama2cVocabulary {
  if (!(bytes instanceof Uint8Array)) throw new TokenizerFileError('bad-syntax', FILE, 'expected the file as a Uint8Array');
  if (vocabSize !== undefined && (!Number.isInteger(vocabSize) || vocabSize < 1 || vocabSize > LIMITS.maxEntries)) {
    throw new TokenizerFileError('too-many-entries', FILE, `vocabSize must be an integer in [1, ${LIMITS.maxEntries}], got ${vocabSize}`);
  }
  if (bytes.length < 4) throw new TokenizerFileError('bad-syntax', FILE, `the file has ${bytes.length} bytes, fewer than the 4-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const maxTokenLength = view.getInt32(0, true);
  if (maxTokenLength < 1 || maxTokenLength > LIMITS.maxTokenBytes) {
    throw new TokenizerFileError('bad-syntax', FILE, `max_token_length is ${maxTokenLength}, expected an integer in [1, ${LIMITS.maxTokenBytes}]`);
  }
  const pieces: Uint8Array[] = [];
  const scores: number[] = [];
  let offset = 4;
  while (vocabSize === undefined ? offset < bytes.length : pieces.length < vocabSize) {
    const id = pieces.length;
    if (id >= LIMITS.maxEntries) throw new TokenizerFileError('too-many-entries', FILE, `more than ${LIMITS.maxEntries} tokens`);
    if (bytes.length - offset < 8) throw new TokenizerFileError('bad-syntax', FILE, `token ${id}: the file ends inside its score and length (offset ${offset})`);
    const score = view.getFloat32(offset, true);
    const length = view.getInt32(offset + 4, true);
    offset += 8;
    if (!Number.isFinite(score)) throw new TokenizerFileError('bad-token', FILE, `token ${id}: score is ${score}, expected a finite number`);
    if (length < 0 || length > maxTokenLength) throw new TokenizerFileError('bad-token', FILE, `token ${id}: length ${length} is outside [0, max_token_length ${maxTokenLength}]`);
    if (bytes.length - offset < length) throw new TokenizerFileError('bad-syntax', FILE, `token ${id}: ${length} bytes announced, ${bytes.length - offset} left in the file`);
    pieces.push(bytes.slice(offset, offset + length));
    scores.push(score);
    offset += length;
  }
  if (offset !== bytes.length) throw new TokenizerFileError('bad-syntax', FILE, `${bytes.length - offset} bytes follow token ${pieces.length - 1}, expected the end of the file`);
  if (pieces.length === 0) throw new TokenizerFileError('bad-syntax', FILE, 'the file holds no tokens');
  return { maxTokenLength, pieces, scores: Float32Array.from(scores) };
}
