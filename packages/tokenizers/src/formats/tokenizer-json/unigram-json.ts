// tokenizer.json's Unigram model: {"type": "Unigram", "unk_id": id | null, "vocab": [[piece, score],
// ...], "byte_fallback": bool}. Validated before anything is built: at most LIMITS.maxEntries pieces,
// each a non-empty string of at most MAX_PIECE_UNITS UTF-16 units (the Viterbi's work per input
// character is bounded by the longest piece) with a finite score.
import { UnigramModel } from '../../pipeline/models/unigram-model.ts';
import { LIMITS } from '../limits.ts';
import { fail, flag, integer, type Json } from './fields.ts';

/** Longest piece accepted (real vocabularies stay far below). */
export const MAX_PIECE_UNITS = 1024;

export function readUnigramModel(m: Json): { model: UnigramModel; vocab: Map<string, number> } {
  const raw = m['vocab'];
  if (!Array.isArray(raw)) fail('bad-syntax', 'model.vocab', 'expected an array of [piece, score] pairs');
  if (raw.length === 0) fail('bad-syntax', 'model.vocab', 'has no pieces');
  if (raw.length > LIMITS.maxEntries) fail('too-many-entries', 'model.vocab', `${raw.length} pieces; expected at most ${LIMITS.maxEntries}`);
  const entries: [string, number][] = [];
  const vocab = new Map<string, number>();
  raw.forEach((entry: unknown, id) => {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || typeof entry[1] !== 'number') {
      fail('bad-syntax', `model.vocab[${id}]`, 'expected [piece, score]');
    }
    const [piece, score] = entry as [string, number];
    if (piece.length === 0 || piece.length > MAX_PIECE_UNITS) fail('bad-token', `model.vocab[${id}]`, `a piece must have 1 to ${MAX_PIECE_UNITS} characters, got ${piece.length}`);
    if (!Number.isFinite(score)) fail('out-of-range', `model.vocab[${id}]`, `the score must be a finite number, got ${String(score)}`);
    entries.push([piece, score]);
    vocab.set(piece, id);
  });
  const unk = m['unk_id'];
  const unkId = unk === null || unk === undefined ? undefined : integer(unk, 'model.unk_id', 0, raw.length - 1, { id: true });
  const byteFallback = flag(m['byte_fallback'], false, 'model.byte_fallback');
  return { model: new UnigramModel(entries, { unkId, byteFallback }), vocab };
}
