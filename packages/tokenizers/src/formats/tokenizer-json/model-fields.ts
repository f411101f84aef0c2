/** The model's vocabulary, merges and BPE options in tokenizer.json, validated (untrusted input). */
import { LIMITS } from '../limits.ts';
import { fail, flag, object, type Json } from './fields.ts';

/** Token -> id from a model's vocab object, validated. */
export function readVocab(value: unknown, field: string): Map<string, number> {
  const entries = Object.entries(object(value, field));
  if (entries.length > LIMITS.maxEntries) fail('too-many-entries', field, `${entries.length} tokens; expected at most ${LIMITS.maxEntries}`);
  if (entries.length === 0) fail('bad-syntax', field, 'has no tokens');
  const vocab = new Map<string, number>();
  const byId = new Map<number, string>();
  for (const [token, id] of entries) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > LIMITS.maxId) {
      fail('id-out-of-range', field, `token ${JSON.stringify(token.slice(0, 40))} has id ${String(JSON.stringify(id)).slice(0, 40)}; expected an integer in [0, ${LIMITS.maxId}]`);
    }
    if (token.length === 0 || token.length > LIMITS.maxTokenBytes) fail('bad-token', field, `a token is empty or longer than ${LIMITS.maxTokenBytes} characters`);
    const other = byId.get(id);
    if (other !== undefined) fail('duplicate-id', field, `id ${id} is given to both ${JSON.stringify(other.slice(0, 40))} and ${JSON.stringify(token.slice(0, 40))}`);
    byId.set(id, token);
    vocab.set(token, id);
  }
  return vocab;
}

/** Merges as [left, right] pairs: "left right" strings or two-element arrays. */
export function readMerges(value: unknown, field: string): Array<[string, string]> {
  if (!Array.isArray(value)) fail('bad-syntax', field, 'expected an array');
  if (value.length > LIMITS.maxEntries) fail('too-many-entries', field, `${value.length} merges; expected at most ${LIMITS.maxEntries}`);
  return value.map((m, i): [string, string] => {
    if (typeof m === 'string') {
      const space = m.indexOf(' ');
      if (space <= 0 || space === m.length - 1 || m.indexOf(' ', space + 1) >= 0) fail('bad-merge', `${field}[${i}]`, `${JSON.stringify(m.slice(0, 40))} is not "left right"`);
      return [m.slice(0, space), m.slice(space + 1)];
    }
    if (Array.isArray(m) && m.length === 2 && typeof m[0] === 'string' && typeof m[1] === 'string' && m[0].length > 0 && m[1].length > 0) return [m[0], m[1]];
    return fail('bad-merge', `${field}[${i}]`, 'expected "left right" or ["left", "right"]');
  });
}

/** The BPE model's flags and dropout: supported values only (no byte fallback, no dropout). */
export function checkBpeOptions(m: Json): void {
  if (flag(m['byte_fallback'], false, 'model.byte_fallback')) fail('unsupported-type', 'model.byte_fallback', 'byte fallback is not supported');
  flag(m['ignore_merges'], false, 'model.ignore_merges');
  const dropout = m['dropout'];
  if (dropout !== undefined && dropout !== null) {
    if (typeof dropout !== 'number') fail('bad-syntax', 'model.dropout', `is ${String(JSON.stringify(dropout)).slice(0, 40)}; expected null or a number in [0, 1]`);
    if (!(dropout >= 0 && dropout <= 1)) fail('out-of-range', 'model.dropout', `is ${dropout}; expected null or a number in [0, 1]`);
    if (dropout > 0) fail('unsupported-type', 'model.dropout', 'BPE dropout is not supported');
  }
}
