/**
 * tiktoken rank files: one "base64(token bytes) rank" per line (the `.tiktoken` format). Untrusted:
 * sizes and counts are capped before allocating; ranks must be unique integers in range.
 */
import { TokenizerFileError } from '../errors.ts';
import { BytePairModel } from '../bpe/byte-pair-model.ts';
import { base64Length, decodeBase64Into } from '../encodings/base64.ts';
import { LIMITS } from './limits.ts';

/** Token bytes by rank (starts[r+1] - starts[r] is the length of rank r, 0 when unused). */
export interface RankTable {
  bytes: Uint8Array;
  starts: Uint32Array;
}

/** Parses a tiktoken rank file. Throws TokenizerFileError naming the line that is wrong. */
export function parseRankFile(text: string, file = 'ranks'): RankTable {
  if (typeof text !== 'string') throw new TokenizerFileError('bad-syntax', file, `expected text, got ${typeof text}`);
  if (text.length > LIMITS.maxFileChars) throw new TokenizerFileError('too-large', file, `${text.length} characters; expected at most ${LIMITS.maxFileChars}`);
  // first pass: count lines, find the largest rank and the total size, validating as we go
  const lineStarts: number[] = [];
  const ranks: number[] = [];
  const lengths: number[] = [];
  let total = 0;
  let maxRank = -1;
  let pos = 0;
  let line = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    line++;
    let lineEnd = end;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    if (lineEnd > pos) {
      if (ranks.length >= LIMITS.maxEntries) throw new TokenizerFileError('too-many-entries', file, `more than ${LIMITS.maxEntries} tokens`, line);
      const space = text.indexOf(' ', pos);
      if (space < 0 || space >= lineEnd || space === pos) throw new TokenizerFileError('bad-syntax', file, 'expected "<base64 token> <rank>"', line);
      const rankText = text.slice(space + 1, lineEnd);
      if (!/^(0|[1-9][0-9]{0,8})$/.test(rankText)) throw new TokenizerFileError('bad-syntax', file, `rank ${JSON.stringify(rankText.slice(0, 20))} is not a non-negative integer`, line);
      const rank = Number(rankText);
      if (rank > LIMITS.maxId) throw new TokenizerFileError('id-out-of-range', file, `rank ${rank} exceeds ${LIMITS.maxId}`, line);
      const length = base64Length(text, pos, space);
      if (length <= 0 || length > LIMITS.maxTokenBytes) throw new TokenizerFileError('bad-token', file, `token is not base64 of 1 to ${LIMITS.maxTokenBytes} bytes`, line);
      lineStarts.push(pos, space, line);
      ranks.push(rank);
      lengths.push(length);
      total += length;
      if (rank > maxRank) maxRank = rank;
    }
    pos = end + 1;
  }
  if (ranks.length === 0) throw new TokenizerFileError('bad-syntax', file, 'no tokens');
  const idCount = maxRank + 1;
  if (idCount > ranks.length * 4 + 1024) throw new TokenizerFileError('id-out-of-range', file, `largest rank ${maxRank} is far beyond the ${ranks.length} tokens (ranks must be dense)`);
  const starts = new Uint32Array(idCount + 1);
  const owner = new Int32Array(idCount).fill(-1);
  for (let i = 0; i < ranks.length; i++) {
    const rank = ranks[i]!;
    if (owner[rank] !== -1) throw new TokenizerFileError('duplicate-id', file, `rank ${rank} appears twice (lines ${lineStarts[3 * owner[rank]! + 2]} and ${lineStarts[3 * i + 2]})`, lineStarts[3 * i + 2]);
    owner[rank] = i;
    starts[rank + 1] = lengths[i]!;
  }
  for (let r = 0; r < idCount; r++) starts[r + 1] += starts[r]!;
  const bytes = new Uint8Array(total);
  for (let r = 0; r < idCount; r++) {
    const i = owner[r]!;
    if (i < 0) continue;
    const n = decodeBase64Into(text, lineStarts[3 * i]!, lineStarts[3 * i + 1]!, bytes, starts[r]!);
    if (n !== lengths[i]) throw new TokenizerFileError('bad-token', file, 'token is not valid base64', lineStarts[3 * i + 2]);
  }
  return { bytes, starts };
}

/** A tiktoken-semantics model from a rank file's text. */
export function modelFromRankFile(text: string, file = 'ranks'): BytePairModel {
  const { bytes, starts } = parseRankFile(text, file);
  return BytePairModel.fromRanks(bytes, starts, file);
}
