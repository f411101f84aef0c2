/** tokenizer.json's added_tokens, validated against each other and the model's vocabulary. */
import { LIMITS } from '../limits.ts';
import { fail, flag, integer, object, string } from './fields.ts';
import type { AddedTokenJson, TokenizerJson } from './types.ts';

/** Added token text -> id: all of them, and those marked special (left out by decode). */
export interface AddedTokens {
  all: Record<string, number>;
  special: Record<string, number>;
}

export function readAddedTokens(json: TokenizerJson, vocab: ReadonlyMap<string, number>): AddedTokens {
  // No prototype: token texts such as "__proto__" or "constructor" are ordinary keys.
  const all: Record<string, number> = Object.create(null);
  const special: Record<string, number> = Object.create(null);
  const seen = new Map<number, string>();
  let vocabIds: Set<number> | undefined;
  // absent or null: no added tokens (parseTokenizerJson checked that anything else is an array)
  ((json.added_tokens ?? []) as unknown[]).forEach((raw, i) => {
    const field = `added_tokens[${i}]`;
    const t = object(raw, field) as unknown as AddedTokenJson;
    const content = string(t.content, `${field}.content`);
    if (content.length === 0 || content.length > LIMITS.maxTokenBytes) fail('bad-token', `${field}.content`, 'is empty or too long');
    integer(t.id, `${field}.id`, 0, LIMITS.maxId, { id: true });
    for (const key of ['special', 'single_word', 'lstrip', 'rstrip', 'normalized'] as const) flag(t[key], false, `${field}.${key}`);
    if (all[content] !== undefined && all[content] !== t.id) fail('duplicate-token', `${field}.content`, `${JSON.stringify(content.slice(0, 40))} is given ids ${all[content]} and ${t.id}`);
    const other = seen.get(t.id);
    if (other !== undefined && other !== content) fail('duplicate-id', `${field}.id`, `id ${t.id} is given to both ${JSON.stringify(other)} and ${JSON.stringify(content)}`);
    seen.set(t.id, content);
    const inVocab = vocab.get(content);
    if (inVocab !== undefined && inVocab !== t.id) fail('inconsistent', `${field}.id`, `${JSON.stringify(content)} has id ${t.id} here and ${inVocab} in the model's vocabulary`);
    if (inVocab === undefined) {
      vocabIds ??= new Set(vocab.values());
      if (vocabIds.has(t.id)) fail('duplicate-id', `${field}.id`, `id ${t.id} of ${JSON.stringify(content)} belongs to another token of the model's vocabulary`);
    }
    all[content] = t.id;
    if (t.special === true) special[content] = t.id;
  });
  return { all, special };
}
