/**
 * BERT's vocab.txt: one token per line, the id is the 0-based line number. Untrusted input: size
 * and count are capped, tokens must be non-empty and unique.
 */
import { TokenizerFileError } from '../errors.ts';
import { LIMITS } from './limits.ts';

/** Parses vocab.txt (a trailing line break is optional; '\r\n' line ends are accepted). */
export function parseVocabTxt(text: string, file = 'vocab.txt'): Map<string, number> {
  if (text.length > LIMITS.maxFileChars) throw new TokenizerFileError('too-large', file, `${text.length} characters; expected at most ${LIMITS.maxFileChars}`);
  const vocab = new Map<string, number>();
  let start = 0;
  let line = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const token = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    line++;
    if (line > LIMITS.maxEntries) throw new TokenizerFileError('too-many-entries', file, `more than ${LIMITS.maxEntries} tokens`);
    if (token.length === 0) throw new TokenizerFileError('bad-token', file, 'empty token', line);
    if (token.length > LIMITS.maxTokenBytes) throw new TokenizerFileError('bad-token', file, `token of ${token.length} characters; expected at most ${LIMITS.maxTokenBytes}`, line);
    const previous = vocab.get(token);
    if (previous !== undefined) throw new TokenizerFileError('duplicate-token', file, `${JSON.stringify(token.slice(0, 40))} is also on line ${previous + 1}`, line);
    vocab.set(token, line - 1);
    start = end + 1;
  }
  if (vocab.size === 0) throw new TokenizerFileError('bad-syntax', file, 'no tokens');
  return vocab;
}

/** vocab.txt text of a vocabulary whose ids are 0..n-1 (throws on a gap). */
export function formatVocabTxt(vocab: ReadonlyMap<string, number>): string {
  const tokens: string[] = new Array(vocab.size);
  for (const [token, id] of vocab) {
    if (!(id >= 0 && id < vocab.size)) throw new TokenizerFileError('id-out-of-range', 'vocab', `id ${id} of ${JSON.stringify(token)} is not in [0, ${vocab.size}); vocab.txt needs consecutive ids`);
    if (/[\r\n]/.test(token)) throw new TokenizerFileError('bad-token', 'vocab', `${JSON.stringify(token)} contains a line break`);
    tokens[id] = token;
  }
  return tokens.join('\n') + '\n';
}
